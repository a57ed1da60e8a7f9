import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { bytesOf, digestOf } from '../../src/testing/uploads.js';

interface Credential {
  url: string;
  part_number: number;
  headers: Record<string, string>;
}

/** MLflow's proxied multipart upload (`mpu/create|complete|abort`) as the client drives it. */
for (const dialect of testDialects) {
  describe(`MLflow multipart artifact uploads on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let otherToken: string;
    const base = '/mlflow/workspaces/team-a/api/2.0/mlflow-artifacts';
    const post = (path: string, body: unknown, token = server.token) =>
      fetch(`${server.url}${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    /** Sends a part as the client does: to the credential's URL with its headers, nothing else. */
    const putPart = (credential: Credential, bytes: Buffer) =>
      fetch(credential.url, { method: 'PUT', headers: credential.headers, body: bytes });
    const create = async (dir: string, numParts: number) => {
      const res = await post(`/mpu/create/${dir}`, { path: '/home/me/out/model.bin', num_parts: numParts });
      assert.equal(res.status, 200);
      return (await res.json()) as { upload_id: string; credentials: Credential[] };
    };

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      await server.api('PUT', '/api/v1/users/other', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Contributor', user: 'other', workspace: 'team-a' });
      otherToken = (await server.api('POST', '/api/v1/users/other/tokens', { name: 't' })).body.token;
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('joins parts sent out of order into one file named after the local file, byte-identical', async () => {
      const parts = [bytesOf(70_000, 1), bytesOf(70_000, 2), bytesOf(1_234, 3)];
      const made = await create('1/r/artifacts/model', 3);
      assert.deepEqual(
        made.credentials.map((c) => c.part_number),
        [1, 2, 3],
      );
      assert.match(
        made.credentials[0]?.url ?? '',
        /^http:\/\/127\.0\.0\.1:\d+\/mlflow\/workspaces\/team-a\/api\/2\.0\//,
      );
      const etags: string[] = [];
      for (const i of [2, 0, 1]) {
        const res = await putPart(made.credentials[i] as Credential, parts[i] as Buffer);
        assert.equal(res.status, 200);
        etags[i] = res.headers.get('etag') ?? '';
      }
      assert.equal(etags[0], `"${digestOf(parts[0] as Buffer)}"`);
      const done = await post('/mpu/complete/1/r/artifacts/model', {
        path: '/home/me/out/model.bin',
        upload_id: made.upload_id,
        parts: etags.map((etag, i) => ({ part_number: i + 1, etag, url: made.credentials[i]?.url })),
      });
      assert.equal(done.status, 200);
      assert.deepEqual(await done.json(), {});
      const get = await fetch(`${server.url}${base}/artifacts/1/r/artifacts/model/model.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(get.status, 200);
      const whole = Buffer.concat(parts);
      assert.ok(Buffer.from(await get.arrayBuffer()).equals(whole));
      assert.equal(get.headers.get('etag'), `"${digestOf(whole)}"`);
      const again = await post('/mpu/complete/1/r/artifacts/model', {
        path: 'model.bin',
        upload_id: made.upload_id,
        parts: [{ part_number: 1, etag: etags[0] }],
      });
      assert.equal(again.status, 404, 'a completed upload is over');
    });

    it('refuses to complete while a part is missing, or with an ETag a part was not given', async () => {
      const made = await create('2/r/artifacts', 2);
      const first = await putPart(made.credentials[0] as Credential, Buffer.from('one'));
      const lacking = await post('/mpu/complete/2/r/artifacts', {
        path: 'model.bin',
        upload_id: made.upload_id,
        parts: [{ part_number: 1, etag: first.headers.get('etag') }],
      });
      assert.equal(lacking.status, 400);
      assert.match(((await lacking.json()) as Record<string, string>)['message'] ?? '', /part\(s\) 2/);
      await putPart(made.credentials[1] as Credential, Buffer.from('two'));
      const forged = await post('/mpu/complete/2/r/artifacts', {
        path: 'model.bin',
        upload_id: made.upload_id,
        parts: [
          { part_number: 1, etag: `"${digestOf(Buffer.from('not sent'))}"` },
          { part_number: 2, etag: '' },
        ],
      });
      assert.equal(forged.status, 400);
      assert.equal(((await forged.json()) as Record<string, string>)['error_code'], 'INVALID_PARAMETER_VALUE');
    });

    it('aborts an upload: no file, and its parts are refused afterwards', async () => {
      const made = await create('3/r/artifacts', 1);
      const aborted = await post('/mpu/abort/3/r/artifacts', { path: 'model.bin', upload_id: made.upload_id });
      assert.equal(aborted.status, 200);
      const late = await putPart(made.credentials[0] as Credential, Buffer.from('late'));
      assert.equal(late.status, 404);
      const get = await fetch(`${server.url}${base}/artifacts/3/r/artifacts/model.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(get.status, 404);
    });

    it('bounds the part count and refuses a part number outside the upload', async () => {
      for (const numParts of [0, 10_001, -1]) {
        const res = await post('/mpu/create/4/r/artifacts', { path: 'model.bin', num_parts: numParts });
        assert.equal(res.status, 400, String(numParts));
        assert.equal(((await res.json()) as Record<string, string>)['error_code'], 'INVALID_PARAMETER_VALUE');
      }
      const made = await create('4/r/artifacts', 1);
      const credential = made.credentials[0] as Credential;
      const outside = await putPart({ ...credential, url: credential.url.replace(/\/1$/, '/2') }, Buffer.from('x'));
      assert.equal(outside.status, 400);
    });

    it('keeps an upload to the principal that opened it', async () => {
      const made = await create('5/r/artifacts', 1);
      const credential = made.credentials[0] as Credential;
      const stranger = await putPart(
        { ...credential, headers: { Authorization: `Bearer ${otherToken}` } },
        Buffer.from('not yours'),
      );
      assert.equal(stranger.status, 404);
      const abort = await post(
        '/mpu/abort/5/r/artifacts',
        { path: 'model.bin', upload_id: made.upload_id },
        otherToken,
      );
      assert.equal(abort.status, 404);
    });

    it('refuses a multipart upload under _arca/ and a body naming no file', async () => {
      const arca = await post('/mpu/create/_arca/models/x', { path: 'model.bin', num_parts: 1 });
      assert.equal(arca.status, 400);
      const noName = await post('/mpu/create/6/r/artifacts', { path: '/home/me/', num_parts: 1 });
      assert.equal(noName.status, 400);
    });
  });
}

describe('an MLflow multipart upload nobody completes', () => {
  let server: TestServer;
  let now = Date.parse('2026-06-01T00:00:00.000Z');
  const base = '/mlflow/workspaces/team-a/api/2.0/mlflow-artifacts';
  const create = (dir: string) =>
    server.api('POST', `${base}/mpu/create/${dir}`, { path: 'model.bin', num_parts: 1 }) as Promise<{
      status: number;
      body: { upload_id: string; credentials: Credential[] };
    }>;

  before(async () => {
    server = await startTestServer({ clock: { now: () => new Date(now) } });
    const put = await server.api('PUT', '/api/v1/workspaces/team-a', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  });
  after(async () => {
    await server?.stop();
  });

  it('expires after a day: its parts are refused, and Arca records removing it', async () => {
    const stale = await create('1/r/artifacts');
    assert.equal(stale.status, 200);
    now += 25 * 3600 * 1000;
    const late = await fetch(stale.body.credentials[0]?.url ?? '', {
      method: 'PUT',
      headers: stale.body.credentials[0]?.headers ?? {},
      body: Buffer.from('late'),
    });
    assert.equal(late.status, 404);
    assert.equal((await create('2/r/artifacts')).status, 200);
    const events = await server.api('GET', '/api/v1/audit?action=mlflow/artifacts/mpu/expire');
    assert.equal(events.status, 200);
    const expired = (events.body.value as { action: string; principal: string; details: { upload?: string } }[]).filter(
      (e) => e.action === 'mlflow/artifacts/mpu/expire' && e.details.upload === stale.body.upload_id,
    );
    assert.equal(expired.length, 1);
    assert.equal(expired[0]?.principal, 'arca');
  });
});
