import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TObject } from '@sinclair/typebox';
import { maxAutomationEvents, maxDescriptionLength, type AutomationSpec } from '../../core/automations.js';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { AutomationScope, AutomationService } from '../../services/automations/automations.js';
import { accessOf, principalOf, type RouteAccess } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { decodeCreatedCursor, encodeCreatedCursor } from './created-cursor.js';
import { errorResponses } from './http-schemas.js';

const tags = ['automations'];

const Headers = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 1024 }), {
  description:
    'Headers sent with every delivery (e.g. a receiver token). Stored sealed; the API shows their names only.',
});

const Webhook = Type.Object(
  {
    url: Type.String({
      maxLength: 2048,
      description: 'http(s) URL; the SSRF guard refuses private and loopback targets unless allowed',
    }),
    headers: Type.Optional(Headers),
  },
  { additionalProperties: false },
);

export const AutomationSpecSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'Accepted and ignored, as the other spec files carry it.' })),
    name: Type.String({ maxLength: 64 }),
    description: Type.Optional(Type.String({ maxLength: maxDescriptionLength })),
    events: Type.Array(Type.String({ maxLength: 128 }), {
      maxItems: maxAutomationEvents,
      description: 'Event types (docs/events.md), `dev.arca.<noun>.*` families, or `*`.',
    }),
    filter: Type.Optional(
      Type.String({
        maxLength: 4096,
        description:
          "Arca's filter language over the event: type, scope, scope_kind, asset_type, asset, version, alias, tag, actor, region, tags.<key>; `~` matches a regular expression (`alias ~ '^prod'`).",
      }),
    ),
    webhook: Webhook,
    payload: Type.Optional(
      Type.Unknown({
        description:
          'A JSON template sent instead of the CloudEvent (`application/json`), with `${…}` variables (docs/events.md).',
      }),
    ),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false, $id: 'AutomationSpec' },
);

const AutomationPatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 64 })),
    description: Type.Optional(Type.String({ maxLength: maxDescriptionLength })),
    events: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: maxAutomationEvents })),
    filter: Type.Optional(
      Type.Union([Type.String({ maxLength: 4096 }), Type.Null()], { description: 'null removes it' }),
    ),
    webhook: Type.Optional(
      Type.Object(
        { url: Type.Optional(Type.String({ maxLength: 2048 })), headers: Type.Optional(Headers) },
        { additionalProperties: false },
      ),
    ),
    payload: Type.Optional(Type.Unknown({ description: 'null removes the template (the CloudEvent is sent again)' })),
    enabled: Type.Optional(
      Type.Boolean({ description: 'true enables a disabled automation and resets its failure count' }),
    ),
  },
  { additionalProperties: false },
);

export const AutomationViewSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    scope: Type.Object({ kind: Type.String(), name: Type.Optional(Type.String()) }),
    events: Type.Array(Type.String()),
    filter: Type.Optional(Type.String()),
    webhook: Type.Object({
      url: Type.String(),
      headers: Type.Array(Type.String(), { description: 'the names of the headers sent (values are never shown)' }),
    }),
    payload: Type.Optional(Type.Unknown()),
    enabled: Type.Boolean(),
    disabled_reason: Type.Optional(Type.String()),
    consecutive_failures: Type.Integer(),
    secret_rotation: Type.Optional(
      Type.Object({ previous_expires_at: Type.String({ description: 'deliveries carry both signatures until then' }) }),
    ),
    created_at: Type.String({ format: 'date-time' }),
    created_by: Type.String(),
    updated_at: Type.String({ format: 'date-time' }),
    updated_by: Type.String(),
  },
  { $id: 'Automation' },
);

const Created = Type.Object({
  automation: AutomationViewSchema,
  secret: Type.String({ description: 'The `whsec_` signing secret: shown once, never again.' }),
});

