import type { Operation, ScopeRecord, ScopeRegion } from '../../core/model/scopes.js';
import type { FastifyRequest } from 'fastify';
import type { OperationViewBody, RegistryViewBody, WorkspaceViewBody } from './http-schemas.js';

/** Maps registries, workspaces and operations onto the shapes clients see (snake_case, as Azure's YAML is). */

function storageConfigView(region: ScopeRegion | undefined): {
  storage_account_type?: string;
  storage_account_hns?: boolean;
} {
  const view: { storage_account_type?: string; storage_account_hns?: boolean } = {};
  if (region === undefined) return view;
  if (region.storageAccountType !== null) view.storage_account_type = region.storageAccountType;
  if (region.storageAccountHns !== null) view.storage_account_hns = region.storageAccountHns;
  return view;
}

/** The base URL clients reach this server at: the configured one, or the one this request used. */
export function baseUrlOf(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

// The views are object literals of one fixed shape, without spreads: a list page builds a thousand of them,
// and a spread copies every key of a temporary object into a new one of a shape of its own.

export function registryView(scope: ScopeRecord, baseUrl: string): RegistryViewBody {
  return {
    id: scope.id,
    name: scope.name,
    description: scope.description,
    tags: scope.tags,
    location: scope.location,
    provisioning_state: scope.provisioningState,
    created_at: scope.createdAt,
    created_by: scope.createdBy,
    updated_at: scope.updatedAt,
    updated_by: scope.updatedBy,
    replication_locations: scope.regions.map(regionView),
    public_network_access: scope.publicNetworkAccess as RegistryViewBody['public_network_access'],
    discovery_url: `${baseUrl}/api/v1/registries/${encodeURIComponent(scope.name)}`,
  };
}

function regionView(region: ScopeRegion): RegistryViewBody['replication_locations'][number] {
  const view: RegistryViewBody['replication_locations'][number] = {
    location: region.region,
    storage_config: storageConfigView(region),
    provisioning_state: region.provisioningState,
  };
  if (region.error !== null) view.error = region.error;
  return view;
}

export function workspaceView(scope: ScopeRecord, baseUrl: string): WorkspaceViewBody {
  return {
    id: scope.id,
    name: scope.name,
    description: scope.description,
    tags: scope.tags,
    location: scope.location,
    provisioning_state: scope.provisioningState,
    created_at: scope.createdAt,
    created_by: scope.createdBy,
    updated_at: scope.updatedAt,
    updated_by: scope.updatedBy,
    storage_config: storageConfigView(scope.regions.find((r) => r.isPrimary)),
    discovery_url: `${baseUrl}/api/v1/workspaces/${encodeURIComponent(scope.name)}`,
  };
}

export function operationView(row: Operation): OperationViewBody {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    target: { kind: row.targetKind, name: row.targetName, id: row.targetId },
    ...(row.error === null ? {} : { error: row.error }),
    attempts: row.attempts,
    created_at: row.createdAt,
    created_by: row.createdBy,
    updated_at: row.updatedAt,
    ended_at: row.endedAt,
  };
}

export function operationLocation(id: string): string {
  return `/api/v1/operations/${id}`;
}
