import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Clock } from '../../src/services/clock.js';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

/** Issue 17: studio sessions carried in a cookie, with CSRF, narrowing, revocation and expiry. */

const t0 = Date.parse('2026-06-01T10:00:00.000Z');
/** A clock the test moves by hand (the server starts at t0). */
function handClock(): Clock & { advance(seconds: number): void } {
  let now = t0;
  return { now: () => new Date(now), advance: (seconds) => (now += seconds * 1000) };
}

interface Session {
  cookie: string;
  secret: string;
  csrf: string;
  setCookie: string;
  body: any;
}

async function signIn(server: TestServer, token: string): Promise<Session> {
  const response = await fetch(`${server.url}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const body = (await response.json()) as any;
  return { cookie, secret: cookie.slice(cookie.indexOf('=') + 1), csrf: body.csrf_token, setCookie, body };
}

/** A request as the studio's page sends it: the cookie, and the CSRF header when given. */
async function asBrowser(
  server: TestServer,
  session: Session,
  method: string,
  path: string,
  options: { csrf?: string; body?: unknown } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      ...(options.csrf === undefined ? {} : { 'x-arca-csrf': options.csrf }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

async function userToken(server: TestServer, user: string, role: string, narrowing: object = {}): Promise<any> {
  await server.api('PUT', `/api/v1/users/${user}`, {});
  await server.api('POST', '/api/v1/role-assignments', { role, user });
  const created = await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 'studio', ...narrowing });
  assert.equal(created.status, 201);
  return created.body;
}

for (const dialect of testDialects) {
  describe(`studio sessions on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const clock = handClock();
    const logLines: string[] = [];

    before(async () => {
      database = await dialect.create();
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString('utf8'));
          done();
        },
      });
      server = await startTestServer({
        database,
        clock,
        logger: pino({ level: 'trace' }, sink),
        env: { ARCA_STUDIO_SESSION_IDLE_SECONDS: '600', ARCA_STUDIO_SESSION_MAX_SECONDS: '3600' },
      });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('exchanges a token for an HttpOnly SameSite=Strict cookie that authenticates /api/v1', async () => {
      const session = await signIn(server, server.token);
      assert.match(session.setCookie, /^arca_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=3600$/);
      assert.equal(session.body.principal.name, 'admin');
      assert.ok(session.body.permissions.org.includes('registries/write'));
      const current = await asBrowser(server, session, 'GET', '/api/v1/sessions/current');
      assert.equal(current.status, 200);
      assert.equal(current.body.csrf_token, session.csrf);
      assert.equal(current.body.idle_timeout_seconds, 600);
      assert.equal((await asBrowser(server, session, 'GET', '/api/v1/registries')).status, 200);
    });

    it('refuses a state change by cookie without the CSRF header or with another session’s, and takes it with its own', async () => {
      const session = await signIn(server, server.token);
      const other = await signIn(server, server.token);
      const body = { location: 'eastus' };
      const missing = await asBrowser(server, session, 'PUT', '/api/v1/workspaces/csrf-ws', { body });
      assert.equal(missing.status, 403);
      assert.equal(missing.body.error.code, 'CsrfTokenInvalid');
      const wrong = await asBrowser(server, session, 'PUT', '/api/v1/workspaces/csrf-ws', { body, csrf: other.csrf });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.error.code, 'CsrfTokenInvalid');
      assert.equal((await server.api('GET', '/api/v1/workspaces/csrf-ws')).status, 404);
      const right = await asBrowser(server, session, 'PUT', '/api/v1/workspaces/csrf-ws', { body, csrf: session.csrf });
      assert.equal(right.status, 202);
      // Bearer requests need no CSRF header, as before.
      assert.equal((await server.api('PATCH', '/api/v1/workspaces/csrf-ws', { tags: { a: 'b' } })).status, 200);
    });

    it('ends the session when the token it came from is revoked', async () => {
      const token = await userToken(server, 'revokee', 'Reader');
      const session = await signIn(server, token.token);
      assert.equal((await asBrowser(server, session, 'GET', '/api/v1/registries')).status, 200);
      assert.equal((await server.api('DELETE', `/api/v1/tokens/${token.id}`)).status, 200);
      const after = await asBrowser(server, session, 'GET', '/api/v1/registries');
      assert.equal(after.status, 401);
      assert.equal(after.body.error.code, 'Unauthenticated');
    });

    it('keeps the session of a read-only token read-only, even with the CSRF header', async () => {
      const token = await userToken(server, 'ro-owner', 'Owner', { read_only: true });
      const session = await signIn(server, token.token);
      assert.equal(session.body.token.read_only, true);
      assert.ok(!session.body.permissions.org.includes('registries/write'));
      const write = await asBrowser(server, session, 'PUT', '/api/v1/registries/ro-made', {
        body: { location: 'eastus' },
        csrf: session.csrf,
      });
      assert.equal(write.status, 403);
      assert.equal(write.body.error.code, 'CredentialRestricted');
    });

    it('refuses a studio session on /v2/, by cookie or by its secret as a bearer, and the secret as a bearer on /api/v1', async () => {
      const session = await signIn(server, server.token);
      const byCookie = await fetch(`${server.url}/v2/`, { headers: { cookie: session.cookie } });
      assert.equal(byCookie.status, 401);
      for (const path of ['/v2/', '/api/v1/registries']) {
        const byBearer = await fetch(`${server.url}${path}`, {
          headers: { authorization: `Bearer ${session.secret}` },
        });
        assert.equal(byBearer.status, 401, path);
      }
    });

    it('refuses a /v2/ session token at sign-in', async () => {
      const basic = `Basic ${Buffer.from(`admin:${server.token}`).toString('base64')}`;
      const issued = await server.api('GET', '/v2/token?service=arca', undefined, { authorization: basic });
      assert.equal(issued.status, 200);
      const refused = await server.api('POST', '/api/v1/sessions', { token: issued.body.token }, { authorization: '' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'CredentialRestricted');
    });

    it('ends a session unused for the idle limit, and a busy one at its absolute limit', async () => {
      const idle = await signIn(server, server.token);
      const busy = await signIn(server, server.token);
      for (let i = 0; i < 6; i++) {
        clock.advance(500);
        assert.equal((await asBrowser(server, busy, 'GET', '/api/v1/registries')).status, 200, `use ${i}`);
      }
      // 3000 s after sign-in: the idle session went unused for more than 600 s.
      const ended = await asBrowser(server, idle, 'GET', '/api/v1/registries');
      assert.equal(ended.status, 401);
      assert.equal(ended.body.error.code, 'Unauthenticated');
      clock.advance(500);
      assert.equal((await asBrowser(server, busy, 'GET', '/api/v1/registries')).status, 200);
      clock.advance(200);
      // 3700 s after sign-in: past the absolute limit however busy.
      assert.equal((await asBrowser(server, busy, 'GET', '/api/v1/registries')).status, 401);
    });

    it('signs out: the session is revoked server-side, the cookie cleared, and both ends audited', async () => {
      const session = await signIn(server, server.token);
      const out = await asBrowser(server, session, 'DELETE', '/api/v1/sessions/current', { csrf: session.csrf });
      assert.equal(out.status, 204);
      assert.match(
        out.headers.get('set-cookie') ?? '',
        /^arca_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/,
      );
      assert.equal((await asBrowser(server, session, 'GET', '/api/v1/sessions/current')).status, 401);
      const audit = await server.api('GET', '/api/v1/audit?top=1000');
      const actions = (audit.body.value as any[])
        .filter((e) => e.target === `arca://tokens/${session.body.token.id}` || e.action?.startsWith('sessions/'))
        .map((e) => e.action);
      assert.ok(actions.includes('sessions/create'), JSON.stringify(actions));
      assert.ok(actions.includes('sessions/delete'), JSON.stringify(actions));
    });

    it('answers a bearer caller that it has no session to show or end', async () => {
      const shown = await server.api('GET', '/api/v1/sessions/current');
      assert.equal(shown.status, 404);
      assert.equal(shown.body.error.code, 'StudioSessionNotFound');
    });

    it('never writes a session secret or the signed-in token to the log', async () => {
      const session = await signIn(server, server.token);
      await asBrowser(server, session, 'GET', '/api/v1/sessions/current');
      await asBrowser(server, session, 'PUT', '/api/v1/workspaces/logged', { body: { location: 'eastus' } });
      await asBrowser(server, session, 'DELETE', '/api/v1/sessions/current', { csrf: session.csrf });
      await asBrowser(server, session, 'GET', '/api/v1/registries');
      const log = logLines.join('');
      assert.ok(log.includes('/api/v1/sessions'), 'the requests were logged');
      assert.ok(!log.includes(session.secret), 'a session secret was logged');
      assert.ok(!log.includes(session.csrf), 'a CSRF value was logged');
      assert.ok(!log.includes(server.token), 'the token was logged');
    });
  });
}

describe('studio session cookie behind TLS', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { ARCA_PUBLIC_URL: 'https://arca.example.test' } });
  });
  after(async () => server?.stop());

  it('marks the cookie Secure when the public URL is https', async () => {
    const session = await signIn(server, server.token);
    assert.match(session.setCookie, /; Secure$/);
  });
});
