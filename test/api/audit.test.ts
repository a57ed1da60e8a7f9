import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/services/access/identity.js';
import { appendAudit } from '../../src/storage/metadata/audit-repository.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

const base = '/api/v1/workspaces/audited/models/churn';

describe('the audit log over HTTP', () => {
  let server: TestServer;
  let store: MetadataStore;
  let versionRef: string;
  /** A principal with no role at all. */
  const outsiderToken = `arca_${randomBytes(24).toString('base64url')}`;

  const as = (token: string, method: string, path: string) =>
    server.api(method, path, undefined, { authorization: `Bearer ${token}` });
  // Refusals are recorded just after the response leaves, so a test waits for them (bounded).
  const deniedEvent = (requestId: string) =>
    eventually(`the denied event of request ${requestId}`, async () => {
      const { body } = await server.api('GET', '/api/v1/audit?outcome=denied&top=1000');
      return (body.value as any[]).find((e) => e.request_id === requestId);
    });

  before(async () => {
    server = await startTestServer();
    const put = await server.api('PUT', '/api/v1/workspaces/audited', { location: 'eastus' });
    await server.waitForOperation(put.headers.get('location') ?? '');
    ({
      version: { reference: versionRef },
    } = await createVersion(server, base, [{ path: 'w.bin', bytes: Buffer.from('weights') }]));
    await server.api('PATCH', base, { tags: { stage: 'dev' } });
    await createVersion(server, base, [{ path: 'w.bin', bytes: Buffer.from('weights v2') }]);
    store = await MetadataStore.open({ database: server.config.database });
    const id = randomUUID();
    const now = new Date().toISOString();
    await store.kysely
      .insertInto('principals')
      .values({
        id,
        kind: 'user',
        name: 'outsider',
        name_key: 'outsider',
        display_name: null,
        is_admin: 0,
        created_at: now,
        email: null,
        disabled: 0,
        created_by: 'test',
      })
      .execute();
    await store.kysely
      .insertInto('tokens')
      .values({
        id: randomUUID(),
        principal_id: id,
        name: 't',
        token_hash: hashToken(outsiderToken),
        created_at: now,
        expires_at: null,
        revoked_at: null,
        last_used_at: null,
        read_only: 0,
        scope_kind: null,
        scope_key: null,
      })
      .execute();
  });
  after(async () => {
    await store?.close();
    await server?.stop();
  });

  it('lists the writes with who did what to which reference, and the outcome', async () => {
    const { status, body } = await server.api('GET', `/api/v1/audit?target=${encodeURIComponent(versionRef)}`);
    assert.equal(status, 200);
    assert.deepEqual(
      body.value.map((e: any) => [e.principal, e.action, e.target, e.outcome]),
      [
        ['admin', 'models/versions/begin', versionRef, 'succeeded'],
        ['admin', 'models/versions/commit', versionRef, 'succeeded'],
      ],
    );
    const event = body.value[1];
    assert.match(event.hash, /^[0-9a-f]{64}$/);
    assert.match(event.at, /^\d{4}-\d{2}-\d{2}T/);
  });

  it('filters by target (the asset and everything under it), action and principal', async () => {
    const asset = versionRef.replace(/\/versions\/.*$/, '');
    const all = await server.api('GET', `/api/v1/audit?target=${encodeURIComponent(asset)}`);
    assert.deepEqual(
      all.body.value.map((e: any) => e.action),
      [
        'models/versions/begin',
        'models/versions/commit',
        'models/update',
        'models/versions/begin',
        'models/versions/commit',
      ],
    );
    const updates = await server.api('GET', `/api/v1/audit?action=models/update&principal=admin`);
    assert.deepEqual(
      updates.body.value.map((e: any) => [e.target, e.details]),
      [[asset, { tags: { stage: 'dev' } }]],
    );
    const nobody = await server.api('GET', '/api/v1/audit?principal=nobody');
    assert.deepEqual(nobody.body.value, []);
  });

  it('names data actions by the URL segment (data/versions/commit), and a filter on one also finds rows recorded as datas/… before', async () => {
    const data = '/api/v1/workspaces/audited/data/clicks';
    const { version } = await createVersion(server, data, [{ path: 'part-0.csv', bytes: Buffer.from('a,b\n') }], {
      data_type: 'uri_file',
    });
    // A row as versions before the rename wrote it: the chain is hashed, so such rows stay as they are.
    await appendAudit(store.session, {
      at: new Date().toISOString(),
      principal: 'admin',
      action: 'datas/versions/commit',
      target: version.reference,
      outcome: 'succeeded',
    });
    const about = await server.api('GET', `/api/v1/audit?target=${encodeURIComponent(version.reference)}`);
    assert.deepEqual(
      about.body.value.map((e: any) => e.action),
      ['data/versions/begin', 'data/versions/commit', 'datas/versions/commit'],
    );
    const commits = await server.api(
      'GET',
      `/api/v1/audit?action=data/versions/commit&target=${encodeURIComponent(version.reference)}`,
    );
    assert.deepEqual(
      commits.body.value.map((e: any) => e.action),
      ['data/versions/commit', 'datas/versions/commit'],
    );
    assert.equal((await server.api('POST', '/api/v1/audit/verify')).body.ok, true);
  });

  it('pages through the log with top and cursor, oldest first, without repeats or gaps', async () => {
    const whole = await server.api('GET', '/api/v1/audit?top=1000');
    const seen: number[] = [];
    let path: string | undefined = '/api/v1/audit?top=2';
    while (path !== undefined) {
      const page = await server.api('GET', path);
      assert.equal(page.status, 200);
      assert.ok(page.body.value.length <= 2);
      seen.push(...page.body.value.map((e: any) => e.seq));
      path = page.body.nextLink;
    }
    assert.ok(seen.length >= 3);
    assert.deepEqual(
      seen,
      whole.body.value.map((e: any) => e.seq),
    );
    assert.deepEqual(
      seen,
      Array.from({ length: seen.length }, (_, i) => i + 1),
    );
  });

  it('refuses a cursor from another filter, and a malformed since, naming the parameter', async () => {
    const page = await server.api('GET', '/api/v1/audit?top=1');
    const reused = await server.api('GET', `/api/v1/audit?top=1&principal=admin&cursor=${page.body.next}`);
    assert.deepEqual(
      [reused.status, reused.body.error.code, reused.body.error.target],
      [400, 'CursorInvalid', 'cursor'],
    );
    const since = await server.api('GET', '/api/v1/audit?since=yesterday');
    assert.deepEqual(
      [since.status, since.body.error.code, since.body.error.target],
      [400, 'InvalidParameter', 'since'],
    );
    const exported = await server.api('GET', '/api/v1/audit/export?until=2026-13-45');
    assert.deepEqual(
      [exported.status, exported.body.error.code, exported.body.error.target],
      [400, 'InvalidParameter', 'until'],
    );
  });

  it('records a request without a valid token as denied "authenticate", with path, request id and source, and never the token', async () => {
    const presented = `arca_${randomBytes(24).toString('base64url')}`;
    const refused = await server.api('GET', '/api/v1/registries/shared?secret=abc123', undefined, {
      authorization: `Bearer ${presented}`,
      'x-request-id': 'deny-401',
    });
    assert.equal(refused.status, 401);
    const event = await deniedEvent('deny-401');
    assert.deepEqual(
      [event.principal, event.action, event.target, event.outcome, event.source],
      ['(anonymous)', 'authenticate', 'GET /api/v1/registries/shared', 'denied', '127.0.0.1'],
    );
    const exported = await fetch(`${server.url}/api/v1/audit/export`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const text = await exported.text();
    assert.ok(!text.includes(presented), 'the presented token reached the audit log');
    assert.ok(!text.includes('abc123'), 'the query string reached the audit log');
  });

  it('refuses audit/read to a caller without it with 403 naming the permission, and records the refusal with the caller', async () => {
    // The first refusal of a caller and permission is recorded at once; repeats are counted (test/security/audit-gaps.ts).
    const refused = await server.api('GET', '/api/v1/audit', undefined, {
      authorization: `Bearer ${outsiderToken}`,
      'x-request-id': 'deny-403',
    });
    assert.equal(refused.status, 403);
    for (const [method, path] of [
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/audit/export'],
      ['POST', '/api/v1/audit/verify'],
    ] as const) {
      const again = await as(outsiderToken, method, path);
      assert.deepEqual(
        [again.status, again.body.error.code, again.body.error.target],
        [403, 'Forbidden', 'audit/read'],
        `${method} ${path}`,
      );
    }
    const event = await deniedEvent('deny-403');
    assert.deepEqual(
      [event.principal, event.action, event.target, event.outcome],
      ['outsider', 'audit/read', 'GET /api/v1/audit', 'denied'],
    );
    assert.match(event.details.reason, /audit\/read/);
  });

  it('exports application/x-ndjson, one event per line in seq order, within since and until', async () => {
    const response = await fetch(`${server.url}/api/v1/audit/export`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    const text = await response.text();
    assert.ok(text.endsWith('\n'));
    const events = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      events.map((e) => e.seq),
      Array.from({ length: events.length }, (_, i) => i + 1),
    );
    assert.deepEqual(Object.keys(events[0]).sort(), [
      'action',
      'at',
      'details',
      'hash',
      'id',
      'outcome',
      'prev_hash',
      'principal',
      'request_id',
      'seq',
      'source',
      'target',
    ]);

    const second = events[1];
    const ranged = await fetch(
      `${server.url}/api/v1/audit/export?since=${encodeURIComponent(second.at)}&until=2999-01-01`,
      { headers: { authorization: `Bearer ${server.token}` } },
    );
    const rangedEvents = (await ranged.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.ok(rangedEvents.every((e) => e.at >= second.at));
    assert.ok(rangedEvents.some((e) => e.id === second.id));
    const future = await fetch(`${server.url}/api/v1/audit/export?since=2999-01-01`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    assert.equal(await future.text(), '');
  });

  it('verifies an untouched log', async () => {
    const { status, body } = await server.api('POST', '/api/v1/audit/verify');
    assert.equal(status, 200);
    assert.equal(body.ok, true);
    assert.ok(body.events >= 3);
    assert.equal(body.first_broken, undefined);
  });

  it('fails verification naming the event whose row was edited in the database, and passes again once it is put back', async () => {
    const original = await store.kysely
      .selectFrom('audit_events')
      .select('details')
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    await store.kysely
      .updateTable('audit_events')
      .set({ details: '{"tags":{"stage":"prod"}}' })
      .where('seq', '=', 2)
      .execute();
    const broken = await server.api('POST', '/api/v1/audit/verify');
    assert.deepEqual(
      [
        broken.status,
        broken.body.ok,
        broken.body.events,
        broken.body.first_broken?.seq,
        broken.body.first_broken?.reason,
      ],
      [200, false, 1, 2, 'hash-mismatch'],
    );
    await store.kysely.updateTable('audit_events').set({ details: original.details }).where('seq', '=', 2).execute();
    assert.equal((await server.api('POST', '/api/v1/audit/verify')).body.ok, true);
  });

  it('fails verification naming the next event when a row is deleted from the database', async () => {
    const row = await store.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    await store.kysely.deleteFrom('audit_events').where('seq', '=', 2).execute();
    const broken = await server.api('POST', '/api/v1/audit/verify');
    assert.deepEqual(
      [broken.body.ok, broken.body.first_broken?.seq, broken.body.first_broken?.reason],
      [false, 3, 'seq-gap'],
    );
    await store.kysely.insertInto('audit_events').values(row).execute();
    assert.equal((await server.api('POST', '/api/v1/audit/verify')).body.ok, true);
  });

  it('gives each of several concurrent writes its own request id and source, whatever the order they finish in', async () => {
    const ids = ['concurrent-a', 'concurrent-b', 'concurrent-c', 'concurrent-d'];
    const answers = await Promise.all(
      ids.map((id, i) => server.api('PATCH', base, { tags: { [`tag${i}`]: id } }, { 'x-request-id': id })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      ids.map(() => 200),
    );
    const { body } = await server.api('GET', '/api/v1/audit?top=1000');
    const byRequest = new Map((body.value as any[]).map((e) => [e.request_id, e]));
    for (const [i, id] of ids.entries()) {
      const event = byRequest.get(id);
      assert.equal(event?.details.tags?.[`tag${i}`], id, `the event of ${id} is the change ${id} made`);
      assert.equal(event?.source, '127.0.0.1');
    }
  });
});
