import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { maxKeepDays, maxKeepLast, maxRetentionRules } from '../../core/retention.js';
import type { ScopeKind } from '../../core/names.js';
import type { RetentionService } from '../../services/retention/retention.js';
import { accessOf, principalOf } from '../auth.js';
import { errorResponses } from './http-schemas.js';
import { accepted, JobView } from './job-routes.js';
import type { TypedRouter } from '../typed-router.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const RetentionRule = Type.Object(
  {
    asset_type: literals(['models', 'data', 'environments', 'components'] as const),
    name: Type.Optional(
      Type.String({ maxLength: 128, description: 'A glob over asset names (`*`, `?`); `*` when absent.' }),
    ),
    keep_last: Type.Optional(Type.Integer({ description: `Keep the newest N ready versions (1–${maxKeepLast}).` })),
    keep_days: Type.Optional(
      Type.Integer({ description: `Keep versions committed less than D days ago (0–${maxKeepDays}).` }),
    ),
    action: literals(['archive', 'delete'] as const),
  },
  { additionalProperties: false },
);

const UntaggedManifestsRule = Type.Object(
  {
    older_than_days: Type.Integer({
      description: `Untagged manifests pushed more than D days ago go (1–${maxKeepDays}).`,
    }),
    repository: Type.Optional(
      Type.String({
        maxLength: 160,
        description:
          'A glob over the OCI repositories of the scope, as `<type>/<name>` (`environments/*`); `*` when absent.',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'The image rule (as ACR does): manifests no tag or version names, pushed more than older_than_days ago, are deleted as an OCI DELETE by digest would.',
  },
);

export const RetentionPolicySpec = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'Accepted and ignored, as the other spec files carry it.' })),
    interval: Type.Optional(
      Type.String({ maxLength: 16, description: 'How often it runs by itself: `30m`, `24h`, `7d` (5m–366d).' }),
    ),
    rules: Type.Optional(
      Type.Array(RetentionRule, {
        maxItems: maxRetentionRules,
        description:
          'Version rules: the first whose asset_type and name match an asset decides for it. May be absent when untagged_manifests is given.',
      }),
    ),
    untagged_manifests: Type.Optional(UntaggedManifestsRule),
  },
  { additionalProperties: false, $id: 'RetentionPolicySpec' },
);

const RetentionPolicyView = Type.Object(
  {
    interval: Type.Optional(Type.String()),
    rules: Type.Array(RetentionRule),
    untagged_manifests: Type.Optional(UntaggedManifestsRule),
    updated_at: Type.String({ format: 'date-time' }),
    updated_by: Type.String(),
  },
  { $id: 'RetentionPolicy' },
);

export const RetentionReport = Type.Object(
  {
    scope: Type.String(),
    dry_run: Type.Boolean(),
    versions: Type.Array(
      Type.Object({
        asset_type: Type.String(),
        asset: Type.String(),
        version: Type.String(),
        state: Type.String(),
        outcome: literals(['would_archive', 'would_delete', 'archived', 'deleted', 'kept', 'skipped'] as const),
        reasons: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])), {
          description:
            'Why a kept version is kept: `alias`, `pending approval`, `lineage input`, `shared into`, `newest ready`, `pending`, `within keep_last`, `within keep_days`, `already archived`, `no rule matches`.',
        }),
        rule: Type.Optional(Type.Integer({ description: 'The index of the rule that decided.' })),
        skipped_because: Type.Optional(Type.String()),
      }),
    ),
    manifests: Type.Array(
      Type.Object({
        repository: Type.String({ description: 'The OCI repository: `<scope>/<type>/<name>`.' }),
        digest: Type.String(),
        media_type: Type.String(),
        pushed_at: Type.String({ format: 'date-time' }),
        outcome: literals(['would_delete', 'deleted', 'kept', 'skipped'] as const),
        reasons: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])), {
          description:
            'Why a kept manifest is kept: `tagged`, `version`, `within older_than_days`, `index child` (a kept index lists it), `referrer` (of a kept subject).',
        }),
        removed_with: Type.Optional(
          Type.String({ description: 'A referrer that goes because its subject (this digest) goes.' }),
        ),
        skipped_because: Type.Optional(Type.String()),
      }),
      { description: 'The manifests the untagged_manifests rule weighed, in removal order per repository.' },
    ),
    summary: Type.Object({
      considered: Type.Integer(),
      archive: Type.Integer(),
      delete: Type.Integer(),
      kept: Type.Integer(),
      skipped: Type.Integer(),
      manifests: Type.Object({
        considered: Type.Integer(),
        delete: Type.Integer(),
        kept: Type.Integer(),
        skipped: Type.Integer(),
      }),
    }),
  },
  { $id: 'RetentionReport' },
);

