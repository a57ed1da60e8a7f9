import { randomUUID } from 'node:crypto';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchema,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { requestLogView } from './log-redaction.js';
import type { IdentityService } from '../services/access/identity.js';
import type { AccessService } from '../services/access/access.js';
import type { OperationRunner } from '../services/scopes/operations.js';
import type { RegionOverview } from '../services/scopes/region-overview.js';
import type { ScopeService } from '../services/scopes/scopes.js';
import type { AssetService } from '../services/assets/assets.js';
import type { UploadService } from '../services/uploads/uploads.js';
import type { OciService } from '../services/oci/oci-service.js';
import type { JobRunner } from '../services/jobs/jobs.js';
import type { GarbageCollector } from '../services/jobs/gc.js';
import type { ConsistencyChecker } from '../services/jobs/fsck.js';
import { registerJobRoutes } from './rest/job-routes.js';
import { registerEventRoutes } from './rest/event-routes.js';
import type { EventFeed } from '../services/events/event-feed.js';
import { registerRetentionRoutes } from './rest/retention-routes.js';
import { registerAutomationRoutes } from './rest/automation-routes.js';
import type { AutomationService } from '../services/automations/automations.js';
import type { RetentionService } from '../services/retention/retention.js';
import { registerOciRoutes } from './oci/oci-routes.js';
import { registerMlflowRoutes } from './mlflow/mlflow-router.js';
import { modelRegistryRoutes } from './mlflow/model-registry-routes.js';
import { artifactRoutes } from './mlflow/artifact-routes.js';
import type { MlflowArtifactService } from '../services/mlflow/artifacts.js';
import type { MlflowMultipartUploads } from '../services/mlflow/artifact-multipart.js';
import { artifactSources } from '../services/mlflow/artifact-sources.js';
import { trackingRoutes } from './mlflow/tracking-routes.js';
import type { TrackingService } from '../services/mlflow/tracking.js';
import { registerAssetRoutes } from './rest/asset-routes.js';
import { registerUploadRoutes } from './rest/upload-routes.js';
import { registerFileRoutes } from './rest/file-routes.js';
import { registerIdentityRoutes } from './rest/identity-routes.js';
import { registerAliasRoutes } from './rest/alias-routes.js';
import type { AliasService } from '../services/assets/aliases.js';
import type { AuditService } from '../services/audit/audit.js';
import { installDeniedAudit } from './audit-hook.js';
import { registerAuditRoutes } from './rest/audit-routes.js';
import { registerAuditCheckpointRoutes } from './rest/audit-checkpoint-routes.js';
import type { AuditCheckpointService } from '../services/audit/audit-checkpoints.js';
import type { PrincipalService } from '../services/access/principals.js';
import type { RoleService } from '../services/access/roles.js';
import { installAuth } from './auth.js';
import { registerSessionRoutes } from './rest/session-routes.js';
import { registerStudioRoutes } from './studio-routes.js';
import { acceptRawBodies } from './byte-body.js';
import { installErrorHandling } from './errors.js';
import { lazyValidatorFactory } from './validation.js';
import { lazySerializers } from './lazy-schemas.js';
import { collectOpenApiDocument } from './openapi-document.js';
import { registerHealthRoutes, type ReadinessCheck } from './health-routes.js';
import { registerOperationRoutes } from './rest/operation-routes.js';
import { registerRegionRoutes } from './rest/region-routes.js';
import { registerScopeRoutes } from './rest/scope-routes.js';
import type { CatalogueSearch } from '../services/search/catalogue-search.js';
import { registerSearchRoutes } from './rest/search-routes.js';
import type { ArcaMetrics } from '../services/metrics.js';
import { installMetrics } from './metrics.js';
import { installUnauthenticatedRateLimit } from './rate-limit.js';

export interface AppServices {
  identity: IdentityService;
  access: AccessService;
  scopes: ScopeService;
  regionOverview: RegionOverview;
  search: CatalogueSearch;
  operations: OperationRunner;
  assets: AssetService;
  uploads: UploadService;
  aliases: AliasService;
  principals: PrincipalService;
  roles: RoleService;
  audit: AuditService;
  auditCheckpoints: AuditCheckpointService;
  oci: OciService;
  jobs: JobRunner;
  gc: GarbageCollector;
  fsck: ConsistencyChecker;
  events: EventFeed;
  retention: RetentionService;
  automations: AutomationService;
  mlflowArtifacts: MlflowArtifactService;
  mlflowUploads: MlflowMultipartUploads;
  /** MLflow tracking: experiments, runs and logged models (issue 19). */
  tracking: TrackingService;
}

export interface AppOptions {
  services: AppServices;
  logger: Logger;
  bodyLimit: number;
  publicUrl?: string;
  readiness: ReadinessCheck[];
  isShuttingDown?: () => boolean;
  version: string;
  /** The instance's metrics (database gauges, blob store errors); without it `/metrics` has HTTP and process metrics only. */
  metrics?: ArcaMetrics;
  /** Requests a minute one address may send without a valid token (0 or absent: no limit). */
  unauthenticatedRateLimit?: number;
  /** How often an idle event stream sends a heartbeat comment (default 15 s). */
  eventStreamHeartbeatMs?: number;
  /** The built studio and its sessions' limits (absent: no studio files, default limits). */
  studio?: { dir: string; sessionMaxSeconds: number; sessionIdleSeconds: number };
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: unknown;
  hidden: boolean;
  /** The route's schema, compiled on its first request: tests compile every one up front. */
  schema: FastifySchema | undefined;
}

