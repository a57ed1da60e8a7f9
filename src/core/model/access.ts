/**
 * Who may act, and what they hold: users and service principals, their tokens, groups, custom roles
 * and role assignments, as the services see them (storage maps its rows to and from these).
 * Timestamps are ISO-8601 UTC strings, as stored and as served.
 */
import type { ScopeKind } from '../names.js';

export type PrincipalKind = 'user' | 'service';

/** A user or service principal of the organisation. */
export interface Principal {
  id: string;
  kind: PrincipalKind;
  name: string;
  /** The name case-folded: unique across users, service principals and groups. */
  nameKey: string;
  displayName: string | null;
  email: string | null;
  /** A disabled principal's tokens authenticate nobody; its assignments stay. */
  disabled: boolean;
  /** Kept from the first migration (true for the bootstrap admin); access comes from role assignments. */
  isAdmin: boolean;
  createdAt: string;
  createdBy: string;
}

/** A principal's bearer token; the secret itself is never stored. */
export interface Token {
  id: string;
  principalId: string;
  name: string;
  /** sha256 of the secret, hex. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  readOnly: boolean;
  /** With `scopeKey`: the scope a narrowed token is limited to; null for a token of every scope. */
  scopeKind: ScopeKind | null;
  scopeKey: string | null;
  /** The token this one was derived from (a `/v2/` session, or minted by a narrowed token): it dies with it. */
  parentTokenId: string | null;
  /** Issued by `/v2/token` for an OCI client. */
  session: boolean;
  /** Issued by `POST /api/v1/sessions` for the studio: carried in a cookie, refused on `/v2/`. */
  studioSession: boolean;
}

/** What authenticating a request reads of the presented token (no name, hash or owner: the principal comes with it). */
export type AuthenticatedToken = Pick<
  Token,
  | 'id'
  | 'createdAt'
  | 'expiresAt'
  | 'revokedAt'
  | 'lastUsedAt'
  | 'readOnly'
  | 'scopeKind'
  | 'scopeKey'
  | 'parentTokenId'
  | 'session'
  | 'studioSession'
>;

/** A named set of principals; roles assigned to it apply to every member. */
export interface Group {
  id: string;
  name: string;
  nameKey: string;
  description: string | null;
  createdAt: string;
  createdBy: string;
}

/** A member of a group, as a group lists it. */
export interface GroupMember {
  id: string;
  name: string;
  kind: PrincipalKind;
}

/** A custom role (built-in roles live in core/permissions.ts and are never stored). */
export interface Role {
  id: string;
  name: string;
  nameKey: string;
  description: string | null;
  /** Permission patterns with `*` wildcards: what the role grants, less what `notActions` takes away. */
  actions: string[];
  notActions: string[];
  createdAt: string;
  createdBy: string;
}

export type AssigneeKind = PrincipalKind | 'group';
export type AssignmentScopeKind = 'org' | 'registry' | 'workspace';

/** A role held by a principal or group at the organisation or at one registry or workspace. */
export interface RoleAssignment {
  id: string;
  /** The role's name key (a built-in or a custom role). */
  roleKey: string;
  assigneeKind: AssigneeKind;
  /** A principal's or a group's id, as `assigneeKind` says. */
  assigneeId: string;
  scopeKind: AssignmentScopeKind;
  /** The scope's name key; empty at the organisation. */
  scopeKey: string;
  createdAt: string;
  createdBy: string;
}

/**
 * The fields of a full token: no expiry, not revoked, never used, not read-only, not narrowed, no parent,
 * not a /v2/ or studio session token. The bootstrap admin token and recovery tokens are such tokens.
 */
export const fullTokenFields = {
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  readOnly: false,
  scopeKind: null,
  scopeKey: null,
  parentTokenId: null,
  session: false,
  studioSession: false,
} as const satisfies Partial<Token>;
