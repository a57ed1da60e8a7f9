import type { Client } from 'openapi-fetch';
import { compact } from '../core/compact.js';
import type { ListPage } from './asset-client.js';
import { apiErrorFrom } from './errors.js';
import type { components, operations, paths } from './openapi-types.js';

/** An automation as the server shows it: never its secret, only the names of its headers. */
export type Automation = components['schemas']['Automation'];
/** An `automation.yml` (the JSON form): what `create` sends. */
export type AutomationSpec = operations['createRegistryAutomation']['requestBody']['content']['application/json'];
/** What `update` changes; `filter`/`payload: null` remove them, `enabled: true` turns a disabled one on again. */
export type AutomationPatch = operations['updateRegistryAutomation']['requestBody']['content']['application/json'];
/** A new automation and its signing secret, which is shown this once. */
export type CreatedAutomation = operations['createRegistryAutomation']['responses'][201]['content']['application/json'];
/** One delivery of an event (or a test ping) with every attempt at it. */
export type AutomationDelivery = components['schemas']['AutomationDelivery'];
/** A rotated secret (shown once) and until when the previous one still signs. */
export type RotatedSecret =
  operations['rotateRegistryAutomationSecret']['responses'][200]['content']['application/json'];

/** Whose automation: the organisation's (it hears every scope), or one registry's or workspace's. */
export type AutomationScope = { kind: 'org' } | { kind: 'registry' | 'workspace'; name: string };

export interface DeliveryListOptions {
  state?: 'pending' | 'delivered' | 'failed' | 'skipped';
  /** Page size (server default 50, at most 500). */
  top?: number;
  cursor?: string;
}

/** Automations (webhooks told of events), their secrets, test pings and delivery logs. */
export interface AutomationClient {
  list(scope: AutomationScope): Promise<Automation[]>;
  get(scope: AutomationScope, name: string): Promise<Automation>;
  /** Creates one; the answer holds the secret, which the server never shows again. */
  create(scope: AutomationScope, spec: AutomationSpec): Promise<CreatedAutomation>;
  update(scope: AutomationScope, name: string, patch: AutomationPatch): Promise<Automation>;
  /** Deletes it with its pending deliveries and its delivery log. */
  remove(scope: AutomationScope, name: string): Promise<void>;
  /** A new secret (shown once); the old one still signs for `keepPreviousSeconds` (server default a day). */
  rotateSecret(
    scope: AutomationScope,
    name: string,
    options?: { keepPreviousSeconds?: number },
  ): Promise<RotatedSecret>;
  /** Sends a `dev.arca.automation.ping` now and answers the delivery with its one attempt. */
  test(scope: AutomationScope, name: string): Promise<AutomationDelivery>;
  /** The delivery log, newest first. */
  deliveries(
    scope: AutomationScope,
    name: string,
    options?: DeliveryListOptions,
  ): Promise<ListPage<AutomationDelivery>>;
  /** Queues a delivery again under the same `webhook-id`. */
  redeliver(scope: AutomationScope, name: string, delivery: string): Promise<AutomationDelivery>;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** `/api/v1/automations` or `/api/v1/{registries|workspaces}/{scope}/automations`, typed as the registry's. */
function basePath(scope: AutomationScope): '/api/v1/registries/{scope}/automations' {
  if (scope.kind === 'org') return '/api/v1/automations' as '/api/v1/registries/{scope}/automations';
  const family = scope.kind === 'registry' ? 'registries' : 'workspaces';
  return `/api/v1/${family}/{scope}/automations` as '/api/v1/registries/{scope}/automations';
}

/** Builds the automation client over the typed HTTP client; the three families share one shape. */
export function createAutomationClient(http: Client<paths>, server: string): AutomationClient {
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.response.ok) throw apiErrorFrom(server, result.response, result.error);
    return result.data as T;
  };
  // The organisation's paths have no {scope}: openapi-fetch fills only the placeholders a path has.
  const scopeParam = (s: AutomationScope) => (s.kind === 'org' ? '' : s.name);
  const item = (s: AutomationScope, name: string) => ({ params: { path: { scope: scopeParam(s), name } } });
  const itemPath = <Tail extends string>(s: AutomationScope, tail: Tail) =>
    `${basePath(s)}/{name}${tail}` as `/api/v1/registries/{scope}/automations/{name}${Tail}`;
  return {
    list: async (scope) =>
      unwrap(await http.GET(basePath(scope), { params: { path: { scope: scopeParam(scope) } } })).value,
    get: async (scope, name) => unwrap(await http.GET(itemPath(scope, ''), item(scope, name))),
    create: async (scope, spec) =>
      unwrap(await http.POST(basePath(scope), { params: { path: { scope: scopeParam(scope) } }, body: spec })),
    update: async (scope, name, patch) =>
      unwrap(await http.PATCH(itemPath(scope, ''), { ...item(scope, name), body: patch })),
    async remove(scope, name) {
      unwrap(await http.DELETE(itemPath(scope, ''), item(scope, name)));
    },
    rotateSecret: async (scope, name, { keepPreviousSeconds } = {}) =>
      unwrap(
        await http.POST(itemPath(scope, '/rotate-secret'), {
          ...item(scope, name),
          body: compact({ keep_previous_seconds: keepPreviousSeconds }),
        }),
      ),
    test: async (scope, name) => unwrap(await http.POST(itemPath(scope, '/test'), item(scope, name))),
    async deliveries(scope, name, { state, top, cursor } = {}) {
      const body = unwrap(
        await http.GET(itemPath(scope, '/deliveries'), {
          params: { path: { scope: scopeParam(scope), name }, query: compact({ state, top, cursor }) },
        }),
      );
      return { value: body.value, ...compact({ next: body.next }) };
    },
    redeliver: async (scope, name, delivery) =>
      unwrap(
        await http.POST(itemPath(scope, '/deliveries/{delivery}/redeliver'), {
          params: { path: { scope: scopeParam(scope), name, delivery } },
        }),
      ),
  };
}
