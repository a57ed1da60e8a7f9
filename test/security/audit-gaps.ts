import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../src/config/config.js';
import { routesOf } from '../../src/http/app.js';
import { AuditService } from '../../src/services/audit/audit.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import type { TestDatabase, TestDialect } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { ociRequest, pushBlob, pushImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf, rawRequest, uploadBlob } from '../../src/testing/uploads.js';
import { addMlflowTrackingProbes, mlflowReadingPosts } from './audit-gaps-mlflow-tracking.js';
import { mlflowProbes } from './audit-gaps-mlflow.js';

/**
 * Item 8 of issue 12: every state change writes an audit event, and refused requests cannot grow the
 * log without bound. The route table below names a succeeding request for every mutating route the
 * app registers (every method but GET/HEAD, and `GET /v2/token`, which issues a credential); a new
 * mutating route without an entry fails the first test.
 */

interface World {
  server: TestServer;
  store: MetadataStore;
  approver: Record<string, string>;
  /** A name never used before in this run. */
  fresh(prefix: string): string;
  /** A ready version of `base` (made now); its label. */
  version(base: string): Promise<string>;
}
interface Probe {
  method?: string;
  path: string;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}
type Entry = { probe: (world: World) => Promise<Probe> } | { exempt: string };

const families = [
  ['registries', 'reg1'],
  ['workspaces', 'ws1'],
] as const;
const segments = ['models', 'data', 'environments', 'components'] as const;
const table = new Map<string, Entry>();
const add = (key: string, probe: (world: World) => Promise<Probe>) => table.set(key, { probe });
const exempt = (key: string, why: string) => table.set(key, { exempt: why });
mlflowProbes(add, exempt);

/**
 * An automation made for a probe (its webhook: a closed port on loopback, which the test server allows).
 * Disabled: enabled, every later event of the run would be a delivery retried against the closed port.
 */
