import { resolve } from 'node:path';
import { compact } from '../core/compact.js';
import { regionNamePattern } from '../core/names.js';
import { ConfigError, invalidValue, type ValueSource } from './config-error.js';
import { parseHttpUrl, parseText } from './config-values.js';

/** A region whose blobs live in a directory. */
export interface FsRegionStore {
  driver: 'fs';
  path: string;
  /**
   * Replica copies write whole blocks with direct I/O (default true). `false` sends them through the page
   * cache: for file systems whose O_DIRECT is slow or unreliable (some network file systems).
   */
  directIo?: boolean;
}

/**
 * A region in an S3 bucket (AWS, MinIO, Ceph RGW). Credentials never come from the file: the AWS SDK's
 * default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, shared files, instance or task roles).
 */
export interface S3RegionStore {
  driver: 's3';
  bucket: string;
  prefix?: string;
  /** The bucket's AWS region (`us-east-1` when not given). */
  awsRegion?: string;
  /** An S3-compatible endpoint (`http://minio:9000`). */
  endpoint?: string;
  /** Path-style addressing (MinIO, Ceph, s3rver). */
  pathStyle?: boolean;
  /** Storage class of committed blobs (`STANDARD`, `STANDARD_IA`, …). */
  storageClass?: string;
  /**
   * A profile of the AWS shared config and credentials files: this region's identity, so regions in
   * different accounts need not share the process's (the keys stay in those files, never in arca.yaml).
   */
  awsProfile?: string;
}

/**
 * A region in an Azure Blob container. The key never comes from the file: a connection string from
 * the environment variable named by `connectionStringEnv` (default AZURE_STORAGE_CONNECTION_STRING),
 * or AZURE_STORAGE_ACCOUNT / AZURE_STORAGE_KEY.
 */
export interface AzureRegionStore {
  driver: 'azure';
  container: string;
  prefix?: string;
  /** `https://<account>.blob.core.windows.net` (or an emulator's URL). */
  accountUrl?: string;
  connectionStringEnv?: string;
  accessTier?: string;
  /** Hierarchical namespace: recorded, no behaviour. */
  hns?: boolean;
}

/** The blob store configuration of one region; one member per driver. */
export type RegionStoreConfig = FsRegionStore | S3RegionStore | AzureRegionStore;

/** Finds where a value (or, with `'key'`, its key) sits in the config file. */
export type LocateInFile = (path: readonly string[], what?: 'value' | 'key') => ValueSource;

interface RegionDriver<T extends RegionStoreConfig> {
  /** Keys an entry of this driver may carry besides `driver`. */
  readonly keys: readonly string[];
  /** Builds the store from a YAML entry whose keys are already known to be allowed. */
  parse(
    entry: Record<string, unknown>,
    keyOf: (field: string) => string,
    locate: LocateInFile,
    at: readonly string[],
  ): T;
  /** Makes relative locations absolute once the data directory is known. */
  resolvePaths(store: T, dataDir: string): T;
}

