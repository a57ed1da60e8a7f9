import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

/**
 * Issue 12, item 3: a restricted token (read-only, narrowed to one scope, a `/v2/` session token)
 * tries to mint a full, a broader or a longer-lived token, and to revoke its owner's tokens; a
 * session token outlives the token it was issued from.
 */
for (const dialect of testDialects) {
  describe(`restricted tokens cannot mint or revoke their way out on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    /** The server's clock runs this far ahead of the real one (moved by the expiry test only). */
    let skewMs = 0;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const basic = (token: string) => ({ authorization: `Basic ${Buffer.from(`mallory:${token}`).toString('base64')}` });

    /** A fresh Owner user `name` and a token for it with `narrowing` (read_only, workspace, registry, expires_at). */
    async function tokenFor(
      name: string,
      narrowing: Record<string, unknown> = {},
    ): Promise<{ id: string; token: string }> {
      if ((await server.api('GET', `/api/v1/users/${name}`)).status === 404) {
        assert.equal((await server.api('PUT', `/api/v1/users/${name}`, {})).status, 200);
        assert.equal((await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', user: name })).status, 201);
      }
      const created = await server.api('POST', `/api/v1/users/${name}/tokens`, { name: 'given', ...narrowing });
      assert.equal(created.status, 201);
      return { id: created.body.id, token: created.body.token };
    }

    /** The user's tokens as the admin sees them. */
    async function tokensOf(name: string): Promise<any[]> {
      const listed = await server.api('GET', `/api/v1/users/${name}/tokens`);
      assert.equal(listed.status, 200);
      return listed.body.value;
    }

    async function sessionFrom(token: string, actions = 'pull,push'): Promise<{ token: string; expires_in: number }> {
      const issued = await server.api(
        'GET',
        `/v2/token?service=arca&scope=repository:reg1/models/thing:${actions}`,
        undefined,
        basic(token),
      );
      assert.equal(issued.status, 200);
      return issued.body;
    }

    function assertRestricted(res: { status: number; body: any }, pattern: RegExp): void {
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'CredentialRestricted');
      assert.match(res.body.error.message, pattern);
    }

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database, clock: { now: () => new Date(Date.now() + skewMs) } });
      for (const path of ['/api/v1/registries/reg1', '/api/v1/workspaces/ws1', '/api/v1/workspaces/ws2']) {
        const put = await server.api('PUT', path, { location: 'eastus' });
        await server.waitForOperation(put.headers.get('location') ?? '');
      }
      await createVersion(server, '/api/v1/registries/reg1/models/thing', [
        { path: 'w', bytes: Buffer.from('weights') },
      ]);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('refuses a read-only token that asks for a full token, and stores none', async () => {
      const readOnly = await tokenFor('ro-minter', { read_only: true });
      const before = await tokensOf('ro-minter');
      for (const body of [{ name: 'full' }, { name: 'also-ro', read_only: true }]) {
        assertRestricted(
          await server.api('POST', '/api/v1/users/ro-minter/tokens', body, bearer(readOnly.token)),
          /read-only; creating a token needs a full token/,
        );
      }
      assert.deepEqual(
        (await tokensOf('ro-minter')).map((t) => t.id),
        before.map((t) => t.id),
      );
    });

    it('refuses a narrowed token that asks for a full token, one for another scope, or one that outlives it', async () => {
      const expiresAt = new Date(Date.now() + skewMs + 3_600_000).toISOString();
      const narrowed = await tokenFor('ws-minter', { workspace: 'ws1', expires_at: expiresAt });
      const later = new Date(Date.parse(expiresAt) + 86_400_000).toISOString();
      const attempts: [Record<string, unknown>, RegExp][] = [
        [{ name: 'full' }, /narrowed to workspace ws1; it may create only tokens narrowed to the same workspace/],
        [{ name: 'other-ws', workspace: 'ws2' }, /a token for workspace ws2 needs a full token/],
        [{ name: 'registry', registry: 'reg1' }, /a token for registry reg1 needs a full token/],
        [{ name: 'forever', workspace: 'ws1' }, /expires at .*a token that never expires needs a full token/],
        [{ name: 'longer', workspace: 'ws1', expires_at: later }, /give expires_at ≤/],
      ];
      const before = await tokensOf('ws-minter');
      for (const [body, pattern] of attempts)
        assertRestricted(
          await server.api('POST', '/api/v1/users/ws-minter/tokens', body, bearer(narrowed.token)),
          pattern,
        );
      assert.deepEqual(
        (await tokensOf('ws-minter')).map((t) => t.id),
        before.map((t) => t.id),
      );
    });

    it('lets a narrowed token mint only a child at most as narrow, which dies with it', async () => {
      const expiresAt = new Date(Date.now() + skewMs + 3_600_000).toISOString();
      const narrowed = await tokenFor('ws-parent', { workspace: 'ws1', expires_at: expiresAt });
      const minted = await server.api(
        'POST',
        '/api/v1/users/ws-parent/tokens',
        { name: 'child', workspace: 'ws1', read_only: true, expires_at: expiresAt },
        bearer(narrowed.token),
      );
      assert.equal(minted.status, 201);
      assert.equal(minted.body.scope, 'workspace:ws1');
      const child = minted.body.token;
      assert.equal((await server.api('GET', '/api/v1/workspaces/ws1', undefined, bearer(child))).status, 200);
      assert.equal((await server.api('GET', '/api/v1/workspaces/ws2', undefined, bearer(child))).status, 403);
      assert.equal((await server.api('DELETE', `/api/v1/tokens/${narrowed.id}`)).status, 200);
      assert.equal((await server.api('GET', '/api/v1/workspaces/ws1', undefined, bearer(child))).status, 401);
      assert.ok(
        (await tokensOf('ws-parent')).every((t) => t.revoked_at !== null),
        'the child is revoked with its parent',
      );
    });

    it('refuses a /v2/ session token that asks for a token, lists or revokes tokens, or exchanges itself for another session', async () => {
      const full = await tokenFor('session-minter');
      const session = (await sessionFrom(full.token)).token;
      const before = await tokensOf('session-minter');
      assertRestricted(
        await server.api('POST', '/api/v1/users/session-minter/tokens', { name: 'full' }, bearer(session)),
        /\/v2\/ session token/,
      );
      assertRestricted(
        await server.api('GET', '/api/v1/users/session-minter/tokens', undefined, bearer(session)),
        /\/v2\/ session token/,
      );
      assertRestricted(
        await server.api('DELETE', `/api/v1/tokens/${full.id}`, undefined, bearer(session)),
        /\/v2\/ session token/,
      );
      const exchanged = await server.api(
        'GET',
        '/v2/token?service=arca&scope=repository:reg1/models/thing:pull,push',
        undefined,
        basic(session),
      );
      assert.equal(exchanged.status, 403);
      assert.equal(exchanged.body.errors[0].code, 'DENIED');
      assert.match(exchanged.body.errors[0].message, /session token/);
      const after = await tokensOf('session-minter');
      assert.deepEqual(
        after.map((t) => t.id),
        before.map((t) => t.id),
      );
      assert.ok(
        after.every((t) => t.revoked_at === null),
        'nothing was revoked',
      );
    });

    it("refuses a read-only or a narrowed token that revokes its owner's other tokens, and the victim keeps working", async () => {
      const victim = await tokenFor('revoker');
      for (const narrowing of [{ read_only: true }, { workspace: 'ws1' }]) {
        const restricted = await tokenFor('revoker', narrowing);
        assertRestricted(
          await server.api('DELETE', `/api/v1/tokens/${victim.id}`, undefined, bearer(restricted.token)),
          /needs a full token/,
        );
      }
      assert.equal((await tokensOf('revoker')).find((t) => t.id === victim.id)?.revoked_at, null);
      assert.equal((await server.api('GET', '/api/v1/whoami', undefined, bearer(victim.token))).status, 200);
    });

    it('revokes the session tokens issued from a token together with it', async () => {
      const parent = await tokenFor('session-parent');
      const pull = (await sessionFrom(parent.token, 'pull')).token;
      const push = (await sessionFrom(parent.token)).token;
      for (const session of [pull, push])
        assert.equal(
          (await server.api('GET', '/v2/reg1/models/thing/manifests/1', undefined, bearer(session))).status,
          200,
        );
      assert.equal((await server.api('DELETE', `/api/v1/tokens/${parent.id}`)).status, 200);
      for (const session of [pull, push]) {
        const refused = await server.api('GET', '/v2/reg1/models/thing/manifests/1', undefined, bearer(session));
        assert.equal(refused.status, 401);
        assert.equal(refused.body.errors[0].code, 'UNAUTHORIZED');
      }
      const rows = await tokensOf('session-parent');
      assert.equal(rows.length, 3);
      assert.ok(
        rows.every((t) => t.revoked_at !== null),
        'the sessions are revoked in the same transaction as their parent',
      );
      const events = (
        await server.api(
          'GET',
          `/api/v1/audit?action=tokens/revoke&target=${encodeURIComponent(`arca://tokens/${parent.id}`)}`,
        )
      ).body.value;
      assert.deepEqual(
        events.map((e: any) => e.details),
        [{ derivedRevoked: 2 }],
      );
    });

    it('leaves no session alive when its parent is revoked while sessions are being issued', async () => {
      const parent = await tokenFor('racing-parent');
      const issuing = Array.from({ length: 12 }, () =>
        server.api(
          'GET',
          '/v2/token?service=arca&scope=repository:reg1/models/thing:pull',
          undefined,
          basic(parent.token),
        ),
      );
      const revoked = server.api('DELETE', `/api/v1/tokens/${parent.id}`);
      const answers = await Promise.all(issuing);
      assert.equal((await revoked).status, 200);
      for (const answer of answers) {
        if (answer.status !== 200) continue;
        assert.equal(
          (await server.api('GET', '/v2/reg1/models/thing/manifests/1', undefined, bearer(answer.body.token))).status,
          401,
        );
      }
      assert.ok(
        (await tokensOf('racing-parent')).every((t) => t.revoked_at !== null),
        'every session issued was revoked with its parent',
      );
    });

    it('never lets a session token outlive its parent: it expires when the parent does', async () => {
      const parentExpiry = new Date(Date.now() + skewMs + 60_000).toISOString();
      const parent = await tokenFor('short-parent', { expires_at: parentExpiry });
      const session = await sessionFrom(parent.token);
      assert.ok(session.expires_in <= 60, `expires_in ${session.expires_in} is within the parent's minute`);
      const row = (await tokensOf('short-parent')).find((t) => t.id !== parent.id);
      assert.equal(row?.expires_at, parentExpiry);
      assert.equal(
        (await server.api('GET', '/v2/reg1/models/thing/manifests/1', undefined, bearer(session.token))).status,
        200,
      );
      skewMs += 90_000;
      try {
        assert.equal(
          (await server.api('GET', '/v2/reg1/models/thing/manifests/1', undefined, bearer(session.token))).status,
          401,
        );
      } finally {
        skewMs -= 90_000;
      }
    });

    it('stops a session token whose principal is disabled, like the token it came from', async () => {
      const parent = await tokenFor('soon-disabled');
      const session = (await sessionFrom(parent.token)).token;
      assert.equal((await server.api('PUT', '/api/v1/users/soon-disabled', { disabled: true })).status, 200);
      assert.equal(
        (await server.api('GET', '/v2/reg1/models/thing/manifests/1', undefined, bearer(session))).status,
        401,
      );
    });
  });
}
