import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedTime as t0 } from '../../testing/metadata-seeds.js';
import type { MetadataStore } from './metadata-store.js';
import { hasActingOrgOwner } from './owners-repository.js';

for (const dialect of testDialects) {
  describe(`acting organisation owners on ${dialect.name}`, { skip: dialect.skip }, () => {
    let store: MetadataStore;
    let close: () => Promise<void>;

    before(async () => {
      ({ store, close } = await openTestStore(dialect));
    });
    after(async () => {
      await close?.();
    });
    beforeEach(async () => {
      await store.kysely.deleteFrom('role_assignments').execute();
      await store.kysely.deleteFrom('groups').execute();
      await store.kysely.deleteFrom('principals').execute();
    });

    async function principal(kind: 'user' | 'service', disabled = false): Promise<string> {
      const id = randomUUID();
      await store.kysely
        .insertInto('principals')
        .values({
          id,
          kind,
          name: id,
          name_key: id,
          display_name: null,
          is_admin: 0,
          created_at: t0,
          email: null,
          disabled: disabled ? 1 : 0,
          created_by: 'admin',
        })
        .execute();
      return id;
    }

    async function group(members: string[]): Promise<string> {
      const id = randomUUID();
      await store.kysely
        .insertInto('groups')
        .values({ id, name: id, name_key: id, description: null, created_at: t0, created_by: 'admin' })
        .execute();
      if (members.length > 0)
        await store.kysely
          .insertInto('group_members')
          .values(members.map((member) => ({ group_id: id, principal_id: member })))
          .execute();
      return id;
    }

    async function assign(
      assigneeId: string,
      assigneeKind: 'user' | 'service' | 'group',
      fields: { role?: string; scopeKind?: 'org' | 'registry' | 'workspace' } = {},
    ): Promise<void> {
      await store.kysely
        .insertInto('role_assignments')
        .values({
          id: randomUUID(),
          role_key: fields.role ?? 'owner',
          assignee_kind: assigneeKind,
          assignee_id: assigneeId,
          scope_kind: fields.scopeKind ?? 'org',
          scope_key: fields.scopeKind === undefined || fields.scopeKind === 'org' ? '' : 'lab',
          created_at: t0,
          created_by: 'admin',
        })
        .execute();
    }

    it('no one acts as owner when no enabled principal holds org Owner', async () => {
      assert.equal(await hasActingOrgOwner(store.session), false);
      await assign(await principal('user', true), 'user');
      await assign(await principal('user'), 'user', { role: 'contributor' });
      await assign(await principal('user'), 'user', { scopeKind: 'registry' });
      assert.equal(await hasActingOrgOwner(store.session), false);
    });

    it('an enabled user or service principal holding org Owner directly acts as owner', async () => {
      await assign(await principal('service'), 'service');
      assert.equal(await hasActingOrgOwner(store.session), true);
      await store.kysely.deleteFrom('role_assignments').execute();
      await assign(await principal('user'), 'user');
      assert.equal(await hasActingOrgOwner(store.session), true);
    });

    it('an enabled member of a group holding org Owner acts as owner; disabled members and empty groups do not', async () => {
      await assign(await group([]), 'group');
      await assign(await group([await principal('user', true)]), 'group');
      await assign(await group([await principal('user')]), 'group', { role: 'reader' });
      assert.equal(await hasActingOrgOwner(store.session), false);
      await assign(await group([await principal('user', true), await principal('service')]), 'group');
      assert.equal(await hasActingOrgOwner(store.session), true);
    });
  });
}
