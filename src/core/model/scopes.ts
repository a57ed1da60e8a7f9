import type { ScopeKind } from '../names.js';

/** Where a registry, a workspace or one of their regions is in its life (ARM-style). */
export type ProvisioningState = 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed';

/** A registry or a workspace: they share one set of rules; `kind` tells them apart. */
export interface Scope {
  id: string;
  kind: ScopeKind;
  name: string;
  /** The name case-folded: what lookups and uniqueness use. */
  nameKey: string;
  description: string | null;
  /** The primary region. */
  location: string;
  /** `enabled` / `disabled` as defined (registries); null when not said. */
  publicNetworkAccess: string | null;
  provisioningState: ProvisioningState;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** One region of a registry or workspace: its primary location or a replica. */
export interface ScopeRegion {
  region: string;
  isPrimary: boolean;
  /** Order of the regions as defined (the primary first). */
  position: number;
  storageAccountType: string | null;
  /** Hierarchical namespace of the storage account; null when not said. */
  storageAccountHns: boolean | null;
  provisioningState: ProvisioningState;
  /** Why provisioning the region failed, when it did. */
  error: string | null;
}

/** A registry or workspace with its tags and regions. */
export interface ScopeRecord extends Scope {
  tags: Record<string, string>;
  regions: ScopeRegion[];
}

export type OperationStatus = 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

/**
 * A long-running action on a scope (`Running` → `Succeeded` | `Failed` | `Canceled`), held by one process's
 * lease. A failed or cancelled one can be retried: it runs again under the same id.
 */
export interface Operation {
  id: string;
  kind: string;
  targetKind: string;
  targetName: string;
  targetId: string | null;
  status: OperationStatus;
  /** The input the operation needs to run (or resume) on any process. */
  payload: unknown;
  /** Why it failed, when Failed; who cancelled it, when Canceled. */
  error: { code: string; message: string } | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  endedAt: string | null;
  /** The process holding the lease while it runs. */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** How many times a process claimed it. */
  attempts: number;
}