const AttemptSchema = Type.Object({
  attempt: Type.Integer(),
  started_at: Type.String({ format: 'date-time' }),
  outcome: Type.String({ description: '`delivered`, `retry` (another attempt follows) or `failed`' }),
  status_code: Type.Optional(Type.Integer()),
  latency_ms: Type.Integer(),
  response: Type.Optional(Type.String({ description: 'the start of the response body' })),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

export const DeliverySchema = Type.Object(
  {
    id: Type.String({ description: 'the `webhook-id` header of every attempt' }),
    event: Type.Object({ id: Type.String(), type: Type.String(), position: Type.Optional(Type.Integer()) }),
    state: Type.String({ description: '`pending`, `delivered`, `failed` or `skipped` (the automation was disabled)' }),
    attempts: Type.Array(AttemptSchema),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'AutomationDelivery' },
);

/** Events carry asset data: making or redirecting an automation needs to read the assets of its scope. */
function requireAssetReads(request: FastifyRequest, scope: AutomationScope): void {
  const access = accessOf(request);
  if (scope.kind === 'org') {
    access.require('registries/assets/read');
    access.require('workspaces/assets/read');
  } else access.require(`${scopeSegments[scope.kind]}/assets/read`, scope);
}

/** One family of automation routes: the organisation's, or those of the registries or the workspaces. */
interface Family {
  base: string;
  Kind: string;
  where: string;
  params: TObject;
  itemParams: TObject;
  deliveryParams: TObject;
  access(permission: 'automations/read' | 'automations/write'): RouteAccess;
  scopeOf(params: unknown): AutomationScope;
}

const name = Type.String({ maxLength: 64 });
const List = Type.Object({ value: Type.Array(AutomationViewSchema) });

function familyOf(kind: ScopeKind | undefined): Family {
  if (kind === undefined)
    return {
      base: '/api/v1/automations',
      Kind: 'Organization',
      where: 'the organisation',
      params: Type.Object({}),
      itemParams: Type.Object({ name }),
      deliveryParams: Type.Object({ name, delivery: Type.String({ maxLength: 64 }) }),
      access: (permission) => ({ permission }),
      scopeOf: () => ({ kind: 'org' }),
    };
  const scope = Type.String({ maxLength: 64 });
  return {
    base: `/api/v1/${scopeSegments[kind]}/:scope/automations`,
    Kind: kind === 'registry' ? 'Registry' : 'Workspace',
    where: `the ${kind}`,
    params: Type.Object({ scope }),
    itemParams: Type.Object({ scope, name }),
    deliveryParams: Type.Object({ scope, name, delivery: Type.String({ maxLength: 64 }) }),
    access: (permission) => ({ permission, scope: { kind, param: 'scope' } }),
    scopeOf: (params) => ({ kind, name: (params as { scope: string }).scope }),
  };
}

/**
 * Automations: `/api/v1/automations` (the organisation's), `/api/v1/{registries|workspaces}/{scope}/automations`,
 * and each one by id with its secret rotation, test ping and delivery log.
 */
export function registerAutomationRoutes(app: FastifyInstance, automations: AutomationService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const kind of [undefined, 'registry', 'workspace'] as const) {
    const family = familyOf(kind);
    registerCollection(r, automations, family);
    registerItem(r, automations, family);
    registerActions(r, automations, family);
    registerDeliveries(r, automations, family);
  }
}

function registerCollection(r: TypedRouter, automations: AutomationService, f: Family): void {
  r.get(
    f.base,
    {
      schema: {
        tags,
        operationId: `list${f.Kind}Automations`,
        summary: `List the automations of ${f.where}, by name`,
        params: f.params,
        response: { 200: List, ...errorResponses },
      },
      config: { access: f.access('automations/read') },
    },
    async (request) => ({ value: await automations.list(f.scopeOf(request.params)) }),
  );
  r.post(
    f.base,
    {
      schema: {
        tags,
        operationId: `create${f.Kind}Automation`,
        summary: `Create an automation of ${f.where}: a webhook told of its events (the secret is shown once)`,
        params: f.params,
        body: AutomationSpecSchema,
        response: { 201: Created, ...errorResponses },
      },
      config: { access: f.access('automations/write') },
    },
    async (request, reply) => {
      const scope = f.scopeOf(request.params);
      requireAssetReads(request, scope);
      const created = await automations.create(scope, request.body as AutomationSpec, principalOf(request));
      return reply.status(201).send(created);
    },
  );
}

function registerItem(r: TypedRouter, automations: AutomationService, f: Family): void {
  const path = `${f.base}/:name`;
  type Item = { name: string };
  r.get(
    path,
    {
      schema: {
        tags,
        operationId: `get${f.Kind}Automation`,
        summary: 'Show an automation (never its secret or header values)',
        params: f.itemParams,
        response: { 200: AutomationViewSchema, ...errorResponses },
      },
      config: { access: f.access('automations/read') },
    },
    async (request) => automations.get(f.scopeOf(request.params), (request.params as Item).name),
  );
  r.patch(
    path,
    {
      schema: {
        tags,
        operationId: `update${f.Kind}Automation`,
        summary: 'Change an automation (enabled: true enables a disabled one again)',
        params: f.itemParams,
        body: AutomationPatchSchema,
        response: { 200: AutomationViewSchema, ...errorResponses },
      },
      config: { access: f.access('automations/write') },
    },
    async (request) => {
      const scope = f.scopeOf(request.params);
      requireAssetReads(request, scope);
      return automations.update(scope, (request.params as Item).name, request.body, principalOf(request));
    },
  );
  r.delete(
    path,
    {
      schema: {
        tags,
        operationId: `delete${f.Kind}Automation`,
        summary: 'Delete an automation, its pending deliveries and its delivery log',
        params: f.itemParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { access: f.access('automations/write') },
    },
    async (request, reply) => {
      await automations.delete(f.scopeOf(request.params), (request.params as Item).name, principalOf(request));
      return reply.status(204).send(null);
    },
  );
}

function registerActions(r: TypedRouter, automations: AutomationService, f: Family): void {
  type Item = { name: string };
  r.post(
    `${f.base}/:name/rotate-secret`,
    {
      schema: {
        tags,
        operationId: `rotate${f.Kind}AutomationSecret`,
        summary: 'Give the automation a new secret (shown once); both signatures are sent until the old one expires',
        params: f.itemParams,
        body: Type.Object(
          {
            keep_previous_seconds: Type.Optional(
              Type.Integer({ default: 86_400, description: 'how long the old secret still signs (0–604800)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ secret: Type.String(), previous_expires_at: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
      config: { access: f.access('automations/write') },
    },
    async (request) =>
      automations.rotateSecret(
        f.scopeOf(request.params),
        (request.params as Item).name,
        request.body.keep_previous_seconds ?? 86_400,
        principalOf(request),
      ),
  );
  r.post(
    `${f.base}/:name/test`,
    {
      schema: {
        tags,
        operationId: `test${f.Kind}Automation`,
        summary: 'Send a dev.arca.automation.ping now and answer how the receiver took it',
        params: f.itemParams,
        response: { 200: DeliverySchema, ...errorResponses },
      },
      config: { access: f.access('automations/write') },
    },
    async (request) => automations.test(f.scopeOf(request.params), (request.params as Item).name, principalOf(request)),
  );
}

function registerDeliveries(r: TypedRouter, automations: AutomationService, f: Family): void {
  r.get(
    `${f.base}/:name/deliveries`,
    {
      schema: {
        tags,
        operationId: `list${f.Kind}AutomationDeliveries`,
        summary: "The automation's delivery log, newest first, each delivery with its attempts",
        params: f.itemParams,
        querystring: Type.Object(
          {
            state: Type.Optional(Type.Union(['pending', 'delivered', 'failed', 'skipped'].map((s) => Type.Literal(s)))),
            top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 256 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ value: Type.Array(DeliverySchema), next: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
      config: { access: f.access('automations/read') },
    },
    async (request) => {
      const top = request.query.top ?? 50;
      const rows = await automations.deliveries(f.scopeOf(request.params), (request.params as { name: string }).name, {
        ...(request.query.state === undefined ? {} : { state: request.query.state }),
        ...(request.query.cursor === undefined ? {} : { before: decodeCreatedCursor(request.query.cursor) }),
        limit: top + 1,
      });
      const page = rows.slice(0, top);
      const last = page.at(-1);
      return {
        value: page,
        ...(rows.length > top && last
          ? { next: encodeCreatedCursor({ createdAt: last.created_at, id: last.id }) }
          : {}),
      };
    },
  );
  r.post(
    `${f.base}/:name/deliveries/:delivery/redeliver`,
    {
      schema: {
        tags,
        operationId: `redeliver${f.Kind}AutomationDelivery`,
        summary: 'Send a delivery again, with the same webhook-id (queued; its attempts are added to the log)',
        params: f.deliveryParams,
        response: { 202: DeliverySchema, ...errorResponses },
      },
      config: { access: f.access('automations/write') },
    },
    async (request, reply) => {
      const params = request.params as { name: string; delivery: string };
      return reply
        .status(202)
        .send(
          await automations.redeliver(f.scopeOf(request.params), params.name, params.delivery, principalOf(request)),
        );
    },
  );
}
