import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { routesOf } from '../../src/http/app.js';
import type { TestDatabase, TestDialect } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { mlflowMatrix, type MlflowVerb } from './access-matrix-mlflow.js';

/** The principals of the matrix: one user per built-in role (assigned at org), and one with none. */
const roles = ['Owner', 'Contributor', 'Reader', 'AssetUser', 'AssetPublisher', 'Approver', 'none'] as const;
type Role = (typeof roles)[number];

const everyone: Role[] = [...roles];
const anyRole: Role[] = ['Owner', 'Contributor', 'Reader', 'AssetUser', 'AssetPublisher', 'Approver'];
const managers: Role[] = ['Owner', 'Contributor'];
const publishers: Role[] = ['Owner', 'Contributor', 'AssetPublisher'];
const directoryReaders: Role[] = ['Owner', 'Contributor', 'Reader'];
const owners: Role[] = ['Owner'];
const approvers: Role[] = ['Owner', 'Contributor', 'Approver'];

interface Case {
  allowed: Role[];
  /** The request to send as `role` (a path and an optional JSON body); ids come from the setup. */
  request: (role: Role, ids: Ids) => { path: string; body?: unknown };
}
interface Ids {
  operation: string;
  token: string;
  assignment: string;
  uploads: Record<string, string>;
}

const id0 = '00000000-0000-4000-8000-000000000000';
const cases = new Map<string, Case>();
const add = (method: string, url: string, allowed: Role[], request: Case['request']) =>
  cases.set(`${method} ${url}`, { allowed, request });

