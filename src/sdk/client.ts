import createClient, { type Middleware } from 'openapi-fetch';
import { compact } from '../core/compact.js';
import { createAssetClient, type AssetClient } from './asset-client.js';
import { createAccessClient, type AccessClient } from './access-client.js';
import { createAutomationClient, type AutomationClient } from './automation-client.js';
import { ArcaApiError, apiErrorFrom, unreachable } from './errors.js';
import { createJobClient, type JobClient } from './job-client.js';
import { createEventClient, type EventClient } from './event-client.js';
import { createRetentionClient, type RetentionClient } from './retention-client.js';
import type { components, operations, paths } from './openapi-types.js';
import { createUploadClient, type UploadClient } from './upload-client.js';

export { ArcaApiError } from './errors.js';
export type * from './asset-client.js';
export type * from './automation-client.js';
export type * from './job-client.js';
export type { ArcaEvent, EventClient, EventFilter, EventListOptions, EventWatchOptions } from './event-client.js';
export type * from './retention-client.js';
export type { UploadClient, UploadSession } from './upload-client.js';

/** A registry as the server shows it. */
export type Registry = components['schemas']['Registry'];
/** A workspace as the server shows it. */
export type Workspace = components['schemas']['Workspace'];
/** A long-running operation (create, add region, delete). */
export type Operation = operations['getOperation']['responses'][200]['content']['application/json'];
/** The JSON form of an Azure-style `registry.yml`. */
export type RegistrySpec = operations['createOrUpdateRegistry']['requestBody']['content']['application/json'];
/** The JSON form of a workspace file. */
export type WorkspaceSpec = operations['createOrUpdateWorkspace']['requestBody']['content']['application/json'];
/** What `PATCH` changes: description, tags (null removes one), regions added or removed. */
export type ScopePatch = operations['updateRegistry']['requestBody']['content']['application/json'];

/** One page of a list; `next` is the cursor of the following page, absent on the last one. */
export interface Page<T> {
  value: T[];
  next?: string;
}

export interface ListOptions {
  /** Page size (server default 100, at most 1000). */
  top?: number;
  cursor?: string;
  /** `key` or `key=value`; every one must match. */
  tags?: string[];
}

/** A PATCH either finishes at once (200, the resource) or starts an operation (202). */
export type PatchResult<T> = { kind: 'updated'; resource: T } | { kind: 'accepted'; operation: Operation };

/** A PUT either starts an operation (202) or finds the resource already as described (200, nothing changed). */
export type ApplyResult<T> = { kind: 'unchanged'; resource: T } | { kind: 'accepted'; operation: Operation };

/** The verbs shared by registries and workspaces. */
export interface ScopeClient<T, Spec> {
  list(options?: ListOptions): Promise<Page<T>>;
  get(name: string): Promise<T>;
  /**
   * Create or update (PUT). Regions the spec leaves out are removed only when listed in `removeRegions`;
   * otherwise the server refuses with `RegionRemovalNotExplicit`.
   */
  put(name: string, spec: Spec, options?: { removeRegions?: string[] }): Promise<ApplyResult<T>>;
  /**
   * Create only (PUT with `If-None-Match: *`): one that exists and differs is `…AlreadyExists`; one
   * exactly as described is `unchanged`.
   */
  create(name: string, spec: Spec): Promise<ApplyResult<T>>;
  patch(name: string, patch: ScopePatch): Promise<PatchResult<T>>;
  /** Starts deleting; returns the operation (202). */
  delete(name: string, options?: { force?: boolean }): Promise<Operation>;
}

export interface WaitOptions {
  /** Called after every poll with the operation as it stands. */
  onTick?: (operation: Operation) => void;
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
}

export type OperationStatus = Operation['status'];

/** Filters and paging of the operation list. */
export interface OperationListOptions {
  status?: OperationStatus;
  kind?: string;
  top?: number;
  cursor?: string;
}

