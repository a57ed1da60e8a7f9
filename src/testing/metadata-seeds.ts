import { randomUUID } from 'node:crypto';
import type { Digest } from '../storage/blob/blob-store.js';
import { MetadataStore } from '../storage/metadata/metadata-store.js';
import type { OciManifest } from '../storage/metadata/oci-repository.js';
import { queries, type Session } from '../storage/metadata/session.js';
import type { ProvisioningState, VersionState } from '../storage/metadata/tables.js';
import type { TestDialect, TestDatabase } from './databases.js';

/**
 * Rows for repository tests, inserted through raw table inserts (column names, not the row types the
 * repositories return), each with only what a test varies; every helper returns the new row's id.
 */

export const seedTime = '2026-01-01T00:00:00.000Z';

/** `sha256:` and 64 times `hex` (one character): a distinct, well-formed digest per character. */
export function fakeDigest(hex: string): Digest {
  return `sha256:${hex.repeat(64)}`;
}

/** A fresh store on a fresh database of the dialect; `close` closes it and drops the database. */
export async function openTestStore(dialect: TestDialect): Promise<{ store: MetadataStore; close(): Promise<void> }> {
  const database: TestDatabase = await dialect.create();
  const store = await MetadataStore.open({
    database: database.database,
    ...(database.schema ? { schema: database.schema } : {}),
  });
  return {
    store,
    async close() {
      await store.close();
      await database.cleanup();
    },
  };
}

export async function seedScope(
  store: MetadataStore,
  name: string,
  fields: {
    kind?: 'registry' | 'workspace';
    location?: string;
    replicas?: string[];
    provisioningState?: ProvisioningState;
  } = {},
): Promise<string> {
  const id = randomUUID();
  const location = fields.location ?? 'eastus';
  await store.kysely
    .insertInto('scopes')
    .values({
      id,
      kind: fields.kind ?? 'registry',
      name,
      name_key: name.toLowerCase(),
      description: null,
      location,
      public_network_access: null,
      provisioning_state: fields.provisioningState ?? 'Succeeded',
      created_at: seedTime,
      created_by: 'admin',
      updated_at: seedTime,
      updated_by: 'admin',
    })
    .execute();
  const regions = [location, ...(fields.replicas ?? [])];
  await store.kysely
    .insertInto('scope_regions')
    .values(
      regions.map((region, position) => ({
        scope_id: id,
        region,
        is_primary: position === 0 ? 1 : 0,
        position,
        storage_account_type: null,
        storage_account_hns: null,
        provisioning_state: 'Succeeded' as const,
        error: null,
      })),
    )
    .execute();
  return id;
}

export async function seedAsset(store: MetadataStore, scopeId: string, name: string, type = 'model'): Promise<string> {
  const id = randomUUID();
  await store.kysely
    .insertInto('assets')
    .values({
      id,
      scope_id: scopeId,
      type,
      name,
      name_key: name.toLowerCase(),
      description: null,
      created_at: seedTime,
      created_by: 'admin',
      updated_at: seedTime,
      updated_by: 'admin',
    })
    .execute();
  return id;
}

/** A version (and its files); `into` may be a session or an open transaction as well as the store. */
export async function seedVersion(
  into: MetadataStore | Session,
  assetId: string,
  label: string,
  fields: { state?: VersionState; manifestDigest?: string; files?: string[]; id?: string } = {},
): Promise<string> {
  const db = into instanceof MetadataStore ? into.kysely : queries(into);
  const id = fields.id ?? randomUUID();
  const files = fields.files ?? [];
  await db
    .insertInto('versions')
    .values({
      id,
      asset_id: assetId,
      label,
      label_number: /^[1-9][0-9]{0,14}$/.test(label) ? Number(label) : null,
      state: fields.state ?? 'ready',
      manifest_digest: fields.manifestDigest ?? null,
      total_size: files.length,
      file_count: files.length,
      created_at: seedTime,
      created_by: 'admin',
      updated_at: seedTime,
      updated_by: 'admin',
    })
    .execute();
  if (files.length > 0)
    await db
      .insertInto('version_files')
      .values(files.map((digest, position) => ({ version_id: id, path: `f${position}`, size: 1, digest, position })))
      .execute();
  return id;
}

export async function seedAlias(
  into: MetadataStore | Session,
  assetId: string,
  name: string,
  versionId: string,
  isProtected = false,
): Promise<void> {
  const db = into instanceof MetadataStore ? into.kysely : queries(into);
  await db
    .insertInto('aliases')
    .values({
      asset_id: assetId,
      name,
      version_id: versionId,
      protected: isProtected ? 1 : 0,
      updated_at: seedTime,
      updated_by: 'admin',
    })
    .execute();
}

/** A manifest as a push records it (for `insertManifest`), digest `fakeDigest(hex)`. */
export function ociManifest(assetId: string, hex: string, fields: Partial<OciManifest> = {}): OciManifest {
  return {
    assetId,
    digest: fakeDigest(hex),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: undefined,
    subjectDigest: undefined,
    annotations: undefined,
    size: 100,
    region: 'eastus',
    createdAt: seedTime,
    createdBy: 'admin',
    ...fields,
  };
}