add('GET', '/api/v1/registries', everyone, () => ({ path: '/api/v1/registries' }));
add('GET', '/api/v1/workspaces', everyone, () => ({ path: '/api/v1/workspaces' }));
add('GET', '/api/v1/search', everyone, () => ({ path: '/api/v1/search?q=1' }));
add('GET', '/api/v1/registries/:name/regions', anyRole, () => ({ path: '/api/v1/registries/reg1/regions' }));
for (const [family, kind] of [
  ['registries', 'reg1'],
  ['workspaces', 'ws1'],
] as const) {
  const reads: Role[] = family === 'registries' ? anyRole : anyRole;
  add('GET', `/api/v1/${family}/:name`, reads, () => ({ path: `/api/v1/${family}/${kind}` }));
  // Invalid bodies: an allowed caller gets 400 from validation, a denied one 403 before it; nothing changes.
  add('PUT', `/api/v1/${family}/:name`, managers, () => ({ path: `/api/v1/${family}/${kind}`, body: {} }));
  add('PATCH', `/api/v1/${family}/:name`, managers, () => ({ path: `/api/v1/${family}/${kind}`, body: { nope: 1 } }));
  add('DELETE', `/api/v1/${family}/:name`, managers, () => ({ path: `/api/v1/${family}/not-there-${kind}` }));
  add('POST', `/api/v1/${family}/:scope/uploads`, publishers, () => ({ path: `/api/v1/${family}/${kind}/uploads` }));
  for (const method of ['GET', 'PATCH', 'PUT', 'DELETE']) {
    add(method, `/api/v1/${family}/:scope/uploads/:id`, publishers, (_r, ids) => ({
      path: `/api/v1/${family}/${kind}/uploads/${method === 'GET' ? ids.uploads[family] : id0}${method === 'PUT' ? '?digest=x' : ''}`,
    }));
  }
  // Neither scope has a policy: an allowed caller gets 404 RetentionPolicyNotFound (400 for the invalid body).
  add('GET', `/api/v1/${family}/:scope/retention`, anyRole, () => ({ path: `/api/v1/${family}/${kind}/retention` }));
  add('PUT', `/api/v1/${family}/:scope/retention`, managers, () => ({
    path: `/api/v1/${family}/${kind}/retention`,
    body: { rules: [] },
  }));
  add('DELETE', `/api/v1/${family}/:scope/retention`, managers, () => ({
    path: `/api/v1/${family}/${kind}/retention`,
  }));
  // A dry run needs the scope's read; a real run `<family>/assets/delete` (test/api/retention.test.ts).
  add('POST', `/api/v1/${family}/:scope/retention/run`, anyRole, () => ({
    path: `/api/v1/${family}/${kind}/retention/run`,
    body: { dry_run: true },
  }));
  for (const segment of ['models', 'data', 'environments', 'components']) {
    const base = `/api/v1/${family}/:scope/${segment}/:name`;
    const at = `/api/v1/${family}/${kind}/${segment}/thing`;
    add('GET', `/api/v1/${family}/:scope/${segment}`, anyRole, () => ({
      path: `/api/v1/${family}/${kind}/${segment}`,
    }));
    add('GET', base, anyRole, () => ({ path: at }));
    add('PATCH', base, publishers, () => ({ path: at, body: { bogus: true } }));
    add('POST', `${base}/versions`, publishers, () => ({ path: `${at}/versions`, body: {} }));
    add('GET', `${base}/versions`, anyRole, () => ({ path: `${at}/versions` }));
    add('GET', `${base}/versions/:version`, anyRole, () => ({ path: `${at}/versions/1` }));
    add('PATCH', `${base}/versions/:version`, publishers, () => ({ path: `${at}/versions/1`, body: { bogus: true } }));
    for (const action of ['commit', 'archive', 'restore'])
      add('POST', `${base}/versions/:version/${action}`, publishers, () => ({ path: `${at}/versions/404/${action}` }));
    add('DELETE', `${base}/versions/:version`, publishers, () => ({ path: `${at}/versions/404` }));
    add('POST', `${base}/versions/:version/share`, publishers, () => ({
      path: `${at}/versions/1/share`,
      body: { [family === 'registries' ? 'registry' : 'workspace']: kind, name: 'shared-copy', version: 'x' },
    }));
    add('GET', `${base}/versions/:version/lineage`, anyRole, () => ({ path: `${at}/versions/1/lineage` }));
    if (segment === 'environments')
      add('GET', `${base}/versions/:version/image`, anyRole, () => ({ path: `${at}/versions/1/image` }));
    add('GET', `${base}/versions/:version/evidence`, managers, () => ({ path: `${at}/versions/1/evidence` }));
    add('GET', `${base}/versions/:version/files/*`, anyRole, () => ({ path: `${at}/versions/1/files/w` }));
    add('GET', `${base}/versions/:version/download`, anyRole, () => ({ path: `${at}/versions/1/download` }));
    add('GET', `${base}/aliases/:alias`, anyRole, () => ({ path: `${at}/aliases/latest` }));
    add('PUT', `${base}/aliases/:alias`, [...publishers, 'Approver'], () => ({ path: `${at}/aliases/prod`, body: {} }));
    add('DELETE', `${base}/aliases/:alias`, [...publishers, 'Approver'], () => ({ path: `${at}/aliases/missing` }));
    add('GET', `${base}/aliases/:alias/history`, anyRole, () => ({ path: `${at}/aliases/latest/history` }));
    add('POST', `${base}/aliases/:alias/rollback`, [...publishers, 'Approver'], () => ({
      path: `${at}/aliases/never-moved/rollback`,
      body: {},
    }));
    add('POST', `${base}/aliases/:alias/approvals`, [...publishers, 'Approver'], () => ({
      path: `${at}/aliases/prod/approvals`,
      body: {},
    }));
    add('GET', `${base}/approvals`, anyRole, () => ({ path: `${at}/approvals` }));
    for (const decision of ['approve', 'reject'])
      add('POST', `${base}/approvals/:id/${decision}`, approvers, () => ({
        path: `${at}/approvals/${id0}/${decision}`,
        body: {},
      }));
  }
}
add('GET', '/api/v1/operations', everyone, () => ({ path: '/api/v1/operations' }));
add('GET', '/api/v1/operations/:id', anyRole, (_r, ids) => ({ path: `/api/v1/operations/${ids.operation}` }));
// The setup's operation (ws1's provisioning) succeeded: an allowed caller gets 409 OperationNotActive.
for (const action of ['retry', 'cancel'])
  add('POST', `/api/v1/operations/:id/${action}`, managers, (_r, ids) => ({
    path: `/api/v1/operations/${ids.operation}/${action}`,
  }));
