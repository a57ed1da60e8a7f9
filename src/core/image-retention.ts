import type { UntaggedManifestsRule } from './retention.js';

/** One manifest pushed to a repository, as the untagged-manifests rule weighs it. */
export interface ManifestFacts {
  digest: string;
  mediaType: string;
  /** When it was first pushed. */
  pushedAt: string;
  /** The plain OCI tags that name it. */
  tags: readonly string[];
  /** The labels of the versions whose manifest it is (an environment version is its image). */
  versions: readonly string[];
  /** The manifests it lists, when it is an index (manifest list). */
  children: readonly string[];
  /** The manifest it refers to, when it is a referrer (a signature, an SBOM, an attestation). */
  subject?: string;
}

/** Why a manifest stays. */
export type ManifestKeptReason =
  | { reason: 'tagged'; tag: string }
  | { reason: 'version'; version: string }
  | { reason: 'within older_than_days'; older_than_days: number }
  | { reason: 'index child'; index: string }
  | { reason: 'referrer'; subject: string };

/** What the rule decides for one manifest. */
export interface ManifestVerdict {
  digest: string;
  verdict: 'delete' | 'kept';
  reasons: ManifestKeptReason[];
  /** A referrer that goes because its subject goes (whatever its own age). */
  removedWith?: string;
}

/**
 * Decides each manifest of one repository. A manifest goes when no tag names it, no version is it,
 * it was pushed more than `olderThanDays` ago, no kept index lists it, and, for a referrer whose
 * subject is in the repository, when that subject goes: referrers live and die with their subject (as
 * zot's GC and ACR's delete treat them), so a young signature does not outlive the image it signs, and a
 * kept image keeps its signatures. A referrer whose subject is absent is weighed like any manifest.
 * `versionDigests` are the manifests of the asset's versions (kept by the version rules, not this one).
 * The verdicts come in a safe removal order: an index before its children, a referrer before its subject.
 */
export function decideManifests(
  rule: UntaggedManifestsRule,
  manifests: readonly ManifestFacts[],
  versionDigests: ReadonlySet<string>,
  now: Date,
): ManifestVerdict[] {
  const present = new Set([...manifests.map((m) => m.digest), ...versionDigests]);
  const referrerOfPresent = (m: ManifestFacts) => m.subject !== undefined && present.has(m.subject);
  const young = (m: ManifestFacts) => now.getTime() - Date.parse(m.pushedAt) < rule.olderThanDays * 86_400_000;
  const own = (m: ManifestFacts): ManifestKeptReason[] => [
    ...m.tags.map((tag) => ({ reason: 'tagged' as const, tag })),
    ...m.versions.map((version) => ({ reason: 'version' as const, version })),
    ...(young(m) && !referrerOfPresent(m)
      ? [{ reason: 'within older_than_days' as const, older_than_days: rule.olderThanDays }]
      : []),
  ];
  // The least fixed point: what its own facts keep, then what a kept index or subject keeps, until nothing changes.
  const kept = new Set<string>(versionDigests);
  for (const m of manifests) if (own(m).length > 0) kept.add(m.digest);
  const parents = new Map<string, string[]>();
  for (const m of manifests)
    for (const child of m.children) parents.set(child, [...(parents.get(child) ?? []), m.digest]);
  for (let changed = true; changed;) {
    changed = false;
    for (const m of manifests) {
      if (kept.has(m.digest)) continue;
      const byIndex = (parents.get(m.digest) ?? []).some((p) => kept.has(p));
      if (byIndex || (m.subject !== undefined && kept.has(m.subject))) {
        kept.add(m.digest);
        changed = true;
      }
    }
  }
  return removalOrder(manifests).map((m) => {
    if (!kept.has(m.digest))
      return {
        digest: m.digest,
        verdict: 'delete' as const,
        reasons: [],
        ...(referrerOfPresent(m) ? { removedWith: m.subject } : {}),
      };
    const reasons: ManifestKeptReason[] = [
      ...own(m),
      ...(parents.get(m.digest) ?? [])
        .filter((p) => kept.has(p))
        .map((index) => ({ reason: 'index child' as const, index })),
      ...(m.subject !== undefined && kept.has(m.subject) ? [{ reason: 'referrer' as const, subject: m.subject }] : []),
    ];
    return { digest: m.digest, verdict: 'kept' as const, reasons };
  });
}

/**
 * The manifests ordered so that whatever names a manifest (an index its child, a referrer its subject)
 * comes before it; otherwise oldest first. A run removes in this order, so it never leaves an index
 * without a child or a referrer it decided to remove behind its subject.
 */
function removalOrder(manifests: readonly ManifestFacts[]): ManifestFacts[] {
  const byDigest = new Map(manifests.map((m) => [m.digest, m]));
  const pointedAt = new Map<string, number>(manifests.map((m) => [m.digest, 0]));
  const targets = (m: ManifestFacts) =>
    [...m.children, ...(m.subject === undefined ? [] : [m.subject])].filter((d) => byDigest.has(d) && d !== m.digest);
  for (const m of manifests) for (const t of new Set(targets(m))) pointedAt.set(t, (pointedAt.get(t) ?? 0) + 1);
  const older = (a: ManifestFacts, b: ManifestFacts) =>
    a.pushedAt < b.pushedAt ? -1 : a.pushedAt > b.pushedAt ? 1 : a.digest < b.digest ? -1 : 1;
  const ready = manifests.filter((m) => pointedAt.get(m.digest) === 0).sort(older);
  const ordered: ManifestFacts[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as ManifestFacts;
    ordered.push(next);
    for (const t of new Set(targets(next))) {
      const left = (pointedAt.get(t) ?? 0) - 1;
      pointedAt.set(t, left);
      if (left === 0) {
        ready.push(byDigest.get(t) as ManifestFacts);
        ready.sort(older);
      }
    }
  }
  // Content addressing rules out cycles; should one appear, its manifests still come (last).
  const placed = new Set(ordered.map((m) => m.digest));
  return [...ordered, ...manifests.filter((m) => !placed.has(m.digest)).sort(older)];
}
