import type { AssetTypeSegment } from '../../core/asset-types.js';
import type { ManifestEntry } from './image-retention.js';

/** One version in a run's report: what the run did (or, dry, would do) and why a kept one is kept. */
export interface RetentionEntry {
  asset_type: AssetTypeSegment;
  asset: string;
  version: string;
  state: 'pending' | 'ready' | 'archived';
  outcome: 'would_archive' | 'would_delete' | 'archived' | 'deleted' | 'kept' | 'skipped';
  reasons: Record<string, string | number>[];
  rule?: number;
  /** Why an action the evaluation chose was not taken (the version changed in between). */
  skipped_because?: string;
}

export interface RetentionReport {
  scope: string;
  dry_run: boolean;
  versions: RetentionEntry[];
  /** The manifests the untagged_manifests rule weighed (none without that rule). */
  manifests: ManifestEntry[];
  summary: {
    considered: number;
    archive: number;
    delete: number;
    kept: number;
    skipped: number;
    manifests: { considered: number; delete: number; kept: number; skipped: number };
  };
}

/** A run's report (dry or real) from its entries, with the counts of each outcome. */
export function retentionReport(
  scope: string,
  dryRun: boolean,
  versions: RetentionEntry[],
  manifests: ManifestEntry[],
): RetentionReport {
  const summary = { considered: versions.length, archive: 0, delete: 0, kept: 0, skipped: 0 };
  for (const entry of versions)
    if (entry.outcome === 'kept') summary.kept++;
    else if (entry.outcome === 'skipped') summary.skipped++;
    else if (entry.outcome === 'would_archive' || entry.outcome === 'archived') summary.archive++;
    else summary.delete++;
  const counts = { considered: manifests.length, delete: 0, kept: 0, skipped: 0 };
  for (const entry of manifests)
    if (entry.outcome === 'kept') counts.kept++;
    else if (entry.outcome === 'skipped') counts.skipped++;
    else counts.delete++;
  return { scope, dry_run: dryRun, versions, manifests, summary: { ...summary, manifests: counts } };
}
