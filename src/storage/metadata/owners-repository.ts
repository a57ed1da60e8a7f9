import { queries, type Session } from './session.js';

/**
 * True when at least one principal can act as the organisation's Owner: an enabled user or service
 * principal holding org Owner directly, or as an enabled member of a group that holds it.
 */
export async function hasActingOrgOwner(session: Session): Promise<boolean> {
  const db = queries(session);
  const direct = db
    .selectFrom('role_assignments')
    .innerJoin('principals', 'principals.id', 'role_assignments.assignee_id')
    .select('principals.id')
    .where('role_assignments.role_key', '=', 'owner')
    .where('role_assignments.scope_kind', '=', 'org')
    .where('role_assignments.assignee_kind', 'in', ['user', 'service'])
    .where('principals.disabled', '=', 0);
  const viaGroup = db
    .selectFrom('role_assignments')
    .innerJoin('group_members', 'group_members.group_id', 'role_assignments.assignee_id')
    .innerJoin('principals', 'principals.id', 'group_members.principal_id')
    .select('principals.id')
    .where('role_assignments.role_key', '=', 'owner')
    .where('role_assignments.scope_kind', '=', 'org')
    .where('role_assignments.assignee_kind', '=', 'group')
    .where('principals.disabled', '=', 0);
  const found = await direct.union(viaGroup).limit(1).execute();
  return found.length > 0;
}
