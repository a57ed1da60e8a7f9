import { resolve } from 'node:path';
import { regionNamePattern } from '../core/names.js';
import { ConfigError, invalidValue, type ValueSource } from './config-error.js';
import { parseText } from './config-values.js';

/** A region whose blobs live in a directory. */
export interface FsRegionStore {
  driver: 'fs';
  path: string;
}

/** The blob store configuration of one region; one member per driver (`s3` and `azure` join later). */
export type RegionStoreConfig = FsRegionStore;

/** Finds where a value (or, with `'key'`, its key) sits in the config file. */
export type LocateInFile = (path: readonly string[], what?: 'value' | 'key') => ValueSource;

interface RegionDriver<T extends RegionStoreConfig> {
  /** Keys an entry of this driver may carry besides `driver`. */
  readonly keys: readonly string[];
  /** Builds the store from a YAML entry whose keys are already known to be allowed. */
  parse(entry: Record<string, unknown>, keyOf: (field: string) => string, locate: LocateInFile, at: readonly string[]): T;
  /** Makes relative locations absolute once the data directory is known. */
  resolvePaths(store: T, dataDir: string): T;
}

// A new driver is one more entry here (and one more member of RegionStoreConfig).
const regionDrivers: { [D in RegionStoreConfig['driver']]: RegionDriver<Extract<RegionStoreConfig, { driver: D }>> } = {
  fs: {
    keys: ['path'],
    parse(entry, keyOf, locate, at) {
      if (!('path' in entry)) throw new ConfigError(keyOf('path'), `is required for driver fs (in ${locate(at).from})`);
      return { driver: 'fs', path: parseText(keyOf('path'), entry['path'], locate([...at, 'path'])) };
    },
    resolvePaths: (store, dataDir) => ({ driver: 'fs', path: resolve(dataDir, store.path) }),
  },
};

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
  if (!('driver' in entry)) throw new ConfigError(keyOf('driver'), `is required (one of ${Object.keys(regionDrivers).join(', ')}) in ${locate(at).from}`);
  const driverName = entry['driver'];
  if (!isDriver(driverName)) {
    throw invalidValue(keyOf('driver'), `must be one of ${Object.keys(regionDrivers).join(', ')}`, driverName, locate([...at, 'driver']));
  }
  const driver = regionDrivers[driverName];
  const unknown = Object.keys(entry).find((k) => k !== 'driver' && !driver.keys.includes(k));
  if (unknown !== undefined) {
    throw new ConfigError(keyOf(unknown), `unknown key for driver ${driverName} in ${locate([...at, unknown], 'key').from} (known keys: driver, ${driver.keys.join(', ')})`);
  }
  return driver.parse(entry, keyOf, locate, at);
}

/** Parses the `regions:` mapping of the config file; an empty `regions:` means none. */
export function parseRegions(value: unknown, locate: LocateInFile): Record<string, RegionStoreConfig> {
  if (value === null) return {};
  if (!isMapping(value)) throw invalidValue('regions', 'must be a mapping of region name to store', value, locate(['regions']));
  const regions: Record<string, RegionStoreConfig> = {};
  for (const [region, entry] of Object.entries(value)) {
    if (!regionNamePattern.test(region)) {
      throw new ConfigError(`regions.${region}`,
        `${JSON.stringify(region)} in ${locate(['regions', region], 'key').from} is not a region name: 2–32 characters of lowercase letters, digits and '-', starting with a letter`);
    }
    regions[region] = parseRegionEntry(region, entry, locate);
  }
  return regions;
}

/** The store with relative locations resolved against the data directory. */
export function resolveRegionStore(store: RegionStoreConfig, dataDir: string): RegionStoreConfig {
  return regionDrivers[store.driver].resolvePaths(store, dataDir);
}
