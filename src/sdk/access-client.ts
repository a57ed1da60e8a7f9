import { Readable } from 'node:stream';
import type { Client } from 'openapi-fetch';
import { compact } from '../core/compact.js';
import { apiErrorFrom, unreachable } from './errors.js';
import { nodeHttpStreamFetch } from './node-http-stream-fetch.js';
import type { components, operations, paths } from './openapi-types.js';

export type Principal = components['schemas']['Principal'];
export type Token = components['schemas']['Token'];
export type Role = components['schemas']['Role'];
export type RoleAssignment = components['schemas']['RoleAssignment'];
export type AuditCheckpoint = operations['createAuditCheckpoint']['responses'][201]['content']['application/json'];
export type AuditSigningKey = operations['getAuditSigningKey']['responses'][200]['content']['application/json'];
export type AuditCheckpointVerdict =
  operations['verifyAuditCheckpoints']['responses'][200]['content']['application/json'];
export type Whoami = operations['whoami']['responses'][200]['content']['application/json'];
export type Group = operations['getGroup']['responses'][200]['content']['application/json'];
export type PrincipalKind = 'user' | 'service';
export type ScopeRef = { registry?: string; workspace?: string };
/** A time range of the audit log: ISO-8601 dates or date-times, `since` inclusive, `until` exclusive. */
export type AuditRange = { since?: string; until?: string };

/** Users, service principals, groups, tokens, roles, assignments, the audit log. */
export interface AccessClient {
  whoami(): Promise<Whoami>;
  listPrincipals(kind: PrincipalKind): Promise<Principal[]>;
  getPrincipal(kind: PrincipalKind, name: string): Promise<Principal>;
  putPrincipal(
    kind: PrincipalKind,
    name: string,
    body: { email?: string | null; display_name?: string | null; disabled?: boolean },
  ): Promise<Principal>;
  deletePrincipal(kind: PrincipalKind, name: string): Promise<void>;
  createToken(
    kind: PrincipalKind,
    name: string,
    body: { name: string; expires_at?: string; read_only?: boolean } & ScopeRef,
  ): Promise<Token>;
  listTokens(kind: PrincipalKind, name: string): Promise<Token[]>;
  revokeToken(id: string): Promise<Token>;
  listGroups(): Promise<{ id: string; name: string; description: string | null }[]>;
  getGroup(name: string): Promise<Group>;
  putGroup(name: string, description?: string): Promise<Group>;
  deleteGroup(name: string): Promise<void>;
  setMember(group: string, member: string, present: boolean): Promise<Group>;
  listRoles(): Promise<Role[]>;
  getRole(name: string): Promise<Role>;
  createRole(name: string, body: { description?: string; actions: string[]; not_actions?: string[] }): Promise<Role>;
  assign(
    body: { role: string; user?: string; service_principal?: string; group?: string } & ScopeRef,
  ): Promise<RoleAssignment>;
  assignments(scope: ScopeRef): Promise<RoleAssignment[]>;
  unassign(id: string): Promise<void>;
  audit(query: Record<string, string | number | undefined>): Promise<{ value: unknown[]; next?: string }>;
  verifyAudit(): Promise<{ ok: boolean; events: number; first_broken?: { seq: number; id: string; reason: string } }>;
  /**
   * Every audit event in the range as JSON lines, oldest first, streamed: read it at your pace and
   * memory stays constant however long the log. A bad range is thrown before any byte arrives.
   */
  exportAudit(range?: AuditRange): Promise<Readable>;
  /** Signs the audit chain's head now and answers the checkpoint (keep it outside the server). */
  createAuditCheckpoint(): Promise<AuditCheckpoint>;
  /** The public key that signs checkpoints. */
  auditSigningKey(): Promise<AuditSigningKey>;
  /** Recomputes the chain and checks it against checkpoints kept elsewhere. */
  verifyAuditCheckpoints(checkpoints: unknown[]): Promise<AuditCheckpointVerdict>;
}

type Result<T> = { data?: T; error?: unknown; response: Response };
const segment: Record<PrincipalKind, '/api/v1/users/{name}'> = {
  user: '/api/v1/users/{name}',
  service: '/api/v1/service-principals/{name}' as '/api/v1/users/{name}',
};

/** Passes a streamed body on; a connection lost midway becomes `ServerUnreachable`, as before the answer. */
async function* transportErrorsAsApiErrors(body: Readable, server: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of body) yield chunk as Buffer;
  } catch (error) {
    throw unreachable(server, error);
  }
}

