import { queries, type Session } from './session.js';

/** The registries and workspaces (by name key) whose assets a caller may read; `all` for every one of a kind. */
export interface ReadableScopes {
  registry: 'all' | string[];
  workspace: 'all' | string[];
}

/** Who asks, what they may read, and the scope a blob would join. */
export interface PossessionQuery {
  principalId: string;
  readable: ReadableScopes;
  scopeId: string;
}

const chunk = 500;

/**
 * Which of `digests` the caller has proved it holds: referenced by a committed (ready or archived)
 * version's files or manifest, a pushed manifest, a repository's blobs or an MLflow artifact, in a scope it may read; or
 * received from this principal through an upload session into the target scope. A pending version is
 * no proof: anyone may list any digest in one. One query per 500 digests, every branch by index.
 */
export async function possessedDigests(
  session: Session,
  query: PossessionQuery,
  digests: string[],
): Promise<Set<string>> {
  const db = queries(session);
  const possessed = new Set<string>();
  const unique = [...new Set(digests)];
  for (let i = 0; i < unique.length; i += chunk) {
    const batch = unique.slice(i, i + chunk);
    const readableScopes = db
      .selectFrom('scopes')
      .select('scopes.id')
      .where((eb) =>
        eb.or(
          (['registry', 'workspace'] as const).flatMap((kind) => {
            const keys = query.readable[kind];
            if (keys === 'all') return [eb('scopes.kind', '=', kind)];
            return keys.length === 0 ? [] : [eb.and([eb('scopes.kind', '=', kind), eb('scopes.name_key', 'in', keys)])];
          }),
        ),
      );
    const readableAssets = db.selectFrom('assets').select('assets.id').where('assets.scope_id', 'in', readableScopes);
    const receipts = db
      .selectFrom('blob_receipts')
      .select('blob_receipts.digest')
      .where('blob_receipts.scope_id', '=', query.scopeId)
      .where('blob_receipts.principal_id', '=', query.principalId)
      .where('blob_receipts.digest', 'in', batch);
    const anyReadable =
      query.readable.registry === 'all' ||
      query.readable.workspace === 'all' ||
      query.readable.registry.length + query.readable.workspace.length > 0;
    const rows = !anyReadable
      ? await receipts.execute()
      : await receipts
          .union(
            db
              .selectFrom('version_files')
              .innerJoin('versions', 'versions.id', 'version_files.version_id')
              .select('version_files.digest')
              .where('version_files.digest', 'in', batch)
              .where('versions.state', '!=', 'pending')
              .where('versions.asset_id', 'in', readableAssets),
          )
          .union(
            db
              .selectFrom('versions')
              .select((eb) => eb.ref('versions.manifest_digest').$notNull().as('digest'))
              .where('versions.manifest_digest', 'in', batch)
              .where('versions.state', '!=', 'pending')
              .where('versions.asset_id', 'in', readableAssets),
          )
          .union(
            db
              .selectFrom('oci_manifests')
              .select('oci_manifests.digest')
              .where('oci_manifests.digest', 'in', batch)
              .where('oci_manifests.asset_id', 'in', readableAssets),
          )
          .union(
            db
              .selectFrom('oci_manifest_refs')
              .select('oci_manifest_refs.digest')
              .where('oci_manifest_refs.digest', 'in', batch)
              .where('oci_manifest_refs.asset_id', 'in', readableAssets),
          )
          .union(
            db
              .selectFrom('oci_repository_blobs')
              .select('oci_repository_blobs.digest')
              .where('oci_repository_blobs.digest', 'in', batch)
              .where('oci_repository_blobs.scope_id', 'in', readableScopes),
          )
          // An MLflow artifact can be downloaded by whoever may read its scope: registering it copies nothing.
          .union(
            db
              .selectFrom('mlflow_artifacts')
              .select('mlflow_artifacts.digest')
              .where('mlflow_artifacts.digest', 'in', batch)
              .where('mlflow_artifacts.scope_id', 'in', readableScopes),
          )
          .execute();
    for (const row of rows) possessed.add(row.digest);
  }
  return possessed;
}

/** That principal `principalId` uploaded `digest` into scope `scopeId` at `at`. */
export interface BlobReceipt {
  scopeId: string;
  digest: string;
  principalId: string;
  at: string;
}

/** Records that a principal uploaded `digest` into a scope (a repeat refreshes the time). */
export async function recordBlobReceipt(
  session: Session,
  { scopeId, digest, principalId, at }: BlobReceipt,
): Promise<void> {
  const db = queries(session);
  await db
    .insertInto('blob_receipts')
    .values({ scope_id: scopeId, digest, principal_id: principalId, created_at: at })
    .onConflict((oc) => oc.columns(['scope_id', 'digest', 'principal_id']).doUpdateSet({ created_at: at }))
    .execute();
}

/** Removes receipts older than `before`; returns how many. */
export async function removeBlobReceiptsBefore(session: Session, before: string): Promise<number> {
  const db = queries(session);
  const result = await db.deleteFrom('blob_receipts').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
