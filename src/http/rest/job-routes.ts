import type { Job } from '../../core/model/jobs.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { compact } from '../../core/compact.js';
import { arcaError } from '../../core/errors.js';
import { regionNamePattern } from '../../core/names.js';
import type { ConsistencyChecker } from '../../services/jobs/fsck.js';
import type { GarbageCollector } from '../../services/jobs/gc.js';
import type { JobRunner } from '../../services/jobs/jobs.js';
import { accessOf, principalOf } from '../auth.js';
import { decodeCreatedCursor, encodeCreatedCursor } from './created-cursor.js';
import { errorResponses } from './http-schemas.js';
import type { TypedRouter } from '../typed-router.js';

const JobState = Type.Union(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => Type.Literal(s)));

export const JobView = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: '`replicate`, `backfill-region`, `gc`, …' }),
    state: JobState,
    payload: Type.Object({}, { additionalProperties: true }),
    attempts: Type.Integer(),
    max_attempts: Type.Integer(),
    next_run_at: Type.String({ format: 'date-time' }),
    lease_owner: Type.Union([Type.String(), Type.Null()]),
    lease_expires_at: Type.Union([Type.String(), Type.Null()]),
    last_error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    result: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: 'What a finished job reported: a `gc` job its GcReport, an `fsck` job its FsckReport.',
        },
      ),
    ),
  },
  { $id: 'Job' },
);
type JobViewBody = Static<typeof JobView>;

const GcRequest = Type.Object(
  {
    dry_run: Type.Optional(
      Type.Boolean({ default: false, description: 'Report what would be removed; remove nothing.' }),
    ),
    region: Type.Optional(Type.String({ maxLength: 32, description: 'One region; all by default.' })),
    background: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Run as a job and answer 202 at once with it (Location: the job; its result is the report when it has finished). For large stores, where the run outlasts an HTTP request.',
      }),
    ),
  },
  { additionalProperties: false, $id: 'GcRequest' },
);

const GcReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    graceSeconds: Type.Integer(),
    regions: Type.Array(
      Type.Object({
        region: Type.String(),
        examined: Type.Integer(),
        reclaimable: Type.Object({ blobs: Type.Integer(), bytes: Type.Integer() }),
        removed: Type.Object({ blobs: Type.Integer(), bytes: Type.Integer() }),
        young: Type.Integer({ description: 'Unreferenced blobs inside the grace period: kept this time.' }),
      }),
    ),
  },
  { $id: 'GcReport' },
);

const FsckRequest = Type.Object(
  {
    region: Type.Optional(Type.String({ maxLength: 32 })),
    verify: Type.Optional(Type.Boolean({ default: false, description: 'Hash every stored blob (reads all bytes).' })),
    repair: Type.Optional(
      Type.Boolean({ default: false, description: 'Re-copy bad blobs from a healthy region; index orphans.' }),
    ),
    background: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Run as a job and answer 202 at once with it (Location: the job; its result is the report when it has finished). For large stores, where the run outlasts an HTTP request.',
      }),
    ),
  },
  { additionalProperties: false, $id: 'FsckRequest' },
);

const FsckReport = Type.Object(
  {
    repair: Type.Boolean(),
    verify: Type.Boolean(),
    regions: Type.Array(
      Type.Object({ region: Type.String(), indexed: Type.Integer(), stored: Type.Integer(), findings: Type.Integer() }),
    ),
    findings: Type.Array(
      Type.Object({
        region: Type.String(),
        digest: Type.String(),
        problem: Type.String(),
        detail: Type.String(),
        repair: Type.Optional(Type.String()),
        repaired: Type.Optional(Type.Boolean()),
      }),
    ),
  },
  { $id: 'FsckReport' },
);

/** 202 with the job that will do the work, and where to follow it. */
export function accepted(reply: FastifyReply, job: Job): FastifyReply {
  return reply.status(202).header('location', `/api/v1/jobs/${job.id}`).send(jobView(job));
}

function jobView(row: Job): JobViewBody {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    payload: row.payload as Record<string, unknown>,
    attempts: Number(row.attempts),
    max_attempts: Number(row.maxAttempts),
    next_run_at: row.nextRunAt,
    lease_owner: row.leaseOwner,
    lease_expires_at: row.leaseExpiresAt,
    last_error: row.lastError,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    finished_at: row.finishedAt,
    ...(row.result === undefined ? {} : { result: row.result as Record<string, unknown> }),
  };
}

function assertRegion(region: string | undefined): void {
  if (region !== undefined && !regionNamePattern.test(region))
    throw arcaError('RegionNameInvalid', 'notRegionName', { region }, { target: 'region' });
}

