import { MlflowArtifactService } from './services/mlflow/artifacts.js';
import { MlflowMultipartUploads } from './services/mlflow/artifact-multipart.js';
import { compact } from './core/compact.js';
import { writeFileSync } from 'node:fs';
import { ensurePrivateDirectory, ensurePrivateFile } from './storage/private-files.js';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { ConfigError, databaseLabel, regionStore, type ArcaConfig } from './config/config.js';
import { buildApp, type AppServices } from './http/app.js';
import { TrackingService } from './services/mlflow/tracking.js';
import type { ReadinessCheck } from './http/health-routes.js';
import { systemClock, type Clock } from './services/clock.js';
import { IdentityService, tokenUseFlushMs } from './services/access/identity.js';
import { AccessService } from './services/access/access.js';
import { AuditService } from './services/audit/audit.js';
import { AuditCheckpointService } from './services/audit/audit-checkpoints.js';
import { loadOrCreateSigningKey, type AuditSigningKey } from './services/audit/audit-signing-key.js';
import { AliasService } from './services/assets/aliases.js';
import { PrincipalService } from './services/access/principals.js';
import { RoleService } from './services/access/roles.js';
import { OperationRunner } from './services/scopes/operations.js';
import { RegionStores } from './storage/blob/region-stores.js';
import { CatalogueSearch } from './services/search/catalogue-search.js';
import { RegionOverview } from './services/scopes/region-overview.js';
import { ScopeService } from './services/scopes/scopes.js';
import { AssetService } from './services/assets/assets.js';
import { Housekeeping } from './services/jobs/housekeeping.js';
import { removeExpiredBlobReceipts } from './services/uploads/possession.js';
import { UploadService } from './services/uploads/uploads.js';
import { OciService } from './services/oci/oci-service.js';
import { ArcaMetrics, instrumentBlobStore } from './services/metrics.js';
import { JobRunner } from './services/jobs/jobs.js';
import { ReplicationService, type ReadyHook } from './services/replication/replication.js';
import { EventFeed } from './services/events/event-feed.js';
import { GarbageCollector } from './services/jobs/gc.js';
import { ConsistencyChecker } from './services/jobs/fsck.js';
import { RetentionService } from './services/retention/retention.js';
import { AutomationService } from './services/automations/automations.js';
import { openSecretBox } from './services/automations/secret-box.js';
import { addressPolicy } from './services/automations/ssrf-guard.js';
import type { BlobStore } from './storage/blob/blob-store.js';
import { createRegionStore } from './storage/blob/region-store-factory.js';
import { MetadataStore } from './storage/metadata/metadata-store.js';
import { packageRoot, packageVersion } from './package-info.js';

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` the server listens on. */
  url: string;
  config: ArcaConfig;
  /** Finishes in-flight requests and operations, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: ArcaConfig;
  /** `ARCA_ADMIN_TOKEN`: the admin's token, registered hashed; otherwise one is generated on first start. */
  adminToken?: string;
  logger?: Logger;
  clock?: Clock;
  /** PostgreSQL schema (tests give each run its own). */
  databaseSchema?: string;
  /**
   * Wraps each region's blob store once, when the server first needs it (tests inject faults this way,
   * see src/testing/blob-faults.ts); the store passed in already counts its failures at /metrics.
   */
  wrapRegionStore?: RegionStoreWrapper;
  /** Where the generated admin token is announced (stdout by default). */
  announce?: (line: string) => void;
  /** The built studio served at `/` (default: dist/studio of this package). */
  studioDir?: string;
}

/** What `StartOptions.wrapRegionStore` does to a region's store. */
export type RegionStoreWrapper = (region: string, store: BlobStore) => BlobStore;

/** Builds region blob stores from configuration, one instance per region. */
function regionStoresFrom(
  config: ArcaConfig,
  metrics: ArcaMetrics,
  wrap: RegionStoreWrapper = (_region, store) => store,
): RegionStores {
  const stores = new Map<string, BlobStore>();
  const known = { configured: Object.keys(config.regions).sort(), anyName: config.mode === 'embedded' };
  return new RegionStores((region) => {
    const cached = stores.get(region);
    if (cached) return cached;
    const settings = regionStore(config, region);
    if (settings === undefined) return undefined;
    // Failures of every region's store are counted at /metrics.
    const store = wrap(region, instrumentBlobStore(createRegionStore(settings, process.env), region, metrics));
    stores.set(region, store);
    return store;
  }, known);
}

const emptyDigest = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A configured region answers a lookup within three seconds (wrong credentials or a dead endpoint do not). */
async function regionReachable(regions: RegionStores, region: string): Promise<boolean> {
  const store = regions.resolve(region);
  if (store === undefined) return false;
  let timer: NodeJS.Timeout | undefined;
  // A lookup that has not answered in time is abandoned, not left holding a connection.
  const abandon = new AbortController();
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
      abandon.abort();
    }, 3_000);
  });
  try {
    return await Promise.race([store.stat(emptyDigest, abandon.signal).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long /readyz waits for the database: a load balancer's probe must get an answer, not hang. */
const databaseReadyTimeoutMs = 2_000;

/** The database answers, in time, and can write (an unreachable, full or read-only database is not ready, with the reason). */
async function databaseReady(store: MetadataStore): Promise<boolean | { failing: string }> {
  const state = await store.ready(databaseReadyTimeoutMs);
  return state.writable || { failing: state.reason };
}

/** The composition root, in four steps: storage, services, jobs, HTTP; then it listens. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? pino({ level: config.logLevel, base: { service: 'arca' } });

  const { store, signingKey } = await openStorage(options, log);
  const metrics = new ArcaMetrics({ metadata: store.session, clock });
  const regions = regionStoresFrom(config, metrics, options.wrapRegionStore);

  const services = buildServices({ config, store, regions, clock, log, metrics, signingKey });
  const housekeeping = housekeepingOf({ config, store, clock, log, services });
  await bootstrapAdmin(services.identity, options);

  let shuttingDown = false;
  const app = await buildApp({
    services,
    logger: log,
    bodyLimit: config.bodyLimit,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    readiness: readinessChecks(config, store, regions),
    isShuttingDown: () => shuttingDown,
    version: packageVersion(),
    metrics,
    unauthenticatedRateLimit: config.unauthenticatedRateLimit,
    eventStreamHeartbeatMs: config.eventStreamHeartbeatSeconds * 1000,
    studio: {
      dir: options.studioDir ?? join(packageRoot(), 'dist', 'studio'),
      sessionMaxSeconds: config.studioSessionMaxSeconds,
      sessionIdleSeconds: config.studioSessionIdleSeconds,
    },
  });
  await app.listen({ host: config.host, port: config.port });
  const { operations, jobs, automations } = services;
  operations.startSweeping();
  housekeeping.start();
  jobs.start();
  automations.start();
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${host}:${address.port}`,
    config,
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        await app.close();
        await housekeeping.stop();
        await automations.close();
        await jobs.close();
        await operations.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/**
 * Step 1, storage: the data directory, the audit signing key (kept in a file, never in the database it
 * vouches for) and the metadata database.
 */
