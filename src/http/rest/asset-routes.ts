import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { servedAssetTypes } from '../../core/asset-types.js';
import type { AssetService } from '../../services/assets/assets.js';
import { principalOf } from '../auth.js';
import { AssetPatch, AssetView } from './asset-schemas.js';
import { assetView } from './asset-views.js';
import { errorResponses } from './http-schemas.js';
import { AssetParams, assetRouteContext, listQuery, nextLink, type AssetRouteContext } from './asset-route-context.js';
import {
  registerArchiveAndRestore,
  registerBeginVersion,
  registerCommitVersion,
  registerDeleteVersion,
  registerGetVersion,
  registerListVersions,
  registerShareVersion,
  registerUpdateVersion,
  registerVersionEvidence,
  registerVersionImage,
  registerVersionLineage,
} from './version-routes.js';

/** `/api/v1/{registries|workspaces}/{scope}/{models|data}/{name}/…` for every served asset type. */
export function registerAssetRoutes(app: FastifyInstance, assets: AssetService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const scopeKind of ['registry', 'workspace'] as const) {
    for (const type of servedAssetTypes) {
      const context = assetRouteContext(r, assets, scopeKind, type);
      // The registration order is the order of the paths in the OpenAPI document.
      registerListAssets(context);
      registerListVersions(context);
      registerShareVersion(context);
      registerGetAsset(context);
      registerUpdateAsset(context);
      registerBeginVersion(context);
      registerGetVersion(context);
      registerUpdateVersion(context);
      registerCommitVersion(context);
      registerArchiveAndRestore(context);
      registerVersionEvidence(context);
      registerDeleteVersion(context);
      registerVersionLineage(context);
      if (type === 'environment') registerVersionImage(context);
    }
  }
}

function registerListAssets({ r, assets, scopeKind, type, family, segment, opId, read }: AssetRouteContext): void {
  r.get(
    `/api/v1/${family}/:scope/${segment}`,
    {
      schema: {
        tags: [segment],
        operationId: opId('list'),
        summary: `List the ${segment} of a ${scopeKind} (filter, orderBy, cursor)`,
        params: Type.Object({ scope: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object(listQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({
            value: Type.Array(AssetView),
            next: Type.Optional(Type.String()),
            nextLink: Type.Optional(Type.String()),
          }),
          ...errorResponses,
        },
      },
      config: read,
    },
    async (request) => {
      const { top = 100, ...rest } = request.query;
      const page = await assets.listAssets(scopeKind, request.params.scope, type, { top, ...rest });
      return {
        value: page.items.map(assetView),
        ...nextLink(request.url.split('?')[0] ?? '', request.query, page.next),
      };
    },
  );
}

function registerGetAsset({ r, assets, type, segment, base, opId, read, locate }: AssetRouteContext): void {
  r.get(
    base,
    {
      schema: {
        tags: [segment],
        operationId: opId('get'),
        summary: `Show a ${type} (its aliases and latest version)`,
        params: AssetParams,
        response: { 200: AssetView, ...errorResponses },
      },
      config: read,
    },
    async (request) => assetView(await assets.getAsset(locate(request.params))),
  );
}

function registerUpdateAsset({ r, assets, type, segment, base, opId, write, locate }: AssetRouteContext): void {
  r.patch(
    base,
    {
      schema: {
        tags: [segment],
        operationId: opId('update'),
        summary: `Update a ${type}'s description or tags`,
        params: AssetParams,
        body: AssetPatch,
        response: { 200: AssetView, ...errorResponses },
      },
      config: write,
    },
    async (request) => assetView(await assets.updateAsset(locate(request.params), request.body, principalOf(request))),
  );
}
