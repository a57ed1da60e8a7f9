import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { ociRequest } from '../../src/testing/oci-requests.js';

/**
 * Issue 12, item 10: one principal opened 6,854 upload sessions in 15 s, and callers without a
 * valid token could make the server do (and record) work without bound. Open sessions are capped
 * per principal (REST and `/v2/` together), and unauthenticated callers are rate-limited per address.
 */

const limit = 5;
const sessionTtlSeconds = 3_600;
const restUploads = '/api/v1/registries/floodreg/uploads';
const ociUploads = '/v2/floodreg/models/flood/blobs/uploads/';

for (const dialect of testDialects) {
  describe(`upload sessions per principal are bounded on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    // Moved forward by hand to let sessions expire; otherwise real time.
    let offsetMs = 0;
    const tokens: Record<string, string> = {};

    const restStart = (user: string) =>
      server.api('POST', restUploads, undefined, { authorization: `Bearer ${tokens[user]}` });
    const ociStart = (user: string) => ociRequest(server, 'POST', ociUploads, { auth: `Bearer ${tokens[user]}` });

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({
        database,
        clock: { now: () => new Date(Date.now() + offsetMs) },
        env: {
          ARCA_MAX_UPLOAD_SESSIONS_PER_PRINCIPAL: String(limit),
          ARCA_PENDING_VERSION_TIMEOUT_SECONDS: String(sessionTtlSeconds),
        },
      });
      const put = await server.api('PUT', '/api/v1/registries/floodreg', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      for (const user of ['flooder', 'racer', 'patient', 'bystander']) {
        assert.equal((await server.api('PUT', `/api/v1/users/${user}`, {})).status < 300, true);
        assert.equal(
          (await server.api('POST', '/api/v1/role-assignments', { role: 'AssetPublisher', user, registry: 'floodreg' }))
            .status < 300,
          true,
        );
        tokens[user] = (await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't' })).body.token as string;
      }
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('refuses the session past the limit with 429 UploadSessionLimit and Retry-After, counting REST and /v2/ sessions together', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await restStart('flooder')).status, 202);
      for (let i = 0; i < 2; i++) assert.equal((await ociStart('flooder')).status, 202);

      const rest = await restStart('flooder');
      assert.equal(rest.status, 429);
      assert.equal(rest.body.error.code, 'UploadSessionLimit');
      assert.match(rest.body.error.message, /maxUploadSessionsPerPrincipal = 5/);
      assert.ok(Number(rest.headers.get('retry-after')) > 0, 'Retry-After is given');

      const oci = await ociStart('flooder');
      assert.equal(oci.status, 429);
      assert.equal(oci.json.errors[0].code, 'TOOMANYREQUESTS');
      assert.equal(oci.json.errors[0].detail.arcaCode, 'UploadSessionLimit');
      assert.ok(Number(oci.headers.get('retry-after')) > 0, 'Retry-After is given on /v2/ too');

      // The limit is the flooder's: another principal still starts sessions.
      assert.equal((await restStart('bystander')).status, 202);
    });

    it('lets concurrent starts of one principal take exactly the limit, never more', async () => {
      const answers = await Promise.all(
        Array.from({ length: 4 * limit }, (_, i) =>
          i % 2 === 0 ? restStart('racer').then((r) => r.status) : ociStart('racer').then((r) => r.status),
        ),
      );
      assert.equal(answers.filter((s) => s === 202).length, limit, `answers: ${answers.join(',')}`);
      assert.equal(answers.filter((s) => s === 429).length, 3 * limit);
    });

    it('frees a slot when a session is cancelled or finished', async () => {
      const sessions: string[] = [];
      for (let i = 0; i < limit; i++) {
        const start = await restStart('patient');
        assert.equal(start.status, 202);
        sessions.push(start.headers.get('location') ?? '');
      }
      assert.equal((await restStart('patient')).status, 429);

      const cancel = await server.api('DELETE', sessions[0] ?? '', undefined, {
        authorization: `Bearer ${tokens['patient']}`,
      });
      assert.equal(cancel.status, 204);
      assert.equal((await restStart('patient')).status, 202, 'the cancelled session freed its slot');
      assert.equal((await restStart('patient')).status, 429);

      const empty = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
      const finish = await fetch(`${server.url}${sessions[1] ?? ''}?digest=${empty}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens['patient']}` },
      });
      assert.equal(finish.status, 201);
      assert.equal((await restStart('patient')).status, 202, 'the finished session freed its slot');
    });

    it('frees the slots of sessions that expired, before housekeeping removes them', async () => {
      assert.equal((await restStart('flooder')).status, 429);
      offsetMs += (sessionTtlSeconds + 60) * 1000;
      assert.equal((await restStart('flooder')).status, 202);
    });
  });

  describe(
    `callers without a valid token are rate-limited per address on ${dialect.name}`,
    { skip: dialect.skip },
    () => {
      const perMinute = 10;
      let database: TestDatabase;
      let server: TestServer;

      before(async () => {
        database = await dialect.create();
        server = await startTestServer({ database, env: { ARCA_UNAUTHENTICATED_RATE_LIMIT: String(perMinute) } });
        const put = await server.api('PUT', '/api/v1/registries/floodreg', { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      });
      after(async () => {
        await server?.stop();
        await database?.cleanup();
      });

      it('answers 429 TooManyRequests with Retry-After past the limit, writes no more denied events, and leaves valid tokens and probes alone', async () => {
        const badToken = { authorization: 'Bearer arca_not_a_token_at_all_0000000000' };
        for (let i = 0; i < perMinute; i++)
          assert.equal((await server.api('GET', '/api/v1/registries', undefined, badToken)).status, 401);
        const denied = async (): Promise<number> =>
          (await server.api('GET', '/api/v1/audit?action=authenticate&top=1000')).body.value.length as number;

        for (let i = 0; i < 3 * perMinute; i++) {
          const refused = await server.api('GET', '/api/v1/registries', undefined, badToken);
          assert.equal(refused.status, 429);
          assert.equal(refused.body.error.code, 'TooManyRequests');
          const retryAfter = Number(refused.headers.get('retry-after'));
          assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
        }
        const anonymous = await fetch(`${server.url}/api/v1/registries`);
        assert.equal(anonymous.status, 429);
        const oci = await ociRequest(server, 'GET', '/v2/floodreg/models/x/tags/list', { auth: 'Bearer nope' });
        assert.equal(oci.status, 429);
        assert.equal(oci.json.errors[0].code, 'TOOMANYREQUESTS');
        assert.ok(Number(oci.headers.get('retry-after')) >= 1);

        // A caller whose token works is not affected, nor are the health probes.
        assert.equal((await server.api('GET', '/api/v1/registries/floodreg')).status, 200);
        assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
        assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

        // The refused flood did no database work: stopping lets every pending denied record land, and
        // a server on the same database finds none beyond the ones of the requests under the limit.
        await server.stop();
        server = await startTestServer({ database, env: { ARCA_UNAUTHENTICATED_RATE_LIMIT: String(perMinute) } });
        const recorded = await denied();
        assert.ok(
          recorded >= 1 && recorded <= perMinute,
          `${recorded} denied events for ${perMinute} refusals and ${3 * perMinute + 2} rate-limited requests`,
        );
      });
    },
  );
}