/** Builds the access client over the typed HTTP client. */
export function createAccessClient(http: Client<paths>, server: string): AccessClient {
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.response.ok) throw apiErrorFrom(server, result.response, result.error);
    return result.data as T;
  };
  const list = (kind: PrincipalKind) =>
    (kind === 'user' ? '/api/v1/users' : '/api/v1/service-principals') as '/api/v1/users';
  const scopeQuery = (scope: ScopeRef) => ({
    ...(scope.registry ? { registry: scope.registry } : {}),
    ...(scope.workspace ? { workspace: scope.workspace } : {}),
  });
  return {
    whoami: async () => unwrap(await http.GET('/api/v1/whoami')),
    listPrincipals: async (kind) => unwrap(await http.GET(list(kind))).value,
    getPrincipal: async (kind, name) => unwrap(await http.GET(segment[kind], { params: { path: { name } } })),
    putPrincipal: async (kind, name, body) =>
      unwrap(await http.PUT(segment[kind], { params: { path: { name } }, body })),
    deletePrincipal: async (kind, name) => {
      unwrap(await http.DELETE(segment[kind], { params: { path: { name } } }));
    },
    createToken: async (kind, name, body) =>
      unwrap(
        await http.POST(`${segment[kind]}/tokens` as '/api/v1/users/{name}/tokens', {
          params: { path: { name } },
          body,
        }),
      ),
    listTokens: async (kind, name) =>
      unwrap(await http.GET(`${segment[kind]}/tokens` as '/api/v1/users/{name}/tokens', { params: { path: { name } } }))
        .value,
    revokeToken: async (id) => unwrap(await http.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
    listGroups: async () => unwrap(await http.GET('/api/v1/groups')).value,
    getGroup: async (name) => unwrap(await http.GET('/api/v1/groups/{name}', { params: { path: { name } } })),
    putGroup: async (name, description) =>
      unwrap(
        await http.PUT('/api/v1/groups/{name}', {
          params: { path: { name } },
          body: description === undefined ? {} : { description },
        }),
      ),
    deleteGroup: async (name) => {
      unwrap(await http.DELETE('/api/v1/groups/{name}', { params: { path: { name } } }));
    },
    setMember: async (group, member, present) =>
      unwrap(
        present
          ? await http.PUT('/api/v1/groups/{name}/members/{member}', { params: { path: { name: group, member } } })
          : await http.DELETE('/api/v1/groups/{name}/members/{member}', { params: { path: { name: group, member } } }),
      ),
    listRoles: async () => unwrap(await http.GET('/api/v1/roles')).value,
    getRole: async (name) => unwrap(await http.GET('/api/v1/roles/{name}', { params: { path: { name } } })),
    createRole: async (name, body) =>
      unwrap(await http.PUT('/api/v1/roles/{name}', { params: { path: { name } }, body })),
    assign: async (body) => unwrap(await http.POST('/api/v1/role-assignments', { body })),
    assignments: async (scope) =>
      unwrap(await http.GET('/api/v1/role-assignments', { params: { query: scopeQuery(scope) } })).value,
    unassign: async (id) => {
      unwrap(await http.DELETE('/api/v1/role-assignments/{id}', { params: { path: { id } } }));
    },
    audit: async (query) =>
      unwrap(
        await http.GET('/api/v1/audit', {
          params: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as never },
        }),
      ) as { value: unknown[]; next?: string },
    verifyAudit: async () =>
      unwrap(await http.POST('/api/v1/audit/verify')) as {
        ok: boolean;
        events: number;
        first_broken?: { seq: number; id: string; reason: string };
      },
    createAuditCheckpoint: async () => unwrap(await http.POST('/api/v1/audit/checkpoints')),
    auditSigningKey: async () => unwrap(await http.GET('/api/v1/audit/signing-key')),
    verifyAuditCheckpoints: async (checkpoints) =>
      unwrap(await http.POST('/api/v1/audit/checkpoints/verify', { body: { checkpoints } })),
    async exportAudit(range = {}) {
      const query = compact({ since: range.since, until: range.until });
      const body = unwrap(
        await http.GET('/api/v1/audit/export', { params: { query }, parseAs: 'stream', fetch: nodeHttpStreamFetch }),
      );
      // An empty export arrives with no body at all.
      return body === null || body === undefined
        ? Readable.from([])
        : Readable.from(
            transportErrorsAsApiErrors(Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]), server),
            { objectMode: false },
          );
    },
  };
}