// A new driver is one more entry here (and one more member of RegionStoreConfig).
const regionDrivers: { [D in RegionStoreConfig['driver']]: RegionDriver<Extract<RegionStoreConfig, { driver: D }>> } = {
  fs: {
    keys: ['path', 'direct_io'],
    parse(entry, keyOf, locate, at) {
      if (!('path' in entry)) throw new ConfigError(keyOf('path'), `is required for driver fs (in ${locate(at).from})`);
      const directIo =
        'direct_io' in entry
          ? parseBoolean(keyOf('direct_io'), entry['direct_io'], locate([...at, 'direct_io']))
          : undefined;
      return {
        driver: 'fs',
        path: parseText(keyOf('path'), entry['path'], locate([...at, 'path'])),
        ...compact({ directIo }),
      };
    },
    resolvePaths: (store, dataDir) => ({ ...store, path: resolve(dataDir, store.path) }),
  },
  s3: {
    keys: ['bucket', 'prefix', 'aws_region', 'endpoint', 'path_style', 'storage_class', 'aws_profile'],
    parse(entry, keyOf, locate, at) {
      const text = (field: string) =>
        field in entry ? parseText(keyOf(field), entry[field], locate([...at, field])) : undefined;
      const bucket = text('bucket');
      if (bucket === undefined)
        throw new ConfigError(keyOf('bucket'), `is required for driver s3 (in ${locate(at).from})`);
      const endpoint =
        'endpoint' in entry
          ? parseHttpUrl(keyOf('endpoint'), entry['endpoint'], locate([...at, 'endpoint']))
          : undefined;
      const pathStyle =
        'path_style' in entry
          ? parseBoolean(keyOf('path_style'), entry['path_style'], locate([...at, 'path_style']))
          : undefined;
      return {
        driver: 's3',
        bucket,
        ...compact({
          prefix: text('prefix'),
          awsRegion: text('aws_region'),
          endpoint,
          pathStyle,
          storageClass: text('storage_class'),
          awsProfile: text('aws_profile'),
        }),
      };
    },
    resolvePaths: (store) => store,
  },
  azure: {
    keys: ['container', 'prefix', 'account_url', 'connection_string_env', 'access_tier', 'hns'],
    parse(entry, keyOf, locate, at) {
      const text = (field: string) =>
        field in entry ? parseText(keyOf(field), entry[field], locate([...at, field])) : undefined;
      const container = text('container');
      if (container === undefined)
        throw new ConfigError(keyOf('container'), `is required for driver azure (in ${locate(at).from})`);
      const accountUrl =
        'account_url' in entry
          ? parseHttpUrl(keyOf('account_url'), entry['account_url'], locate([...at, 'account_url']))
          : undefined;
      const hns = 'hns' in entry ? parseBoolean(keyOf('hns'), entry['hns'], locate([...at, 'hns'])) : undefined;
      return {
        driver: 'azure',
        container,
        ...compact({
          prefix: text('prefix'),
          accountUrl,
          connectionStringEnv: text('connection_string_env'),
          accessTier: text('access_tier'),
          hns,
        }),
      };
    },
    resolvePaths: (store) => store,
  },
};

function parseBoolean(key: string, value: unknown, source: ValueSource): boolean {
  if (typeof value === 'boolean') return value;
  throw invalidValue(key, 'must be true or false', value, source);
}

function isDriver(name: unknown): name is RegionStoreConfig['driver'] {
  return typeof name === 'string' && Object.hasOwn(regionDrivers, name);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRegionEntry(region: string, entry: unknown, locate: LocateInFile): RegionStoreConfig {
  const at = ['regions', region];
  const keyOf = (field: string): string => `regions.${region}.${field}`;
  if (!isMapping(entry)) throw invalidValue(`regions.${region}`, 'must be a mapping with a driver', entry, locate(at));
  if (!('driver' in entry))
    throw new ConfigError(
      keyOf('driver'),
      `is required (one of ${Object.keys(regionDrivers).join(', ')}) in ${locate(at).from}`,
    );
  const driverName = entry['driver'];
  if (!isDriver(driverName)) {
    throw invalidValue(
      keyOf('driver'),
      `must be one of ${Object.keys(regionDrivers).join(', ')}`,
      driverName,
      locate([...at, 'driver']),
    );
  }
  const driver = regionDrivers[driverName];
  const unknown = Object.keys(entry).find((k) => k !== 'driver' && !driver.keys.includes(k));
  if (unknown !== undefined) {
    throw new ConfigError(
      keyOf(unknown),
      `unknown key for driver ${driverName} in ${locate([...at, unknown], 'key').from} (known keys: driver, ${driver.keys.join(', ')})`,
    );
  }
  return driver.parse(entry, keyOf, locate, at);
}

/** Parses the `regions:` mapping of the config file; an empty `regions:` means none. */
export function parseRegions(value: unknown, locate: LocateInFile): Record<string, RegionStoreConfig> {
  if (value === null) return {};
  if (!isMapping(value))
    throw invalidValue('regions', 'must be a mapping of region name to store', value, locate(['regions']));
  const regions: Record<string, RegionStoreConfig> = {};
  for (const [region, entry] of Object.entries(value)) {
    if (!regionNamePattern.test(region)) {
      throw new ConfigError(
        `regions.${region}`,
        `${JSON.stringify(region)} in ${locate(['regions', region], 'key').from} is not a region name: 2–32 characters of lowercase letters, digits and '-', starting with a letter`,
      );
    }
    regions[region] = parseRegionEntry(region, entry, locate);
  }
  return regions;
}

/** The store with relative locations resolved against the data directory. */
export function resolveRegionStore(store: RegionStoreConfig, dataDir: string): RegionStoreConfig {
  return store.driver === 'fs' ? regionDrivers.fs.resolvePaths(store, dataDir) : store;
}
