import type { Selectable } from 'kysely';
import type { Db } from './metadata-store.js';
import type { RoleAssignmentsTable, RolesTable } from './tables.js';

export type RoleRow = Selectable<RolesTable>;
export type AssignmentRow = Selectable<RoleAssignmentsTable>;

/** Every assignment that applies to a principal: its own and its groups'. One query on the hot path. */
export async function assignmentsFor(
  db: Db,
  principalId: string,
): Promise<(AssignmentRow & { actions: string | null; not_actions: string | null })[]> {
  return db
    .selectFrom('role_assignments')
    .leftJoin('roles', 'roles.name_key', 'role_assignments.role_key')
    .selectAll('role_assignments')
    .select(['roles.actions', 'roles.not_actions'])
    .where((eb) =>
      eb.or([
        eb('role_assignments.assignee_id', '=', principalId),
        eb(
          'role_assignments.assignee_id',
          'in',
          eb.selectFrom('group_members').select('group_id').where('principal_id', '=', principalId),
        ),
      ]),
    )
    .execute();
}

/** Marks every process's cached grants stale; call in the transaction of any access change. */
export async function bumpAccessEpoch(db: Db): Promise<void> {
  await db
    .updateTable('access_epoch')
    .set((eb) => ({ epoch: eb('epoch', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

export async function insertAssignment(db: Db, row: AssignmentRow): Promise<void> {
  await db.insertInto('role_assignments').values(row).execute();
  await bumpAccessEpoch(db);
}

export async function deleteAssignment(db: Db, id: string): Promise<number> {
  const result = await db.deleteFrom('role_assignments').where('id', '=', id).executeTakeFirst();
  await bumpAccessEpoch(db);
  return Number(result.numDeletedRows);
}

export async function findAssignment(db: Db, id: string): Promise<AssignmentRow | undefined> {
  return db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAssignments(
  db: Db,
  filter: { scopeKind?: string; scopeKey?: string; assigneeId?: string; roleKey?: string },
): Promise<AssignmentRow[]> {
  let query = db.selectFrom('role_assignments').selectAll();
  if (filter.scopeKind !== undefined)
    query = query.where('scope_kind', '=', filter.scopeKind as AssignmentRow['scope_kind']);
  if (filter.scopeKey !== undefined) query = query.where('scope_key', '=', filter.scopeKey);
  if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.roleKey !== undefined) query = query.where('role_key', '=', filter.roleKey);
  return query.orderBy('created_at').orderBy('id').limit(10_000).execute();
}

export async function deleteScopeAssignments(
  db: Db,
  scopeKind: 'registry' | 'workspace',
  scopeKey: string,
): Promise<void> {
  await db
    .deleteFrom('role_assignments')
    .where('scope_kind', '=', scopeKind)
    .where('scope_key', '=', scopeKey)
    .execute();
  await bumpAccessEpoch(db);
}

export async function insertRole(db: Db, row: RoleRow): Promise<void> {
  await db.insertInto('roles').values(row).execute();
  await bumpAccessEpoch(db);
}

export async function findRole(db: Db, nameKey: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
}

export async function listRoles(db: Db): Promise<RoleRow[]> {
  return db.selectFrom('roles').selectAll().orderBy('name_key').execute();
}

/** Removes every role assignment of a principal or group. */
export async function deleteAssignmentsOf(db: Db, assigneeId: string): Promise<void> {
  await db.deleteFrom('role_assignments').where('assignee_id', '=', assigneeId).execute();
}

/** Creates a group. */
export async function insertGroup(
  db: Db,
  group: { id: string; name: string; nameKey: string; description: string | null; at: string; by: string },
): Promise<void> {
  await db
    .insertInto('groups')
    .values({
      id: group.id,
      name: group.name,
      name_key: group.nameKey,
      description: group.description,
      created_at: group.at,
      created_by: group.by,
    })
    .execute();
}

/** Changes a group's description (undefined: leaves it). */
export async function updateGroup(db: Db, id: string, fields: { description?: string | null }): Promise<void> {
  await db
    .updateTable('groups')
    .set({ ...(fields.description !== undefined ? { description: fields.description } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function deleteGroup(db: Db, id: string): Promise<void> {
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

/** The name of a group by its id. */
export async function groupNameById(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('groups').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

/** Makes a principal a member of a group (idempotent). */
export async function addGroupMember(db: Db, groupId: string, principalId: string): Promise<void> {
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, principal_id: principalId })
    .onConflict((oc) => oc.columns(['group_id', 'principal_id']).doNothing())
    .execute();
}

export async function removeGroupMember(db: Db, groupId: string, principalId: string): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('principal_id', '=', principalId)
    .execute();
}

export async function findGroup(db: Db, nameKey: string) {
  return db.selectFrom('groups').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
}

export async function listGroups(db: Db) {
  return db.selectFrom('groups').selectAll().orderBy('name_key').limit(10_000).execute();
}

export async function groupMembers(db: Db, groupId: string) {
  return db
    .selectFrom('group_members')
    .innerJoin('principals', 'principals.id', 'group_members.principal_id')
    .select(['principals.id', 'principals.name', 'principals.kind'])
    .where('group_members.group_id', '=', groupId)
    .orderBy('principals.name_key')
    .execute();
}

/** Org-scope Owner assignments held directly by principals or groups: the ones that must not all go. */
export async function countOrgOwners(db: Db): Promise<number> {
  const row = await db
    .selectFrom('role_assignments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role_key', '=', 'owner')
    .where('scope_kind', '=', 'org')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
