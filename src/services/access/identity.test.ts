import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isArcaError } from '../../core/errors.js';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedTime } from '../../testing/metadata-seeds.js';
import { startTestServer, testAdminToken } from '../../testing/server.js';
import { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  findPrincipalByName,
  findTokenByHash,
  findTokenById,
  insertPrincipal,
  insertToken,
  revokeToken,
  updatePrincipal,
} from '../../storage/metadata/principals-repository.js';
import type { Clock } from '../clock.js';
import { generateToken, hashToken, IdentityService } from './identity.js';
import { fullTokenFields } from '../../core/model/access.js';

/** A clock a test moves by hand. */
function handClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => now, set: (iso) => (now = new Date(iso)) };
}

const unauthenticated = (error: unknown): boolean => isArcaError(error, 'Unauthenticated');

for (const dialect of testDialects) {
  describe(`token authentication on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;
    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });

    /** A fresh user and one token of it (expiring at `expiresAt`); the secret and the ids. */
    async function userWithToken(expiresAt: string | null = null) {
      const principalId = randomUUID();
      await insertPrincipal(store.session, {
        id: principalId,
        kind: 'user',
        name: `u-${principalId.slice(0, 8)}`,
        nameKey: `u-${principalId.slice(0, 8)}`,
        displayName: null,
        email: null,
        disabled: false,
        isAdmin: false,
        createdAt: seedTime,
        createdBy: 'admin',
      });
      const secret = generateToken();
      const tokenId = randomUUID();
      await insertToken(store.session, {
        id: tokenId,
        principalId,
        name: 't',
        tokenHash: hashToken(secret),
        createdAt: seedTime,
        ...fullTokenFields,
        expiresAt,
      });
      return { secret, tokenId, principalId };
    }

    it("a used token's last_used_at is written by the next flush, not by the request", async () => {
      const clock = handClock('2026-03-01T10:00:00.000Z');
      const identity = new IdentityService(store, clock);
      const { secret, tokenId } = await userWithToken();
      await identity.authenticate(`Bearer ${secret}`);
      clock.set('2026-03-01T10:00:05.000Z');
      await identity.authenticate(`Bearer ${secret}`);
      assert.equal((await findTokenById(store.session, tokenId))?.lastUsedAt, null);
      await identity.flushTokenUses();
      assert.equal((await findTokenById(store.session, tokenId))?.lastUsedAt, '2026-03-01T10:00:05.000Z');
    });

    it('a token revoked through another process is refused on the next request, though this one verified it', async () => {
      const here = new IdentityService(store, handClock('2026-03-01T10:00:00.000Z'));
      const { secret, tokenId } = await userWithToken();
      assert.equal((await here.authenticate(`Bearer ${secret}`)).token.id, tokenId);
      // Another replica revokes: only the database is shared.
      await store.transaction((trx) => revokeToken(trx, tokenId, '2026-03-01T10:00:01.000Z'));
      await assert.rejects(here.authenticate(`Bearer ${secret}`), unauthenticated);
    });

    it('a principal disabled through another process is refused on the next request', async () => {
      const here = new IdentityService(store, handClock('2026-03-01T10:00:00.000Z'));
      const { secret, principalId } = await userWithToken();
      await here.authenticate(`Bearer ${secret}`);
      await updatePrincipal(store.session, principalId, { disabled: true });
      await assert.rejects(here.authenticate(`Bearer ${secret}`), unauthenticated);
    });

    it('a verified token is refused once it expires, with no change in the database', async () => {
      const clock = handClock('2026-03-01T10:00:00.000Z');
      const here = new IdentityService(store, clock);
      const { secret } = await userWithToken('2026-03-01T11:00:00.000Z');
      await here.authenticate(`Bearer ${secret}`);
      clock.set('2026-03-01T11:00:00.000Z');
      await assert.rejects(here.authenticate(`Bearer ${secret}`), unauthenticated);
    });
  });

  describe(`token uses at shutdown on ${dialect.name}`, { skip: dialect.skip }, () => {
    it('stopping the server writes the last use of the tokens it served', async () => {
      const database = await dialect.create();
      const server = await startTestServer({ database });
      let stopped = false;
      try {
        assert.equal((await server.api('GET', '/api/v1/registries')).status, 200);
        await server.stop();
        stopped = true;
        const store = await MetadataStore.open({
          database: database.database,
          ...(database.schema ? { schema: database.schema } : {}),
        });
        try {
          const admin = await findPrincipalByName(store.session, 'admin');
          const token = await findTokenByHash(store.session, hashToken(testAdminToken));
          assert.equal(token?.principalId, admin?.id);
          assert.notEqual(token?.lastUsedAt ?? null, null);
        } finally {
          await store.close();
        }
      } finally {
        if (!stopped) await server.stop();
        await database.cleanup();
      }
    });
  });
}