async function automationAt(w: World, at: string): Promise<string> {
  const name = w.fresh('hook');
  const made = await w.server.api('POST', at, {
    name,
    events: ['*'],
    webhook: { url: 'http://127.0.0.1:9/hook' },
    enabled: false,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return name;
}
for (const [base, scope] of [
  ['/api/v1/automations', ''],
  ['/api/v1/registries/:scope/automations', 'reg1'],
  ['/api/v1/workspaces/:scope/automations', 'ws1'],
] as const) {
  const at = base.replace(':scope', scope);
  add(`POST ${base}`, async (w) => ({
    path: at,
    body: {
      name: w.fresh('hook'),
      events: ['dev.arca.alias.*'],
      webhook: { url: 'http://127.0.0.1:9/hook' },
      enabled: false,
    },
  }));
  add(`PATCH ${base}/:name`, async (w) => ({
    method: 'PATCH',
    path: `${at}/${await automationAt(w, at)}`,
    body: { description: 'changed' },
  }));
  add(`DELETE ${base}/:name`, async (w) => ({ method: 'DELETE', path: `${at}/${await automationAt(w, at)}` }));
  add(`POST ${base}/:name/rotate-secret`, async (w) => ({
    path: `${at}/${await automationAt(w, at)}/rotate-secret`,
    body: {},
  }));
  add(`POST ${base}/:name/test`, async (w) => ({ path: `${at}/${await automationAt(w, at)}/test` }));
  add(`POST ${base}/:name/deliveries/:delivery/redeliver`, async (w) => {
    const name = await automationAt(w, at);
    const ping = await w.server.api('POST', `${at}/${name}/test`);
    return { path: `${at}/${name}/deliveries/${ping.body.id}/redeliver` };
  });
}

const retentionPolicy = { rules: [{ asset_type: 'models', name: 'none-*', keep_last: 1, action: 'archive' }] };
for (const [family, scope] of families) {
  add(`PUT /api/v1/${family}/:scope/retention`, async () => ({
    path: `/api/v1/${family}/${scope}/retention`,
    body: retentionPolicy,
  }));
  add(`DELETE /api/v1/${family}/:scope/retention`, async (w) => {
    await w.server.api('PUT', `/api/v1/${family}/${scope}/retention`, retentionPolicy);
    return { path: `/api/v1/${family}/${scope}/retention` };
  });
  add(`POST /api/v1/${family}/:scope/retention/run`, async (w) => {
    await w.server.api('PUT', `/api/v1/${family}/${scope}/retention`, retentionPolicy);
    return { path: `/api/v1/${family}/${scope}/retention/run`, body: { dry_run: false } };
  });
  add(`PUT /api/v1/${family}/:name`, async (w) => ({
    path: `/api/v1/${family}/${w.fresh('made')}`,
    body: { location: 'eastus' },
  }));
  add(`PATCH /api/v1/${family}/:name`, async () => ({
    path: `/api/v1/${family}/${scope}`,
    body: { tags: { audited: 'yes' } },
  }));
  add(`DELETE /api/v1/${family}/:name`, async (w) => {
    const name = w.fresh('doomed');
    const put = await w.server.api('PUT', `/api/v1/${family}/${name}`, { location: 'eastus' });
    await w.server.waitForOperation(put.headers.get('location') ?? '');
    return { path: `/api/v1/${family}/${name}` };
  });
  const uploads = `/api/v1/${family}/:scope/uploads`;
  add(`POST ${uploads}`, async () => ({ path: `/api/v1/${family}/${scope}/uploads` }));
  exempt(
    `PATCH ${uploads}/:id`,
    'a chunk is staged in a private session: nothing is visible until the finish (PUT), which is recorded with the size',
  );
  add(`PUT ${uploads}/:id`, async (w) => {
    const bytes = randomBytes(32);
    const start = await w.server.api('POST', `/api/v1/${family}/${scope}/uploads`);
    const location = start.headers.get('location') ?? '';
    await rawRequest(w.server, 'PATCH', location, bytes, { 'content-range': `0-${bytes.length - 1}` });
    return { path: `${location}?digest=${digestOf(bytes)}`, raw: Buffer.alloc(0) };
  });
  add(`DELETE ${uploads}/:id`, async (w) => ({
    path: (await w.server.api('POST', `/api/v1/${family}/${scope}/uploads`)).headers.get('location') ?? '',
  }));

  for (const segment of segments) {
    const pattern = `/api/v1/${family}/:scope/${segment}/:name`;
    const at = `/api/v1/${family}/${scope}/${segment}/fixture`;
    add(`PATCH ${pattern}`, async (w) => {
      await w.version(at);
      return { path: at, body: { description: 'audited' } };
    });
    add(`POST ${pattern}/versions`, async (w) => ({
      path: `${at}/versions`,
      body: versionBody(segment, 'fixture', w.fresh('file')),
    }));
    add(`PATCH ${pattern}/versions/:version`, async (w) => ({
      path: `${at}/versions/${await w.version(at)}`,
      body: { description: 'audited' },
    }));
    add(`POST ${pattern}/versions/:version/commit`, async (w) => {
      const seed = w.fresh('file');
      const begin = await w.server.api('POST', `${at}/versions`, versionBody(segment, 'fixture', seed));
      if (begin.body?.missing === undefined)
        throw new Error(`begin failed: ${begin.status} ${JSON.stringify(begin.body)}`);
      if (begin.body.missing.length > 0) await uploadBlob(w.server, begin.body.upload_url, Buffer.from(seed));
      return { path: `${at}/versions/${begin.body.version.version}/commit` };
    });
    add(`POST ${pattern}/versions/:version/archive`, async (w) => ({
      path: `${at}/versions/${await w.version(at)}/archive`,
    }));
    add(`POST ${pattern}/versions/:version/restore`, async (w) => {
      const label = await w.version(at);
      await w.server.api('POST', `${at}/versions/${label}/archive`);
      return { path: `${at}/versions/${label}/restore` };
    });
    add(`DELETE ${pattern}/versions/:version`, async (w) => ({ path: `${at}/versions/${await w.version(at)}` }));
    add(`POST ${pattern}/versions/:version/share`, async (w) => ({
      path: `${at}/versions/${await w.version(at)}/share`,
      body: { [family === 'registries' ? 'registry' : 'workspace']: scope, name: w.fresh('shared') },
    }));
    add(`PUT ${pattern}/aliases/:alias`, async (w) => ({
      path: `${at}/aliases/${w.fresh('alias')}`,
      body: { version: await w.version(at) },
    }));
    add(`DELETE ${pattern}/aliases/:alias`, async (w) => {
      const alias = w.fresh('alias');
      await w.server.api('PUT', `${at}/aliases/${alias}`, { version: await w.version(at) });
      return { path: `${at}/aliases/${alias}` };
    });
    add(`POST ${pattern}/aliases/:alias/rollback`, async (w) => {
      const alias = w.fresh('alias');
      for (const label of [await w.version(at), await w.version(at)])
        await w.server.api('PUT', `${at}/aliases/${alias}`, { version: label });
      return { path: `${at}/aliases/${alias}/rollback`, body: { reason: 'audit test' } };
    });
    const requestApproval = async (w: World): Promise<string> => {
      const alias = w.fresh('guarded');
      await w.server.api('PUT', `${at}/aliases/${alias}`, { version: await w.version(at), protected: true });
      return (await w.server.api('POST', `${at}/aliases/${alias}/approvals`, { version: await w.version(at) })).body.id;
    };
    add(`POST ${pattern}/aliases/:alias/approvals`, async (w) => {
      const alias = w.fresh('guarded');
      await w.server.api('PUT', `${at}/aliases/${alias}`, { version: await w.version(at), protected: true });
      return { path: `${at}/aliases/${alias}/approvals`, body: { version: await w.version(at) } };
    });
    for (const decision of ['approve', 'reject']) {
      add(`POST ${pattern}/approvals/:id/${decision}`, async (w) => ({
        path: `${at}/approvals/${await requestApproval(w)}/${decision}`,
        body: {},
        headers: w.approver,
      }));
    }
  }
}

addMlflowTrackingProbes(add, exempt);

exempt('POST /api/v1/audit/verify', 'recomputes the hash chain: reads the log, changes nothing');
exempt('POST /api/v1/audit/checkpoints/verify', 'checks checkpoints against the chain: reads the log, changes nothing');
add('POST /api/v1/audit/checkpoints', async () => ({ path: '/api/v1/audit/checkpoints' }));
for (const segment of ['users', 'service-principals']) {
  add(`PUT /api/v1/${segment}/:name`, async (w) => ({ path: `/api/v1/${segment}/${w.fresh('made')}`, body: {} }));
  add(`DELETE /api/v1/${segment}/:name`, async (w) => {
    const name = w.fresh('doomed');
    await w.server.api('PUT', `/api/v1/${segment}/${name}`, {});
    return { path: `/api/v1/${segment}/${name}` };
  });
  add(`POST /api/v1/${segment}/:name/tokens`, async () => ({
    path: `/api/v1/${segment}/${segment === 'users' ? 'admin' : 'ci-bot'}/tokens`,
    body: { name: 'minted' },
  }));
}
add('DELETE /api/v1/tokens/:id', async (w) => ({
  path: `/api/v1/tokens/${(await w.server.api('POST', '/api/v1/users/admin/tokens', { name: 'doomed' })).body.id}`,
}));
add('PUT /api/v1/groups/:name', async (w) => ({ path: `/api/v1/groups/${w.fresh('group')}`, body: {} }));
add('DELETE /api/v1/groups/:name', async (w) => {
  const name = w.fresh('group');
  await w.server.api('PUT', `/api/v1/groups/${name}`, {});
  return { path: `/api/v1/groups/${name}` };
});
add('PUT /api/v1/groups/:name/members/:member', async () => ({ path: '/api/v1/groups/team/members/approver' }));
add('DELETE /api/v1/groups/:name/members/:member', async (w) => {
  await w.server.api('PUT', '/api/v1/groups/team/members/admin');
  return { path: '/api/v1/groups/team/members/admin' };
});
add('PUT /api/v1/roles/:name', async (w) => ({
  path: `/api/v1/roles/${w.fresh('role')}`,
  body: { actions: ['registries/read'] },
}));
add('POST /api/v1/role-assignments', async () => ({
  path: '/api/v1/role-assignments',
  body: { role: 'Reader', user: 'approver', registry: 'reg1' },
}));
add('DELETE /api/v1/role-assignments/:id', async (w) => ({
  path: `/api/v1/role-assignments/${(await w.server.api('POST', '/api/v1/role-assignments', { role: 'Reader', group: 'team', workspace: 'ws1' })).body.id}`,
}));
add('POST /api/v1/jobs/:id/cancel', async (w) => ({ path: `/api/v1/jobs/${await idleJob(w, 'queued')}/cancel` }));
add('POST /api/v1/jobs/:id/retry', async (w) => ({ path: `/api/v1/jobs/${await idleJob(w, 'failed')}/retry` }));
add('POST /api/v1/operations/:id/cancel', async (w) => ({
  path: `/api/v1/operations/${await idleOperation(w, 'Running')}/cancel`,
}));
add('POST /api/v1/operations/:id/retry', async (w) => ({
  path: `/api/v1/operations/${await idleOperation(w, 'Failed')}/retry`,
}));
add('POST /api/v1/gc', async () => ({ path: '/api/v1/gc', body: { dry_run: false } }));
add('POST /api/v1/fsck', async () => ({ path: '/api/v1/fsck', body: { repair: true } }));

add('POST /api/v1/sessions', async (w) => ({ path: '/api/v1/sessions', body: { token: w.server.token } }));
add('DELETE /api/v1/sessions/current', async (w) => {
  const signedIn = await w.server.api('POST', '/api/v1/sessions', { token: w.server.token });
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    path: '/api/v1/sessions/current',
    headers: { authorization: '', cookie, 'x-arca-csrf': signedIn.body.csrf_token },
  };
});

const repository = '/v2/:scope/:segment/:name';
add('GET /v2/token', async (w) => ({
  method: 'GET',
  path: '/v2/token?service=arca&scope=repository:reg1/models/oci-thing:pull,push',
  headers: { authorization: `Basic ${Buffer.from(`admin:${w.server.token}`).toString('base64')}` },
}));
add(`DELETE ${repository}/blobs/:digest`, async (w) => ({
  path: `/v2/reg1/models/oci-thing/blobs/${await pushBlob(w.server, 'reg1/models/oci-thing', randomBytes(16))}`,
}));
add(`POST ${repository}/blobs/uploads/`, async () => ({ path: '/v2/reg1/models/oci-thing/blobs/uploads/' }));
exempt(
  `PATCH ${repository}/blobs/uploads/:id`,
  'a chunk is staged in a private session: nothing is visible until the finish (PUT), which is recorded with the size',
);
add(`PUT ${repository}/blobs/uploads/:id`, async (w) => {
  const bytes = randomBytes(32);
  const location =
    (await ociRequest(w.server, 'POST', '/v2/reg1/models/oci-thing/blobs/uploads/')).headers.get('location') ?? '';
  await ociRequest(w.server, 'PATCH', location, { body: bytes, headers: { 'content-range': `0-${bytes.length - 1}` } });
  return { path: `${location}?digest=${digestOf(bytes)}`, raw: Buffer.alloc(0) };
});
add(`DELETE ${repository}/blobs/uploads/:id`, async (w) => ({
  path: (await ociRequest(w.server, 'POST', '/v2/reg1/models/oci-thing/blobs/uploads/')).headers.get('location') ?? '',
}));
add(`PUT ${repository}/manifests/:reference`, async (w) => {
  const config = Buffer.from('{}');
  const layer = randomBytes(24);
  for (const blob of [config, layer]) await pushBlob(w.server, 'reg1/models/oci-thing', blob);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(layer), size: layer.length }],
  });
  return {
    path: `/v2/reg1/models/oci-thing/manifests/${w.fresh('tag')}`,
    raw: Buffer.from(manifest),
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  };
});
add(`DELETE ${repository}/manifests/:reference`, async (w) => {
  const tag = w.fresh('tag');
  await pushImage(w.server, 'reg1/models/oci-thing', tag, [randomBytes(24)]);
  return { path: `/v2/reg1/models/oci-thing/manifests/${tag}` };
});

