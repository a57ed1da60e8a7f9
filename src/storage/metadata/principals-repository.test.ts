import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Principal, PrincipalKind, Token } from '../../core/model/access.js';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedTime as t0 } from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import {
  deletePrincipal,
  derivesFrom,
  findParentToken,
  findPrincipalById,
  findPrincipalByName,
  findTokenByHash,
  findTokenById,
  insertPrincipal,
  insertToken,
  listPrincipals,
  listTokens,
  lockTokenForDerivation,
  removeExpiredSessionTokens,
  recordTokenUses,
  revokeToken,
  tokenUsesPerStatement,
  updatePrincipal,
} from './principals-repository.js';
import { currentAccessEpoch } from './access-repository.js';

const t1 = '2026-01-02T00:00:00.000Z';
const t2 = '2026-01-03T00:00:00.000Z';
const t3 = '2026-01-04T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`principals and tokens on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });
    beforeEach(async () => {
      await store.kysely.deleteFrom('group_members').execute();
      await store.kysely.deleteFrom('groups').execute();
      await store.kysely.deleteFrom('tokens').execute();
      await store.kysely.deleteFrom('principals').execute();
    });

    async function principal(name: string, fields: Partial<Principal> = {}): Promise<Principal> {
      const created: Principal = {
        id: randomUUID(),
        kind: 'user',
        name,
        nameKey: name.toLowerCase(),
        displayName: null,
        email: null,
        disabled: false,
        isAdmin: false,
        createdAt: t0,
        createdBy: 'admin',
        ...fields,
      };
      await insertPrincipal(store.session, created);
      return created;
    }

    async function token(principalId: string, fields: Partial<Token> = {}): Promise<Token> {
      const id = fields.id ?? randomUUID();
      const created: Token = {
        id,
        principalId,
        name: `token-${id}`,
        tokenHash: `hash-${id}`,
        createdAt: t0,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        readOnly: false,
        scopeKind: null,
        scopeKey: null,
        parentTokenId: null,
        session: false,
        studioSession: false,
        ...fields,
      };
      await insertToken(store.session, created);
      return created;
    }

    describe('principals', () => {
      it('findPrincipalByName and findPrincipalById read back every field of an inserted principal', async () => {
        const ann = await principal('Ann', {
          displayName: 'Ann Example',
          email: 'ann@example.com',
          isAdmin: true,
          disabled: true,
          kind: 'service',
        });
        assert.deepEqual(await findPrincipalByName(store.session, 'ann'), ann);
        assert.deepEqual(await findPrincipalById(store.session, ann.id), ann);
      });

      it('findPrincipalByName matches the name key only; unknown names and ids find nothing', async () => {
        await principal('Ann');
        assert.equal(await findPrincipalByName(store.session, 'Ann'), undefined);
        assert.equal(await findPrincipalByName(store.session, 'bob'), undefined);
        assert.equal(await findPrincipalById(store.session, randomUUID()), undefined);
      });

      it('a disabled flag other than 0 or 1 reads as disabled (fails closed)', async () => {
        const ann = await principal('ann');
        await store.kysely.updateTable('principals').set({ disabled: 2 }).where('id', '=', ann.id).execute();
        assert.equal((await findPrincipalById(store.session, ann.id))?.disabled, true);
      });

      it('listPrincipals lists one kind only, ordered by name key', async () => {
        await principal('carol');
        await principal('Ann');
        await principal('bob');
        await principal('builder', { kind: 'service' });
        const names = async (kind: PrincipalKind) =>
          (await listPrincipals(store.session, kind)).map((listed) => listed.name);
        assert.deepEqual(await names('user'), ['Ann', 'bob', 'carol']);
        assert.deepEqual(await names('service'), ['builder']);
      });

      it('updatePrincipal changes the fields given, leaves those undefined, and may clear email and display name', async () => {
        const ann = await principal('ann', { email: 'ann@example.com', displayName: 'Ann' });
        const other = await principal('bob', { email: 'bob@example.com' });
        await updatePrincipal(store.session, ann.id, { disabled: true });
        assert.deepEqual(await findPrincipalById(store.session, ann.id), { ...ann, disabled: true });
        await updatePrincipal(store.session, ann.id, { email: null, displayName: 'Ann E.', disabled: false });
        assert.deepEqual(await findPrincipalById(store.session, ann.id), {
          ...ann,
          email: null,
          displayName: 'Ann E.',
        });
        await updatePrincipal(store.session, ann.id, {});
        assert.deepEqual(await findPrincipalById(store.session, ann.id), {
          ...ann,
          email: null,
          displayName: 'Ann E.',
        });
        assert.deepEqual(await findPrincipalById(store.session, other.id), other);
      });

      it('deletePrincipal removes the principal with its tokens and group memberships, and no one else', async () => {
        const ann = await principal('ann');
        const bob = await principal('bob');
        const annToken = await token(ann.id);
        const bobToken = await token(bob.id);
        await store.kysely
          .insertInto('groups')
          .values({ id: 'g', name: 'team', name_key: 'team', description: null, created_at: t0, created_by: 'admin' })
          .execute();
        await store.kysely
          .insertInto('group_members')
          .values([
            { group_id: 'g', principal_id: ann.id },
            { group_id: 'g', principal_id: bob.id },
          ])
          .execute();
        await deletePrincipal(store.session, ann.id);
        assert.equal(await findPrincipalById(store.session, ann.id), undefined);
        assert.equal(await findTokenById(store.session, annToken.id), undefined);
        assert.deepEqual(await findTokenById(store.session, bobToken.id), bobToken);
        const members = await store.kysely.selectFrom('group_members').select('principal_id').execute();
        assert.deepEqual(
          members.map((member) => member.principal_id),
          [bob.id],
        );
      });
    });

    describe('tokens', () => {
      it('findTokenByHash and findTokenById read back every field of an inserted token', async () => {
        const ann = await principal('ann');
        const parent = await token(ann.id);
        const narrowed = await token(ann.id, {
          expiresAt: t2,
          lastUsedAt: t1,
          readOnly: true,
          scopeKind: 'workspace',
          scopeKey: 'lab',
          parentTokenId: parent.id,
          session: true,
          studioSession: false,
        });
        assert.deepEqual(await findTokenByHash(store.session, narrowed.tokenHash), narrowed);
        assert.deepEqual(await findTokenById(store.session, narrowed.id), narrowed);
        assert.equal(await findTokenByHash(store.session, 'no-such-hash'), undefined);
        assert.equal(await findTokenById(store.session, randomUUID()), undefined);
      });

      it('a revoked token is still found by hash and by id, carrying its revocation time (callers refuse it)', async () => {
        const ann = await principal('ann');
        const revoked = await token(ann.id);
        await revokeToken(store.session, revoked.id, t1);
        assert.equal((await findTokenByHash(store.session, revoked.tokenHash))?.revokedAt, t1);
        assert.equal((await findTokenById(store.session, revoked.id))?.revokedAt, t1);
      });

      it("listTokens lists one principal's tokens, oldest first", async () => {
        const ann = await principal('ann');
        const bob = await principal('bob');
        const second = await token(ann.id, { createdAt: t2 });
        const first = await token(ann.id, { createdAt: t1 });
        const third = await token(ann.id, { createdAt: t3 });
        await token(bob.id, { createdAt: t0 });
        assert.deepEqual(
          (await listTokens(store.session, ann.id)).map((listed) => listed.id),
          [first.id, second.id, third.id],
        );
        assert.deepEqual(await listTokens(store.session, randomUUID()), []);
      });

      it('findParentToken answers the expiry and revocation of the token, or nothing for an unknown id', async () => {
        const ann = await principal('ann');
        const parent = await token(ann.id, { expiresAt: t3 });
        assert.deepEqual(await findParentToken(store.session, parent.id), { expiresAt: t3, revokedAt: null });
        await revokeToken(store.session, parent.id, t1);
        assert.deepEqual(await findParentToken(store.session, parent.id), { expiresAt: t3, revokedAt: t1 });
        assert.equal(await findParentToken(store.session, randomUUID()), undefined);
      });

      it('recordTokenUses records the last use of each token given, in one statement, and spares the rest', async () => {
        const ann = await principal('ann');
        const used = await token(ann.id);
        const other = await token(ann.id);
        const idle = await token(ann.id);
        await recordTokenUses(store.session, [
          { tokenId: used.id, usedAt: t1 },
          { tokenId: other.id, usedAt: t2 },
        ]);
        assert.equal((await findTokenById(store.session, used.id))?.lastUsedAt, t1);
        assert.equal((await findTokenById(store.session, other.id))?.lastUsedAt, t2);
        assert.equal((await findTokenById(store.session, idle.id))?.lastUsedAt, null);
        await recordTokenUses(store.session, []);
        await assert.rejects(
          recordTokenUses(
            store.session,
            Array.from({ length: tokenUsesPerStatement + 1 }, () => ({ tokenId: used.id, usedAt: t2 })),
          ),
          RangeError,
        );
      });

      it('recordTokenUses never moves last_used_at backwards (replicas flush in any order)', async () => {
        const ann = await principal('ann');
        const used = await token(ann.id);
        await recordTokenUses(store.session, [{ tokenId: used.id, usedAt: t2 }]);
        await recordTokenUses(store.session, [{ tokenId: used.id, usedAt: t1 }]);
        assert.equal((await findTokenById(store.session, used.id))?.lastUsedAt, t2);
        await recordTokenUses(store.session, [{ tokenId: used.id, usedAt: t3 }]);
        assert.equal((await findTokenById(store.session, used.id))?.lastUsedAt, t3);
      });

      it('revoking a token or changing whether a principal is disabled moves the access epoch', async () => {
        const ann = await principal('ann');
        const victim = await token(ann.id);
        const before = await currentAccessEpoch(store.session);
        await revokeToken(store.session, victim.id, t1);
        const afterRevoke = await currentAccessEpoch(store.session);
        assert.ok(afterRevoke > before);
        await updatePrincipal(store.session, ann.id, { displayName: 'Ann' });
        assert.equal(await currentAccessEpoch(store.session), afterRevoke);
        await updatePrincipal(store.session, ann.id, { disabled: true });
        assert.ok((await currentAccessEpoch(store.session)) > afterRevoke);
      });

      it('revokeToken revokes the token and every descendant, counts the derived ones, and spares the rest', async () => {
        const ann = await principal('ann');
        const root = await token(ann.id);
        const child = await token(ann.id, { parentTokenId: root.id });
        const grandchild = await token(ann.id, { parentTokenId: child.id, session: true });
        const sibling = await token(ann.id, { parentTokenId: root.id });
        const unrelated = await token(ann.id);
        const otherChild = await token(ann.id, { parentTokenId: unrelated.id });
        const result = await store.transaction((trx) => revokeToken(trx, root.id, t1));
        assert.deepEqual(result, { derived: 3 });
        for (const revoked of [root, child, grandchild, sibling])
          assert.equal((await findTokenById(store.session, revoked.id))?.revokedAt, t1, revoked.id);
        for (const spared of [unrelated, otherChild])
          assert.equal((await findTokenById(store.session, spared.id))?.revokedAt, null, spared.id);
      });

      it('revokeToken keeps an earlier revocation time and does not count descendants already revoked', async () => {
        const ann = await principal('ann');
        const root = await token(ann.id);
        const child = await token(ann.id, { parentTokenId: root.id });
        const grandchild = await token(ann.id, { parentTokenId: child.id });
        assert.deepEqual(await revokeToken(store.session, child.id, t1), { derived: 1 });
        assert.deepEqual(await revokeToken(store.session, root.id, t2), { derived: 0 });
        assert.equal((await findTokenById(store.session, root.id))?.revokedAt, t2);
        assert.equal((await findTokenById(store.session, child.id))?.revokedAt, t1);
        assert.equal((await findTokenById(store.session, grandchild.id))?.revokedAt, t1);
        assert.deepEqual(await revokeToken(store.session, root.id, t3), { derived: 0 });
        assert.equal((await findTokenById(store.session, root.id))?.revokedAt, t2);
      });

      it('lockTokenForDerivation reads the id, expiry and revocation of a token in a transaction', async () => {
        const ann = await principal('ann');
        const parent = await token(ann.id, { expiresAt: t3 });
        await revokeToken(store.session, parent.id, t1);
        const read = await store.transaction(async (trx) => ({
          found: await lockTokenForDerivation(trx, parent.id),
          missing: await lockTokenForDerivation(trx, randomUUID()),
        }));
        assert.deepEqual(read, { found: { id: parent.id, expiresAt: t3, revokedAt: t1 }, missing: undefined });
      });

      it(
        'lockTokenForDerivation holds the row: a concurrent revoke waits, then revokes the token derived under the lock',
        {
          skip:
            dialect.name === 'postgres' ? false : 'SQLite serialises writers on one connection; it takes no row locks',
        },
        async () => {
          const ann = await principal('ann');
          const parent = await token(ann.id);
          const childId = randomUUID();
          let release = () => {};
          const held = new Promise<void>((resolve) => (release = resolve));
          let locked = () => {};
          const isLocked = new Promise<void>((resolve) => (locked = resolve));
          const derivation = store.transaction(async (trx) => {
            assert.equal((await lockTokenForDerivation(trx, parent.id))?.revokedAt, null);
            locked();
            await held;
            await insertToken(trx, { ...parent, id: childId, tokenHash: `hash-${childId}`, parentTokenId: parent.id });
          });
          try {
            await isLocked;
            let settled = false;
            const revocation = store
              .transaction((trx) => revokeToken(trx, parent.id, t1))
              .finally(() => (settled = true));
            await new Promise((resolve) => setTimeout(resolve, 200));
            assert.equal(settled, false, 'the revoke waits for the derivation holding the row');
            release();
            await derivation;
            assert.deepEqual(await revocation, { derived: 1 });
          } finally {
            release();
            await derivation;
          }
          assert.equal((await findTokenById(store.session, childId))?.revokedAt, t1);
        },
      );

      it('removeExpiredSessionTokens removes only session tokens expired before now, at most `limit` of them', async () => {
        const ann = await principal('ann');
        const expired = [
          await token(ann.id, { session: true, expiresAt: t0 }),
          await token(ann.id, { session: true, expiresAt: t1 }),
        ];
        const live = await token(ann.id, { session: true, expiresAt: t2 });
        const notSession = await token(ann.id, { expiresAt: t0 });
        const forever = await token(ann.id, { session: true });
        assert.equal(await removeExpiredSessionTokens(store.session, t2, 1), 1);
        assert.equal(await removeExpiredSessionTokens(store.session, t2, 10), 1);
        assert.equal(await removeExpiredSessionTokens(store.session, t2, 10), 0);
        for (const removed of expired) assert.equal(await findTokenById(store.session, removed.id), undefined);
        for (const kept of [live, notSession, forever])
          assert.deepEqual(await findTokenById(store.session, kept.id), kept);
      });

      it('derivesFrom is true for the token itself and any ancestor, false otherwise', async () => {
        const ann = await principal('ann');
        const root = await token(ann.id);
        const child = await token(ann.id, { parentTokenId: root.id });
        const grandchild = await token(ann.id, { parentTokenId: child.id });
        const other = await token(ann.id);
        assert.equal(await derivesFrom(store.session, grandchild.id, grandchild.id), true);
        assert.equal(await derivesFrom(store.session, grandchild.id, child.id), true);
        assert.equal(await derivesFrom(store.session, grandchild.id, root.id), true);
        assert.equal(await derivesFrom(store.session, root.id, grandchild.id), false);
        assert.equal(await derivesFrom(store.session, grandchild.id, other.id), false);
        assert.equal(await derivesFrom(store.session, randomUUID(), root.id), false);
      });
    });
  });
}
