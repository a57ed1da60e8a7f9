import { join, resolve } from 'node:path';
import { compact } from '../core/compact.js';
import { regionNamePattern } from '../core/names.js';
import { ConfigError, invalidValue, type ValueSource } from './config-error.js';
import { readConfigFile, type ConfigFile } from './config-file.js';
import {
  parseChoice,
  parseHttpUrl,
  parseInteger,
  parseNumberIn,
  parsePositiveNumber,
  parseRegionName,
  parseText,
  parseTextList,
} from './config-values.js';
import { parseRegions, resolveRegionStore, type RegionStoreConfig } from './region-store-config.js';

export { ConfigError, formatConfigError } from './config-error.js';
export type { FsRegionStore, RegionStoreConfig } from './region-store-config.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
export const modes = ['embedded', 'scale-out'] as const;
export type Mode = (typeof modes)[number];

/** The settings of one Arca process, validated and frozen by `loadConfig`. */
export interface ArcaConfig {
  /** Interface the HTTP server listens on. */
  readonly host: string;
  /** TCP port; 0 picks any free port. */
  readonly port: number;
  /** Absolute path of the data directory (SQLite file and embedded region directories). */
  readonly dataDir: string;
  /** Absolute path of the SQLite file, or a `postgres://` / `postgresql://` URL. */
  readonly database: string;
  /** `embedded` creates region directories on demand; in `scale-out` only configured regions exist. */
  readonly mode: Mode;
  /** Configured region stores, relative locations already resolved against `dataDir`. */
  readonly regions: Readonly<Record<string, RegionStoreConfig>>;
  /** The region this process sits in, when it is told. */
  readonly localRegion?: string;
  readonly logLevel: LogLevel;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** How long a started operation is owned by one process before another may take it over. */
  readonly operationLeaseSeconds: number;
  /** A version begun but not committed within this long is removed, with its upload sessions. */
  readonly pendingVersionTimeoutSeconds: number;
  /** Base URL clients reach the server at (no trailing slash); used for `discovery_url`. */
  readonly publicUrl?: string;
  /** How long a claimed job is owned by one process before another may take it over. */
  readonly jobLeaseSeconds: number;
  /** The first retry of a failed job waits this long; each further retry twice as long (at most 10 minutes). */
  readonly jobRetryBaseSeconds: number;
  /** Jobs this process runs at once. */
  readonly jobWorkers: number;
  /** Garbage collection never removes a blob younger than this (an upload or commit may be about to use it). */
  readonly gcGraceSeconds: number;
  /** How often a garbage-collection job is scheduled (0: never; run it with `arca gc run`). */
  readonly gcIntervalSeconds: number;
  /** File downloads from a store that can presign (S3, Azure) redirect to a URL valid this long (0: stream them through Arca). */
  readonly presignDownloadsSeconds: number;
  /** Open upload sessions (REST and `/v2/` together) one principal may hold; the next is refused with 429. */
  readonly maxUploadSessionsPerPrincipal: number;
  /** Requests per minute one address may send without a valid token (0: no limit); the rest get 429. */
  readonly unauthenticatedRateLimit: number;
  /** Open event streams (GET /api/v1/events/stream) this server holds for everyone together; the next gets 429. */
  readonly maxEventStreams: number;
  /** Open event streams this server holds for one principal; the next gets 429. */
  readonly maxEventStreamsPerPrincipal: number;
  /** An idle event stream sends a comment this often, so proxies and clients see it is alive. */
  readonly eventStreamHeartbeatSeconds: number;
  /** A studio session unused for this long ends (sign in again). */
  readonly studioSessionIdleSeconds: number;
  /** A studio session ends this long after sign-in, however busy (and never outlives its token). */
  readonly studioSessionMaxSeconds: number;
  /** Refused requests repeated by one source, principal and action within this long are written as one audit event with a count. */
  readonly auditDeniedIntervalSeconds: number;
  /** How often the audit chain's head is signed when it moved (0: only on demand, `arca audit checkpoint`). */
  readonly auditCheckpointIntervalSeconds: number;
  /** Absolute path of the Ed25519 key that signs audit checkpoints (created 0600 on first start); never in the database. */
  readonly auditSigningKeyFile: string;
  /** Absolute path of a JSON-lines file every checkpoint is also appended to (put it outside the data directory). */
  readonly auditCheckpointExportFile?: string;
  /** Hosts, addresses and CIDRs webhooks may reach although the SSRF guard refuses them (loopback, private, …). */
  readonly automationAllowHosts: readonly string[];
  /** Absolute path of the key that seals webhook secrets in the database (created 0600 on first start). */
  readonly automationSecretKeyFile: string;
  /** A webhook delivery is retried for this long after its event, then fails for good. */
  readonly automationRetryForSeconds: number;
  /** The first retry of a webhook delivery waits about this long; each further one twice as long (jittered, at most 1 h). */
  readonly automationRetryBaseSeconds: number;
  /** Deliveries in a row that fail for good before an automation is disabled. */
  readonly automationDisableAfterFailures: number;
  /** The longest one webhook attempt may take, connection and response together. */
  readonly automationTimeoutSeconds: number;
  /** Webhook deliveries this process sends at once (workers of their own, beside `jobWorkers`). */
  readonly automationWorkers: number;
  /** How long a request waits to reach the database (a PostgreSQL connection; SQLite: a lock another connection holds) before 503. */
  readonly databaseConnectTimeoutSeconds: number;
  /** PostgreSQL: the longest one statement may run, and how long a connection that does not answer is waited for, before 503. */
  readonly databaseStatementTimeoutSeconds: number;
}