add('GET', '/api/v1/whoami', anyRole.concat('none'), () => ({ path: '/api/v1/whoami' }));
// The event feed: any caller, each event shown only to those who may read its scope (the stream with
// follow=false answers what is there and ends, so the matrix can read its whole answer).
add('GET', '/api/v1/events', everyone, () => ({ path: '/api/v1/events' }));
add('GET', '/api/v1/events/stream', everyone, () => ({ path: '/api/v1/events/stream?follow=false&after=0' }));
// The approval inbox: any caller, the list filtered to what they may decide.
add('GET', '/api/v1/approvals', anyRole.concat('none'), () => ({ path: '/api/v1/approvals' }));
for (const [segment, someone] of [
  ['users', 'someone'],
  ['service-principals', 'ci-bot'],
] as const) {
  add('GET', `/api/v1/${segment}`, directoryReaders, () => ({ path: `/api/v1/${segment}` }));
  add('GET', `/api/v1/${segment}/:name`, directoryReaders, () => ({ path: `/api/v1/${segment}/${someone}` }));
  add('PUT', `/api/v1/${segment}/:name`, owners, (role) => ({
    path: `/api/v1/${segment}/made-by-${role.toLowerCase()}`,
    body: {},
  }));
  add('DELETE', `/api/v1/${segment}/:name`, owners, () => ({ path: `/api/v1/${segment}/doomed` }));
  add('GET', `/api/v1/${segment}/:name/tokens`, directoryReaders, () => ({
    path: `/api/v1/${segment}/${someone}/tokens`,
  }));
  add('POST', `/api/v1/${segment}/:name/tokens`, owners, () => ({
    path: `/api/v1/${segment}/${someone}/tokens`,
    body: { name: 'minted' },
  }));
}
add('DELETE', '/api/v1/tokens/:id', owners, (_r, ids) => ({ path: `/api/v1/tokens/${ids.token}` }));
add('GET', '/api/v1/groups', directoryReaders, () => ({ path: '/api/v1/groups' }));
add('GET', '/api/v1/groups/:name', directoryReaders, () => ({ path: '/api/v1/groups/team' }));
add('PUT', '/api/v1/groups/:name', owners, (role) => ({
  path: `/api/v1/groups/made-by-${role.toLowerCase()}`,
  body: {},
}));
add('DELETE', '/api/v1/groups/:name', owners, () => ({ path: '/api/v1/groups/doomed-group' }));
add('PUT', '/api/v1/groups/:name/members/:member', owners, () => ({ path: '/api/v1/groups/team/members/someone' }));
add('DELETE', '/api/v1/groups/:name/members/:member', owners, () => ({
  path: '/api/v1/groups/team/members/nobody-member',
}));
add('GET', '/api/v1/roles', directoryReaders, () => ({ path: '/api/v1/roles' }));
add('GET', '/api/v1/roles/:name', directoryReaders, () => ({ path: '/api/v1/roles/Reader' }));
add('PUT', '/api/v1/roles/:name', owners, (role) => ({
  path: `/api/v1/roles/custom-${role.toLowerCase()}`,
  body: { actions: ['*/read'] },
}));
add('GET', '/api/v1/role-assignments', directoryReaders, () => ({ path: '/api/v1/role-assignments' }));
add('POST', '/api/v1/role-assignments', owners, () => ({
  path: '/api/v1/role-assignments',
  body: { role: 'Reader', user: 'someone', registry: 'reg1' },
}));
add('DELETE', '/api/v1/role-assignments/:id', owners, (_r, ids) => ({
  path: `/api/v1/role-assignments/${ids.assignment}`,
}));
add('GET', '/api/v1/audit', managers, () => ({ path: '/api/v1/audit' }));
add('GET', '/api/v1/audit/export', managers, () => ({ path: '/api/v1/audit/export' }));
add('POST', '/api/v1/audit/verify', managers, () => ({ path: '/api/v1/audit/verify' }));
add('POST', '/api/v1/audit/checkpoints', managers, () => ({ path: '/api/v1/audit/checkpoints' }));
add('POST', '/api/v1/audit/checkpoints/verify', managers, () => ({
  path: '/api/v1/audit/checkpoints/verify',
  body: { checkpoints: [] },
}));
add('GET', '/api/v1/audit/signing-key', managers, () => ({ path: '/api/v1/audit/signing-key' }));
add('GET', '/metrics', directoryReaders, () => ({ path: '/metrics' }));
// The OCI API (repository reg1/models/thing holds version 1 of the model made in the setup).
const thingBlob = `sha256:${createHash('sha256').update('registriesmodels').digest('hex')}`;
const repo = '/v2/:scope/:segment/:name';
add('GET', '/v2/', everyone, () => ({ path: '/v2/' }));
add('GET', '/v2/_catalog', everyone, () => ({ path: '/v2/_catalog' }));
add('GET', '/v2/token', everyone, () => ({ path: '/v2/token?service=arca&scope=repository:reg1/models/thing:pull' }));
add('GET', `${repo}/blobs/:digest`, anyRole, () => ({ path: `/v2/reg1/models/thing/blobs/${thingBlob}` }));
add('DELETE', `${repo}/blobs/:digest`, publishers, () => ({
  path: `/v2/reg1/models/thing/blobs/sha256:${'0'.repeat(64)}`,
}));
add('POST', `${repo}/blobs/uploads/`, publishers, () => ({ path: '/v2/reg1/models/thing/blobs/uploads/' }));
for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'])
  add(method, `${repo}/blobs/uploads/:id`, publishers, () => ({
    path: `/v2/reg1/models/thing/blobs/uploads/${id0}${method === 'PUT' ? `?digest=${thingBlob}` : ''}`,
  }));