const registeredRoutes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app registered (HEAD twins excluded): tests walk it to prove each is documented and guarded. */
export function routesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  const all = registeredRoutes.get(app) ?? [];
  return all.filter((r) => r.method !== 'HEAD' || !all.some((g) => g.method === 'GET' && g.url === r.url));
}

/**
 * One access-log line per request, as it ends — method, redacted path, status and time together — instead of
 * Fastify's two (one on arrival without the status, one at the end without the path): half the log lines.
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error)
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the Fastify application: hygiene (ids, limits, errors), auth, the OpenAPI document, routes. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    // Request URLs are logged redacted (no query string, no token-shaped path segment), whoever made the logger.
    loggerInstance: options.logger.child({}, { serializers: { req: requestLogView } }) as FastifyBaseLogger,
    logController: new AccessLog(),
    bodyLimit: options.bodyLimit,
    // Honour a caller's request id (so logs join up across services), otherwise mint one.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
    // Validators and serializers compile on a route's first request; Fastify's own compilers never load.
    schemaController: {
      compilersFactory: { ...lazySerializers().compilersFactory, buildValidator: lazyValidatorFactory() },
    },
  });
  const routes: RegisteredRoute[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push({
        method,
        url: route.url ?? route.path,
        access: route.config?.access,
        hidden: route.schema?.hide === true,
        schema: route.schema,
      });
    }
  });
  // Only JSON bodies: a text/plain body would otherwise reach the routes as a string.
  app.removeContentTypeParser('text/plain');
  // Hooks on every request take a callback, not a promise: one fewer allocation and microtask each.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  // Before any route: the document describes every route registered from here on.
  const openApiDocument = collectOpenApiDocument(app, { version: options.version });
  installErrorHandling(app, options.publicUrl);
  installMetrics(app, options.metrics);
  installUnauthenticatedRateLimit(app, { perMinute: options.unauthenticatedRateLimit ?? 0 });
  installAuth(app, options.services.identity, options.services.access, options.services.oci);
  installDeniedAudit(app, options.services.audit);

  registerRoutes(app, options, openApiDocument);
  await app.ready();
  return app;
}

/** Every route, by concept; the registration order is the order of the paths in the OpenAPI document. */
function registerRoutes(app: FastifyInstance, options: AppOptions, openApiDocument: () => Promise<unknown>): void {
  const { services } = options;
  app.get('/api/v1/openapi.json', { schema: { hide: true }, config: { access: { public: true } } }, openApiDocument);
  registerHealthRoutes(app, options.readiness, options.isShuttingDown ?? (() => false));
  registerScopeRoutes(app, { scopes: services.scopes, publicUrl: options.publicUrl });
  registerRegionRoutes(app.withTypeProvider<TypeBoxTypeProvider>(), services.regionOverview);
  registerOperationRoutes(app, services.operations);
  registerSearchRoutes(app, services.search);
  registerAssetRoutes(app, services.assets);
  registerAliasRoutes(app, services.aliases, services.assets);
  registerByteRoutes(app, services);
  registerAuditRoutes(app, services.audit);
  registerAuditCheckpointRoutes(app, services.auditCheckpoints);
  registerIdentityRoutes(app, services.principals, services.roles);
  registerSessionRoutes(app.withTypeProvider<TypeBoxTypeProvider>(), {
    ...services,
    limits: {
      maxSeconds: options.studio?.sessionMaxSeconds ?? 43_200,
      idleSeconds: options.studio?.sessionIdleSeconds ?? 1_800,
    },
    publicUrl: options.publicUrl,
  });
  registerJobRoutes(app, services);
  registerEventRoutes(app, services.events, options.eventStreamHeartbeatMs ?? 15_000);
  registerRetentionRoutes(app, services.retention);
  registerAutomationRoutes(app, services.automations);
  registerOciRoutes(app, {
    oci: services.oci,
    identity: services.identity,
    publicUrl: options.publicUrl,
  });
  registerMlflowRoutes(
    app,
    [
      modelRegistryRoutes(
        services.assets,
        services.aliases,
        artifactSources(services.mlflowArtifacts, {
          runArtifactUri: (scope, runId) => services.tracking.runArtifactUri(scope, runId),
          loggedModelLocation: async (scope, modelId) =>
            (await services.tracking.loggedModel(scope, modelId)).info.artifact_uri,
        }),
      ),
      artifactRoutes(services.mlflowArtifacts, services.mlflowUploads),
      trackingRoutes(services.tracking),
    ],
    options.publicUrl,
  );
  if (options.studio) registerStudioRoutes(app, options.studio.dir);
}

/**
 * Upload sessions and file downloads carry raw bytes: one plugin scope without body parsers holds both, per
 * scope kind (this order is the order of their paths in the OpenAPI document).
 */
function registerByteRoutes(app: FastifyInstance, services: Pick<AppServices, 'uploads' | 'assets'>): void {
  void app.register(async (scoped) => {
    acceptRawBodies(scoped);
    const r = scoped.withTypeProvider<TypeBoxTypeProvider>();
    for (const kind of ['registry', 'workspace'] as const) {
      registerUploadRoutes(r, services.uploads, kind);
      registerFileRoutes(r, services.assets, kind);
    }
  });
}