export interface LoadConfigOptions {
  /** Path of the YAML file; it must exist. Without it `./arca.yaml` is read when present. */
  configPath?: string;
  /** Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Already-parsed CLI flags, keyed by config key (`port`, `dataDir`, …); undefined values are ignored. */
  flags?: Partial<Record<string, string | number>>;
  /** Directory relative paths resolve against; defaults to `process.cwd()`. */
  cwd?: string;
}

type Scalars = Omit<ArcaConfig, 'regions'>;
type ScalarKey = keyof Scalars;
type Setting<K extends ScalarKey> = {
  readonly env: string;
  parse(value: unknown, source: ValueSource): NonNullable<Scalars[K]>;
};

const postgresUrl = /^postgres(?:ql)?:\/\//i;
const anyUrl = /^[a-z][a-z0-9+.-]*:\/\//i;

function parseDatabase(value: unknown, source: ValueSource): string {
  const text = parseText('database', value, source);
  if (postgresUrl.test(text) ? !URL.canParse(text) : anyUrl.test(text)) {
    throw invalidValue('database', 'must be a file path or a postgres:// (postgresql://) URL', value, source);
  }
  return text;
}

const settings: { readonly [K in ScalarKey]-?: Setting<K> } = {
  host: { env: 'ARCA_HOST', parse: (v, s) => parseText('host', v, s) },
  port: {
    env: 'ARCA_PORT',
    parse: (v, s) => parseInteger('port', v, s, { min: 0, max: 65535, rule: 'must be an integer between 0 and 65535' }),
  },
  dataDir: { env: 'ARCA_DATA_DIR', parse: (v, s) => parseText('dataDir', v, s) },
  database: { env: 'ARCA_DATABASE_URL', parse: parseDatabase },
  mode: { env: 'ARCA_MODE', parse: (v, s) => parseChoice('mode', v, s, modes) },
  localRegion: { env: 'ARCA_LOCAL_REGION', parse: (v, s) => parseRegionName('localRegion', v, s) },
  logLevel: { env: 'ARCA_LOG_LEVEL', parse: (v, s) => parseChoice('logLevel', v, s, logLevels) },
  bodyLimit: {
    env: 'ARCA_BODY_LIMIT',
    parse: (v, s) =>
      parseInteger('bodyLimit', v, s, {
        min: 1,
        max: Number.MAX_SAFE_INTEGER,
        rule: 'must be a positive integer (bytes)',
      }),
  },
  pendingVersionTimeoutSeconds: {
    env: 'ARCA_PENDING_VERSION_TIMEOUT_SECONDS',
    parse: (v, s) => parsePositiveNumber('pendingVersionTimeoutSeconds', v, s, 'must be a positive number of seconds'),
  },
  operationLeaseSeconds: {
    env: 'ARCA_OPERATION_LEASE_SECONDS',
    parse: (v, s) => parsePositiveNumber('operationLeaseSeconds', v, s, 'must be a positive number of seconds'),
  },
  publicUrl: { env: 'ARCA_PUBLIC_URL', parse: (v, s) => parseHttpUrl('publicUrl', v, s) },
  jobLeaseSeconds: {
    env: 'ARCA_JOB_LEASE_SECONDS',
    parse: (v, s) => parsePositiveNumber('jobLeaseSeconds', v, s, 'must be a positive number of seconds'),
  },
  jobRetryBaseSeconds: {
    env: 'ARCA_JOB_RETRY_BASE_SECONDS',
    parse: (v, s) => parsePositiveNumber('jobRetryBaseSeconds', v, s, 'must be a positive number of seconds'),
  },
  jobWorkers: {
    env: 'ARCA_JOB_WORKERS',
    parse: (v, s) => parseInteger('jobWorkers', v, s, { min: 1, max: 64, rule: 'must be an integer between 1 and 64' }),
  },
  studioSessionIdleSeconds: {
    env: 'ARCA_STUDIO_SESSION_IDLE_SECONDS',
    parse: (v, s) =>
      parseInteger('studioSessionIdleSeconds', v, s, {
        min: 60,
        max: 86_400,
        rule: 'must be a whole number of seconds (a minute to a day)',
      }),
  },
  studioSessionMaxSeconds: {
    env: 'ARCA_STUDIO_SESSION_MAX_SECONDS',
    parse: (v, s) =>
      parseInteger('studioSessionMaxSeconds', v, s, {
        min: 60,
        max: 2_592_000,
        rule: 'must be a whole number of seconds (a minute to 30 days)',
      }),
  },
  gcGraceSeconds: {
    env: 'ARCA_GC_GRACE_SECONDS',
    parse: (v, s) =>
      parseInteger('gcGraceSeconds', v, s, {
        min: 0,
        max: 31_536_000,
        rule: 'must be a whole number of seconds (0 to a year)',
      }),
  },
  presignDownloadsSeconds: {
    env: 'ARCA_PRESIGN_DOWNLOADS_SECONDS',
    parse: (v, s) =>
      parseInteger('presignDownloadsSeconds', v, s, {
        min: 0,
        max: 604_800,
        rule: 'must be a whole number of seconds up to a week (0: off)',
      }),
  },
  gcIntervalSeconds: {
    env: 'ARCA_GC_INTERVAL_SECONDS',
    parse: (v, s) =>
      parseInteger('gcIntervalSeconds', v, s, {
        min: 0,
        max: 31_536_000,
        rule: 'must be a whole number of seconds (0: never)',
      }),
  },
  maxUploadSessionsPerPrincipal: {
    env: 'ARCA_MAX_UPLOAD_SESSIONS_PER_PRINCIPAL',
    parse: (v, s) =>
      parseInteger('maxUploadSessionsPerPrincipal', v, s, {
        min: 1,
        max: 1_000,
        rule: 'must be an integer between 1 and 1000',
      }),
  },
  maxEventStreams: {
    env: 'ARCA_MAX_EVENT_STREAMS',
    parse: (v, s) =>
      parseInteger('maxEventStreams', v, s, { min: 1, max: 100_000, rule: 'must be an integer between 1 and 100000' }),
  },
  maxEventStreamsPerPrincipal: {
    env: 'ARCA_MAX_EVENT_STREAMS_PER_PRINCIPAL',
    parse: (v, s) =>
      parseInteger('maxEventStreamsPerPrincipal', v, s, {
        min: 1,
        max: 1_000,
        rule: 'must be an integer between 1 and 1000',
      }),
  },
  automationAllowHosts: {
    env: 'ARCA_AUTOMATION_ALLOW_HOSTS',
    parse: (v, s) => parseTextList('automationAllowHosts', v, s),
  },
  automationSecretKeyFile: {
    env: 'ARCA_AUTOMATION_SECRET_KEY_FILE',
    parse: (v, s) => parseText('automationSecretKeyFile', v, s),
  },
  automationRetryForSeconds: {
    env: 'ARCA_AUTOMATION_RETRY_FOR_SECONDS',
    parse: (v, s) =>
      parseInteger('automationRetryForSeconds', v, s, {
        min: 1,
        max: 30 * 86_400,
        rule: 'must be a whole number of seconds between 1 and 2592000 (30 days)',
      }),
  },
  automationRetryBaseSeconds: {
    env: 'ARCA_AUTOMATION_RETRY_BASE_SECONDS',
    parse: (v, s) =>
      parseNumberIn('automationRetryBaseSeconds', v, s, {
        min: 0.01,
        max: 3_600,
        rule: 'must be a number of seconds between 0.01 and 3600',
      }),
  },
  automationDisableAfterFailures: {
    env: 'ARCA_AUTOMATION_DISABLE_AFTER_FAILURES',
    parse: (v, s) =>
      parseInteger('automationDisableAfterFailures', v, s, {
        min: 1,
        max: 10_000,
        rule: 'must be an integer between 1 and 10000',
      }),
  },
  automationWorkers: {
    env: 'ARCA_AUTOMATION_WORKERS',
    parse: (v, s) =>
      parseInteger('automationWorkers', v, s, { min: 1, max: 64, rule: 'must be an integer between 1 and 64' }),
  },
  automationTimeoutSeconds: {
    env: 'ARCA_AUTOMATION_TIMEOUT_SECONDS',
    parse: (v, s) =>
      parseInteger('automationTimeoutSeconds', v, s, {
        min: 1,
        max: 120,
        rule: 'must be a whole number of seconds between 1 and 120',
      }),
  },
  eventStreamHeartbeatSeconds: {
    env: 'ARCA_EVENT_STREAM_HEARTBEAT_SECONDS',
    parse: (v, s) =>
      parseInteger('eventStreamHeartbeatSeconds', v, s, {
        min: 1,
        max: 300,
        rule: 'must be a whole number of seconds between 1 and 300',
      }),
  },
  unauthenticatedRateLimit: {
    env: 'ARCA_UNAUTHENTICATED_RATE_LIMIT',
    parse: (v, s) =>
      parseInteger('unauthenticatedRateLimit', v, s, {
        min: 0,
        max: 1_000_000,
        rule: 'must be a whole number of requests per minute (0: no limit)',
      }),
  },
  auditDeniedIntervalSeconds: {
    env: 'ARCA_AUDIT_DENIED_INTERVAL_SECONDS',
    parse: (v, s) =>
      parseInteger('auditDeniedIntervalSeconds', v, s, {
        min: 1,
        max: 86_400,
        rule: 'must be a whole number of seconds from 1 to 86400 (a day)',
      }),
  },
  auditCheckpointIntervalSeconds: {
    env: 'ARCA_AUDIT_CHECKPOINT_INTERVAL_SECONDS',
    parse: (v, s) =>
      parseInteger('auditCheckpointIntervalSeconds', v, s, {
        min: 0,
        max: 31_536_000,
        rule: 'must be a whole number of seconds (0: only on demand)',
      }),
  },
  auditSigningKeyFile: { env: 'ARCA_AUDIT_SIGNING_KEY_FILE', parse: (v, s) => parseText('auditSigningKeyFile', v, s) },
  auditCheckpointExportFile: {
    env: 'ARCA_AUDIT_CHECKPOINT_EXPORT_FILE',
    parse: (v, s) => parseText('auditCheckpointExportFile', v, s),
  },
  databaseConnectTimeoutSeconds: {
    env: 'ARCA_DATABASE_CONNECT_TIMEOUT_SECONDS',
    parse: (v, s) =>
      parseNumberIn('databaseConnectTimeoutSeconds', v, s, {
        min: 0.1,
        max: 600,
        rule: 'must be a number of seconds from 0.1 to 600',
      }),
  },
  databaseStatementTimeoutSeconds: {
    env: 'ARCA_DATABASE_STATEMENT_TIMEOUT_SECONDS',
    parse: (v, s) =>
      parseNumberIn('databaseStatementTimeoutSeconds', v, s, {
        min: 0.1,
        max: 3_600,
        rule: 'must be a number of seconds from 0.1 to 3600',
      }),
  },
};