export interface ArcaClient {
  readonly server: string;
  readonly registries: ScopeClient<Registry, RegistrySpec>;
  readonly workspaces: ScopeClient<Workspace, WorkspaceSpec>;
  /** Models and data in registries and workspaces. */
  readonly assets: AssetClient;
  /** Resumable blob uploads (bytes stream from their source). */
  readonly uploads: UploadClient;
  /** Users, service principals, groups, tokens, roles, assignments, the audit log. */
  readonly access: AccessClient;
  /** Background jobs (replication, backfill, gc), garbage collection now, and the consistency check. */
  readonly jobs: JobClient;
  /** The event feed: a page of events, or the live stream, resumed across dropped connections. */
  readonly events: EventClient;
  /** Retention policies of registries and workspaces, and their runs (dry or real). */
  readonly retention: RetentionClient;
  /** Automations: webhooks of the organisation, a registry or a workspace, their secrets and delivery logs. */
  readonly automations: AutomationClient;
  getOperation(id: string): Promise<Operation>;
  /** Operations the caller may see, newest first. */
  listOperations(options?: OperationListOptions): Promise<Page<Operation>>;
  /** Runs a failed or cancelled operation again under the same id; returns it `Running`. */
  retryOperation(id: string): Promise<Operation>;
  /** Cancels a running operation; returns it `Canceled`. */
  cancelOperation(id: string): Promise<Operation>;
  /** Polls with backoff until the operation is no longer `Running`; returns it as it ended. */
  waitForOperation(id: string, options?: WaitOptions): Promise<Operation>;
}

