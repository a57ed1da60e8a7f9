import { randomUUID } from 'node:crypto';
import { arcaError } from '../../core/errors.js';
import { assertPrincipalName, nameKey } from '../../core/names.js';
import { assertRolePatterns, builtInRoles, grantedBy, type RoleDefinition } from '../../core/permissions.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { isUniqueViolation } from '../../storage/metadata/metadata-store.js';
import {
  assignmentsFor,
  deleteAssignment,
  findAssignment,
  findGroup,
  groupNameById,
  findRole,
  insertAssignment,
  insertRole,
  listAssignments,
  listRoles,
} from '../../storage/metadata/access-repository.js';
import type { RoleAssignment } from '../../core/model/access.js';
import { auditor } from '../audit/auditor.js';
import { findPrincipalById, findPrincipalByName } from '../../storage/metadata/principals-repository.js';
import { findScopeRowByName } from '../../storage/metadata/scopes-repository.js';
import type { AccessContext, AccessScope } from './access.js';
import { isoNow, type Clock } from '../clock.js';
import { keepingAnOwner } from './owners.js';

export interface RoleView extends RoleDefinition {
  builtIn: boolean;
  permissions: string[];
}

export interface AssignmentInput {
  role: string;
  assignee: { kind: 'user' | 'service' | 'group'; name: string };
  scope: AccessScope;
}

export interface AssignmentView extends RoleAssignment {
  role: string;
  assignee: string;
  scope: string;
}

const builtIn = new Map(builtInRoles.map((r) => [nameKey(r.name), r]));

/** Built-in and custom roles, and who holds them where. Only `roles/write` at a scope assigns there. */
export class RoleService {
  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<RoleView[]> {
    const custom = await listRoles(this.store.session);
    return [
      ...builtInRoles.map((r) => view(r, true)),
      ...custom.map((r) =>
        view({ name: r.name, description: r.description ?? '', actions: r.actions, notActions: r.notActions }, false),
      ),
    ];
  }

  async get(name: string): Promise<RoleView> {
    const found = (await this.list()).find((r) => nameKey(r.name) === nameKey(name));
    if (found === undefined)
      throw arcaError(
        'RoleNotFound',
        { name, builtIn: builtInRoles.map((r) => r.name).join(', ') },
        { target: 'role' },
      );
    return found;
  }

