import { CompiledQuery, type Selectable } from 'kysely';
import type { Group, GroupMember, Role, RoleAssignment } from '../../core/model/access.js';
import { queries, readRows, type Session } from './session.js';
import type { GroupsTable, RoleAssignmentsTable, RolesTable } from './tables.js';

type RoleRow = Selectable<RolesTable>;
type AssignmentRow = Selectable<RoleAssignmentsTable>;

function assignmentOf(row: AssignmentRow): RoleAssignment {
  return {
    id: row.id,
    roleKey: row.role_key,
    assigneeKind: row.assignee_kind,
    assigneeId: row.assignee_id,
    scopeKind: row.scope_kind,
    scopeKey: row.scope_key,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function roleOf(row: RoleRow): Role {
  return {
    id: row.id,
    name: row.name,
    nameKey: row.name_key,
    description: row.description,
    actions: JSON.parse(row.actions) as string[],
    notActions: JSON.parse(row.not_actions) as string[],
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function groupOf(row: Selectable<GroupsTable>): Group {
  return {
    id: row.id,
    name: row.name,
    nameKey: row.name_key,
    description: row.description,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** An assignment that applies to a principal, with the patterns of its role when that is a custom one. */
export interface ApplicableAssignment extends RoleAssignment {
  /** The custom role's patterns; null when no custom role has the key (a built-in role, or one deleted). */
  customRole: Pick<Role, 'actions' | 'notActions'> | null;
}

/** Every assignment that applies to a principal: its own and its groups'. One query on the hot path. */
export async function assignmentsFor(session: Session, principalId: string): Promise<ApplicableAssignment[]> {
  const db = queries(session);
  const rows = await db
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
  return rows.map(({ actions, not_actions, ...row }) => ({
    ...assignmentOf(row),
    customRole:
      actions === null
        ? null
        : { actions: JSON.parse(actions) as string[], notActions: JSON.parse(not_actions ?? '[]') as string[] },
  }));
}

/** The same SQL in both dialects and no parameters: compiled once, not built on every request. */
const readAccessEpoch: CompiledQuery<{ epoch: number | string }> = CompiledQuery.raw(
  'select epoch from access_epoch where id = 1',
);

/** The access epoch now: what every request compares its process's cached authentication and grants with. */
export async function currentAccessEpoch(session: Session): Promise<number> {
  const rows = await readRows(session, readAccessEpoch);
  return Number(rows[0]?.epoch ?? 0);
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

export async function insertAssignment(session: Session, assignment: RoleAssignment): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('role_assignments')
    .values({
      id: assignment.id,
      role_key: assignment.roleKey,
      assignee_kind: assignment.assigneeKind,
      assignee_id: assignment.assigneeId,
      scope_kind: assignment.scopeKind,
      scope_key: assignment.scopeKey,
      created_at: assignment.createdAt,
      created_by: assignment.createdBy,
    })
    .execute();
  await bumpAccessEpoch(session);
}

export async function deleteAssignment(session: Session, id: string): Promise<number> {
  const db = queries(session);
  const result = await db.deleteFrom('role_assignments').where('id', '=', id).executeTakeFirst();
  await bumpAccessEpoch(session);
  return Number(result.numDeletedRows);
}

export async function findAssignment(session: Session, id: string): Promise<RoleAssignment | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : assignmentOf(row);
}

export async function listAssignments(
  session: Session,
  filter: { scopeKind?: RoleAssignment['scopeKind']; scopeKey?: string; assigneeId?: string; roleKey?: string },
): Promise<RoleAssignment[]> {
  const db = queries(session);
  let query = db.selectFrom('role_assignments').selectAll();
  if (filter.scopeKind !== undefined) query = query.where('scope_kind', '=', filter.scopeKind);
  if (filter.scopeKey !== undefined) query = query.where('scope_key', '=', filter.scopeKey);
  if (filter.assigneeId !== undefined) query = query.where('assignee_id', '=', filter.assigneeId);
  if (filter.roleKey !== undefined) query = query.where('role_key', '=', filter.roleKey);
  const rows = await query.orderBy('created_at').orderBy('id').limit(10_000).execute();
  return rows.map(assignmentOf);
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

export async function insertRole(session: Session, role: Role): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('roles')
    .values({
      id: role.id,
      name: role.name,
      name_key: role.nameKey,
      description: role.description,
      actions: JSON.stringify(role.actions),
      not_actions: JSON.stringify(role.notActions),
      created_at: role.createdAt,
      created_by: role.createdBy,
    })
    .execute();
  await bumpAccessEpoch(session);
}

export async function findRole(session: Session, nameKey: string): Promise<Role | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('roles').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  return row === undefined ? undefined : roleOf(row);
}

export async function listRoles(session: Session): Promise<Role[]> {
  const db = queries(session);
  const rows = await db.selectFrom('roles').selectAll().orderBy('name_key').execute();
  return rows.map(roleOf);
}

/** Removes every role assignment of a principal or group. */
export async function deleteAssignmentsOf(session: Session, assigneeId: string): Promise<void> {
  const db = queries(session);
  await db.deleteFrom('role_assignments').where('assignee_id', '=', assigneeId).execute();
}

/** Creates a group. */
export async function insertGroup(session: Session, group: Group): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('groups')
    .values({
      id: group.id,
      name: group.name,
      name_key: group.nameKey,
      description: group.description,
      created_at: group.createdAt,
      created_by: group.createdBy,
    })
    .execute();
}

/** Changes a group's description (undefined: leaves it). */
export async function updateGroup(
  session: Session,
  id: string,
  fields: { description?: string | null },
): Promise<void> {
  // Nothing to change: no statement (an empty SET is a syntax error on both dialects).
  if (fields.description === undefined) return;
  await queries(session).updateTable('groups').set({ description: fields.description }).where('id', '=', id).execute();
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

export async function findGroup(session: Session, nameKey: string): Promise<Group | undefined> {
  const db = queries(session);
  const row = await db.selectFrom('groups').selectAll().where('name_key', '=', nameKey).executeTakeFirst();
  return row === undefined ? undefined : groupOf(row);
}

export async function listGroups(session: Session): Promise<Group[]> {
  const db = queries(session);
  const rows = await db.selectFrom('groups').selectAll().orderBy('name_key').limit(10_000).execute();
  return rows.map(groupOf);
}

export async function groupMembers(session: Session, groupId: string): Promise<GroupMember[]> {
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
