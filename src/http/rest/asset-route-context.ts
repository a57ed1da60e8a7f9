import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { assetTypeSegments, type AssetType } from '../../core/asset-types.js';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { Permission } from '../../services/access/access.js';
import type { CanRead } from '../../services/assets/asset-records.js';
import type { AliasService } from '../../services/assets/aliases.js';
import type { AssetService } from '../../services/assets/assets.js';
import { accessOf, type RouteAccess } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { capitalise } from './operation-ids.js';

/** What the routes of one asset type in one scope kind share (`/api/v1/registries/:scope/models/:name`…). */
export interface AssetRouteContext {
  r: TypedRouter;
  assets: AssetService;
  scopeKind: ScopeKind;
  type: AssetType;
  /** `registries` or `workspaces`. */
  family: (typeof scopeSegments)[ScopeKind];
  /** The asset type's URL segment (`models`, `data`…), also the routes' OpenAPI tag. */
  segment: string;
  /** `/api/v1/<family>/:scope/<segment>/:name`. */
  base: string;
  opId(verb: string): string;
  access(permission: Permission): { access: RouteAccess };
  read: { access: RouteAccess };
  write: { access: RouteAccess };
  locate(params: { scope: string; name: string }): {
    scopeKind: ScopeKind;
    scope: string;
    type: AssetType;
    name: string;
  };
}

export function assetRouteContext(
  r: TypedRouter,
  assets: AssetService,
  scopeKind: ScopeKind,
  type: AssetType,
): AssetRouteContext {
  const family = scopeSegments[scopeKind];
  const segment = assetTypeSegments[type];
  const access = (permission: Permission) => ({
    access: { permission, scope: { kind: scopeKind, param: 'scope' } },
  });
  return {
    r,
    assets,
    scopeKind,
    type,
    family,
    segment,
    base: `/api/v1/${family}/:scope/${segment}/:name`,
    opId: (verb) => `${verb}${capitalise(scopeKind)}${capitalise(type)}`,
    access,
    read: access(`${family}/assets/read`),
    write: access(`${family}/assets/write`),
    locate: (p) => ({ scopeKind, scope: p.scope, type, name: p.name }),
  };
}

export const AssetParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
});
export const VersionParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  version: Type.String({ maxLength: 256 }),
});

/** The query of the asset and version lists. */
export const listQuery = {
  filter: Type.Optional(
    Type.String({ maxLength: 4096, description: "e.g. `tags.team = 'vision' and created > '2026-01-01'`" }),
  ),
  orderBy: Type.Optional(Type.String({ maxLength: 256, description: 'e.g. `created desc, name`' })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
};

/** `next` and the URL of the next page (the same query with the new cursor), when there is one. */
export function nextLink(path: string, query: Record<string, unknown>, next: string | undefined) {
  if (next === undefined) return {};
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && key !== 'cursor') params.set(key, String(value));
  params.set('cursor', next);
  return { next, nextLink: `${path}?${params.toString()}` };
}

/** The caller's read access, for references a request follows into other registries and workspaces. */
export function canReadFor(request: FastifyRequest): CanRead {
  const access = accessOf(request);
  return (kind, scope) =>
    access.allows(kind === 'registry' ? 'registries/assets/read' : 'workspaces/assets/read', { kind, name: scope });
}

/** The routes of one asset type's aliases and approvals: the asset routes' context and the alias service. */
export interface AliasRouteContext extends AssetRouteContext {
  aliases: AliasService;
}

export const AliasParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  alias: Type.String({ maxLength: 256 }),
});