add('GET', `${repo}/manifests/:reference`, anyRole, () => ({ path: '/v2/reg1/models/thing/manifests/1' }));
add('PUT', `${repo}/manifests/:reference`, publishers, () => ({ path: '/v2/reg1/models/thing/manifests/x', body: {} }));
add('DELETE', `${repo}/manifests/:reference`, publishers, () => ({ path: '/v2/reg1/models/thing/manifests/missing' }));
add('GET', `${repo}/tags/list`, anyRole, () => ({ path: '/v2/reg1/models/thing/tags/list' }));
add('GET', `${repo}/referrers/:digest`, anyRole, () => ({ path: `/v2/reg1/models/thing/referrers/${thingBlob}` }));
// Automations: none named `nothing` exists, so an allowed caller gets 404 (400 for the invalid bodies), a denied one 403.
for (const base of [
  '/api/v1/automations',
  '/api/v1/registries/:scope/automations',
  '/api/v1/workspaces/:scope/automations',
]) {
  const at = base.replace(':scope', base.includes('registries') ? 'reg1' : 'ws1');
  add('GET', base, directoryReaders, () => ({ path: at }));
  add('POST', base, managers, () => ({ path: at, body: {} }));
  add('GET', `${base}/:name`, directoryReaders, () => ({ path: `${at}/nothing` }));
  add('PATCH', `${base}/:name`, managers, () => ({ path: `${at}/nothing`, body: { nope: 1 } }));
  add('DELETE', `${base}/:name`, managers, () => ({ path: `${at}/nothing` }));
  add('POST', `${base}/:name/rotate-secret`, managers, () => ({ path: `${at}/nothing/rotate-secret`, body: {} }));
  add('POST', `${base}/:name/test`, managers, () => ({ path: `${at}/nothing/test` }));
  add('GET', `${base}/:name/deliveries`, directoryReaders, () => ({ path: `${at}/nothing/deliveries` }));
  add('POST', `${base}/:name/deliveries/:delivery/redeliver`, managers, () => ({
    path: `${at}/nothing/deliveries/msg_x/redeliver`,
  }));
}
add('GET', '/api/v1/jobs', directoryReaders, () => ({ path: '/api/v1/jobs' }));
add('GET', '/api/v1/jobs/:id', directoryReaders, () => ({ path: `/api/v1/jobs/${id0}` }));
for (const action of ['retry', 'cancel'])
  add('POST', `/api/v1/jobs/:id/${action}`, managers, () => ({ path: `/api/v1/jobs/${id0}/${action}` }));
add('POST', '/api/v1/gc', directoryReaders, () => ({ path: '/api/v1/gc', body: { dry_run: true, region: 'nowhere' } }));
add('POST', '/api/v1/fsck', directoryReaders, () => ({ path: '/api/v1/fsck', body: { region: 'nowhere' } }));
// MLflow's endpoints under each scope's tracking URI (`/mlflow/<family>/<scope>/api/2.0/…`).
const mlflowRoles: Record<MlflowVerb, Role[]> = {
  read: anyRole,
  write: publishers,
  delete: publishers,
  'aliases/write': [...publishers, 'Approver'],
};
const mlflowReads = new Set<string>();
for (const [family, scope] of [
  ['registries', 'reg1'],
  ['workspaces', 'ws1'],
] as const) {
  for (const entry of mlflowMatrix) {
    const key = `${entry.method} /mlflow/${family}/:scope/api/2.0/${entry.path}`;
    if (entry.verb === 'read') mlflowReads.add(key);
    add(entry.method, key.slice(entry.method.length + 1), mlflowRoles[entry.verb], () => ({
      path: `/mlflow/${family}/${scope}/api/2.0/${entry.request?.path ?? entry.path}`,
      ...(entry.method === 'GET' || entry.method === 'HEAD' ? {} : { body: entry.request?.body ?? {} }),
    }));
  }
}
// Signing in authenticates the token in its body; the studio's pages hold no data (the API they call does).
const publicRoutes = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/v1/openapi.json',
  'POST /api/v1/sessions',
  'GET /',
  'GET /*',
]);
// A bearer caller has no studio session: 404 StudioSessionNotFound, whatever its role.
add('GET', '/api/v1/sessions/current', everyone, () => ({ path: '/api/v1/sessions/current' }));
add('DELETE', '/api/v1/sessions/current', everyone, () => ({ path: '/api/v1/sessions/current' }));

/**
 * The credential dimension: each kind of restricted token for every role (the Owner's shows the token as
 * the only limit; the others that a token never adds to its role).
 */
