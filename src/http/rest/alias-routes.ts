import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { assetTypeSegments, servedAssetTypes, type AssetType } from '../../core/asset-types.js';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { Permission } from '../../services/access/access.js';
import type { AliasService } from '../../services/assets/aliases.js';
import type { AssetService } from '../../services/assets/assets.js';
import type { ApprovalRow } from '../../storage/metadata/approvals-repository.js';
import { accessOf } from '../auth.js';
import { AliasMove, AssetView, VersionView } from './asset-schemas.js';
import { canReadFor } from './asset-route-context.js';
import { assetView, versionView } from './asset-views.js';
import { errorResponses } from './http-schemas.js';
import { capitalise } from './operation-ids.js';

const AliasParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  alias: Type.String({ maxLength: 256 }),
});
const ApprovalParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  id: Type.String({ maxLength: 64 }),
});
const Reason = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2048 })) },
  { additionalProperties: false },
);
const ApprovalView = Type.Object(
  {
    id: Type.String(),
    alias: Type.String(),
    version: Type.String(),
    state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
    reason: Type.Union([Type.String(), Type.Null()]),
    requested_by: Type.String(),
    requested_at: Type.String(),
    decided_by: Type.Union([Type.String(), Type.Null()]),
    decided_at: Type.Union([Type.String(), Type.Null()]),
    decision_reason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Approval' },
);

const AliasedVersion = Type.Object(
  {
    ...VersionView.properties,
    alias: Type.String({ description: 'The alias asked for.' }),
    protected: Type.Boolean({
      description: 'Whether moving the alias needs …/assets/approve (or an approved request); `latest` never is.',
    }),
  },
  { $id: 'AliasedVersion' },
);

function approvalView(a: ApprovalRow & { version: string }) {
  return {
    id: a.id,
    alias: a.alias,
    version: a.version,
    state: a.state,
    reason: a.reason,
    requested_by: a.requested_by,
    requested_at: a.requested_at,
    decided_by: a.decided_by,
    decided_at: a.decided_at,
    decision_reason: a.decision_reason,
  };
}

/** Alias reads, moves, protection, approval requests and rollback, for every served asset type. */
export function registerAliasRoutes(app: FastifyInstance, aliases: AliasService, assets: AssetService): void {
  for (const scopeKind of ['registry', 'workspace'] as const) {
    for (const type of servedAssetTypes) registerFor(app, aliases, assets, scopeKind, type);
  }
}

function registerFor(
  app: FastifyInstance,
  aliases: AliasService,
  assets: AssetService,
  scopeKind: ScopeKind,
  type: AssetType,
): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const family = scopeSegments[scopeKind];
  const base = `/api/v1/${family}/:scope/${assetTypeSegments[type]}/:name`;
  const tag = assetTypeSegments[type];
  const opId = (verb: string) => `${verb}${capitalise(scopeKind)}${capitalise(type)}`;
  const access = (permission: Permission) => ({ access: { permission, scope: { kind: scopeKind, param: 'scope' } } });
  const locate = (p: { scope: string; name: string }) => ({ scopeKind, scope: p.scope, type, name: p.name });

  r.get(
    `${base}/aliases/:alias`,
    {
      schema: {
        tags: [tag],
        operationId: opId('resolveAlias'),
        summary: 'The version an alias points at now, and whether the alias is protected',
        params: AliasParams,
        response: { 200: AliasedVersion, ...errorResponses },
      },
      config: access(`${family}/assets/read`),
    },
    async (request) => {
      const version = await assets.getVersion({ ...locate(request.params), alias: request.params.alias });
      const isProtected = await aliases.protection(locate(request.params), request.params.alias);
      return { ...versionView(version, canReadFor(request)), alias: request.params.alias, protected: isProtected };
    },
  );

  r.put(
    `${base}/aliases/:alias`,
    {
      schema: {
        tags: [tag],
        operationId: opId('setAlias'),
        summary: 'Point an alias at a ready version (a protected alias needs …/assets/approve); `protected` marks it',
        params: AliasParams,
        body: Type.Object(
          { version: Type.String({ minLength: 1, maxLength: 128 }), protected: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: AssetView, ...errorResponses },
      },
      config: access(`${family}/assets/aliases/write`),
    },
    async (request) =>
      assetView(
        await aliases.set(
          locate(request.params),
          request.params.alias,
          request.body.version,
          request.body.protected === undefined ? {} : { protect: request.body.protected },
          accessOf(request),
        ),
      ),
  );

  r.delete(
    `${base}/aliases/:alias`,
    {
      schema: {
        tags: [tag],
        operationId: opId('removeAlias'),
        summary: 'Remove an alias (recorded in its history)',
        params: AliasParams,
        response: { 200: AssetView, ...errorResponses },
      },
      config: access(`${family}/assets/aliases/write`),
    },
    async (request) => assetView(await aliases.remove(locate(request.params), request.params.alias, accessOf(request))),
  );

  r.get(
    `${base}/aliases/:alias/history`,
    {
      schema: {
        tags: [tag],
        operationId: opId('aliasHistory'),
        summary:
          'Every move and protection change of an alias, newest first; `at=` answers which version it named at that time',
        params: AliasParams,
        querystring: Type.Object(
          { at: Type.Optional(Type.String({ format: 'date-time' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ value: Type.Array(AliasMove) }), ...errorResponses },
      },
      config: access(`${family}/assets/read`),
    },
    async (request) => {
      const at = request.query.at === undefined ? undefined : new Date(request.query.at).toISOString();
      const moves = await aliases.history(locate(request.params), request.params.alias, at);
      return {
        value: moves.map((m) => ({
          alias: m.alias,
          action: m.action,
          from_version: m.from_label,
          to_version: m.to_label,
          at: m.at,
          by: m.by,
        })),
      };
    },
  );

  r.post(
    `${base}/aliases/:alias/rollback`,
    {
      schema: {
        tags: [tag],
        operationId: opId('rollbackAlias'),
        summary:
          'Move an alias back to its previous version (200), or file an approval request when it is protected (202)',
        params: AliasParams,
        body: Reason,
        response: { 200: AssetView, 202: ApprovalView, ...errorResponses },
      },
      // Publishers (aliases/write) and approvers may roll back; the service checks which.
      config: access(`${family}/assets/read`),
    },
    async (request, reply) => {
      const result = await aliases.rollback(
        locate(request.params),
        request.params.alias,
        request.body.reason ?? null,
        accessOf(request),
      );
      return result.kind === 'moved'
        ? reply.status(200).send(assetView(result.asset))
        : reply.status(202).send(approvalView(result.approval));
    },
  );

  r.post(
    `${base}/aliases/:alias/approvals`,
    {
      schema: {
        tags: [tag],
        operationId: opId('requestApproval'),
        summary: 'Ask for a protected alias to move to a version',
        params: AliasParams,
        body: Type.Object(
          {
            version: Type.String({ minLength: 1, maxLength: 128 }),
            reason: Type.Optional(Type.String({ maxLength: 2048 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ApprovalView, ...errorResponses },
      },
      config: access(`${family}/assets/aliases/write`),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          approvalView(
            await aliases.request(
              locate(request.params),
              request.params.alias,
              request.body.version,
              request.body.reason ?? null,
              accessOf(request),
            ),
          ),
        ),
  );

  r.get(
    `${base}/approvals`,
    {
      schema: {
        tags: [tag],
        operationId: opId('listApprovals'),
        summary: 'Approval requests of an asset, newest first',
        params: Type.Object({ scope: Type.String({ maxLength: 64 }), name: Type.String({ maxLength: 512 }) }),
        querystring: Type.Object(
          {
            state: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ value: Type.Array(ApprovalView) }), ...errorResponses },
      },
      config: access(`${family}/assets/read`),
    },
    async (request) => ({
      value: (await aliases.approvals(locate(request.params), request.query.state)).map(approvalView),
    }),
  );

  for (const decision of ['approve', 'reject'] as const) {
    r.post(
      `${base}/approvals/:id/${decision}`,
      {
        schema: {
          tags: [tag],
          operationId: opId(`${decision}Approval`),
          summary:
            decision === 'approve' ? 'Grant a request: the alias moves (never by the requester)' : 'Reject a request',
          params: ApprovalParams,
          body: Reason,
          response: { 200: ApprovalView, ...errorResponses },
        },
        config: access(`${family}/assets/approve`),
      },
      async (request) =>
        approvalView(
          await aliases.decide(
            locate(request.params),
            request.params.id,
            decision === 'approve',
            request.body.reason ?? null,
            accessOf(request),
          ),
        ),
    );
  }
}
