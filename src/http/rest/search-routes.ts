import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { arcaError } from '../../core/errors.js';
import { targetOf } from '../../services/assets/asset-records.js';
import type { CatalogueSearch, SearchHit } from '../../services/search/catalogue-search.js';
import { accessOf } from '../auth.js';
import { errorResponses, pageOf } from './http-schemas.js';

/** The longest text a search takes: a name is at most 32 characters, a tag value 400. */
export const searchTextMax = 200;

const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: searchTextMax,
      description: 'The text looked for: a case-insensitive substring of names, descriptions, tags and aliases.',
    }),
    top: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size (at most 200).' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'The `next` value of the previous page.' })),
  },
  { additionalProperties: false },
);

const nullableString = Type.Union([Type.String(), Type.Null()]);

export const SearchHitView = Type.Object(
  {
    type: Type.Union([Type.Literal('scope'), Type.Literal('asset'), Type.Literal('version-alias')]),
    scope: Type.Object({
      kind: Type.Union([Type.Literal('registry'), Type.Literal('workspace')]),
      name: Type.String(),
    }),
    asset_type: Type.Optional(
      Type.String({ description: 'model, data, environment or component (asset and alias hits).' }),
    ),
    name: Type.Optional(Type.String({ description: "The asset's name (asset and alias hits)." })),
    alias: Type.Optional(Type.String()),
    version: Type.Optional(Type.String({ description: 'The version the alias names.' })),
    reference: Type.Optional(Type.String({ description: "The asset's (or the alias's version's) reference." })),
    description: nullableString,
    matched: Type.Union([
      Type.Literal('name'),
      Type.Literal('description'),
      Type.Literal('tag'),
      Type.Literal('alias'),
    ]),
    tag: Type.Optional(Type.String({ description: 'The tag that matched, as `key=value`.' })),
  },
  { $id: 'SearchHit' },
);

function hitView(hit: SearchHit) {
  const base = {
    type: hit.type,
    scope: { kind: hit.kind, name: hit.scope },
    description: hit.description,
    matched: hit.matched,
    ...(hit.tag === null ? {} : { tag: hit.tag }),
  };
  if (hit.type === 'scope') return base;
  const asset = { ...base, asset_type: hit.assetType, name: hit.name };
  if (hit.type === 'asset') return { ...asset, reference: targetOf(hit.kind, hit.scope, hit.assetType, hit.name) };
  return {
    ...asset,
    alias: hit.alias,
    version: hit.version,
    reference: targetOf(hit.kind, hit.scope, hit.assetType, hit.name, hit.version),
  };
}

/** `GET /api/v1/search`: registries, workspaces, assets and aliases the caller may read, by text. */
export function registerSearchRoutes(app: FastifyInstance, search: CatalogueSearch): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        operationId: 'search',
        summary: 'Search registries, workspaces, assets and aliases by text',
        description:
          'Case-insensitive substring of scope names, descriptions and tags (key or value); asset names, ' +
          'descriptions and tags; alias names (except `latest`). Only what the caller may read is searched. ' +
          'Hits come scopes first, then assets, then aliases, each by name.',
        querystring: SearchQuery,
        response: { 200: pageOf(SearchHitView, 'SearchHitList'), ...errorResponses },
      },
      // Each kind of hit is searched only where the caller holds its read permission.
      config: { access: { filtered: 'registries/read' } },
    },
    async (request) => {
      const { q, top = 50, cursor } = request.query;
      const text = q.trim();
      if (text.length === 0)
        throw arcaError(
          'InvalidParameter',
          { target: 'q', where: 'query', problem: 'must hold a character other than a space' },
          { target: 'q' },
        );
      const access = accessOf(request);
      const page = await search.search({
        text,
        top,
        cursor,
        scopes: {
          registry: access.visible('registry', 'registries/read'),
          workspace: access.visible('workspace', 'workspaces/read'),
        },
        assets: {
          registry: access.visible('registry', 'registries/assets/read'),
          workspace: access.visible('workspace', 'workspaces/assets/read'),
        },
      });
      const nextLink =
        page.next === undefined
          ? undefined
          : `/api/v1/search?${new URLSearchParams({ q, top: String(top), cursor: page.next }).toString()}`;
      return { value: page.items.map(hitView), ...(page.next === undefined ? {} : { next: page.next, nextLink }) };
    },
  );
}