const credentialKinds = [
  'read-only',
  'narrowed to ws1',
  'narrowed to reg1',
  'session pull',
  'session push',
  'studio session of a read-only',
  'studio session of a narrowed to ws1',
] as const;
type CredentialKind = (typeof credentialKinds)[number];
const credentialRoles: Role[] = [...roles.filter((r) => r !== 'Owner'), 'Owner'];
/** Routes answered for every valid token (lists filtered to what it may see, the caller itself, the OCI base and catalogue). */
const anyCredential = new Set([
  'GET /api/v1/operations',
  'GET /api/v1/registries',
  'GET /api/v1/workspaces',
  'GET /api/v1/search',
  'GET /api/v1/whoami',
  'GET /api/v1/approvals',
  'GET /api/v1/events',
  'GET /api/v1/events/stream',
  'GET /api/v1/sessions/current',
  'DELETE /api/v1/sessions/current',
  'GET /v2/',
  'GET /v2/_catalog',
]);
/** Upload status is part of an upload: a GET that needs the write permission. */
const isWrite = (key: string): boolean =>
  key.startsWith('GET ') ? key.includes('/uploads/:id') : !readingPosts.has(key) && !mlflowReads.has(key);
/** Routes that are not a GET yet only read (their permission is a `/read` one: a read-only token may use them). */
const readingPosts = new Set([
  'POST /api/v1/audit/verify',
  'POST /api/v1/audit/checkpoints/verify',
  'POST /api/v1/audit/checkpoints',
  'POST /api/v1/gc',
  'POST /api/v1/fsck',
  // A dry run only reads; a real run asks for `<family>/assets/delete`, which a read-only token refuses.
  'POST /api/v1/registries/:scope/retention/run',
  'POST /api/v1/workspaces/:scope/retention/run',
  // Signing out: a read-only token's session may end itself.
  'DELETE /api/v1/sessions/current',
]);
/** Organisation-level routes whose request above is about one scope only (the setup's ids and bodies name it). */
const aboutOneScope = new Map([
  ['GET /api/v1/operations/:id', 'workspace:ws1'],
  ['POST /api/v1/operations/:id/retry', 'workspace:ws1'],
  ['POST /api/v1/operations/:id/cancel', 'workspace:ws1'],
  ['POST /api/v1/role-assignments', 'registry:reg1'],
  ['DELETE /api/v1/role-assignments/:id', 'workspace:ws1'],
]);

/**
 * A refusal's catalogue code and message, from whichever envelope carries it: Arca's, the OCI one (`DENIED`), or
 * MLflow's (`PERMISSION_DENIED`, the Arca code at the end of the message).
 */
function refusalOf(body: any): { code: string; message: string } | undefined {
  if (body?.error !== undefined) return body.error;
  const oci = body?.errors?.[0];
  if (oci?.code === 'DENIED')
    return { code: /^this token is/.test(oci.message) ? 'CredentialRestricted' : 'Forbidden', message: oci.message };
  if (typeof body?.error_code === 'string' && typeof body.message === 'string')
    return { code: /\[(\w+)\]$/.exec(body.message)?.[1] ?? body.error_code, message: body.message };
  return undefined;
}

/** What a route's request is about: `registry:<name>`, `workspace:<name>`, or undefined for the organisation. */
function scopeOfRequest(key: string, path: string): string | undefined {
  const special = aboutOneScope.get(key);
  if (special !== undefined) return special;
  const rest = /^\/(?:api\/v1|mlflow)\/(registries|workspaces)\/([^/?]+)/.exec(path);
  if (rest) return `${rest[1] === 'registries' ? 'registry' : 'workspace'}:${rest[2]}`;
  const oci = /^\/v2\/([^/?]+)\//.exec(path);
  return oci && key.startsWith(`${key.split(' ')[0]} /v2/:scope`) ? `registry:${oci[1]}` : undefined;
}

/** A studio session (cookie and CSRF header) is exactly as narrow as the token it was made from. */
const studioParent = (kind: CredentialKind): CredentialKind =>
  kind === 'studio session of a read-only'
    ? 'read-only'
    : kind === 'studio session of a narrowed to ws1'
      ? 'narrowed to ws1'
      : kind;

/** Whether the token alone (whatever the role) lets a request through. */
function credentialAllows(kind: CredentialKind, key: string, path: string): boolean {
  if (kind !== studioParent(kind)) return !key.includes(' /v2/') && credentialAllows(studioParent(kind), key, path);
  const session = kind.startsWith('session');
  if (key === 'GET /v2/') return true;
  // A session token is not exchanged for another, and works on the OCI API only.
  if (key === 'GET /v2/token') return !session;
  if (session && !key.includes(' /v2/')) return false;
  const readOnly = kind === 'read-only' || kind === 'session pull';
  if (readOnly && isWrite(key)) return false;
  if (kind === 'read-only' || anyCredential.has(key)) return true;
  return scopeOfRequest(key, path) === (kind === 'narrowed to ws1' ? 'workspace:ws1' : 'registry:reg1');
}