// MLflow's artifacts: every upload, delete and multipart step is recorded (`mlflow/artifacts/…`).
for (const [family, scope] of families) {
  const key = `/mlflow/${family}/:scope/api/2.0/mlflow-artifacts`;
  const at = `/mlflow/${family}/${scope}/api/2.0/mlflow-artifacts`;
  /** A multipart upload of one part opened by the admin; its id and the directory it writes to. */
  const mpu = async (w: World) => {
    const dir = `1/${w.fresh('run')}/artifacts`;
    const made = await w.server.api('POST', `${at}/mpu/create/${dir}`, { path: '/tmp/big.bin', num_parts: 1 });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    return { dir, id: made.body.upload_id as string };
  };
  add(`PUT ${key}/artifacts/*`, async (w) => ({
    path: `${at}/artifacts/1/${w.fresh('run')}/artifacts/f.txt`,
    raw: randomBytes(8),
  }));
  add(`DELETE ${key}/artifacts/*`, async (w) => {
    const path = `${at}/artifacts/1/${w.fresh('run')}/artifacts/f.txt`;
    assert.equal((await rawRequest(w.server, 'PUT', path, randomBytes(8))).status, 200);
    return { path };
  });
  add(`POST ${key}/mpu/create/*`, async (w) => ({
    path: `${at}/mpu/create/1/${w.fresh('run')}/artifacts`,
    body: { path: '/tmp/big.bin', num_parts: 2 },
  }));
  add(`PUT ${key}/mpu/parts/:upload/:part`, async (w) => ({
    path: `${at}/mpu/parts/${(await mpu(w)).id}/1`,
    raw: randomBytes(8),
  }));
  add(`POST ${key}/mpu/complete/*`, async (w) => {
    const { dir, id } = await mpu(w);
    const part = await rawRequest(w.server, 'PUT', `${at}/mpu/parts/${id}/1`, randomBytes(8));
    assert.equal(part.status, 200);
    return {
      path: `${at}/mpu/complete/${dir}`,
      body: { path: '/tmp/big.bin', upload_id: id, parts: [{ part_number: 1, etag: part.headers.get('etag') }] },
    };
  });
  add(`POST ${key}/mpu/abort/*`, async (w) => {
    const { dir, id } = await mpu(w);
    return { path: `${at}/mpu/abort/${dir}`, body: { path: '/tmp/big.bin', upload_id: id } };
  });
}

