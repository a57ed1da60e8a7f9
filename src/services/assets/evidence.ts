import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import { aliasMovesOfVersion, copiesOfVersion } from '../../storage/metadata/assets-repository.js';
import { listApprovals } from '../../storage/metadata/approvals-repository.js';
import { listAudit, type AuditEvent } from '../../storage/metadata/audit-repository.js';
import {
  lineageNeighbours,
  linkFor,
  requireAsset,
  requireScope,
  requireVersion,
  targetOf,
  versionRecord,
  type CanRead,
  type LineageLink,
  type VersionLocator,
  type VersionRecord,
} from './asset-records.js';

export interface VersionEvidence {
  generated_at: string;
  reference: string;
  version: VersionRecord;
  /**
   * `upstream`: what the version was derived from; `downstream`: what was derived from it (the words of
   * `lineage --direction`). `shared_from` / `shared_to`: the version it is a shared copy of, and its copies.
   * What lives in a scope the caller may not read is marked hidden, unnamed.
   */
  lineage: {
    upstream: LineageLink[];
    downstream: LineageLink[];
    shared_from: string | null;
    shared_from_hidden?: true;
    shared_to: string[];
    shared_to_hidden?: number;
    job: string | null;
    source: string | null;
  };
  /**
   * Alias history entries that name the version: moves, and protection switched on or off while the alias
   * named it (`action`).
   */
  alias_moves: {
    alias: string;
    action: string;
    from_version: string | null;
    to_version: string | null;
    at: string;
    by: string;
  }[];
  approvals: {
    id: string;
    alias: string;
    state: string;
    reason: string | null;
    requested_by: string;
    requested_at: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_reason: string | null;
  }[];
  audit_events: AuditEvent[];
}

/**
 * Everything an auditor asks about one version, in one document: its files and digests, where it
 * came from and what was derived from it, every alias move and approval that touched it, and the
 * audit events about it (each with its chain hash, so the export can be checked against the log).
 */
export async function versionEvidence(
  store: MetadataStore,
  locator: VersionLocator,
  now: string,
  canRead: CanRead,
): Promise<VersionEvidence> {
  const db = store.session;
  const scope = await requireScope(db, locator.scopeKind, locator.scope);
  const asset = await requireAsset(db, scope, locator.type, locator.name);
  const row = await requireVersion(db, asset, locator);
  const version = await versionRecord(db, { scope, asset, row, withFiles: true });
  const reference = targetOf(scope.kind, scope.name, asset.type, asset.name, row.label);
  const copies = await copiesOfVersion(db, row.id);
  const moves = await aliasMovesOfVersion(db, asset.id, row.id);
  const approvals = (await listApprovals(db, asset.id)).filter((a) => a.versionId === row.id);
  const aboutVersion = await listAudit(db, { target: reference, limit: 10_000 });
  const aliasEvents = (
    await listAudit(db, {
      target: `${targetOf(scope.kind, scope.name, asset.type, asset.name)}/aliases`,
      limit: 10_000,
    })
  ).filter((e) => mentions(e.details, row.id) || approvals.some((a) => mentions(e.details, a.id)));
  const origin = version.origin;
  const originReadable = origin === undefined || canRead(origin.scopeKind, origin.scope);
  const readableCopies = copies.filter((c) => canRead(c.scopeKind, c.scope));
  return {
    generated_at: now,
    reference,
    version,
    lineage: {
      upstream: (await lineageNeighbours(db, row.id, 'up')).map((input) => linkFor(input, canRead)),
      downstream: (await lineageNeighbours(db, row.id, 'down')).map((use) => linkFor(use, canRead)),
      shared_from:
        origin && originReadable
          ? targetOf(origin.scopeKind, origin.scope, origin.type, origin.name, origin.version)
          : null,
      ...(originReadable ? {} : { shared_from_hidden: true as const }),
      shared_to: readableCopies.map((d) => targetOf(d.scopeKind, d.scope, d.type, d.name, d.version)).sort(),
      ...(readableCopies.length === copies.length ? {} : { shared_to_hidden: copies.length - readableCopies.length }),
      job: row.job,
      source: row.source,
    },
    alias_moves: moves.map((m) => ({
      alias: m.alias,
      action: m.action,
      at: m.at,
      by: m.by,
      from_version: m.fromVersion,
      to_version: m.toVersion,
    })),
    approvals: approvals.map((a) => ({
      id: a.id,
      alias: a.alias,
      state: a.state,
      reason: a.reason,
      requested_by: a.requestedBy,
      requested_at: a.requestedAt,
      decided_by: a.decidedBy,
      decided_at: a.decidedAt,
      decision_reason: a.decisionReason,
    })),
    audit_events: [...aboutVersion, ...aliasEvents].sort((a, b) => a.seq - b.seq),
  };
}

function mentions(details: unknown, id: string): boolean {
  if (typeof details !== 'object' || details === null) return false;
  return Object.values(details as Record<string, unknown>).some((v) => v === id);
}
