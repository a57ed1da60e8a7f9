import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ConfigError,
  formatConfigError,
  isPostgresUrl,
  loadConfig,
  regionStore,
  type LoadConfigOptions,
} from './config.js';

let root: string;
let count = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'arca-config-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh working directory, optionally holding an `arca.yaml` with the given text. */
async function workdir(yaml?: string): Promise<string> {
  const dir = join(root, `case-${++count}`);
  await mkdir(dir);
  if (yaml !== undefined) await writeFile(join(dir, 'arca.yaml'), yaml);
  return dir;
}

/** Loads from `cwd` with an empty environment unless one is given. */
function load(cwd: string, options: LoadConfigOptions = {}): ReturnType<typeof loadConfig> {
  return loadConfig({ env: {}, cwd, ...options });
}

/** Asserts that loading fails with a ConfigError for `key` whose message contains every fragment. */
function assertConfigError(run: () => unknown, key: string, ...fragments: string[]): ConfigError {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.equal(caught.key, key);
  assert.ok(caught.message.startsWith(`config key '${key}': `), caught.message);
  for (const fragment of fragments)
    assert.ok(caught.message.includes(fragment), `${JSON.stringify(caught.message)} lacks ${JSON.stringify(fragment)}`);
  return caught;
}

describe('loadConfig defaults', () => {
  it('uses the built-in defaults when there is no file, environment or flag', async () => {
    const cwd = await workdir();
    assert.deepEqual(load(cwd), {
      host: '127.0.0.1',
      port: 8600,
      dataDir: join(cwd, '.arca'),
      database: join(cwd, '.arca', 'arca.db'),
      mode: 'embedded',
      regions: {},
      logLevel: 'info',
      bodyLimit: 1_048_576,
      operationLeaseSeconds: 30,
      pendingVersionTimeoutSeconds: 86_400,
      jobLeaseSeconds: 30,
      jobRetryBaseSeconds: 2,
      jobWorkers: 2,
      gcGraceSeconds: 3_600,
      gcIntervalSeconds: 86_400,
      presignDownloadsSeconds: 0,
      maxUploadSessionsPerPrincipal: 1_000,
      unauthenticatedRateLimit: 300,
      maxEventStreams: 1_000,
      maxEventStreamsPerPrincipal: 10,
      eventStreamHeartbeatSeconds: 15,
      studioSessionIdleSeconds: 1_800,
      studioSessionMaxSeconds: 43_200,
      auditDeniedIntervalSeconds: 60,
      auditCheckpointIntervalSeconds: 3_600,
      auditSigningKeyFile: join(cwd, '.arca', 'audit-signing.key'),
      automationAllowHosts: [],
      automationSecretKeyFile: join(cwd, '.arca', 'automation-secrets.key'),
      automationRetryForSeconds: 86_400,
      automationRetryBaseSeconds: 5,
      automationDisableAfterFailures: 10,
      automationTimeoutSeconds: 15,
      automationWorkers: 8,
      databaseConnectTimeoutSeconds: 5,
      databaseStatementTimeoutSeconds: 30,
    });
  });

  it('reads the automations section of the file, and the same settings from variables as comma-separated lists', async () => {
    const cwd = await workdir(
      'automations:\n  allow_hosts: [deployer.internal, 10.20.0.0/16]\n  retry_for_seconds: 600\n  disable_after_failures: 4\n',
    );
    const config = load(cwd);
    assert.deepEqual(config.automationAllowHosts, ['deployer.internal', '10.20.0.0/16']);
    assert.equal(config.automationRetryForSeconds, 600);
    assert.equal(config.automationDisableAfterFailures, 4);
    const fromEnv = load(cwd, { env: { ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1, ::1' } });
    assert.deepEqual(fromEnv.automationAllowHosts, ['127.0.0.1', '::1']);
  });

  it('refuses an unknown key in the automations section and values out of range, naming them', async () => {
    const loadFile = async (yaml: string) => {
      const cwd = await workdir(yaml);
      return () => load(cwd);
    };
    assertConfigError(
      await loadFile('automations:\n  allow_host: [x]\n'),
      'automations.allow_host',
      'known keys: allow_hosts',
    );
    assertConfigError(await loadFile('automations: yes\n'), 'automations', 'must be a mapping');
    assertConfigError(
      await loadFile('automations:\n  allow_hosts: [1, ""]\n'),
      'automationAllowHosts',
      'list of host names',
    );
    assertConfigError(
      await loadFile('automations:\n  timeout_seconds: 0\n'),
      'automationTimeoutSeconds',
      'between 1 and 120',
    );
  });

  it('puts the SQLite database inside the configured data directory', async () => {
    const cwd = await workdir();
    const config = load(cwd, { env: { ARCA_DATA_DIR: 'var/arca' } });
    assert.equal(config.dataDir, join(cwd, 'var', 'arca'));
    assert.equal(config.database, join(cwd, 'var', 'arca', 'arca.db'));
  });

  it('reads ./arca.yaml from cwd when no path is given', async () => {
    const cwd = await workdir('port: 9001\n');
    assert.equal(load(cwd).port, 9001);
  });

  it('returns an object frozen all the way down to the region stores', async () => {
    const cwd = await workdir('regions:\n  eastus: {driver: fs, path: /srv/eastus}\n');
    const config = load(cwd);
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.regions));
    assert.ok(Object.isFrozen(config.regions['eastus']));
  });
});

describe('loadConfig precedence', () => {
  const yaml =
    'host: 0.0.0.0\nport: 9000\nlogLevel: debug\nmode: scale-out\nbodyLimit: 2048\noperationLeaseSeconds: 5\n';

  it('lets the config file override the defaults', async () => {
    const config = load(await workdir(yaml));
    assert.deepEqual(
      [config.host, config.port, config.logLevel, config.mode, config.bodyLimit, config.operationLeaseSeconds],
      ['0.0.0.0', 9000, 'debug', 'scale-out', 2048, 5],
    );
  });

  it('lets ARCA_* variables override the config file', async () => {
    const env = {
      ARCA_HOST: '10.0.0.1',
      ARCA_PORT: '9100',
      ARCA_LOG_LEVEL: 'warn',
      ARCA_MODE: 'embedded',
      ARCA_BODY_LIMIT: '4096',
      ARCA_OPERATION_LEASE_SECONDS: '0.5',
    };
    const config = load(await workdir(yaml), { env });
    assert.deepEqual(
      [config.host, config.port, config.logLevel, config.mode, config.bodyLimit, config.operationLeaseSeconds],
      ['10.0.0.1', 9100, 'warn', 'embedded', 4096, 0.5],
    );
  });

  it('lets flags override ARCA_* variables', async () => {
    const cwd = await workdir(yaml);
    const env = {
      ARCA_HOST: '10.0.0.1',
      ARCA_PORT: '9100',
      ARCA_DATA_DIR: '/env/data',
      ARCA_DATABASE_URL: 'postgres://env/arca',
    };
    const config = load(cwd, {
      env,
      flags: { host: '::1', port: '0', dataDir: 'flag-data', database: 'postgresql://flag/arca' },
    });
    assert.deepEqual(
      [config.host, config.port, config.dataDir, config.database],
      ['::1', 0, join(cwd, 'flag-data'), 'postgresql://flag/arca'],
    );
  });

  it('accepts numeric flags as numbers and ignores flags left undefined', async () => {
    const config = load(await workdir(yaml), { flags: { port: 7000, host: undefined } });
    assert.equal(config.port, 7000);
    assert.equal(config.host, '0.0.0.0');
  });

  it('treats an empty ARCA_* variable as unset', async () => {
    const config = load(await workdir(yaml), { env: { ARCA_PORT: '', ARCA_PUBLIC_URL: '' } });
    assert.equal(config.port, 9000);
    assert.equal(config.publicUrl, undefined);
  });

  it('reads an explicit config path relative to cwd', async () => {
    const cwd = await workdir();
    await writeFile(join(cwd, 'other.yaml'), 'port: 9300\n');
    assert.equal(load(cwd, { configPath: 'other.yaml' }).port, 9300);
  });

  it('sets localRegion and publicUrl, dropping trailing slashes from the URL', async () => {
    const config = load(await workdir(), {
      env: { ARCA_LOCAL_REGION: 'lab-a', ARCA_PUBLIC_URL: 'https://arca.example.com/base/' },
    });
    assert.equal(config.localRegion, 'lab-a');
    assert.equal(config.publicUrl, 'https://arca.example.com/base');
  });
});

describe('loadConfig paths', () => {
  it('resolves a relative database file against cwd and keeps a PostgreSQL URL as given', async () => {
    const cwd = await workdir();
    assert.equal(load(cwd, { flags: { database: 'db/meta.db' } }).database, join(cwd, 'db', 'meta.db'));
    assert.equal(
      load(cwd, { env: { ARCA_DATABASE_URL: 'postgres://u:p@db:5432/arca' } }).database,
      'postgres://u:p@db:5432/arca',
    );
  });

  it('resolves a relative region path against the final dataDir and keeps an absolute one', async () => {
    const cwd = await workdir(
      'dataDir: file-data\nregions:\n  eastus: {driver: fs, path: blobs/east}\n  westus: {driver: fs, path: /srv/west, direct_io: false}\n',
    );
    const config = load(cwd, { env: { ARCA_DATA_DIR: '/data' } });
    assert.deepEqual(config.regions, {
      eastus: { driver: 'fs', path: '/data/blobs/east' },
      westus: { driver: 'fs', path: '/srv/west', directIo: false },
    });
  });

  it('reads S3 and Azure regions (names and locations only; credentials come from the environment)', async () => {
    const cwd = await workdir(
      [
        'regions:',
        '  s3west: {driver: s3, bucket: arca-west, prefix: blobs/, aws_region: us-west-2, endpoint: "http://minio:9000", path_style: true, storage_class: STANDARD_IA, aws_profile: west-account}',
        '  azeu: {driver: azure, container: arca-eu, account_url: "https://acct.blob.core.windows.net", connection_string_env: ARCA_EU_STORAGE, access_tier: Cool, hns: false}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(load(cwd).regions, {
      s3west: {
        driver: 's3',
        bucket: 'arca-west',
        prefix: 'blobs/',
        awsRegion: 'us-west-2',
        endpoint: 'http://minio:9000',
        pathStyle: true,
        storageClass: 'STANDARD_IA',
        awsProfile: 'west-account',
      },
      azeu: {
        driver: 'azure',
        container: 'arca-eu',
        accountUrl: 'https://acct.blob.core.windows.net',
        connectionStringEnv: 'ARCA_EU_STORAGE',
        accessTier: 'Cool',
        hns: false,
      },
    });
  });

  it('accepts an empty regions mapping', async () => {
    assert.deepEqual(load(await workdir('regions:\n')).regions, {});
  });
});

describe('isPostgresUrl', () => {
  it('recognises postgres:// and postgresql:// URLs and nothing else', () => {
    assert.deepEqual(
      ['postgres://h/db', 'postgresql://h/db', 'POSTGRES://h/db', '/var/arca.db', 'postgres.db'].map(isPostgresUrl),
      [true, true, true, false, false],
    );
  });
});

describe('regionStore', () => {
  const yaml = 'regions:\n  eastus: {driver: fs, path: /srv/eastus}\n';

  it('returns the configured store of a region in either mode', async () => {
    const cwd = await workdir(yaml);
    for (const mode of ['embedded', 'scale-out']) {
      assert.deepEqual(regionStore(load(cwd, { env: { ARCA_MODE: mode } }), 'eastus'), {
        driver: 'fs',
        path: '/srv/eastus',
      });
    }
  });

  it('gives an unconfigured region a directory under dataDir in embedded mode', async () => {
    const config = load(await workdir(yaml), { flags: { dataDir: '/data' } });
    assert.deepEqual(regionStore(config, 'westus'), { driver: 'fs', path: '/data/regions/westus' });
  });

  it('knows no unconfigured region in scale-out mode', async () => {
    assert.equal(regionStore(load(await workdir(yaml), { env: { ARCA_MODE: 'scale-out' } }), 'westus'), undefined);
  });

  it('refuses a string that is not a region name instead of building a path from it', async () => {
    assert.equal(regionStore(load(await workdir()), '../escape'), undefined);
  });
});

describe('loadConfig invalid values', () => {
  it('rejects a non-numeric port from the environment, naming ARCA_PORT', () => {
    const e = assertConfigError(() => load(root, { env: { ARCA_PORT: 'abc' } }), 'port');
    assert.equal(e.message, `config key 'port': must be an integer between 0 and 65535 (got "abc" from ARCA_PORT)`);
  });

  it('parses environment numbers strictly', () => {
    assertConfigError(() => load(root, { env: { ARCA_PORT: '12abc' } }), 'port', '"12abc"', 'ARCA_PORT');
    assertConfigError(
      () => load(root, { env: { ARCA_BODY_LIMIT: '1e3' } }),
      'bodyLimit',
      'positive integer',
      'ARCA_BODY_LIMIT',
    );
    assertConfigError(
      () => load(root, { env: { ARCA_OPERATION_LEASE_SECONDS: '0' } }),
      'operationLeaseSeconds',
      'positive number',
      'ARCA_OPERATION_LEASE_SECONDS',
    );
  });

  it('rejects an out-of-range port in the file, naming the file, line and column', async () => {
    const cwd = await workdir('host: 0.0.0.0\nport: 70000\n');
    assertConfigError(() => load(cwd), 'port', 'got 70000', `from ${join(cwd, 'arca.yaml')}:2:7`);
  });

  it('rejects a quoted number in the file as the wrong type', async () => {
    const cwd = await workdir('bodyLimit: "1024"\n');
    assertConfigError(() => load(cwd), 'bodyLimit', 'got "1024"', join(cwd, 'arca.yaml'));
  });

  it('rejects a bad port from a flag, naming the flag', () => {
    assertConfigError(() => load(root, { flags: { port: -1 } }), 'port', 'got -1 from flag --port');
  });

  it('rejects an unknown top-level key in the file', async () => {
    const cwd = await workdir('port: 8600\nlisten: 0.0.0.0\n');
    assertConfigError(() => load(cwd), 'listen', 'unknown key', `${join(cwd, 'arca.yaml')}:2:1`);
  });

  it('rejects an unknown key inside a region, naming its dotted path', async () => {
    const cwd = await workdir('regions:\n  eastus:\n    driver: fs\n    drvier: fs\n');
    assertConfigError(() => load(cwd), 'regions.eastus.drvier', 'unknown key', `${join(cwd, 'arca.yaml')}:4:5`);
  });

  it('rejects a region key that is not a region name', async () => {
    const cwd = await workdir('regions:\n  EastUS: {driver: fs, path: /x}\n');
    assertConfigError(() => load(cwd), 'regions.EastUS', 'not a region name', join(cwd, 'arca.yaml'));
  });

  it('rejects a region without a known driver or without its required path', async () => {
    const cases: Array<[string, string, string]> = [
      ['{driver: nfs}', 'regions.eastus.driver', 'must be one of fs, s3, azure (got "nfs"'],
      ['{path: /x}', 'regions.eastus.driver', 'is required'],
      ['{driver: fs}', 'regions.eastus.path', 'is required'],
      ['{driver: fs, path: 3}', 'regions.eastus.path', 'must be a non-empty string (got 3'],
      ['{driver: fs, path: /x, direct_io: maybe}', 'regions.eastus.direct_io', 'must be true or false'],
      ['{driver: s3}', 'regions.eastus.bucket', 'is required for driver s3'],
      ['{driver: s3, bucket: b, endpoint: "ftp://x"}', 'regions.eastus.endpoint', 'must be'],
      ['{driver: s3, bucket: b, path_style: "yes"}', 'regions.eastus.path_style', 'must be true or false'],
      [
        '{driver: s3, bucket: b, secret_access_key: x}',
        'regions.eastus.secret_access_key',
        'unknown key for driver s3',
      ],
      ['{driver: azure}', 'regions.eastus.container', 'is required for driver azure'],
      ['{driver: azure, container: c, account_key: k}', 'regions.eastus.account_key', 'unknown key for driver azure'],
    ];
    for (const [entry, key, fragment] of cases) {
      const cwd = await workdir(`regions:\n  eastus: ${entry}\n`);
      assertConfigError(() => load(cwd), key, fragment, join(cwd, 'arca.yaml'));
    }
  });

  it('refuses an upload-session limit above 1000 or a negative unauthenticated rate limit, naming the variable', () => {
    assertConfigError(
      () => load(root, { env: { ARCA_MAX_UPLOAD_SESSIONS_PER_PRINCIPAL: '5000' } }),
      'maxUploadSessionsPerPrincipal',
      'between 1 and 1000',
      'ARCA_MAX_UPLOAD_SESSIONS_PER_PRINCIPAL',
    );
    assertConfigError(
      () => load(root, { env: { ARCA_UNAUTHENTICATED_RATE_LIMIT: '-1' } }),
      'unauthenticatedRateLimit',
      '0: no limit',
      'ARCA_UNAUTHENTICATED_RATE_LIMIT',
    );
    assert.equal(load(root, { env: { ARCA_UNAUTHENTICATED_RATE_LIMIT: '0' } }).unauthenticatedRateLimit, 0);
  });

  it('takes fractional database timeouts and refuses 0 or more than the bound, naming the variable', () => {
    assert.equal(
      load(root, { env: { ARCA_DATABASE_CONNECT_TIMEOUT_SECONDS: '0.5' } }).databaseConnectTimeoutSeconds,
      0.5,
    );
    assertConfigError(
      () => load(root, { env: { ARCA_DATABASE_CONNECT_TIMEOUT_SECONDS: '0' } }),
      'databaseConnectTimeoutSeconds',
      'from 0.1 to 600',
      'ARCA_DATABASE_CONNECT_TIMEOUT_SECONDS',
    );
    assertConfigError(
      () => load(root, { env: { ARCA_DATABASE_STATEMENT_TIMEOUT_SECONDS: '7200' } }),
      'databaseStatementTimeoutSeconds',
      'from 0.1 to 3600',
      'ARCA_DATABASE_STATEMENT_TIMEOUT_SECONDS',
    );
  });

  it('rejects an unknown log level', () => {
    assertConfigError(
      () => load(root, { env: { ARCA_LOG_LEVEL: 'verbose' } }),
      'logLevel',
      'must be one of fatal, error, warn, info, debug, trace, silent',
      '"verbose" from ARCA_LOG_LEVEL',
    );
  });

  it('rejects an unknown mode', async () => {
    const cwd = await workdir('mode: cluster\n');
    assertConfigError(
      () => load(cwd),
      'mode',
      'must be one of embedded, scale-out',
      '"cluster"',
      join(cwd, 'arca.yaml'),
    );
  });

  it('reports a YAML syntax error under (file) with the path, line and column', async () => {
    const cwd = await workdir('port: 8600\nhost: a: b\n');
    const e = assertConfigError(() => load(cwd), '(file)');
    assert.equal(
      e.message,
      `config key '(file)': YAML syntax error in ${join(cwd, 'arca.yaml')} at line 2, column 7: Nested mappings are not allowed in compact mappings`,
    );
  });

  it('rejects a file that is not a mapping', async () => {
    const cwd = await workdir('- port\n');
    assertConfigError(() => load(cwd), '(file)', join(cwd, 'arca.yaml'), 'must hold a mapping');
  });

  it('fails when an explicitly given config file does not exist', async () => {
    const cwd = await workdir();
    assertConfigError(
      () => load(cwd, { configPath: 'missing.yaml' }),
      '(file)',
      join(cwd, 'missing.yaml'),
      'does not exist',
    );
  });

  it('rejects a publicUrl that is not an http(s) URL', () => {
    assertConfigError(
      () => load(root, { env: { ARCA_PUBLIC_URL: 'arca.example.com' } }),
      'publicUrl',
      'http://',
      'ARCA_PUBLIC_URL',
    );
    assertConfigError(
      () => load(root, { env: { ARCA_PUBLIC_URL: 'ftp://arca.example.com' } }),
      'publicUrl',
      '"ftp://arca.example.com"',
    );
  });

  it('rejects a database URL of a scheme other than postgres', () => {
    assertConfigError(
      () => load(root, { env: { ARCA_DATABASE_URL: 'mysql://db/arca' } }),
      'database',
      'postgres://',
      'ARCA_DATABASE_URL',
    );
  });

  it('rejects a localRegion that is not a region name', () => {
    assertConfigError(
      () => load(root, { env: { ARCA_LOCAL_REGION: 'East_US' } }),
      'localRegion',
      'region name',
      'ARCA_LOCAL_REGION',
    );
  });

  it('rejects a localRegion that scale-out mode has no store for', async () => {
    const cwd = await workdir('mode: scale-out\nregions:\n  eastus: {driver: fs, path: /x}\n');
    assertConfigError(
      () => load(cwd, { env: { ARCA_LOCAL_REGION: 'westus' } }),
      'localRegion',
      '"westus" (from ARCA_LOCAL_REGION)',
      'configured: eastus',
    );
  });

  it('rejects a bad value even when a later source overrides it', async () => {
    const cwd = await workdir('port: high\n');
    assertConfigError(() => load(cwd, { env: { ARCA_PORT: '9000' } }), 'port', '"high"');
  });

  it('rejects a flag that names no config key', () => {
    assertConfigError(() => load(root, { flags: { prot: '9000' } }), 'prot', 'unknown flag --prot');
  });
});

describe('formatConfigError', () => {
  it('renders the line serve prints before exiting', () => {
    assert.equal(
      formatConfigError(new ConfigError('port', 'must be an integer between 0 and 65535 (got "abc" from ARCA_PORT)')),
      `error ConfigInvalid: config key 'port': must be an integer between 0 and 65535 (got "abc" from ARCA_PORT)`,
    );
  });
});