async function openStorage(
  options: StartOptions,
  log: Logger,
): Promise<{ store: MetadataStore; signingKey: AuditSigningKey }> {
  const { config } = options;
  ensurePrivateDirectory(config.dataDir);
  const signing = loadOrCreateSigningKey(config.auditSigningKeyFile, (message) =>
    log.warn({ file: config.auditSigningKeyFile }, message),
  );
  if (signing.created)
    log.info({ file: config.auditSigningKeyFile, keyId: signing.key.keyId }, 'created the audit signing key');
  const store = await MetadataStore.open({
    database: config.database,
    ...(options.databaseSchema ? { schema: options.databaseSchema } : {}),
    connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000,
    statementTimeoutMs: config.databaseStatementTimeoutSeconds * 1000,
    onConnectionLost: (error) =>
      log.warn({ err: error }, 'lost a connection to the metadata database; new ones are made as needed'),
  });
  return { store, signingKey: signing.key };
}

/** What the services are built from. */
interface ServiceDependencies {
  config: ArcaConfig;
  store: MetadataStore;
  regions: RegionStores;
  clock: Clock;
  log: Logger;
  metrics: ArcaMetrics;
  signingKey: AuditSigningKey;
}

/** Step 2, services: each one built from the stores, the clock and the services it calls. */
function buildServices(deps: ServiceDependencies): AppServices {
  const { config, store, regions, clock, log } = deps;
  const operations = new OperationRunner(
    store,
    clock,
    log.child({ component: 'operations' }),
    config.operationLeaseSeconds,
  );
  const jobs = new JobRunner(store, clock, log.child({ component: 'jobs' }), {
    leaseSeconds: config.jobLeaseSeconds,
    retryBaseSeconds: config.jobRetryBaseSeconds,
    workers: config.jobWorkers,
  });
  const replication = new ReplicationService({
    store,
    regions,
    jobs,
    clock,
    log: log.child({ component: 'replication' }),
  });
  const gc = new GarbageCollector({
    store,
    regions,
    jobs,
    clock,
    log: log.child({ component: 'gc' }),
    options: { graceSeconds: config.gcGraceSeconds },
  });
  const uploads = new UploadService(store, regions, clock, {
    sessionTtlSeconds: config.pendingVersionTimeoutSeconds,
    maxSessionsPerPrincipal: config.maxUploadSessionsPerPrincipal,
  });
  const scopes = new ScopeService({
    store,
    operations,
    regions,
    clock,
    hooks: {
      regionReady: (db, scopeId, region) => replication.enqueueBackfill(db, scopeId, region),
      regionRemoved: async (db, _scopeId, region) => {
        await gc.enqueue(db, region);
      },
    },
  });
  const assets = assetServices(deps, { replication, uploads });
  return {
    ...accessServices(deps),
    ...auditServices(deps),
    ...assets,
    ...mlflowArtifactServices(deps, assets.assets),
    retention: new RetentionService({
      store,
      assets: assets.assets,
      jobs,
      clock,
      log: log.child({ component: 'retention' }),
    }),
    automations: automationService(deps),
    scopes,
    regionOverview: new RegionOverview({ store, regions, scopes }),
    search: new CatalogueSearch(store),
    tracking: assets.tracking,
    operations,
    uploads,
    jobs,
    gc,
    fsck: new ConsistencyChecker({ store, regions, replication, clock, jobs }),
    events: new EventFeed(store, {
      maxStreams: config.maxEventStreams,
      maxStreamsPerPrincipal: config.maxEventStreamsPerPrincipal,
    }),
  };
}