const scalarKeys = Object.keys(settings) as ScalarKey[];
const fileKeys = [...scalarKeys, 'regions'];

/** One source's parsed values, each remembering where it came from. */
type Layer = { [K in ScalarKey]?: { value: NonNullable<Scalars[K]>; source: ValueSource } };

function isScalarKey(key: string): key is ScalarKey {
  return Object.hasOwn(settings, key);
}

function setValue(layer: Layer, key: ScalarKey, raw: unknown, source: ValueSource): void {
  // settings[key] parses exactly the type layer[key] holds; TypeScript cannot correlate the two lookups.
  (layer as Record<ScalarKey, { value: unknown; source: ValueSource }>)[key] = {
    value: settings[key].parse(raw, source),
    source,
  };
}

function fileLayer(file: ConfigFile | undefined): Layer {
  const layer: Layer = {};
  if (file === undefined) return layer;
  for (const [key, raw] of Object.entries(file.values)) {
    if (key === 'regions') continue;
    if (key === 'automations') {
      automationsSection(layer, file, raw);
      continue;
    }
    if (!isScalarKey(key))
      throw new ConfigError(
        key,
        `unknown key in ${file.locate([key], 'key').from} (known keys: ${fileKeys.join(', ')})`,
      );
    setValue(layer, key, raw, file.locate([key]));
  }
  return layer;
}

