import type { AssetType } from '../../core/asset-types.js';
import type { ManifestFacts } from '../../core/image-retention.js';
import { queries, type Session } from './session.js';

/** The assets of a scope that hold pushed manifests (its OCI repositories with images), by type and name. */
export async function assetsWithManifests(
  session: Session,
  scopeId: string,
): Promise<{ id: string; type: AssetType; name: string }[]> {
  const rows = await queries(session)
    .selectFrom('assets')
    .select(['assets.id', 'assets.type', 'assets.name'])
    .where('assets.scope_id', '=', scopeId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('oci_manifests').select('oci_manifests.digest').whereRef('oci_manifests.asset_id', '=', 'assets.id'),
      ),
    )
    .orderBy('assets.type')
    .orderBy('assets.name_key')
    .execute();
  return rows.map((r) => ({ ...r, type: r.type as AssetType }));
}

/**
 * Every manifest pushed to an asset's repository with what names it (tags, versions, indexes) and what
 * it refers to, and the manifests of all the asset's versions; four queries.
 */
export async function repositoryManifestFacts(
  session: Session,
  assetId: string,
): Promise<{ manifests: ManifestFacts[]; versionDigests: Set<string> }> {
  const db = queries(session);
  // One after another: in a transaction they share one connection.
  const manifests = await db
    .selectFrom('oci_manifests')
    .select(['digest', 'media_type', 'created_at', 'subject_digest'])
    .where('asset_id', '=', assetId)
    .orderBy('created_at')
    .orderBy('digest')
    .execute();
  const tags = await db
    .selectFrom('oci_tags')
    .select(['tag', 'manifest_digest'])
    .where('asset_id', '=', assetId)
    .orderBy('tag')
    .execute();
  const versions = await db
    .selectFrom('versions')
    .select(['label', 'manifest_digest'])
    .where('asset_id', '=', assetId)
    .where('manifest_digest', 'is not', null)
    .orderBy('label')
    .execute();
  const children = await db
    .selectFrom('oci_manifest_refs')
    .select(['manifest_digest', 'digest'])
    .where('asset_id', '=', assetId)
    .where('kind', '=', 'manifest')
    .orderBy('digest')
    .execute();
  const group = (rows: { key: string | null; value: string }[]) => {
    const map = new Map<string, string[]>();
    for (const { key, value } of rows) if (key !== null) map.set(key, [...(map.get(key) ?? []), value]);
    return map;
  };
  const tagsOf = group(tags.map((t) => ({ key: t.manifest_digest, value: t.tag })));
  const versionsOf = group(versions.map((v) => ({ key: v.manifest_digest, value: v.label })));
  const childrenOf = group(children.map((c) => ({ key: c.manifest_digest, value: c.digest })));
  return {
    manifests: manifests.map((m) => ({
      digest: m.digest,
      mediaType: m.media_type,
      pushedAt: m.created_at,
      tags: tagsOf.get(m.digest) ?? [],
      versions: versionsOf.get(m.digest) ?? [],
      children: childrenOf.get(m.digest) ?? [],
      ...(m.subject_digest === null ? {} : { subject: m.subject_digest }),
    })),
    versionDigests: new Set(versions.map((v) => v.manifest_digest).filter((d): d is string => d !== null)),
  };
}