/** Automations: webhook secrets sealed with a key kept in a file; targets checked by the SSRF guard. */
function automationService({ config, store, clock, log }: ServiceDependencies): AutomationService {
  let policy;
  try {
    policy = addressPolicy(config.automationAllowHosts);
  } catch (error) {
    throw new ConfigError('automationAllowHosts', error instanceof Error ? error.message : String(error));
  }
  // Deliveries have workers of their own: a receiver that hangs holds one of them, never a replication job.
  const deliveries = new JobRunner(store, clock, log.child({ component: 'webhook-deliveries' }), {
    leaseSeconds: config.jobLeaseSeconds,
    retryBaseSeconds: config.jobRetryBaseSeconds,
    workers: config.automationWorkers,
  });
  return new AutomationService({
    store,
    jobs: deliveries,
    clock,
    log: log.child({ component: 'automations' }),
    secrets: openSecretBox(config.automationSecretKeyFile),
    policy,
    options: {
      connectTimeoutMs: Math.min(5_000, config.automationTimeoutSeconds * 1000),
      totalTimeoutMs: config.automationTimeoutSeconds * 1000,
      maxResponseBytes: 4_096,
      retryForSeconds: config.automationRetryForSeconds,
      retryBaseSeconds: config.automationRetryBaseSeconds,
      disableAfterFailures: config.automationDisableAfterFailures,
      pollMs: 250,
    },
  });
}

function accessServices({ config, store, clock }: ServiceDependencies) {
  return {
    identity: new IdentityService(store, clock, tokenUseFlushMs, config.studioSessionIdleSeconds),
    access: new AccessService(store),
    principals: new PrincipalService(store, clock),
    roles: new RoleService(store, clock),
  };
}

function auditServices({ config, store, clock, log, metrics, signingKey }: ServiceDependencies) {
  return {
    audit: new AuditService(store, clock, {
      denied: { intervalSeconds: config.auditDeniedIntervalSeconds },
      onDeniedFlushError: (error) => {
        metrics.recordUnstoredAuditEvent('denied');
        log.error({ err: error }, 'could not record the counted refused requests in the audit log');
      },
    }),
    auditCheckpoints: new AuditCheckpointService(store, signingKey, clock, {
      ...compact({ exportFile: config.auditCheckpointExportFile }),
      onExportFailure: (error, checkpoint) =>
        log.error(
          { err: error, file: config.auditCheckpointExportFile, seq: checkpoint.seq },
          'could not append the audit checkpoint to the export file',
        ),
    }),
  };
}

/** Assets, aliases and OCI: a ready version (REST or OCI) is queued for replication to the other regions. */
function assetServices(
  { config, store, regions, clock }: ServiceDependencies,
  { replication, uploads }: { replication: ReplicationService; uploads: UploadService },
) {
  const onReady: ReadyHook = (db, scopeId, subject) => replication.enqueue(db, scopeId, subject);
  const localRegion = config.localRegion ? { localRegion: config.localRegion } : {};
  const tracking = new TrackingService(store, clock);
  return {
    tracking,
    assets: new AssetService(store, regions, clock, {
      runOf: (scope, runId) => tracking.trainingRun(scope, runId),
      pendingTtlSeconds: config.pendingVersionTimeoutSeconds,
      onReady,
      replication,
      presignSeconds: config.presignDownloadsSeconds,
      ...localRegion,
    }),
    aliases: new AliasService(store, clock),
    oci: new OciService({ store, regions, uploads, clock, onReady, reads: { replication, ...localRegion } }),
  };
}

