import { arcaError } from './errors.js';

/** Every permission Arca checks, named as Azure names them where Azure has a name. */
export const permissions = [
  'registries/read',
  'registries/write',
  'registries/delete',
  'registries/assets/read',
  'registries/assets/write',
  'registries/assets/delete',
  'registries/assets/aliases/write',
  'registries/assets/approve',
  'workspaces/read',
  'workspaces/write',
  'workspaces/delete',
  'workspaces/assets/read',
  'workspaces/assets/write',
  'workspaces/assets/delete',
  'workspaces/assets/aliases/write',
  'workspaces/assets/approve',
  'operations/read',
  'principals/read',
  'principals/write',
  'roles/read',
  'roles/write',
  'audit/read',
  'jobs/read',
  'jobs/write',
  'automations/read',
  'automations/write',
] as const;
export type Permission = (typeof permissions)[number];

export interface RoleDefinition {
  name: string;
  description: string;
  actions: string[];
  notActions: string[];
}

const reads = ['*/read'];
/** The built-in roles, with Azure's semantics: only Owner assigns roles. */
export const builtInRoles: RoleDefinition[] = [
  { name: 'Owner', description: 'Everything, including assigning roles.', actions: ['*'], notActions: [] },
  {
    name: 'Contributor',
    description: 'Create, change and delete registries, workspaces and assets; cannot assign roles.',
    actions: ['*'],
    notActions: ['roles/write', 'principals/write'],
  },
  {
    name: 'Reader',
    description: 'Read everything it is assigned at; change nothing.',
    actions: reads,
    notActions: ['audit/read'],
  },
  {
    name: 'AssetUser',
    description: 'Find and download assets.',
    actions: ['registries/read', 'workspaces/read', '*/assets/read', 'operations/read'],
    notActions: [],
  },
  {
    name: 'AssetPublisher',
    description: 'Read, publish, alias and delete assets; not the registry itself.',
    actions: [
      'registries/read',
      'workspaces/read',
      '*/assets/read',
      '*/assets/write',
      '*/assets/delete',
      '*/assets/aliases/write',
      'operations/read',
    ],
    notActions: [],
  },
  {
    name: 'Approver',
    description: 'Read assets, move aliases (protected ones too) and grant approval requests.',
    actions: [
      'registries/read',
      'workspaces/read',
      '*/assets/read',
      '*/assets/aliases/write',
      '*/assets/approve',
      'operations/read',
    ],
    notActions: [],
  },
];

function patternRegex(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** True when an `actions`/`not_actions` entry (with `*` wildcards) covers the permission. */
export function patternMatches(pattern: string, permission: string): boolean {
  return patternRegex(pattern).test(permission);
}

/** The permissions a role grants: covered by some action and by no not-action. */
export function grantedBy(role: Pick<RoleDefinition, 'actions' | 'notActions'>): Set<Permission> {
  return new Set(
    permissions.filter(
      (p) => role.actions.some((a) => patternMatches(a, p)) && !role.notActions.some((n) => patternMatches(n, p)),
    ),
  );
}

/** Checks that every entry of a custom role names or matches a known permission. */
export function assertRolePatterns(entries: string[], target: string): void {
  entries.forEach((entry, i) => {
    if (!/^[a-z*][a-z/*]*$/.test(entry) || !permissions.some((p) => patternMatches(entry, p))) {
      throw arcaError('PermissionUnknown', { entry, known: permissions.join(', ') }, { target: `${target}[${i}]` });
    }
  });
}
