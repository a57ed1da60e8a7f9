import type { ScopeRecord } from '../../core/model/scopes.js';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { compact } from '../../core/compact.js';
import type { ScopeKind } from '../../core/names.js';
import { defineRegistry, defineWorkspace } from '../../core/scope-spec.js';
import type { ScopeService } from '../../services/scopes/scopes.js';
import { accessOf, principalOf } from '../auth.js';
import {
  CreateOnlyHeaders,
  ErrorBody,
  ForceQuery,
  ListQuery,
  NameParams,
  OperationView,
  RegistrySpec,
  RegistryView,
  RemoveRegionQuery,
  ScopePatch,
  WorkspaceSpec,
  WorkspaceView,
  errorResponses,
  pageOf,
  type RegistrySpecBody,
  type WorkspaceSpecBody,
} from './http-schemas.js';
import { baseUrlOf, operationLocation, operationView, registryView, workspaceView } from './views.js';
import { capitalise } from './operation-ids.js';
import type { TypedRouter } from '../typed-router.js';
import { stringifyResponses } from '../lazy-schemas.js';

interface ScopeRouteOptions {
  scopes: ScopeService;
  publicUrl: string | undefined;
}

/** Per kind: the URL segment, the OpenAPI tag, the shapes and the permission family. */
const kinds = {
  registry: {
    segment: 'registries',
    tag: 'registries',
    spec: RegistrySpec,
    view: RegistryView,
    toView: registryView,
    define: (name: string, body: unknown) => defineRegistry(name, body as RegistrySpecBody),
  },
  workspace: {
    segment: 'workspaces',
    tag: 'workspaces',
    spec: WorkspaceSpec,
    view: WorkspaceView,
    toView: workspaceView,
    define: (name: string, body: unknown) => defineWorkspace(name, body as WorkspaceSpecBody),
  },
} as const;

/** `/api/v1/registries` and `/api/v1/workspaces`: the same verbs and rules for both kinds. */
export function registerScopeRoutes(app: FastifyInstance, options: ScopeRouteOptions): void {
  for (const kind of ['registry', 'workspace'] as const) registerKind(app, kind, options);
}

/** What the routes of one scope kind share. */
interface ScopeRouteContext {
  r: TypedRouter;
  scopes: ScopeService;
  kind: ScopeKind;
  k: (typeof kinds)[ScopeKind];
  base: string;
  /** The route's scope: the one its `:name` names. */
  scope: { kind: ScopeKind; param: 'name' };
  Page: ReturnType<typeof pageOf<(typeof kinds)[ScopeKind]['view']>>;
  view(record: ScopeRecord, request: Parameters<typeof baseUrlOf>[0]): ReturnType<(typeof kinds)[ScopeKind]['toView']>;
}

function registerKind(app: FastifyInstance, kind: ScopeKind, { scopes, publicUrl }: ScopeRouteOptions): void {
  const k = kinds[kind];
  const context: ScopeRouteContext = {
    r: app.withTypeProvider<TypeBoxTypeProvider>(),
    scopes,
    kind,
    k,
    base: `/api/v1/${k.segment}`,
    scope: { kind, param: 'name' },
    Page: pageOf(k.view, `${k.view.$id ?? kind}List`),
    view: (record, request) => k.toView(record, baseUrlOf(request, publicUrl)),
  };
  registerListScopes(context);
  registerGetScope(context);
  registerPutScope(context);
  registerPatchScope(context);
  registerDeleteScope(context);
}

function registerListScopes({ r, scopes, kind, k, base, Page, view }: ScopeRouteContext): void {
  r.get(
    base,
    {
      schema: {
        tags: [k.tag],
        operationId: `list${capitalise(k.segment)}`,
        summary: `List ${k.segment}`,
        querystring: ListQuery,
        response: { 200: Page, ...errorResponses },
      },
      config: { access: { filtered: `${k.segment}/read` } },
      // A page of up to 1,000 scopes, built of exactly the documented fields.
      serializerCompiler: stringifyResponses,
    },
    async (request) => {
      const { top = 100, cursor, tag } = request.query;
      const tags = tag?.map((t) => {
        const at = t.indexOf('=');
        return at < 0 ? { key: t } : { key: t.slice(0, at), value: t.slice(at + 1) };
      });
      const visible = accessOf(request).visible(kind, `${k.segment}/read`);
      const page = await scopes.list(kind, {
        top,
        visible,
        ...compact({ cursor, tags }),
      });
      const nextLink =
        page.next === undefined
          ? undefined
          : `${base}?${new URLSearchParams([['top', String(top)], ['cursor', page.next], ...(tag ?? []).map((t) => ['tag', t] as [string, string])]).toString()}`;
      return {
        value: page.items.map((item) => view(item, request)),
        ...(page.next === undefined ? {} : { next: page.next, nextLink }),
      };
    },
  );
}