/** MLflow's artifacts: files of the scopes' regions, and the multipart uploads that make large ones. */
function mlflowArtifactServices({ store, regions, clock }: ServiceDependencies, assets: AssetService) {
  const mlflowArtifacts = new MlflowArtifactService(store, regions, clock, assets);
  return { mlflowArtifacts, mlflowUploads: new MlflowMultipartUploads(store, regions, clock, mlflowArtifacts) };
}

/** Step 3, jobs: the periodic housekeeping of every replica (expiries, checkpoints, scheduled GC). */
function housekeepingOf({
  config,
  store,
  clock,
  log,
  services,
}: {
  config: ArcaConfig;
  store: MetadataStore;
  clock: Clock;
  log: Logger;
  services: AppServices;
}): Housekeeping {
  const { assets, uploads, identity, jobs, auditCheckpoints, gc, retention, automations, mlflowUploads } = services;
  const pendingTtlSeconds = config.pendingVersionTimeoutSeconds;
  return new Housekeeping(
    [
      { name: 'expired pending versions', run: () => assets.removeExpiredPending() },
      { name: 'expired upload sessions', run: () => uploads.removeExpired() },
      { name: 'expired MLflow multipart uploads', run: () => mlflowUploads.removeExpired() },
      {
        name: 'expired upload receipts',
        run: () => removeExpiredBlobReceipts(store.session, clock, pendingTtlSeconds),
      },
      { name: 'expired OCI session tokens', run: () => identity.removeExpiredSessionTokens() },
      { name: 'jobs finished a week ago', run: () => jobs.removeFinished(7) },
      { name: 'webhook deliveries ended 30 days ago', run: () => automations.removeEndedDeliveries(30) },
      // One garbage collection queued ahead at a time (the dedupe key keeps it single across replicas).
      {
        name: 'audit checkpoint',
        run: async () =>
          (await auditCheckpoints.createIfDue(config.auditCheckpointIntervalSeconds)) === undefined ? 0 : 1,
      },
      {
        name: 'schedule garbage collection',
        run: async () =>
          config.gcIntervalSeconds > 0 &&
          (await gc.enqueue(
            store.session,
            undefined,
            new Date(clock.now().getTime() + config.gcIntervalSeconds * 1000),
          ))
            ? 1
            : 0,
      },
      // The next run of each policy with an interval (one queued at a time per scope, across replicas).
      { name: 'schedule retention runs', run: () => retention.scheduleRuns() },
    ],
    log.child({ component: 'housekeeping' }),
    Math.min(60_000, Math.max(200, (pendingTtlSeconds * 1000) / 4)),
  );
}

/** The admin exists from the first start: registered from `ARCA_ADMIN_TOKEN`, or generated and announced once. */
async function bootstrapAdmin(identity: IdentityService, options: StartOptions): Promise<void> {
  const { generatedToken } = await identity.bootstrapAdmin(options.adminToken);
  if (generatedToken === undefined) return;
  const tokenFile = join(options.config.dataDir, 'admin-token');
  ensurePrivateFile(tokenFile);
  writeFileSync(tokenFile, `${generatedToken}\n`, { mode: 0o600 });
  (options.announce ?? ((line) => process.stdout.write(`${line}\n`)))(
    `Created the admin. Its token, shown once, is also in ${tokenFile}:\n  ${generatedToken}`,
  );
}

/** Step 4, HTTP: what `/readyz` checks: the database, and every configured region's store. */
function readinessChecks(config: ArcaConfig, store: MetadataStore, regions: RegionStores): ReadinessCheck[] {
  return [
    { name: 'database', check: () => databaseReady(store) },
    ...Object.keys(config.regions).map((region) => ({
      name: `region ${region}`,
      check: () => regionReachable(regions, region),
    })),
  ];
}

let serveRegionStoreWrapper: RegionStoreWrapper | undefined;

/**
 * Makes every server `serve` starts in this process wrap its region stores with `wrap` (unless its options
 * bring a wrapper of their own). Only a test entry calls it, before running the CLI (src/testing/arca-with-faults.ts).
 */
export function wrapRegionStoresOfServe(wrap: RegionStoreWrapper): void {
  serveRegionStoreWrapper = wrap;
}

/** `arca serve`: start, then shut down gracefully on SIGTERM/SIGINT. */
export async function serve(options: StartOptions): Promise<void> {
  const wrapRegionStore = options.wrapRegionStore ?? serveRegionStoreWrapper;
  const server = await startServer({ ...options, ...compact({ wrapRegionStore }) });
  const database = databaseLabel(server.config.database);
  server.app.log.info(
    { url: server.url, dataDir: server.config.dataDir, mode: server.config.mode, database },
    `arca is serving (database: ${database})`,
  );
  const stop = (signal: string): void => {
    server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