/** The body of a version begin: a file for models and data, a spec for environments and components. */
function versionBody(segment: (typeof segments)[number], name: string, seed: string): Record<string, unknown> {
  if (segment === 'environments')
    return { files: [], spec: `name: ${name}\nimage: python@sha256:${digestOf(Buffer.from(seed)).slice(7)}\n` };
  if (segment === 'components')
    return { files: [], spec: `name: ${name}\ntype: command\ncommand: echo ${seed}\nenvironment: base-env:1\n` };
  return { files: [{ path: 'w', size: seed.length, digest: digestOf(Buffer.from(seed)) }] };
}

/** A job no worker runs (its kind has no handler), in the given state, written as the queue would. */
async function idleJob(w: World, state: 'queued' | 'failed'): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await w.store.kysely
    .insertInto('jobs')
    .values({
      id,
      kind: 'audit-gaps-idle',
      payload: '{}',
      state,
      attempts: state === 'failed' ? 3 : 0,
      max_attempts: 3,
      next_run_at: now,
      lease_owner: null,
      lease_expires_at: null,
      last_error: state === 'failed' ? JSON.stringify({ code: 'InternalError', message: 'made up' }) : null,
      dedupe_key: null,
      created_at: now,
      updated_at: now,
      finished_at: state === 'failed' ? now : null,
    })
    .execute();
  return id;
}

