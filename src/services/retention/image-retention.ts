import { assetTypeSegments, type AssetType } from '../../core/asset-types.js';
import { decideManifests, type ManifestFacts, type ManifestVerdict } from '../../core/image-retention.js';
import { globMatches, type UntaggedManifestsRule } from '../../core/retention.js';
import type { Scope } from '../../core/model/scopes.js';
import { assetsWithManifests, repositoryManifestFacts } from '../../storage/metadata/image-retention-repository.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { lockAssetRow } from '../../storage/metadata/row-locks.js';
import type { Session } from '../../storage/metadata/session.js';
import type { AuditActor } from '../audit/auditor.js';
import { isoNow, type Clock } from '../clock.js';
import { removePushedManifest } from '../oci/oci-manifest-removal.js';

/** The rule's name in audit and event details (`retention.rule`), beside the version rules' indexes. */
export const untaggedManifestsRuleName = 'untagged_manifests';

/** One pushed manifest in a run's report: what the run did (or, dry, would do) and why a kept one is kept. */
export interface ManifestEntry {
  /** The OCI repository, as clients pull it: `<scope>/<type>/<name>`. */
  repository: string;
  digest: string;
  media_type: string;
  pushed_at: string;
  outcome: 'would_delete' | 'deleted' | 'kept' | 'skipped';
  reasons: Record<string, string | number>[];
  /** A referrer that goes with its subject (this digest). */
  removed_with?: string;
  /** Why a removal the evaluation chose was not made (the repository changed in between). */
  skipped_because?: string;
}

/** What the image rule decided for one repository's manifests, in removal order. */
export interface ManifestRepositoryPlan {
  asset: { id: string; type: AssetType; name: string };
  steps: { digest: string; mediaType: string; action: 'delete' | 'kept'; entry: ManifestEntry }[];
}

type ScopeRef = Pick<Scope, 'id' | 'kind' | 'name' | 'location'>;

/** The repository the rule's glob is matched against: `<type>/<name>`, without the scope. */
function repositoryKey(asset: { type: AssetType; name: string }): string {
  return `${assetTypeSegments[asset.type]}/${asset.name}`;
}

async function decideRepository(
  db: Session,
  rule: UntaggedManifestsRule,
  assetId: string,
  now: Date,
): Promise<{ facts: Map<string, ManifestFacts>; verdicts: ManifestVerdict[] }> {
  const { manifests, versionDigests } = await repositoryManifestFacts(db, assetId);
  return {
    facts: new Map(manifests.map((m) => [m.digest, m])),
    verdicts: decideManifests(rule, manifests, versionDigests, now),
  };
}

/** What the untagged-manifests rule decides for every manifest pushed to the scope's matching repositories. */
export async function planManifests(
  db: Session,
  scope: ScopeRef,
  rule: UntaggedManifestsRule,
  now: Date,
): Promise<ManifestRepositoryPlan[]> {
  const plans: ManifestRepositoryPlan[] = [];
  for (const asset of await assetsWithManifests(db, scope.id)) {
    if (!globMatches(rule.repository, repositoryKey(asset))) continue;
    const { facts, verdicts } = await decideRepository(db, rule, asset.id, now);
    const repository = `${scope.name}/${repositoryKey(asset)}`;
    plans.push({
      asset,
      steps: verdicts.map((v) => {
        const m = facts.get(v.digest) as ManifestFacts;
        return {
          digest: v.digest,
          mediaType: m.mediaType,
          action: v.verdict,
          entry: {
            repository,
            digest: v.digest,
            media_type: m.mediaType,
            pushed_at: m.pushedAt,
            outcome: v.verdict === 'delete' ? 'would_delete' : 'kept',
            reasons: v.reasons.map((r) => ({ ...r })),
            ...(v.removedWith === undefined ? {} : { removed_with: v.removedWith }),
          },
        };
      }),
    });
  }
  return plans;
}

/** What applying a manifest plan needs. */
export interface ManifestApply {
  store: MetadataStore;
  clock: Clock;
  scope: ScopeRef;
  rule: UntaggedManifestsRule;
  actor: AuditActor;
  job?: string;
}

/**
 * Removes what a plan decided, one repository per transaction under its asset's row lock, where the
 * rule is weighed again: a manifest that gained a tag, a version or a kept index since the evaluation
 * is left and reported `skipped`. Each removal is the OCI delete by digest (audited, with its event),
 * in the plan's order (an index before its children, a referrer before its subject).
 */
export async function applyManifestPlan(plans: readonly ManifestRepositoryPlan[], apply: ManifestApply): Promise<void> {
  const { store, clock, scope, rule, actor, job } = apply;
  const retention = { rule: untaggedManifestsRuleName, ...(job === undefined ? {} : { job }) };
  for (const plan of plans) {
    const removals = plan.steps.filter((s) => s.action === 'delete');
    if (removals.length === 0) continue;
    await store.transaction(async (trx) => {
      const now = isoNow(clock);
      if (!(await lockAssetRow(trx, plan.asset.id))) {
        for (const step of removals) skip(step.entry, 'the repository was deleted');
        return;
      }
      const { verdicts } = await decideRepository(trx, rule, plan.asset.id, clock.now());
      const current = new Map(verdicts.map((v) => [v.digest, v]));
      for (const step of removals) {
        const verdict = current.get(step.digest);
        if (verdict === undefined) skip(step.entry, 'the manifest was deleted');
        else if (verdict.verdict !== 'delete')
          skip(step.entry, `kept now: ${verdict.reasons.map((r) => Object.values(r).join(' ')).join('; ')}`);
        else {
          await removePushedManifest(trx, {
            scope,
            asset: plan.asset,
            digest: step.digest,
            mediaType: step.mediaType,
            actor,
            now,
            details: { retention },
            releaseBlobs: true,
          });
          step.entry.outcome = 'deleted';
        }
      }
    });
  }
}

function skip(entry: ManifestEntry, because: string): void {
  entry.outcome = 'skipped';
  entry.skipped_because = because;
}
