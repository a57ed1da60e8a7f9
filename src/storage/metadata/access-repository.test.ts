import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Group, PrincipalKind, Role, RoleAssignment } from '../../core/model/access.js';
import { testDialects } from '../../testing/databases.js';
import { openTestStore, seedTime as t0 } from '../../testing/metadata-seeds.js';
import {
  addGroupMember,
  assignmentsFor,
  bumpAccessEpoch,
  currentAccessEpoch,
  deleteAssignment,
  deleteAssignmentsOf,
  deleteGroup,
  deleteScopeAssignments,
  findAssignment,
  findGroup,
  findRole,
  groupMembers,
  groupNameById,
  insertAssignment,
  insertGroup,
  insertRole,
  listAssignments,
  listGroups,
  listRoles,
  removeGroupMember,
  updateGroup,
} from './access-repository.js';
import type { MetadataStore } from './metadata-store.js';

const t1 = '2026-01-02T00:00:00.000Z';
const t2 = '2026-01-03T00:00:00.000Z';

for (const dialect of testDialects) {
  describe(`groups, roles and role assignments on ${dialect.name}`, { skip: dialect.skip }, () => {
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
      await store.kysely.deleteFrom('roles').execute();
      await store.kysely.deleteFrom('group_members').execute();
      await store.kysely.deleteFrom('groups').execute();
      await store.kysely.deleteFrom('principals').execute();
    });

    async function epoch(): Promise<number> {
      const row = await store.kysely
        .selectFrom('access_epoch')
        .select('epoch')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.epoch);
    }

    async function principal(name: string, kind: PrincipalKind = 'user'): Promise<string> {
      const id = randomUUID();
      await store.kysely
        .insertInto('principals')
        .values({
          id,
          kind,
          name,
          name_key: name.toLowerCase(),
          display_name: null,
          is_admin: 0,
          created_at: t0,
          email: null,
          disabled: 0,
          created_by: 'admin',
        })
        .execute();
      return id;
    }

    async function group(name: string, fields: Partial<Group> = {}): Promise<Group> {
      const created: Group = {
        id: randomUUID(),
        name,
        nameKey: name.toLowerCase(),
        description: null,
        createdAt: t0,
        createdBy: 'admin',
        ...fields,
      };
      await insertGroup(store.session, created);
      return created;
    }

    function role(name: string, fields: Partial<Role> = {}): Role {
      return {
        id: randomUUID(),
        name,
        nameKey: name.toLowerCase(),
        description: null,
        actions: ['assets/read'],
        notActions: [],
        createdAt: t0,
        createdBy: 'admin',
        ...fields,
      };
    }

    async function assign(assigneeId: string, fields: Partial<RoleAssignment> = {}): Promise<RoleAssignment> {
      const created: RoleAssignment = {
        id: randomUUID(),
        roleKey: 'reader',
        assigneeKind: 'user',
        assigneeId,
        scopeKind: 'org',
        scopeKey: '',
        createdAt: t0,
        createdBy: 'admin',
        ...fields,
      };
      await insertAssignment(store.session, created);
      return created;
    }

    describe('access epoch', () => {
      it('bumpAccessEpoch moves the epoch up by one each call', async () => {
        const start = await epoch();
        await bumpAccessEpoch(store.session);
        assert.equal(await epoch(), start + 1);
        await store.transaction(async (trx) => {
          await bumpAccessEpoch(trx);
          await bumpAccessEpoch(trx);
        });
        assert.equal(await epoch(), start + 3);
      });

      it('currentAccessEpoch reads the epoch, in a transaction too', async () => {
        await bumpAccessEpoch(store.session);
        assert.equal(await currentAccessEpoch(store.session), await epoch());
        const inside = await store.transaction(async (trx) => {
          await bumpAccessEpoch(trx);
          return currentAccessEpoch(trx);
        });
        assert.equal(inside, await epoch());
      });

      it('currentAccessEpoch outside a transaction never reads what an open transaction wrote and then rolled back', async () => {
        const before = await currentAccessEpoch(store.session);
        let readWhileOpen: Promise<number> | undefined;
        await assert.rejects(
          store.transaction(async (trx) => {
            await bumpAccessEpoch(trx);
            // On SQLite both share one connection: this read must wait for the transaction, not see its row.
            readWhileOpen = currentAccessEpoch(store.session);
            await new Promise((resolve) => setImmediate(resolve));
            throw new Error('rolled back on purpose');
          }),
          /rolled back on purpose/,
        );
        assert.equal(await readWhileOpen, before);
        assert.equal(await currentAccessEpoch(store.session), before);
      });

      it("inserting or deleting an assignment, deleting a scope's assignments and inserting a role each bump the epoch", async () => {
        const ann = await principal('ann');
        let last = await epoch();
        const bumped = async (what: string) => {
          const now = await epoch();
          assert.equal(now, last + 1, what);
          last = now;
        };
        const held = await assign(ann);
        await bumped('insertAssignment');
        await deleteAssignment(store.session, held.id);
        await bumped('deleteAssignment');
        await deleteScopeAssignments(store.session, 'registry', 'lab');
        await bumped('deleteScopeAssignments');
        await insertRole(store.session, role('auditor'));
        await bumped('insertRole');
      });
    });

    describe('roles', () => {
      it('findRole reads back a custom role by name key, with its action patterns', async () => {
        const auditor = role('Auditor', {
          description: 'reads the log',
          actions: ['audit/read', 'assets/*'],
          notActions: ['assets/delete'],
        });
        await insertRole(store.session, auditor);
        assert.deepEqual(await findRole(store.session, 'auditor'), auditor);
        assert.equal(await findRole(store.session, 'Auditor'), undefined);
        assert.equal(await findRole(store.session, 'owner'), undefined, 'built-in roles are not stored');
      });

      it('listRoles lists every custom role ordered by name key', async () => {
        for (const name of ['publisher', 'Auditor', 'curator']) await insertRole(store.session, role(name));
        assert.deepEqual(
          (await listRoles(store.session)).map((listed) => listed.name),
          ['Auditor', 'curator', 'publisher'],
        );
      });
    });

    describe('role assignments', () => {
      it('findAssignment reads back an inserted assignment; an unknown id finds nothing', async () => {
        const ann = await principal('ann');
        const held = await assign(ann, { roleKey: 'contributor', scopeKind: 'workspace', scopeKey: 'lab' });
        assert.deepEqual(await findAssignment(store.session, held.id), held);
        assert.equal(await findAssignment(store.session, randomUUID()), undefined);
      });

      it('listAssignments filters by scope kind, scope key, assignee and role, oldest first then by id', async () => {
        const ann = await principal('ann');
        const bob = await principal('bob');
        const late = await assign(ann, { createdAt: t2 });
        const early = await assign(ann, { createdAt: t0, roleKey: 'owner' });
        const sameTimeA = await assign(bob, {
          id: 'a-assignment',
          createdAt: t1,
          scopeKind: 'registry',
          scopeKey: 'lab',
        });
        const sameTimeB = await assign(bob, {
          id: 'b-assignment',
          createdAt: t1,
          scopeKind: 'workspace',
          scopeKey: 'lab',
        });
        const ids = async (filter: Parameters<typeof listAssignments>[1]) =>
          (await listAssignments(store.session, filter)).map((listed) => listed.id);
        assert.deepEqual(await ids({}), [early.id, sameTimeA.id, sameTimeB.id, late.id]);
        assert.deepEqual(await ids({ scopeKind: 'org' }), [early.id, late.id]);
        assert.deepEqual(await ids({ scopeKey: 'lab' }), [sameTimeA.id, sameTimeB.id]);
        assert.deepEqual(await ids({ scopeKind: 'workspace', scopeKey: 'lab' }), [sameTimeB.id]);
        assert.deepEqual(await ids({ assigneeId: ann }), [early.id, late.id]);
        assert.deepEqual(await ids({ assigneeId: ann, roleKey: 'owner' }), [early.id]);
        assert.deepEqual(await ids({ roleKey: 'contributor' }), []);
      });

      it('deleteAssignment removes that assignment and answers how many rows went', async () => {
        const ann = await principal('ann');
        const gone = await assign(ann);
        const kept = await assign(ann, { roleKey: 'owner' });
        assert.equal(await deleteAssignment(store.session, gone.id), 1);
        assert.equal(await deleteAssignment(store.session, gone.id), 0);
        assert.equal(await findAssignment(store.session, gone.id), undefined);
        assert.deepEqual(await findAssignment(store.session, kept.id), kept);
      });

      it('deleteScopeAssignments removes the assignments at that scope only', async () => {
        const ann = await principal('ann');
        await assign(ann, { scopeKind: 'registry', scopeKey: 'lab' });
        await assign(ann, { scopeKind: 'registry', scopeKey: 'lab', roleKey: 'owner' });
        const sameKeyWorkspace = await assign(ann, { scopeKind: 'workspace', scopeKey: 'lab' });
        const otherRegistry = await assign(ann, { scopeKind: 'registry', scopeKey: 'prod' });
        const org = await assign(ann);
        await deleteScopeAssignments(store.session, 'registry', 'lab');
        assert.deepEqual(
          (await listAssignments(store.session, {})).map((listed) => listed.id).sort(),
          [sameKeyWorkspace.id, otherRegistry.id, org.id].sort(),
        );
      });

      it('deleteAssignmentsOf removes every assignment of one principal or group, at every scope', async () => {
        const ann = await principal('ann');
        const bob = await principal('bob');
        const team = await group('team');
        await assign(ann);
        await assign(ann, { scopeKind: 'workspace', scopeKey: 'lab' });
        await assign(team.id, { assigneeKind: 'group' });
        const bobs = await assign(bob);
        await deleteAssignmentsOf(store.session, ann);
        await deleteAssignmentsOf(store.session, team.id);
        assert.deepEqual(await listAssignments(store.session, {}), [bobs]);
      });

      it("assignmentsFor answers a principal's own assignments and its groups', not others'", async () => {
        const ann = await principal('ann');
        const bob = await principal('bob');
        const annsTeam = await group('ann-team');
        const bobsTeam = await group('bob-team');
        await addGroupMember(store.session, annsTeam.id, ann);
        await addGroupMember(store.session, bobsTeam.id, bob);
        const own = await assign(ann, { scopeKind: 'workspace', scopeKey: 'lab' });
        const viaGroup = await assign(annsTeam.id, { assigneeKind: 'group', roleKey: 'contributor' });
        await assign(bob);
        await assign(bobsTeam.id, { assigneeKind: 'group', roleKey: 'owner' });
        const applicable = await assignmentsFor(store.session, ann);
        assert.deepEqual(
          applicable.sort((a, b) => a.roleKey.localeCompare(b.roleKey)),
          [
            { ...viaGroup, customRole: null },
            { ...own, customRole: null },
          ],
        );
        assert.deepEqual(await assignmentsFor(store.session, randomUUID()), []);
      });

      it('assignmentsFor carries the patterns of a custom role, and none for a built-in or deleted one', async () => {
        const ann = await principal('ann');
        await insertRole(
          store.session,
          role('Auditor', { actions: ['audit/read', 'assets/*'], notActions: ['assets/delete'] }),
        );
        const custom = await assign(ann, { roleKey: 'auditor' });
        const builtIn = await assign(ann, { roleKey: 'owner' });
        const deleted = await assign(ann, { roleKey: 'vanished' });
        const byKey = new Map((await assignmentsFor(store.session, ann)).map((found) => [found.roleKey, found]));
        assert.deepEqual(byKey.get('auditor'), {
          ...custom,
          customRole: { actions: ['audit/read', 'assets/*'], notActions: ['assets/delete'] },
        });
        assert.deepEqual(byKey.get('owner'), { ...builtIn, customRole: null });
        assert.deepEqual(byKey.get('vanished'), { ...deleted, customRole: null });
      });
    });

    describe('groups', () => {
      it('findGroup and groupNameById read back an inserted group; unknown keys and ids find nothing', async () => {
        const team = await group('Team', { description: 'the team' });
        assert.deepEqual(await findGroup(store.session, 'team'), team);
        assert.equal(await groupNameById(store.session, team.id), 'Team');
        assert.equal(await findGroup(store.session, 'Team'), undefined);
        assert.equal(await groupNameById(store.session, randomUUID()), undefined);
      });

      it('listGroups lists every group ordered by name key', async () => {
        for (const name of ['zeta', 'Alpha', 'beta']) await group(name);
        assert.deepEqual(
          (await listGroups(store.session)).map((listed) => listed.name),
          ['Alpha', 'beta', 'zeta'],
        );
      });

      it('updateGroup changes the description when given and clears it with null, for that group only', async () => {
        const team = await group('team', { description: 'old' });
        const other = await group('other', { description: 'other' });
        await updateGroup(store.session, team.id, { description: 'new' });
        assert.deepEqual(await findGroup(store.session, 'team'), { ...team, description: 'new' });
        await updateGroup(store.session, team.id, { description: null });
        assert.deepEqual(await findGroup(store.session, 'team'), { ...team, description: null });
        assert.deepEqual(await findGroup(store.session, 'other'), other);
      });

      it('updateGroup with the description undefined leaves the group as it was', async () => {
        const team = await group('team', { description: 'kept' });
        await updateGroup(store.session, team.id, {});
        await updateGroup(store.session, team.id, { description: undefined });
        assert.deepEqual(await findGroup(store.session, 'team'), team);
      });

      it('addGroupMember is idempotent; groupMembers lists members by name key with id, name and kind', async () => {
        const team = await group('team');
        const other = await group('other');
        const carol = await principal('carol');
        const ann = await principal('Ann');
        const builder = await principal('builder', 'service');
        for (const member of [carol, ann, builder, ann]) await addGroupMember(store.session, team.id, member);
        await addGroupMember(store.session, other.id, carol);
        assert.deepEqual(await groupMembers(store.session, team.id), [
          { id: ann, name: 'Ann', kind: 'user' },
          { id: builder, name: 'builder', kind: 'service' },
          { id: carol, name: 'carol', kind: 'user' },
        ]);
        assert.deepEqual(await groupMembers(store.session, randomUUID()), []);
      });

      it('removeGroupMember removes that principal from that group only', async () => {
        const team = await group('team');
        const other = await group('other');
        const ann = await principal('ann');
        const bob = await principal('bob');
        await addGroupMember(store.session, team.id, ann);
        await addGroupMember(store.session, team.id, bob);
        await addGroupMember(store.session, other.id, ann);
        await removeGroupMember(store.session, team.id, ann);
        await removeGroupMember(store.session, team.id, ann);
        assert.deepEqual(
          (await groupMembers(store.session, team.id)).map((member) => member.id),
          [bob],
        );
        assert.deepEqual(
          (await groupMembers(store.session, other.id)).map((member) => member.id),
          [ann],
        );
      });

      it('deleteGroup removes the group and its memberships, not the members; with deleteAssignmentsOf its access goes', async () => {
        const team = await group('team');
        const other = await group('other');
        const ann = await principal('ann');
        await addGroupMember(store.session, team.id, ann);
        await addGroupMember(store.session, other.id, ann);
        await assign(team.id, { assigneeKind: 'group', roleKey: 'owner' });
        const kept = await assign(other.id, { assigneeKind: 'group' });
        await store.transaction(async (trx) => {
          await deleteAssignmentsOf(trx, team.id);
          await deleteGroup(trx, team.id);
        });
        assert.equal(await findGroup(store.session, 'team'), undefined);
        assert.equal(await groupNameById(store.session, team.id), undefined);
        assert.deepEqual(await groupMembers(store.session, team.id), []);
        const memberships = await store.kysely.selectFrom('group_members').selectAll().execute();
        assert.deepEqual(memberships, [{ group_id: other.id, principal_id: ann }]);
        assert.deepEqual(await listAssignments(store.session, {}), [kept]);
        assert.deepEqual(await assignmentsFor(store.session, ann), [{ ...kept, customRole: null }]);
      });
    });
  });
}