/**
 * The matrix on one dialect. Each dialect has its own test file (access-matrix-sqlite / -postgres), so the two
 * run in parallel processes: together they are the suite's longest file.
 */
export function describeAccessMatrix(dialect: TestDialect): void {
  describe(`route × role access matrix on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const tokens = new Map<Role, string>();
    const ids: Ids = { operation: '', token: '', assignment: '', uploads: {} };

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const [path, body] of [
        ['/api/v1/registries/reg1', { location: 'eastus' }],
        ['/api/v1/workspaces/ws1', { location: 'eastus' }],
      ] as const) {
        const put = await server.api('PUT', path, body);
        ids.operation = (await server.waitForOperation(put.headers.get('location') ?? '')).id;
      }
      for (const family of ['registries', 'workspaces']) {
        const scope = family === 'registries' ? 'reg1' : 'ws1';
        for (const segment of ['models', 'data'])
          await createVersion(server, `/api/v1/${family}/${scope}/${segment}/thing`, [
            { path: 'w', bytes: Buffer.from(`${family}${segment}`) },
          ]);
        await createVersion(server, `/api/v1/${family}/${scope}/environments/thing`, [], {
          spec: `name: thing\nimage: python@sha256:${'0'.repeat(64)}\n`,
        });
        await createVersion(server, `/api/v1/${family}/${scope}/components/thing`, [], {
          spec: 'name: thing\ntype: command\ncommand: echo hi\nenvironment: thing:1\n',
        });
        ids.uploads[family] = (await server.api('POST', `/api/v1/${family}/${scope}/uploads`)).body.id;
      }
      for (const name of ['someone', 'doomed']) await server.api('PUT', `/api/v1/users/${name}`, {});
      await server.api('PUT', '/api/v1/service-principals/ci-bot', {});
      await server.api('PUT', '/api/v1/service-principals/doomed', {});
      await server.api('PUT', '/api/v1/groups/team', {});
      ids.token = (await server.api('POST', '/api/v1/users/someone/tokens', { name: 'victim' })).body.id;
      ids.assignment = (
        await server.api('POST', '/api/v1/role-assignments', { role: 'AssetUser', user: 'someone', workspace: 'ws1' })
      ).body.id;
      for (const role of roles) {
        const user = `u-${role.toLowerCase()}`;
        assert.equal((await server.api('PUT', `/api/v1/users/${user}`, {})).status, 200);
        if (role !== 'none')
          assert.equal((await server.api('POST', '/api/v1/role-assignments', { role, user })).status, 201);
        tokens.set(role, (await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 'matrix' })).body.token);
      }
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('has an entry for every route the server registers (a new route without one fails here)', () => {
      const missing = routesOf(server.app)
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => !cases.has(key) && !publicRoutes.has(key));
      assert.deepEqual(missing, []);
    });

    // The Owner goes last: its allowed deletes (an assignment, a user) would otherwise leave others a 404 to hit.
    for (const role of [...roles.filter((r) => r !== 'Owner'), 'Owner' as const]) {
      it(`lets ${role} through exactly the routes its role grants, and answers 403 naming the permission elsewhere`, async () => {
        const wrong: string[] = [];
        for (const [key, entry] of cases) {
          const method = key.split(' ')[0] ?? 'GET';
          const { path, body } = entry.request(role, ids);
          const res = await server.api(method, path, body, { authorization: `Bearer ${tokens.get(role)}` });
          const allowed = entry.allowed.includes(role);
          // The catalogue envelope, or under /v2/ the OCI one with its DENIED code.
          const refusal = refusalOf(res.body);
          const denied =
            res.status === 403 && refusal?.code === 'Forbidden' && /lacks the permission \S+\//.test(refusal.message);
          if (allowed && (res.status === 403 || res.status === 401))
            wrong.push(`${key}: expected allowed, got ${res.status} ${JSON.stringify(res.body)}`);
          if (!allowed && !denied) wrong.push(`${key}: expected 403 Forbidden, got ${res.status}`);
        }
        assert.deepEqual(wrong, []);
      });
    }

    for (const role of credentialRoles) {
      for (const kind of credentialKinds) {
        it(`lets ${role} with a ${kind} token through exactly what both allow, and answers 403 CredentialRestricted where only the token refuses`, async () => {
          const user = `u-${role.toLowerCase()}`;
          const full = tokens.get(role) ?? '';
          let secret: string;
          if (kind.startsWith('session')) {
            const actions = kind === 'session pull' ? 'pull' : 'pull,push';
            const basic = `Basic ${Buffer.from(`${user}:${full}`).toString('base64')}`;
            const issued = await server.api(
              'GET',
              `/v2/token?service=arca&scope=repository:reg1/models/thing:${actions}`,
              undefined,
              { authorization: basic },
            );
            assert.equal(issued.status, 200);
            secret = issued.body.token;
          } else {
            const parent = studioParent(kind);
            const narrowing =
              parent === 'read-only'
                ? { read_only: true }
                : parent === 'narrowed to ws1'
                  ? { workspace: 'ws1' }
                  : { registry: 'reg1' };
            const created = await server.api('POST', `/api/v1/users/${user}/tokens`, { name: kind, ...narrowing });
            assert.equal(created.status, 201);
            secret = created.body.token;
          }
          const studio = kind !== studioParent(kind);
          let credential: Record<string, string> = { authorization: `Bearer ${secret}` };
          if (studio) {
            // Signed in as a browser is: the session's cookie and its CSRF header, no Authorization.
            const signIn = await server.api('POST', '/api/v1/sessions', { token: secret }, { authorization: '' });
            assert.equal(signIn.status, 201, JSON.stringify(signIn.body));
            const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
            credential = { authorization: '', cookie, 'x-arca-csrf': signIn.body.csrf_token };
          }
          // The Owner's pass above removed the assignment its request deletes: put one back.
          const assignment = await server.api('POST', '/api/v1/role-assignments', {
            role: 'AssetUser',
            user: 'someone',
            workspace: 'ws1',
          });
          if (assignment.status === 201) ids.assignment = assignment.body.id;
          const wrong: string[] = [];
          for (const [key, entry] of cases) {
            // Signing out would end the session the rest of the routes are driven with: it goes last, below.
            if (studio && key === 'DELETE /api/v1/sessions/current') continue;
            const method = key.split(' ')[0] ?? 'GET';
            const { path, body } = entry.request(role, ids);
            const res = await server.api(method, path, body, credential);
            const byRole = entry.allowed.includes(role);
            const byToken = credentialAllows(kind, key, path);
            // The OCI API takes no cookie: to it a studio session's request carries no credential at all.
            if (studio && key.includes(' /v2/')) {
              if (res.status !== 401)
                wrong.push(`${key}: expected 401 (a cookie is no /v2/ credential), got ${res.status}`);
              continue;
            }
            const code = refusalOf(res.body)?.code;
            if (byRole && byToken && (res.status === 403 || res.status === 401))
              wrong.push(`${key}: expected allowed, got ${res.status} ${JSON.stringify(res.body)}`);
            if (byRole && !byToken && !(res.status === 403 && code === 'CredentialRestricted'))
              wrong.push(`${key}: expected 403 CredentialRestricted, got ${res.status} ${code}`);
            if (!byRole && !(res.status === 403 && (code === 'Forbidden' || code === 'CredentialRestricted')))
              wrong.push(`${key}: expected 403, got ${res.status} ${code}`);
          }
          if (studio) {
            const signOut = await server.api('DELETE', '/api/v1/sessions/current', undefined, credential);
            if (signOut.status >= 400) wrong.push(`signing out: got ${signOut.status}`);
            const after = await server.api('GET', '/api/v1/whoami', undefined, credential);
            if (after.status !== 401) wrong.push(`after signing out: expected 401, got ${after.status}`);
          }
          assert.deepEqual(wrong, []);
        });
      }
    }

    it('shows a Reader assigned at one registry only that registry in lists, and refuses it the workspace', async () => {
      await server.api('PUT', '/api/v1/users/scoped-reader', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'scoped-reader', registry: 'reg1' });
      const token = (await server.api('POST', '/api/v1/users/scoped-reader/tokens', { name: 't' })).body.token;
      const auth = { authorization: `Bearer ${token}` };
      const put = await server.api('PUT', '/api/v1/registries/reg2', { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
      assert.deepEqual(
        (await server.api('GET', '/api/v1/registries', undefined, auth)).body.value.map((r: any) => r.name),
        ['reg1'],
      );
      assert.deepEqual((await server.api('GET', '/api/v1/workspaces', undefined, auth)).body.value, []);
      assert.equal((await server.api('GET', '/api/v1/registries/reg2', undefined, auth)).status, 403);
      assert.equal((await server.api('GET', '/api/v1/workspaces/ws1/models/thing', undefined, auth)).status, 403);
    });

    it('keeps a token narrowed to one registry and read-only inside those limits', async () => {
      const token = (
        await server.api('POST', '/api/v1/users/u-owner/tokens', { name: 'narrow', registry: 'reg1', read_only: true })
      ).body.token;
      const auth = { authorization: `Bearer ${token}` };
      assert.equal((await server.api('GET', '/api/v1/registries/reg1/models/thing', undefined, auth)).status, 200);
      assert.equal((await server.api('GET', '/api/v1/workspaces/ws1/models/thing', undefined, auth)).status, 403);
      const write = await server.api('PATCH', '/api/v1/registries/reg1/models/thing', { description: 'x' }, auth);
      assert.equal(write.status, 403);
      assert.match(write.body.error.message, /registries\/assets\/write/);
      assert.deepEqual(
        (await server.api('GET', '/api/v1/registries', undefined, auth)).body.value.map((r: any) => r.name),
        ['reg1'],
      );
    });

    it('stops a workspace-level roles/write holder from assigning at org scope (no escalation)', async () => {
      await server.api('PUT', '/api/v1/users/ws-owner', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', user: 'ws-owner', workspace: 'ws1' });
      const auth = {
        authorization: `Bearer ${(await server.api('POST', '/api/v1/users/ws-owner/tokens', { name: 't' })).body.token}`,
      };
      const atWorkspace = await server.api(
        'POST',
        '/api/v1/role-assignments',
        { role: 'Reader', user: 'someone', workspace: 'ws1' },
        auth,
      );
      assert.equal(atWorkspace.status, 201);
      const atOrg = await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', user: 'ws-owner' }, auth);
      assert.equal(atOrg.status, 403);
      assert.match(atOrg.body.error.message, /roles\/write on the organisation/);
    });

    it('refuses a custom role with an unknown permission (400 PermissionUnknown) and removing the last org Owner (409 LastOwner)', async () => {
      const bad = await server.api('PUT', '/api/v1/roles/Bogus', { actions: ['registries/fly'] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'PermissionUnknown');
      const owners = (await server.api('GET', '/api/v1/role-assignments')).body.value.filter(
        (a: any) => a.role === 'Owner' && a.scope === 'org',
      );
      for (const owner of owners.slice(1))
        assert.equal((await server.api('DELETE', `/api/v1/role-assignments/${owner.id}`)).status, 204);
      const last = await server.api('DELETE', `/api/v1/role-assignments/${owners[0].id}`);
      assert.equal(last.status, 409);
      assert.equal(last.body.error.code, 'LastOwner');
    });

    it('applies a changed assignment or group membership on the very next request', async () => {
      await server.api('PUT', '/api/v1/users/fickle', {});
      await server.api('PUT', '/api/v1/groups/readers-club', {});
      const auth = {
        authorization: `Bearer ${(await server.api('POST', '/api/v1/users/fickle/tokens', { name: 't' })).body.token}`,
      };
      assert.equal((await server.api('GET', '/api/v1/registries/reg1', undefined, auth)).status, 403);
      const direct = await server.api('POST', '/api/v1/role-assignments', {
        role: 'Reader',
        user: 'fickle',
        registry: 'reg1',
      });
      assert.equal((await server.api('GET', '/api/v1/registries/reg1', undefined, auth)).status, 200);
      assert.equal((await server.api('DELETE', `/api/v1/role-assignments/${direct.body.id}`)).status, 204);
      assert.equal((await server.api('GET', '/api/v1/registries/reg1', undefined, auth)).status, 403);
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', group: 'readers-club', registry: 'reg1' });
      await server.api('PUT', '/api/v1/groups/readers-club/members/fickle');
      assert.equal((await server.api('GET', '/api/v1/registries/reg1', undefined, auth)).status, 200);
      await server.api('DELETE', '/api/v1/groups/readers-club/members/fickle');
      assert.equal((await server.api('GET', '/api/v1/registries/reg1', undefined, auth)).status, 403);
    });

    it('refuses a disabled user with 401 like any bad token', async () => {
      await server.api('PUT', '/api/v1/users/soon-disabled', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'soon-disabled' });
      const token = (await server.api('POST', '/api/v1/users/soon-disabled/tokens', { name: 't' })).body.token;
      assert.equal(
        (await server.api('GET', '/api/v1/registries', undefined, { authorization: `Bearer ${token}` })).status,
        200,
      );
      await server.api('PUT', '/api/v1/users/soon-disabled', { disabled: true });
      assert.equal(
        (await server.api('GET', '/api/v1/registries', undefined, { authorization: `Bearer ${token}` })).status,
        401,
      );
    });
  });
}
