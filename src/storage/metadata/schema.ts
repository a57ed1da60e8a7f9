import type { Generated } from 'kysely';

/**
 * Table shapes of the metadata store, one set for SQLite and PostgreSQL. Timestamps are ISO-8601
 * UTC strings with milliseconds (they sort the same in both dialects); booleans are 0/1 integers;
 * JSON is stored as text.
 */
export interface Database {
  principals: PrincipalsTable;
  tokens: TokensTable;
  scopes: ScopesTable;
  scope_tags: ScopeTagsTable;
  scope_regions: ScopeRegionsTable;
  operations: OperationsTable;
  assets: AssetsTable;
}

export interface PrincipalsTable {
  id: string;
  kind: 'user' | 'service';
  name: string;
  name_key: string;
  display_name: string | null;
  is_admin: number;
  created_at: string;
}

export interface TokensTable {
  id: string;
  principal_id: string;
  name: string;
  /** sha256 of the secret, hex; the secret itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export type ScopeKindColumn = 'registry' | 'workspace';
export type ProvisioningState = 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed';

export interface ScopesTable {
  id: string;
  kind: ScopeKindColumn;
  name: string;
  name_key: string;
  description: string | null;
  location: string;
  public_network_access: string | null;
  provisioning_state: ProvisioningState;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface ScopeTagsTable {
  scope_id: string;
  key: string;
  value: string;
}

export interface ScopeRegionsTable {
  scope_id: string;
  region: string;
  is_primary: number;
  position: number;
  storage_account_type: string | null;
  storage_account_hns: number | null;
  provisioning_state: ProvisioningState;
  error: string | null;
}

export type OperationStatus = 'Running' | 'Succeeded' | 'Failed';

export interface OperationsTable {
  id: string;
  kind: string;
  target_kind: string;
  target_name: string;
  target_id: string | null;
  status: OperationStatus;
  /** JSON: the input the operation needs to run (or resume) on any process. */
  payload: string;
  /** JSON `{code, message}` when Failed. */
  error: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  ended_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempts: Generated<number>;
}

export interface AssetsTable {
  id: string;
  scope_id: string;
  type: string;
  name: string;
  name_key: string;
  created_at: string;
}