  /** Creates a custom role (`actions`/`not_actions` with `*` wildcards; unknown permissions are refused). */
  async create(definition: RoleDefinition, access: AccessContext): Promise<RoleView> {
    assertPrincipalName(definition.name);
    access.require('roles/write');
    if (builtIn.has(nameKey(definition.name)))
      throw arcaError('RoleBuiltIn', { name: definition.name }, { target: 'name' });
    assertRolePatterns(definition.actions, 'actions');
    assertRolePatterns(definition.notActions, 'not_actions');
    const now = isoNow(this.clock);
    try {
      await this.store.transaction(async (trx) => {
        await insertRole(trx, {
          id: randomUUID(),
          name: definition.name,
          nameKey: nameKey(definition.name),
          description: definition.description,
          actions: definition.actions,
          notActions: definition.notActions,
          createdAt: now,
          createdBy: access.principal.name,
        });
        await auditor(access.principal, now).append(trx, {
          action: 'roles/write',
          target: `arca://roles/${definition.name}`,
          outcome: 'succeeded',
          details: { actions: definition.actions, notActions: definition.notActions },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw arcaError('RoleAlreadyExists', { name: definition.name }, { target: 'name' });
      throw error;
    }
    return this.get(definition.name);
  }

  /** Assigns a role at a scope. The caller needs `roles/write` at that very scope: a workspace owner cannot grant at org. */
  async assign(input: AssignmentInput, access: AccessContext): Promise<AssignmentView> {
    access.require('roles/write', input.scope);
    const role = await this.get(input.role);
    const assignee = await this.assignee(input.assignee);
    const scopeKey = await this.scopeKey(input.scope);
    const now = isoNow(this.clock);
    const row: RoleAssignment = {
      id: randomUUID(),
      roleKey: nameKey(role.name),
      assigneeKind: input.assignee.kind,
      assigneeId: assignee.id,
      scopeKind: input.scope.kind,
      scopeKey,
      createdAt: now,
      createdBy: access.principal.name,
    };
    try {
      await this.store.transaction(async (trx) => {
        await insertAssignment(trx, row);
        await auditor(access.principal, now).append(trx, {
          action: 'roles/write',
          target: `arca://role-assignments/${row.id}`,
          outcome: 'succeeded',
          details: { role: role.name, assignee: `${input.assignee.kind}:${assignee.name}`, scope: scopeLabel(row) },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw arcaError('AssignmentExists', { principal: assignee.name, role: role.name, scope: scopeLabel(row) });
      throw error;
    }
    return this.viewOf(row);
  }

  async unassign(id: string, access: AccessContext): Promise<void> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await findAssignment(this.store.session, id) : undefined;
    if (row === undefined) throw arcaError('AssignmentNotFound', { id }, { target: 'id' });
    access.require(
      'roles/write',
      row.scopeKind === 'org' ? { kind: 'org' } : { kind: row.scopeKind, name: row.scopeKey },
    );
    await this.store.transaction(async (trx) => {
      if (row.roleKey === 'owner' && row.scopeKind === 'org')
        await keepingAnOwner(trx, `removing org Owner assignment ${id}`, () => deleteAssignment(trx, id));
      else await deleteAssignment(trx, id);
      await auditor(access.principal, this.clock).append(trx, {
        action: 'roles/write',
        target: `arca://role-assignments/${id}`,
        outcome: 'succeeded',
        details: { removed: true, role: row.roleKey, scope: scopeLabel(row) },
      });
    });
  }

  async assignments(filter: { scope?: AccessScope }): Promise<AssignmentView[]> {
    const scope = filter.scope;
    const rows = await listAssignments(
      this.store.session,
      scope === undefined ? {} : { scopeKind: scope.kind, scopeKey: scope.kind === 'org' ? '' : nameKey(scope.name) },
    );
    return Promise.all(rows.map((row) => this.viewOf(row)));
  }

  /**
   * Every assignment that applies to a principal: its own first, then those its groups hold, each
   * with `fromGroup` naming the group it comes through (null for its own).
   */
  async assignmentsOf(principalId: string): Promise<(AssignmentView & { fromGroup: string | null })[]> {
    const rows = await assignmentsFor(this.store.session, principalId);
    const views = await Promise.all(
      rows.map(async ({ customRole: _customRole, ...row }) => {
        const view = await this.viewOf(row);
        return { ...view, fromGroup: row.assigneeKind === 'group' ? view.assignee.slice('group:'.length) : null };
      }),
    );
    const order = (v: { fromGroup: string | null }) => (v.fromGroup === null ? '' : `~${v.fromGroup}`);
    return views.sort(
      (a, b) => order(a).localeCompare(order(b)) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
  }

  private async assignee(who: AssignmentInput['assignee']): Promise<{ id: string; name: string }> {
    if (who.kind === 'group') {
      const group = await findGroup(this.store.session, nameKey(who.name));
      if (group === undefined) throw arcaError('GroupNotFound', { name: who.name }, { target: 'group' });
      return group;
    }
    const principal = await findPrincipalByName(this.store.session, nameKey(who.name));
    if (principal === undefined || principal.kind !== who.kind)
      throw arcaError(
        'PrincipalNotFound',
        { kind: who.kind === 'user' ? 'user' : 'service principal', name: who.name },
        { target: who.kind },
      );
    return principal;
  }

  private async scopeKey(scope: AccessScope): Promise<string> {
    if (scope.kind === 'org') return '';
    const found = await findScopeRowByName(this.store.session, scope.kind, nameKey(scope.name));
    if (found === undefined)
      throw arcaError(
        scope.kind === 'registry' ? 'RegistryNotFound' : 'WorkspaceNotFound',
        { name: scope.name },
        { target: scope.kind },
      );
    return found.name_key;
  }

  private async viewOf(row: RoleAssignment): Promise<AssignmentView> {
    const role =
      builtIn.get(row.roleKey)?.name ?? (await findRole(this.store.session, row.roleKey))?.name ?? row.roleKey;
    const who =
      row.assigneeKind === 'group'
        ? await groupNameById(this.store.session, row.assigneeId)
        : (await findPrincipalById(this.store.session, row.assigneeId))?.name;
    return { ...row, role, assignee: `${row.assigneeKind}:${who ?? row.assigneeId}`, scope: scopeLabel(row) };
  }
}

function view(role: RoleDefinition, isBuiltIn: boolean): RoleView {
  return { ...role, builtIn: isBuiltIn, permissions: [...grantedBy(role)] };
}

function scopeLabel(row: Pick<RoleAssignment, 'scopeKind' | 'scopeKey'>): string {
  return row.scopeKind === 'org' ? 'org' : `${row.scopeKind}:${row.scopeKey}`;
}
