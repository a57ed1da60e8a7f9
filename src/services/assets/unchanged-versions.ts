import { compact } from '../../core/compact.js';
import { createHash } from 'node:crypto';
import type { Version } from '../../core/model/assets.js';
import { latestAlias, type AssetType } from '../../core/asset-types.js';
import { artifactManifest } from '../../core/oci/oci-artifacts.js';
import { findAlias, findVersionById } from '../../storage/metadata/assets-repository.js';
import { loadKv } from '../../storage/metadata/kv.js';
import { lineageEdges } from '../../storage/metadata/lineage-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import type { LineageRelation } from '../../storage/metadata/tables.js';
import type { FileEntry, NewVersion } from './version-writes.js';

/**
 * What a new version says about itself, as compared with the latest one. A field left out (null, an
 * empty map or list) is not compared: re-running `create` with fewer flags than the first time changes nothing.
 */
export interface VersionClaim {
  manifestDigest: string;
  fields: Partial<Record<(typeof scalarFields)[number], string>>;
  tags: Record<string, string>;
  properties: Record<string, string>;
  lineage: { relation: LineageRelation; targetVersionId: string }[];
}

const scalarFields = ['description', 'flavor', 'framework', 'dataType', 'job', 'source', 'specYaml'] as const;

/** The digest of the OCI artifact manifest a version of these files gets when committed (files sorted by path). */
export function manifestDigestOf(type: AssetType, files: readonly FileEntry[]): string {
  return `sha256:${createHash('sha256')
    .update(artifactManifest(type, [...files]))
    .digest('hex')}`;
}

/** The claim of a version being begun. */
export function claimOfRequest(type: AssetType, input: NewVersion): VersionClaim {
  const fields: VersionClaim['fields'] = {
    ...compact({
      description: input.description,
      flavor: input.flavor,
      framework: input.framework,
      dataType: input.dataType,
      job: input.job,
      source: input.source,
      specYaml: input.spec?.yaml,
    }),
  };
  return {
    manifestDigest: manifestDigestOf(type, input.files),
    fields,
    tags: input.tags ?? {},
    properties: input.properties ?? {},
    lineage: input.lineage ?? [],
  };
}

/**
 * The claim of a pending version, read back at its commit (null fields were left out at begin);
 * `manifestDigest` is the one the commit computed from its files.
 */
export async function claimOfPending(db: Session, version: Version, manifestDigest: string): Promise<VersionClaim> {
  const [tags, properties, edges] = await Promise.all([
    loadKv(db, 'version_tags', [version.id]),
    loadKv(db, 'version_properties', [version.id]),
    lineageEdges(db, [version.id], 'up'),
  ]);
  const fields: VersionClaim['fields'] = {};
  for (const key of scalarFields) {
    const value = version[key];
    if (value !== null) fields[key] = value;
  }
  return {
    manifestDigest,
    fields,
    tags: tags.get(version.id) ?? {},
    properties: properties.get(version.id) ?? {},
    lineage: edges.map((e) => ({ relation: e.relation, targetVersionId: e.to })),
  };
}

/**
 * The ready version `latest` names when `claim` would add nothing to it: the same files (its manifest
 * digest), every field the claim gives equal to the latest's, every tag and property it gives already
 * on the latest with that value, and — when it gives lineage — the same lineage. Otherwise undefined.
 */
export async function unchangedLatest(db: Session, assetId: string, claim: VersionClaim): Promise<Version | undefined> {
  const alias = await findAlias(db, assetId, latestAlias);
  const latest = alias === undefined ? undefined : await findVersionById(db, alias.versionId);
  if (latest?.state !== 'ready' || latest.manifestDigest !== claim.manifestDigest) return undefined;
  if (Object.entries(claim.fields).some(([key, value]) => latest[key as keyof typeof claim.fields] !== value))
    return undefined;
  const [tags, properties] = await Promise.all([
    loadKv(db, 'version_tags', [latest.id]),
    loadKv(db, 'version_properties', [latest.id]),
  ]);
  const holds = (given: Record<string, string>, held: Record<string, string> | undefined) =>
    Object.entries(given).every(([k, v]) => held?.[k] === v);
  if (!holds(claim.tags, tags.get(latest.id)) || !holds(claim.properties, properties.get(latest.id))) return undefined;
  if (claim.lineage.length > 0) {
    const key = (e: { relation: string; targetVersionId: string }) => `${e.relation}\u0000${e.targetVersionId}`;
    const held = new Set(
      (await lineageEdges(db, [latest.id], 'up')).map((e) => key({ relation: e.relation, targetVersionId: e.to })),
    );
    const given = new Set(claim.lineage.map(key));
    if (held.size !== given.size || [...given].some((k) => !held.has(k))) return undefined;
  }
  return latest;
}