const tags = ['jobs'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** The durable job queue, garbage collection and the consistency check (organisation-wide, `jobs/*`). */
export function registerJobRoutes(
  app: FastifyInstance,
  services: { jobs: JobRunner; gc: GarbageCollector; fsck: ConsistencyChecker },
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  registerListJobs(r, services.jobs);
  registerShowRetryCancelJob(r, services.jobs);
  registerGcRoute(r, services.gc);
  registerFsckRoute(r, services.fsck);
}

function registerListJobs(r: TypedRouter, jobs: JobRunner): void {
  r.get(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        operationId: 'listJobs',
        summary: 'List jobs, newest first (filter by state and kind)',
        querystring: Type.Object(
          {
            state: Type.Optional(JobState),
            kind: Type.Optional(Type.String({ maxLength: 64 })),
            top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 256 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ value: Type.Array(JobView), next: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
      config: { access: { permission: 'jobs/read' } },
    },
    async (request) => {
      const top = request.query.top ?? 100;
      const before = request.query.cursor === undefined ? undefined : decodeCreatedCursor(request.query.cursor);
      const rows = await jobs.list({
        ...(request.query.state ? { state: request.query.state as Job['state'] } : {}),
        ...(request.query.kind ? { kind: request.query.kind } : {}),
        limit: top + 1,
        ...(before ? { before } : {}),
      });
      const page = rows.slice(0, top);
      const last = page.at(-1);
      return {
        value: page.map(jobView),
        ...(rows.length > top && last ? { next: encodeCreatedCursor(last) } : {}),
      };
    },
  );
}

function registerShowRetryCancelJob(r: TypedRouter, jobs: JobRunner): void {
  r.get(
    '/api/v1/jobs/:id',
    {
      schema: {
        tags,
        operationId: 'getJob',
        summary: 'Show a job (attempts, lease, last error)',
        params: IdParams,
        response: { 200: JobView, ...errorResponses },
      },
      config: { access: { permission: 'jobs/read' } },
    },
    async (request) => jobView(await jobs.get(request.params.id)),
  );

  for (const [action, summary] of [
    ['retry', 'Queue a failed or cancelled job again (attempts start over)'],
    ['cancel', 'Cancel a queued or running job'],
  ] as const) {
    r.post(
      `/api/v1/jobs/:id/${action}`,
      {
        schema: {
          tags,
          operationId: `${action}Job`,
          summary,
          params: IdParams,
          response: { 200: JobView, ...errorResponses },
        },
        config: { access: { permission: 'jobs/write' } },
      },
      async (request) =>
        jobView(
          await (action === 'retry'
            ? jobs.retry(request.params.id, principalOf(request))
            : jobs.cancel(request.params.id, principalOf(request))),
        ),
    );
  }
}

function registerGcRoute(r: TypedRouter, gc: GarbageCollector): void {
  r.post(
    '/api/v1/gc',
    {
      schema: {
        tags,
        operationId: 'runGc',
        summary:
          'Garbage-collect unreferenced blobs now, or as a job with background (dry_run reports reclaimable bytes; needs jobs/write unless dry)',
        body: GcRequest,
        response: { 200: GcReport, 202: JobView, ...errorResponses },
      },
      config: { access: { permission: 'jobs/read' } },
    },
    async (request, reply) => {
      const dryRun = request.body.dry_run ?? false;
      if (!dryRun) accessOf(request).require('jobs/write');
      assertRegion(request.body.region);
      const options = { dryRun, ...compact({ region: request.body.region }) };
      if (request.body.background === true) return accepted(reply, await gc.submit(options, principalOf(request)));
      return gc.run({ ...options, requestedBy: principalOf(request) });
    },
  );
}

function registerFsckRoute(r: TypedRouter, fsck: ConsistencyChecker): void {
  r.post(
    '/api/v1/fsck',
    {
      schema: {
        tags,
        operationId: 'runFsck',
        summary:
          'Compare the blob index with each region store, now or as a job with background (repair needs jobs/write)',
        body: FsckRequest,
        response: { 200: FsckReport, 202: JobView, ...errorResponses },
      },
      config: { access: { permission: 'jobs/read' } },
    },
    async (request, reply) => {
      const repair = request.body.repair ?? false;
      if (repair) accessOf(request).require('jobs/write');
      assertRegion(request.body.region);
      const options = {
        repair,
        verify: request.body.verify ?? false,
        ...compact({ region: request.body.region }),
      };
      if (request.body.background === true) return accepted(reply, await fsck.submit(options, principalOf(request)));
      return fsck.run({ ...options, requestedBy: principalOf(request) });
    },
  );
}
