import type { Selectable } from 'kysely';
import type { Db } from './metadata-store.js';
import type { RoleAssignmentsTable, RolesTable } from './schema.js';

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