/**
 * The newest operation of a fresh registry, as `status`: a Running one held by a process that is not this
 * server (so only the cancel acts on it), or a Failed one.
 */
async function idleOperation(w: World, status: 'Running' | 'Failed'): Promise<string> {
  const name = w.fresh('operated');
  const put = await w.server.api('PUT', `/api/v1/registries/${name}`, { location: 'eastus' });
  const made = await w.server.waitForOperation(put.headers.get('location') ?? '');
  const id = randomUUID();
  const now = new Date(Date.parse(made.created_at) + 1).toISOString();
  await w.store.kysely
    .insertInto('operations')
    .values({
      id,
      kind: 'scope.provision',
      target_kind: 'registry',
      target_name: name,
      target_id: made.target.id,
      status,
      payload: '{}',
      error: status === 'Failed' ? JSON.stringify({ code: 'StorageUnavailable', message: 'made up' }) : null,
      created_at: now,
      created_by: 'admin',
      updated_at: now,
      ended_at: status === 'Failed' ? now : null,
      lease_owner: status === 'Running' ? 'another-process' : null,
      lease_expires_at: status === 'Running' ? '2999-01-01T00:00:00.000Z' : null,
    })
    .execute();
  return id;
}

function isMutating(method: string, url: string): boolean {
  return (method !== 'GET' && method !== 'HEAD') || url === '/v2/token';
}

/**
 * Every state change audited, on one dialect; each dialect has its own test file (audit-gaps-sqlite /
 * -postgres), so the two run in parallel processes.
 */