/** The `automations:` section of the file (`allow_hosts`, …): the same settings as the flat `automation*` keys. */
const automationsKeys = {
  allow_hosts: 'automationAllowHosts',
  secret_key_file: 'automationSecretKeyFile',
  retry_for_seconds: 'automationRetryForSeconds',
  retry_base_seconds: 'automationRetryBaseSeconds',
  disable_after_failures: 'automationDisableAfterFailures',
  timeout_seconds: 'automationTimeoutSeconds',
  workers: 'automationWorkers',
} as const satisfies Record<string, ScalarKey>;

function automationsSection(layer: Layer, file: ConfigFile, raw: unknown): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError('automations', `must be a mapping in ${file.locate(['automations']).from}`);
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(automationsKeys, key))
      throw new ConfigError(
        `automations.${key}`,
        `unknown key in ${file.locate(['automations', key], 'key').from} (known keys: ${Object.keys(automationsKeys).join(', ')})`,
      );
    setValue(layer, automationsKeys[key as keyof typeof automationsKeys], value, file.locate(['automations', key]));
  }
}

function envLayer(env: NodeJS.ProcessEnv): Layer {
  const layer: Layer = {};
  for (const key of scalarKeys) {
    const raw = env[settings[key].env];
    // An empty variable counts as unset: compose files and shells often export VAR= to mean "no value".
    if (raw !== undefined && raw !== '') setValue(layer, key, raw, { from: settings[key].env, text: true });
  }
  return layer;
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function flagLayer(flags: Partial<Record<string, string | number>>): Layer {
  const layer: Layer = {};
  for (const [key, raw] of Object.entries(flags)) {
    if (raw === undefined) continue;
    if (!isScalarKey(key))
      throw new ConfigError(key, `unknown flag ${flagName(key)} (flags name config keys: ${scalarKeys.join(', ')})`);
    setValue(layer, key, raw, { from: `flag ${flagName(key)}`, text: typeof raw === 'string' });
  }
  return layer;
}

function checkLocalRegion(config: Omit<ArcaConfig, 'localRegion'>, local: Layer['localRegion']): void {
  if (local === undefined || config.mode !== 'scale-out' || Object.hasOwn(config.regions, local.value)) return;
  const configured = Object.keys(config.regions);
  throw new ConfigError(
    'localRegion',
    `region ${JSON.stringify(local.value)} (from ${local.source.from}) is not configured under 'regions'; in scale-out mode only configured regions exist ` +
      `(configured: ${configured.length === 0 ? 'none' : configured.join(', ')})`,
  );
}

/**
 * Builds the settings: defaults, then the YAML file, then `ARCA_*` variables, then flags, each
 * overriding the one before. Every value given is validated, even one a later source overrides.
 * Throws `ConfigError` naming the key and where the bad value came from.
 */
export function loadConfig(options: LoadConfigOptions = {}): ArcaConfig {
  const cwd = resolve(options.cwd ?? process.cwd());
  const file = readConfigFile(options.configPath, cwd);
  const fileRegions =
    file === undefined || !Object.hasOwn(file.values, 'regions')
      ? {}
      : parseRegions(file.values['regions'], file.locate);
  const merged: Layer = {
    ...fileLayer(file),
    ...envLayer(options.env ?? process.env),
    ...flagLayer(options.flags ?? {}),
  };

  const dataDir = resolve(cwd, merged.dataDir?.value ?? '.arca');
  const database = merged.database?.value;
  const regions: Record<string, RegionStoreConfig> = {};
  for (const [name, store] of Object.entries(fileRegions))
    regions[name] = Object.freeze(resolveRegionStore(store, dataDir));
  const config = {
    host: merged.host?.value ?? '127.0.0.1',
    port: merged.port?.value ?? 8600,
    dataDir,
    database:
      database === undefined ? join(dataDir, 'arca.db') : isPostgresUrl(database) ? database : resolve(cwd, database),
    mode: merged.mode?.value ?? 'embedded',
    regions: Object.freeze(regions),
    logLevel: merged.logLevel?.value ?? 'info',
    bodyLimit: merged.bodyLimit?.value ?? 1_048_576,
    operationLeaseSeconds: merged.operationLeaseSeconds?.value ?? 30,
    pendingVersionTimeoutSeconds: merged.pendingVersionTimeoutSeconds?.value ?? 86_400,
    jobLeaseSeconds: merged.jobLeaseSeconds?.value ?? 30,
    jobRetryBaseSeconds: merged.jobRetryBaseSeconds?.value ?? 2,
    jobWorkers: merged.jobWorkers?.value ?? 2,
    gcGraceSeconds: merged.gcGraceSeconds?.value ?? 3_600,
    studioSessionIdleSeconds: merged.studioSessionIdleSeconds?.value ?? 1_800,
    studioSessionMaxSeconds: merged.studioSessionMaxSeconds?.value ?? 43_200,
    gcIntervalSeconds: merged.gcIntervalSeconds?.value ?? 86_400,
    presignDownloadsSeconds: merged.presignDownloadsSeconds?.value ?? 0,
    maxUploadSessionsPerPrincipal: merged.maxUploadSessionsPerPrincipal?.value ?? 1_000,
    unauthenticatedRateLimit: merged.unauthenticatedRateLimit?.value ?? 300,
    maxEventStreams: merged.maxEventStreams?.value ?? 1_000,
    maxEventStreamsPerPrincipal: merged.maxEventStreamsPerPrincipal?.value ?? 10,
    eventStreamHeartbeatSeconds: merged.eventStreamHeartbeatSeconds?.value ?? 15,
    auditDeniedIntervalSeconds: merged.auditDeniedIntervalSeconds?.value ?? 60,
    auditCheckpointIntervalSeconds: merged.auditCheckpointIntervalSeconds?.value ?? 3_600,
    auditSigningKeyFile: resolve(cwd, merged.auditSigningKeyFile?.value ?? join(dataDir, 'audit-signing.key')),
    automationAllowHosts: Object.freeze([...(merged.automationAllowHosts?.value ?? [])]),
    automationSecretKeyFile: resolve(
      cwd,
      merged.automationSecretKeyFile?.value ?? join(dataDir, 'automation-secrets.key'),
    ),
    automationRetryForSeconds: merged.automationRetryForSeconds?.value ?? 86_400,
    automationRetryBaseSeconds: merged.automationRetryBaseSeconds?.value ?? 5,
    automationDisableAfterFailures: merged.automationDisableAfterFailures?.value ?? 10,
    automationTimeoutSeconds: merged.automationTimeoutSeconds?.value ?? 15,
    automationWorkers: merged.automationWorkers?.value ?? 8,
    databaseConnectTimeoutSeconds: merged.databaseConnectTimeoutSeconds?.value ?? 5,
    databaseStatementTimeoutSeconds: merged.databaseStatementTimeoutSeconds?.value ?? 30,
  };
  checkLocalRegion(config, merged.localRegion);
  return Object.freeze({
    ...config,
    ...compact({ localRegion: merged.localRegion?.value, publicUrl: merged.publicUrl?.value }),
    ...(merged.auditCheckpointExportFile === undefined
      ? {}
      : { auditCheckpointExportFile: resolve(cwd, merged.auditCheckpointExportFile.value) }),
  });
}

/**
 * The blob store of a region: the configured one, or in embedded mode `<dataDir>/regions/<region>`;
 * undefined in scale-out mode for an unknown region, and for a string that is not a region name.
 */
export function regionStore(config: ArcaConfig, region: string): RegionStoreConfig | undefined {
  // The name becomes a directory: refusing non-names keeps '..' and '/' out of the path.
  if (!regionNamePattern.test(region)) return undefined;
  const configured = Object.hasOwn(config.regions, region) ? config.regions[region] : undefined;
  if (configured !== undefined) return configured;
  if (config.mode === 'scale-out') return undefined;
  return Object.freeze({ driver: 'fs', path: join(config.dataDir, 'regions', region) });
}

/**
 * The database as logs name it: `sqlite <file>`, or `postgresql <host>:<port>/<database>`. A URL's user,
 * password and query (which may carry a password too) are left out.
 */
export function databaseLabel(database: string): string {
  if (!isPostgresUrl(database)) return `sqlite ${database}`;
  try {
    const url = new URL(database);
    const name = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    return `postgresql ${url.hostname || 'localhost'}:${url.port || '5432'}/${name || "(the user's default)"}`;
  } catch {
    return 'postgresql (a URL that does not parse)';
  }
}

/** True when the database setting is a PostgreSQL URL rather than a SQLite file path. */
export function isPostgresUrl(database: string): boolean {
  return postgresUrl.test(database);
}
