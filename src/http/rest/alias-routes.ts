import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { servedAssetTypes } from '../../core/asset-types.js';
import type { AliasService } from '../../services/assets/aliases.js';
import type { AssetService } from '../../services/assets/assets.js';
import { accessOf } from '../auth.js';
import { AliasMove, AssetView, VersionView } from './asset-schemas.js';
import { assetRouteContext, canReadFor, AliasParams, type AliasRouteContext } from './asset-route-context.js';
import { assetView, versionView } from './asset-views.js';
import { errorResponses } from './http-schemas.js';
import {
  approvalView,
  ApprovalView,
  Reason,
  registerApprovalInbox,
  registerDecideApprovals,
  registerListApprovals,
  registerRequestApproval,
} from './approval-routes.js';

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

/** Alias reads, moves, protection, approval requests and rollback, for every served asset type. */
export function registerAliasRoutes(app: FastifyInstance, aliases: AliasService, assets: AssetService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const scopeKind of ['registry', 'workspace'] as const) {
    for (const type of servedAssetTypes) {
      const context: AliasRouteContext = { ...assetRouteContext(r, assets, scopeKind, type), aliases };
      // The registration order is the order of the paths in the OpenAPI document.
      registerResolveAlias(context);
      registerSetAlias(context);
      registerRemoveAlias(context);
      registerAliasHistory(context);
      registerRollbackAlias(context);
      registerRequestApproval(context);
      registerListApprovals(context);
      registerDecideApprovals(context);
    }
  }
  registerApprovalInbox(app, aliases);
}

function registerResolveAlias({
  r,
  assets,
  aliases,
  family,
  segment,
  base,
  opId,
  access,
  locate,
}: AliasRouteContext): void {
  r.get(
    `${base}/aliases/:alias`,
    {
      schema: {
        tags: [segment],
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
}

function registerSetAlias({ r, aliases, family, segment, base, opId, access, locate }: AliasRouteContext): void {
  r.put(
    `${base}/aliases/:alias`,
    {
      schema: {
        tags: [segment],
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
          { alias: request.params.alias, label: request.body.version, protect: request.body.protected },
          accessOf(request),
        ),
      ),
  );
}

function registerRemoveAlias({ r, aliases, family, segment, base, opId, access, locate }: AliasRouteContext): void {
  r.delete(
    `${base}/aliases/:alias`,
    {
      schema: {
        tags: [segment],
        operationId: opId('removeAlias'),
        summary: 'Remove an alias (recorded in its history)',
        params: AliasParams,
        response: { 200: AssetView, ...errorResponses },
      },
      config: access(`${family}/assets/aliases/write`),
    },
    async (request) => assetView(await aliases.remove(locate(request.params), request.params.alias, accessOf(request))),
  );
}

function registerAliasHistory({ r, aliases, family, segment, base, opId, access, locate }: AliasRouteContext): void {
  r.get(
    `${base}/aliases/:alias/history`,
    {
      schema: {
        tags: [segment],
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
          from_version: m.fromLabel,
          to_version: m.toLabel,
          at: m.at,
          by: m.by,
        })),
      };
    },
  );
}

function registerRollbackAlias({ r, aliases, family, segment, base, opId, access, locate }: AliasRouteContext): void {
  r.post(
    `${base}/aliases/:alias/rollback`,
    {
      schema: {
        tags: [segment],
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
}
