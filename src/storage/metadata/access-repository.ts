import { compact } from '../../core/compact.js';
import type { Selectable } from 'kysely';
import { queries, type Session } from './session.js';
import type { RoleAssignmentsTable, RolesTable } from './tables.js';

export type RoleRow = Selectable<RolesTable>;
export type AssignmentRow = Selectable<RoleAssignmentsTable>;

/** Every assignment that applies to a principal: its own and its groups'. One query on the hot path. */
export async function assignmentsFor(
  session: Session,
  principalId: string,
): Promise<(AssignmentRow & { actions: string | null; not_actions: string | null })[]> {
  const db = queries(session);
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
export async function bumpAccessEpoch(session: Session): Promise<void> {
  const db = queries(session);
  await db
    .updateTable('access_epoch')
    .set((eb) => ({ epoch: eb('epoch', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

export async function insertAssignment(session: Session, row: AssignmentRow): Promise<void> {
  const db = queries(session);
  await db.insertInto('role_assignments').values(row).execute();
  await bumpAccessEpoch(session);
}

export async function deleteAssignment(session: Session, id: string): Promise<number> {
  const db = queries(session);
  const result = await db.deleteFrom('role_assignments').where('id', '=', id).executeTakeFirst();
  await bumpAccessEpoch(session);
  return Number(result.numDeletedRows);
}

export async function findAssignment(session: Session, id: string): Promise<AssignmentRow | undefined> {
  const db = queries(session);
  return db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAssignments(
  session: Session,
  filter: { scopeKind?: string; scopeKey?: string; assigneeId?: string; roleKey?: string },
): Promise<AssignmentRow[]> {
  const db = queries(session);
  let query = db.selectFrom('role_assignments').selectAll();
  if (filter.scopeKind !== undefined)
    query = query.where('scope_kind', '=', filter.scopeKind as AssignmentRow['scope_kind']);
  if (filter.scopeKey !== undefined) query = query.where('scope_key', '=', filter.scopeKey);
  if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.roleKey !== undefined) query = query.where('role_key', '=', filter.roleKey);
  return query.orderBy('created_at').orderBy('id').limit(10_000).execute();
}

export async function deleteScopeAssignments(
  session: Session,
  scopeKind: 'registry' | 'workspace',
  scopeKey: string,
): Promise<void> {
  const db = queries(session);
  await db
    .deleteFrom('role_assignments')
    .where('scope_kind', '=', scopeKind)
    .where('scope_key', '=', scopeKey)
    .execute();
  await bumpAccessEpoch(session);
}

export async function insertRole(session: Session, row: RoleRow): Promise<void> {
  const db = queries(session);
  await db.insertInto('roles').values(row).execute();
  await bumpAccessEpoch(session);
}

export async function findRole(session: Session, nameKey: string): Promise<RoleRow | undefined> {
  const db = queries(session);
  return db.selectFrom('roles').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
}

export async function listRoles(session: Session): Promise<RoleRow[]> {
  const db = queries(session);
  return db.selectFrom('roles').selectAll().orderBy('name_key').execute();
}

/** Removes every role assignment of a principal or group. */
export async function deleteAssignmentsOf(session: Session, assigneeId: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('role_assignments').where('assignee_id', '=', assigneeId).execute();
}

/** Creates a group. */
export async function insertGroup(
  session: Session,
  group: { id: string; name: string; nameKey: string; description: string | null; at: string; by: string },
): Promise<void> {
  const db = queries(session);
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
export async function updateGroup(
  session: Session,
  id: string,
  fields: { description?: string | null },
): Promise<void> {
  const db = queries(session);
  await db
    .updateTable('groups')
    .set({ ...compact({ description: fields.description }) })
    .where('id', '=', id)
    .execute();
}

export async function deleteGroup(session: Session, id: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

/** The name of a group by its id. */
export async function groupNameById(session: Session, id: string): Promise<string | undefined> {
  const db = queries(session);
  return (await db.selectFrom('groups').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

/** Makes a principal a member of a group (idempotent). */
export async function addGroupMember(session: Session, groupId: string, principalId: string): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, principal_id: principalId })
    .onConflict((oc) => oc.columns(['group_id', 'principal_id']).doNothing())
    .execute();
}

export async function removeGroupMember(session: Session, groupId: string, principalId: string): Promise<void> {
  const db = queries(session);
  await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('principal_id', '=', principalId)
    .execute();
}

export async function findGroup(session: Session, nameKey: string) {
  const db = queries(session);
  return db.selectFrom('groups').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
}

export async function listGroups(session: Session) {
  const db = queries(session);
  return db.selectFrom('groups').selectAll().orderBy('name_key').limit(10_000).execute();
}

export async function groupMembers(session: Session, groupId: string) {
  const db = queries(session);
  return db
    .selectFrom('group_members')
    .innerJoin('principals', 'principals.id', 'group_members.principal_id')
    .select(['principals.id', 'principals.name', 'principals.kind'])
    .where('group_members.group_id', '=', groupId)
    .orderBy('principals.name_key')
    .execute();
}

/** Org-scope Owner assignments held directly by principals or groups: the ones that must not all go. */
export async function countOrgOwners(session: Session): Promise<number> {
  const db = queries(session);
  const row = await db
    .selectFrom('role_assignments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role_key', '=', 'owner')
    .where('scope_kind', '=', 'org')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