export function describeAuditGaps(dialect: TestDialect): void {
  describe(`audit of every state change on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let store: MetadataStore;
    let world: World;
    let counter = 0;
    let requestCounter = 0;

    /** Sends `probe` with a request id of its own; returns the response and the events written under that id. */
    const send = async (method: string, probe: Probe) => {
      const requestId = `audit-gaps-${dialect.name}-${requestCounter++}`;
      const headers = { 'x-request-id': requestId, ...probe.headers };
      const res =
        probe.raw !== undefined
          ? await rawRequest(server, probe.method ?? method, probe.path, probe.raw, headers).then((r) => ({
              status: r.status,
              headers: r.headers,
              body: r.text,
            }))
          : await server.api(probe.method ?? method, probe.path, probe.body, headers);
      const operation = res.status === 202 ? res.headers.get('location') : null;
      if (operation?.startsWith('/api/v1/operations/')) await server.waitForOperation(operation);
      const events = await store.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('request_id', '=', requestId)
        .orderBy('seq')
        .execute();
      return { res, events };
    };

    before(async () => {
      database = await dialect.create();
      // No grace period, so a collection has something to remove (and record).
      server = await startTestServer({
        database,
        env: { ARCA_GC_GRACE_SECONDS: '0', ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1' },
      });
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      for (const [family, scope] of families) {
        const put = await server.api('PUT', `/api/v1/${family}/${scope}`, { location: 'eastus' });
        await server.waitForOperation(put.headers.get('location') ?? '');
        await createVersion(server, `/api/v1/${family}/${scope}/environments/base-env`, [], {
          spec: `name: base-env\nimage: python@sha256:${'0'.repeat(64)}\n`,
        });
      }
      await server.api('PUT', '/api/v1/users/approver', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Approver', user: 'approver' });
      await server.api('PUT', '/api/v1/service-principals/ci-bot', {});
      await server.api('PUT', '/api/v1/groups/team', {});
      const approverToken = (await server.api('POST', '/api/v1/users/approver/tokens', { name: 't' })).body.token;
      world = {
        server,
        store,
        approver: { authorization: `Bearer ${approverToken}` },
        fresh: (prefix) => `${prefix}-${counter++}`,
        async version(base) {
          const segment = segments.find((s) => base.includes(`/${s}/`)) ?? 'models';
          const name = base.split('/').at(-1) ?? '';
          const seed = `${base}-${counter++}`;
          const body = versionBody(segment, name, seed);
          const files = segment === 'models' || segment === 'data' ? [{ path: 'w', bytes: Buffer.from(seed) }] : [];
          const { spec } = body as { spec?: string };
          return (await createVersion(server, base, files, spec === undefined ? {} : { spec })).version.version;
        },
      };
    });
    after(async () => {
      await store?.close();
      await server?.stop();
      await database?.cleanup();
    });

    it('has an entry for every mutating route (a new one without an entry fails here), and none for a route that is gone', () => {
      const mutating = routesOf(server.app)
        .filter((r) => isMutating(r.method, r.url))
        .map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(
        mutating.filter((key) => !table.has(key)),
        [],
      );
      assert.deepEqual(
        [...table.keys()].filter((key) => !mutating.includes(key)),
        [],
      );
    });

    it('writes a succeeded audit event, in the request, for every mutating route driven with a valid request', async () => {
      const silent: string[] = [];
      for (const [key, entry] of table) {
        if ('exempt' in entry) continue;
        const method = key.split(' ')[0] ?? 'GET';
        const probe = await entry.probe(world);
        const { res, events } = await send(method, probe);
        if (res.status >= 300)
          silent.push(`${key}: the request itself failed with ${res.status} ${JSON.stringify(res.body)}`);
        else if (!events.some((e) => e.outcome === 'succeeded'))
          silent.push(`${key}: ${res.status} but no event (saw ${JSON.stringify(events.map((e) => e.action))})`);
      }
      assert.deepEqual(silent, []);
    });

    const only = async (requestId: string, action: string) => {
      const rows = await store.kysely
        .selectFrom('audit_events')
        .selectAll()
        .where('request_id', '=', requestId)
        .where('action', '=', action)
        .execute();
      assert.equal(rows.length, 1, `one ${action} event for ${requestId}`);
      const row = rows[0]!;
      return { ...row, details: JSON.parse(row.details ?? 'null') };
    };

    it('records an OCI blob mount from another repository (oci/blobs/mount, naming the digest and the source)', async () => {
      const digest = await pushBlob(server, 'reg1/models/mount-source', randomBytes(40));
      const mounted = await ociRequest(
        server,
        'POST',
        `/v2/reg1/models/mount-target/blobs/uploads/?mount=${digest}&from=reg1/models/mount-source`,
        { headers: { 'x-request-id': `mount-${dialect.name}` } },
      );
      assert.equal(mounted.status, 201);
      const event = await only(`mount-${dialect.name}`, 'oci/blobs/mount');
      assert.deepEqual(
        [event.principal, event.target, event.outcome, event.details],
        [
          'admin',
          'arca://registries/reg1/models/mount-target',
          'succeeded',
          { digest, from: 'arca://registries/reg1/models/mount-source' },
        ],
      );
    });

    it('records the credential /v2/token issues (tokens/create, session, its parent and limits) and never the secret', async () => {
      const basic = `Basic ${Buffer.from(`admin:${server.token}`).toString('base64')}`;
      const issued = await ociRequest(
        server,
        'GET',
        '/v2/token?service=arca&scope=repository:reg1/models/oci-thing:pull',
        { auth: basic, headers: { 'x-request-id': `token-${dialect.name}` } },
      );
      assert.equal(issued.status, 200);
      const event = await only(`token-${dialect.name}`, 'tokens/create');
      assert.equal(event.principal, 'admin');
      assert.match(event.target, /^arca:\/\/tokens\/[0-9a-f-]{36}$/);
      assert.deepEqual(
        [event.details.session, event.details.readOnly, event.details.scope, event.details.name],
        [true, true, 'registry:reg1', 'oci-session'],
      );
      const text = JSON.stringify(await store.kysely.selectFrom('audit_events').selectAll().execute());
      assert.ok(!text.includes(issued.json.token), 'the issued secret reached the audit log');
    });

    it('records a garbage collection someone ran (gc/run, what it removed), and nothing for a dry run', async () => {
      const base = '/api/v1/registries/reg1/models/collected';
      await createVersion(server, base, [{ path: 'w', bytes: randomBytes(64) }]);
      assert.equal((await server.api('DELETE', `${base}/versions/1`)).status, 204);
      const dry = await send('POST', { path: '/api/v1/gc', body: { dry_run: true } });
      assert.deepEqual([dry.res.status, dry.events.length], [200, 0]);
      const { res } = await send('POST', {
        path: '/api/v1/gc',
        body: { dry_run: false },
        headers: { 'x-request-id': `gc-${dialect.name}` },
      });
      assert.equal(res.status, 200);
      const event = await only(`gc-${dialect.name}`, 'gc/run');
      assert.deepEqual([event.principal, event.target, event.outcome], ['admin', 'arca://gc', 'succeeded']);
      const removed = event.details.regions.reduce((sum: number, r: any) => sum + r.removed.blobs, 0);
      assert.equal(
        removed,
        res.body.regions.reduce((sum: number, r: any) => sum + r.removed.blobs, 0),
      );
      assert.ok(removed >= 1, "the deleted version's blob was collected");
    });

    it('records a repairing fsck (fsck/repair) and nothing for a read-only check', async () => {
      const check = await send('POST', { path: '/api/v1/fsck', body: {} });
      assert.deepEqual([check.res.status, check.events.length], [200, 0]);
      const { res } = await send('POST', {
        path: '/api/v1/fsck',
        body: { repair: true },
        headers: { 'x-request-id': `fsck-${dialect.name}` },
      });
      assert.equal(res.status, 200);
      const event = await only(`fsck-${dialect.name}`, 'fsck/repair');
      assert.deepEqual([event.principal, event.target, event.details.verify], ['admin', 'arca://fsck', false]);
    });

    it('records a background gc or fsck request with the job it queued (jobs/submit)', async () => {
      const { res } = await send('POST', {
        path: '/api/v1/fsck',
        body: { repair: true, background: true, region: 'eastus' },
        headers: { 'x-request-id': `submit-${dialect.name}` },
      });
      assert.equal(res.status, 202);
      const event = await only(`submit-${dialect.name}`, 'jobs/submit');
      assert.deepEqual(
        [event.principal, event.target, event.details.kind, event.details.payload.repair],
        ['admin', `arca://jobs/${res.body.id}`, 'fsck', true],
      );
    });

    it('records cancelling and retrying a job (jobs/cancel, jobs/retry) with the state it left', async () => {
      const queued = await idleJob(world, 'queued');
      const cancelled = await server.api('POST', `/api/v1/jobs/${queued}/cancel`, undefined, {
        'x-request-id': `cancel-${dialect.name}`,
      });
      assert.deepEqual([cancelled.status, cancelled.body.state], [200, 'cancelled']);
      const cancel = await only(`cancel-${dialect.name}`, 'jobs/cancel');
      assert.deepEqual(
        [cancel.principal, cancel.target, cancel.details.from],
        ['admin', `arca://jobs/${queued}`, 'queued'],
      );
      const retried = await server.api('POST', `/api/v1/jobs/${queued}/retry`, undefined, {
        'x-request-id': `retry-${dialect.name}`,
      });
      assert.deepEqual([retried.status, retried.body.state], [200, 'queued']);
      const retry = await only(`retry-${dialect.name}`, 'jobs/retry');
      assert.deepEqual(
        [retry.principal, retry.target, retry.details.from],
        ['admin', `arca://jobs/${queued}`, 'cancelled'],
      );
      const refused = await server.api('POST', `/api/v1/jobs/${queued}/retry`, undefined, {
        'x-request-id': `retry-again-${dialect.name}`,
      });
      assert.deepEqual([refused.status, refused.body.error.code], [409, 'JobNotActive']);
      assert.equal(
        (
          await store.kysely
            .selectFrom('audit_events')
            .select('seq')
            .where('request_id', '=', `retry-again-${dialect.name}`)
            .where('outcome', '=', 'succeeded')
            .execute()
        ).length,
        0,
      );
    });

    it('exempts only what changes nothing visible: chunk appends to a session, the chain and checkpoint verifications and MLflow’s read-only POSTs', () => {
      const exempted = [...table]
        .filter(([, entry]) => 'exempt' in entry)
        .map(([key]) => key)
        .sort();
      assert.deepEqual(
        exempted,
        [
          'PATCH /api/v1/registries/:scope/uploads/:id',
          'PATCH /api/v1/workspaces/:scope/uploads/:id',
          'PATCH /v2/:scope/:segment/:name/blobs/uploads/:id',
          'POST /api/v1/audit/checkpoints/verify',
          'POST /api/v1/audit/verify',
          'POST /mlflow/registries/:scope/api/2.0/mlflow/registered-models/get-latest-versions',
          'POST /mlflow/workspaces/:scope/api/2.0/mlflow/registered-models/get-latest-versions',
          ...families.flatMap(([family]) =>
            mlflowReadingPosts.map((path) => `POST /mlflow/${family}/:scope/api/2.0/mlflow/${path}`),
          ),
        ].sort(),
      );
    });
  });
}