function registerGetScope({ r, scopes, kind, k, base, scope, view }: ScopeRouteContext): void {
  r.get(
    `${base}/:name`,
    {
      schema: {
        tags: [k.tag],
        operationId: `get${capitalise(kind)}`,
        summary: `Show a ${kind}`,
        params: NameParams,
        response: { 200: k.view, ...errorResponses },
      },
      config: { access: { permission: `${k.segment}/read`, scope } },
    },
    async (request) => view(await scopes.show(kind, request.params.name), request),
  );
}

function registerPutScope({ r, scopes, kind, k, base, scope, view }: ScopeRouteContext): void {
  r.put(
    `${base}/:name`,
    {
      schema: {
        tags: [k.tag],
        operationId: `createOrUpdate${capitalise(kind)}`,
        summary: `Create or update a ${kind} (202 + Location of the operation; 200 when it already is as described)`,
        description:
          'With `If-None-Match: *` it only creates: an existing one that differs is 409 `…AlreadyExists`. ' +
          'Regions the body leaves out are removed only when named in `remove_region` ' +
          '(else 409 `RegionRemovalNotExplicit`).',
        params: NameParams,
        headers: CreateOnlyHeaders,
        querystring: RemoveRegionQuery,
        body: k.spec,
        response: { 200: k.view, 202: OperationView, ...errorResponses },
      },
      config: { access: { permission: `${k.segment}/write`, scope } },
    },
    async (request, reply) => {
      const removeRegions = request.query.remove_region;
      const change = await scopes.createOrUpdate(k.define(request.params.name, request.body), principalOf(request), {
        createOnly: request.headers['if-none-match'] === '*',
        ...compact({ removeRegions }),
      });
      const { operation } = change;
      if (operation === undefined) return reply.status(200).send(view(change.scope, request));
      return reply.status(202).header('location', operationLocation(operation.id)).send(operationView(operation));
    },
  );
}

function registerPatchScope({ r, scopes, kind, k, base, scope, view }: ScopeRouteContext): void {
  r.patch(
    `${base}/:name`,
    {
      schema: {
        tags: [k.tag],
        operationId: `update${capitalise(kind)}`,
        summary: `Update description, tags or regions of a ${kind} (200, or 202 + Location when regions change)`,
        params: NameParams,
        body: ScopePatch,
        response: { 200: k.view, 202: OperationView, ...errorResponses },
      },
      config: { access: { permission: `${k.segment}/write`, scope } },
    },
    async (request, reply) => {
      const { description, tags, add_replication_locations, remove_replication_locations } = request.body;
      const change = await scopes.patch(
        kind,
        request.params.name,
        {
          ...compact({ description }),
          ...(tags === undefined ? {} : { tags: tags as Record<string, string | null> }),
          ...compact({ addRegions: add_replication_locations, removeRegions: remove_replication_locations }),
        },
        principalOf(request),
      );
      if (change.operation)
        return reply
          .status(202)
          .header('location', operationLocation(change.operation.id))
          .send(operationView(change.operation));
      return reply.status(200).send(view(change.scope, request));
    },
  );
}

function registerDeleteScope({ r, scopes, kind, k, base, scope }: ScopeRouteContext): void {
  r.delete(
    `${base}/:name`,
    {
      schema: {
        tags: [k.tag],
        operationId: `delete${capitalise(kind)}`,
        summary: `Delete a ${kind} (202 + Location; 409 while it holds assets unless force=true)`,
        params: NameParams,
        querystring: ForceQuery,
        response: { 202: OperationView, 409: ErrorBody, ...errorResponses },
      },
      config: { access: { permission: `${k.segment}/delete`, scope } },
    },
    async (request, reply) => {
      const operation = await scopes.delete(
        kind,
        request.params.name,
        { force: request.query.force ?? false },
        principalOf(request),
      );
      return reply.status(202).header('location', operationLocation(operation.id)).send(operationView(operation));
    },
  );
}