export interface ArcaClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8600`. */
  server: string;
  token: string;
  fetch?: (input: Request) => Promise<Response>;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The body of a successful response, or the error it carries, thrown. */
function unwrapper(server: string) {
  return <T>(result: Result<T>): T => {
    if (!result.response.ok) throw apiErrorFrom(server, result.response, result.error);
    return result.data as T;
  };
}

function pageOf<T>(body: { value: T[]; next?: string }): Page<T> {
  return { value: body.value, ...compact({ next: body.next }) };
}

function listQuery(options: ListOptions): { top?: number; cursor?: string; tag?: string[] } {
  return {
    ...compact({ top: options.top, cursor: options.cursor }),
    ...(options.tags === undefined || options.tags.length === 0 ? {} : { tag: options.tags }),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A typed client of `/api/v1`; every failure is thrown as `ArcaApiError`. */
export function createArcaClient(options: ArcaClientOptions): ArcaClient {
  const server = options.server.replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(server) || !URL.canParse(server)) {
    throw new ArcaApiError(
      0,
      'ServerUrlInvalid',
      `the server must be an http:// or https:// URL (got ${JSON.stringify(options.server)})`,
    );
  }
  const http = createClient<paths>({
    baseUrl: server,
    headers: { authorization: `Bearer ${options.token}` },
    ...compact({ fetch: options.fetch }),
  });
  const transportErrors: Middleware = {
    onError: ({ error }) => (error instanceof ArcaApiError ? error : unreachable(server, error)),
  };
  http.use(transportErrors);
  const unwrap = unwrapper(server);
  const patchResult = <T>(result: Result<unknown>): PatchResult<T> => {
    const body = unwrap(result);
    return result.response.status === 202
      ? { kind: 'accepted', operation: body as Operation }
      : { kind: 'updated', resource: body as T };
  };
  const applyResult = <T>(result: Result<unknown>): ApplyResult<T> => {
    const body = unwrap(result);
    if (result.response.status === 202) return { kind: 'accepted', operation: body as Operation };
    return { kind: 'unchanged', resource: body as T };
  };
  const putOptions = (name: string, removeRegions: string[] | undefined, createOnly: boolean) => ({
    params: {
      path: { name },
      query: removeRegions === undefined || removeRegions.length === 0 ? {} : { remove_region: removeRegions },
      header: createOnly ? { 'if-none-match': '*' as const } : {},
    },
  });

  const registries: ScopeClient<Registry, RegistrySpec> = {
    list: async (list = {}) =>
      pageOf(unwrap(await http.GET('/api/v1/registries', { params: { query: listQuery(list) } }))),
    get: async (name) => unwrap(await http.GET('/api/v1/registries/{name}', { params: { path: { name } } })),
    put: async (name, spec, { removeRegions } = {}) =>
      applyResult<Registry>(
        await http.PUT('/api/v1/registries/{name}', { ...putOptions(name, removeRegions, false), body: spec }),
      ),
    create: async (name, spec) =>
      applyResult<Registry>(
        await http.PUT('/api/v1/registries/{name}', { ...putOptions(name, undefined, true), body: spec }),
      ),
    patch: async (name, patch) =>
      patchResult<Registry>(await http.PATCH('/api/v1/registries/{name}', { params: { path: { name } }, body: patch })),
    delete: async (name, { force = false } = {}) =>
      unwrap(
        await http.DELETE('/api/v1/registries/{name}', { params: { path: { name }, query: force ? { force } : {} } }),
      ),
  };
  const workspaces: ScopeClient<Workspace, WorkspaceSpec> = {
    list: async (list = {}) =>
      pageOf(unwrap(await http.GET('/api/v1/workspaces', { params: { query: listQuery(list) } }))),
    get: async (name) => unwrap(await http.GET('/api/v1/workspaces/{name}', { params: { path: { name } } })),
    put: async (name, spec, { removeRegions } = {}) =>
      applyResult<Workspace>(
        await http.PUT('/api/v1/workspaces/{name}', { ...putOptions(name, removeRegions, false), body: spec }),
      ),
    create: async (name, spec) =>
      applyResult<Workspace>(
        await http.PUT('/api/v1/workspaces/{name}', { ...putOptions(name, undefined, true), body: spec }),
      ),
    patch: async (name, patch) =>
      patchResult<Workspace>(
        await http.PATCH('/api/v1/workspaces/{name}', { params: { path: { name } }, body: patch }),
      ),
    delete: async (name, { force = false } = {}) =>
      unwrap(
        await http.DELETE('/api/v1/workspaces/{name}', { params: { path: { name }, query: force ? { force } : {} } }),
      ),
  };
  const getOperation = async (id: string): Promise<Operation> =>
    unwrap(await http.GET('/api/v1/operations/{id}', { params: { path: { id } } }));

  const endpoint = { server, token: options.token };

  return {
    server,
    registries,
    workspaces,
    assets: createAssetClient(http, endpoint),
    uploads: createUploadClient(endpoint),
    access: createAccessClient(http, server),
    jobs: createJobClient(http, server),
    events: createEventClient(http, endpoint),
    retention: createRetentionClient(http, server),
    automations: createAutomationClient(http, server),
    getOperation,
    listOperations: async ({ status, kind, top, cursor } = {}) =>
      pageOf(
        unwrap(await http.GET('/api/v1/operations', { params: { query: compact({ status, kind, top, cursor }) } })),
      ),
    retryOperation: async (id) =>
      unwrap(await http.POST('/api/v1/operations/{id}/retry', { params: { path: { id } } })),
    cancelOperation: async (id) =>
      unwrap(await http.POST('/api/v1/operations/{id}/cancel', { params: { path: { id } } })),
    async waitForOperation(id, { onTick, timeoutMs = 600_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      // Provisioning a directory takes milliseconds, replicating to a cloud region minutes: start fast, back off.
      let delay = 25;
      for (;;) {
        const operation = await getOperation(id);
        onTick?.(operation);
        if (operation.status !== 'Running') return operation;
        if (Date.now() + delay > deadline) {
          throw new ArcaApiError(
            0,
            'OperationTimeout',
            `operation ${id} is still running after ${Math.round(timeoutMs / 1000)} s; check it later with: arca operation show ${id}`,
          );
        }
        await sleep(delay);
        delay = Math.min(Math.round(delay * 1.6), 2_000);
      }
    },
  };
}