const RunRequest = Type.Object(
  {
    dry_run: Type.Optional(
      Type.Boolean({ description: 'Report what would go and why the rest stays; change nothing.' }),
    ),
    background: Type.Optional(
      Type.Boolean({ description: 'Run as a durable job (202 + Location of the job); its report becomes the result.' }),
    ),
  },
  { additionalProperties: false },
);

const ScopeParams = Type.Object({ scope: Type.String({ maxLength: 64 }) });
const tags = ['retention'];
type Family = 'registries' | 'workspaces';
const families = [
  ['registries', 'registry'],
  ['workspaces', 'workspace'],
] as const;

/** A registry's or workspace's retention policy and its runs. */
export function registerRetentionRoutes(app: FastifyInstance, retention: RetentionService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const [family, kind] of families) {
    registerPolicyRoutes(r, retention, family, kind);
    registerRunRoute(r, retention, family, kind);
  }
}

function registerPolicyRoutes(r: TypedRouter, retention: RetentionService, family: Family, kind: ScopeKind): void {
  const path = `/api/v1/${family}/:scope/retention`;
  const scope = { kind, param: 'scope' } as const;
  const Kind = kind === 'registry' ? 'Registry' : 'Workspace';
  r.get(
    path,
    {
      schema: {
        tags,
        operationId: `get${Kind}Retention`,
        summary: `Show the ${kind}'s retention policy`,
        params: ScopeParams,
        response: { 200: RetentionPolicyView, ...errorResponses },
      },
      config: { access: { permission: `${family}/read`, scope } },
    },
    async (request) => retention.getPolicy(kind, request.params.scope),
  );
  r.put(
    path,
    {
      schema: {
        tags,
        operationId: `set${Kind}Retention`,
        summary: `Set (replace) the ${kind}'s retention policy`,
        params: ScopeParams,
        body: RetentionPolicySpec,
        response: { 200: RetentionPolicyView, ...errorResponses },
      },
      config: { access: { permission: `${family}/write`, scope } },
    },
    async (request) => retention.setPolicy(kind, request.params.scope, request.body, principalOf(request)),
  );
  r.delete(
    path,
    {
      schema: {
        tags,
        operationId: `delete${Kind}Retention`,
        summary: `Remove the ${kind}'s retention policy (its scheduled runs stop)`,
        params: ScopeParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { access: { permission: `${family}/write`, scope } },
    },
    async (request, reply) => {
      await retention.deletePolicy(kind, request.params.scope, principalOf(request));
      return reply.status(204).send(null);
    },
  );
}

function registerRunRoute(r: TypedRouter, retention: RetentionService, family: Family, kind: ScopeKind): void {
  const Kind = kind === 'registry' ? 'Registry' : 'Workspace';
  r.post(
    `/api/v1/${family}/:scope/retention/run`,
    {
      schema: {
        tags,
        operationId: `run${Kind}Retention`,
        summary: `Run the ${kind}'s retention policy now, or as a job with background (dry_run reports only; a real run needs ${family}/assets/delete)`,
        params: ScopeParams,
        body: RunRequest,
        response: { 200: RetentionReport, 202: JobView, ...errorResponses },
      },
      config: { access: { permission: `${family}/read`, scope: { kind, param: 'scope' } as const } },
    },
    async (request, reply) => {
      const dryRun = request.body.dry_run ?? false;
      const name = request.params.scope;
      if (!dryRun) accessOf(request).require(`${family}/assets/delete`, { kind, name });
      const actor = principalOf(request);
      if (!dryRun && request.body.background === true)
        return accepted(reply, await retention.submit(kind, name, actor));
      return retention.run(kind, name, { dryRun, actor });
    },
  );
}