interface DeniedRow {
  principal: string;
  action: string;
  target: string;
  source: string | null;
  details: { count: number; repeated?: boolean; reason: string };
}

async function deniedRows(store: MetadataStore): Promise<DeniedRow[]> {
  const rows = await store.kysely
    .selectFrom('audit_events')
    .selectAll()
    .where('outcome', '=', 'denied')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    principal: r.principal,
    action: r.action,
    target: r.target,
    source: r.source,
    details: JSON.parse(r.details ?? '{}'),
  }));
}

async function authenticateRows(store: MetadataStore): Promise<DeniedRow[]> {
  return (await deniedRows(store)).filter((r) => r.action === 'authenticate');
}

/** The bounds on refused requests, on one dialect. */
export function describeDeniedBounds(dialect: TestDialect): void {
  describe(
    `refused requests cannot grow the audit log without bound on ${dialect.name}`,
    { skip: dialect.skip },
    () => {
      let database: TestDatabase;
      let store: MetadataStore;

      before(async () => {
        database = await dialect.create();
        store = await MetadataStore.open({
          database: database.database,
          ...(database.schema ? { schema: database.schema } : {}),
        });
      });
      after(async () => {
        await store?.close();
        await database?.cleanup();
      });

      it('writes a flood of bad-token requests from one source as the first refusal plus one counted event, paths cut to 256 characters', async () => {
        // An interval longer than the test: the repeats are written once, at shutdown.
        const server = await startTestServer({ database, env: { ARCA_AUDIT_DENIED_INTERVAL_SECONDS: '3600' } });
        const flood = 240;
        let refused = 0;
        try {
          for (let batch = 0; batch < flood; batch += 20) {
            const answers = await Promise.all(
              Array.from({ length: 20 }, (_, i) =>
                server.api(
                  'GET',
                  `/api/v1/registries/${'r'.repeat(300)}/models/${'m'.repeat(300)}${batch + i}?token=secret`,
                  undefined,
                  { authorization: `Bearer arca_${randomBytes(24).toString('base64url')}` },
                ),
              ),
            );
            // 401, or 429 where a rate limit for unauthenticated callers stops them before authentication.
            assert.deepEqual(
              answers.filter((a) => a.status !== 401 && a.status !== 429).map((a) => a.status),
              [],
            );
            refused += answers.filter((a) => a.status === 401).length;
          }
          assert.ok(refused > 1, 'the flood was refused as unauthenticated');
          // The first refusal is written at once (just after its response); the repeats are only counted.
          const first = await eventually('the first refusal', async () =>
            (await authenticateRows(store)).length > 0 ? authenticateRows(store) : undefined,
          );
          assert.equal(first.length, 1);
        } finally {
          await server.stop(); // the counted repeats are written at shutdown
        }
        const rows = await authenticateRows(store);
        assert.equal(rows.length, 2, `a flood of ${refused} refusals wrote ${rows.length} rows`);
        assert.deepEqual(
          rows.map((r) => [r.principal, r.source]),
          [
            ['(anonymous)', '127.0.0.1'],
            ['(anonymous)', '127.0.0.1'],
          ],
        );
        assert.deepEqual(
          rows.map((r) => r.details.count),
          [1, refused - 1],
        );
        assert.equal(rows[1]?.details.repeated, true);
        assert.ok(
          rows.every(
            (r) =>
              r.target.length <= 256 &&
              r.target.startsWith('GET /api/v1/registries/rrr') &&
              !r.target.includes('secret'),
          ),
          'targets are bounded paths',
        );
      });

      it('counts repeats of one source, principal and action per interval, forgets a quiet key, and sends keys past the cap to one overflow event', async () => {
        const audit = new AuditService(store, undefined, { denied: { intervalSeconds: 3600, maxKeys: 2 } });
        const seqBefore = (await deniedRows(store)).length;
        const refuse = (principal: string, action = 'audit/read') =>
          audit.recordDenied({
            principal,
            action,
            target: 'GET /api/v1/audit',
            source: '192.0.2.7',
            reason: 'forbidden',
          });
        assert.notEqual(await refuse('mallory'), undefined, 'the first refusal is written at once');
        for (let i = 0; i < 5; i++) assert.equal(await refuse('mallory'), undefined, 'a repeat is only counted');
        assert.notEqual(await refuse('mallory', 'jobs/read'), undefined, 'another action is another key');
        for (const stranger of ['eve', 'trudy', 'oscar'])
          assert.equal(await refuse(stranger), undefined, 'past the key cap: counted in the overflow');
        await audit.flushDenied(); // the interval ends
        let rows = (await deniedRows(store)).slice(seqBefore);
        assert.deepEqual(
          rows.map((r) => [r.principal, r.action, r.details.count]),
          [
            ['mallory', 'audit/read', 1],
            ['mallory', 'jobs/read', 1],
            ['mallory', 'audit/read', 5],
            ['(many)', '(many)', 3],
          ],
        );
        // mallory/audit/read kept refusing: still followed, so the next interval counts again instead of writing at once.
        assert.equal(await refuse('mallory'), undefined);
        await audit.flushDenied();
        await audit.flushDenied(); // a quiet interval: the key is forgotten
        assert.notEqual(
          await refuse('mallory'),
          undefined,
          'after a quiet interval the next refusal is written at once',
        );
        await audit.closeDenied();
        rows = (await deniedRows(store)).slice(seqBefore);
        assert.deepEqual(
          rows.slice(4).map((r) => [r.principal, r.action, r.details.count]),
          [
            ['mallory', 'audit/read', 1],
            ['mallory', 'audit/read', 1],
          ],
        );
        assert.equal(
          rows.reduce((sum, r) => sum + r.details.count, 0),
          12,
          'every refusal is counted once',
        );
      });
    },
  );
}

describe('the auditDeniedIntervalSeconds setting', () => {
  it('defaults to 60 seconds, is read from ARCA_AUDIT_DENIED_INTERVAL_SECONDS, and refuses 0', () => {
    assert.equal(loadConfig({ env: {}, cwd: tmpdir() }).auditDeniedIntervalSeconds, 60);
    assert.equal(
      loadConfig({ env: { ARCA_AUDIT_DENIED_INTERVAL_SECONDS: '300' }, cwd: tmpdir() }).auditDeniedIntervalSeconds,
      300,
    );
    assert.throws(
      () => loadConfig({ env: { ARCA_AUDIT_DENIED_INTERVAL_SECONDS: '0' }, cwd: tmpdir() }),
      /auditDeniedIntervalSeconds/,
    );
  });
});
