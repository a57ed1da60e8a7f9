/** Approval requests: asking for a protected alias to move, granted or rejected by someone else. */

export type ApprovalState = 'pending' | 'approved' | 'rejected';

/** A request to move an alias of an asset to one of its versions. Timestamps are ISO-8601 UTC strings. */
export interface Approval {
  id: string;
  assetId: string;
  alias: string;
  versionId: string;
  state: ApprovalState;
  /** Why the requester asks (free text; null when none was given). */
  reason: string | null;
  requestedBy: string;
  requestedAt: string;
  /** Who decided and when; null while pending. */
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** An approval with the label of the version it would move the alias to. */
export interface LabelledApproval extends Approval {
  version: string;
}

/** A request as an inbox lists it: where its asset is. */
export interface PlacedApproval extends LabelledApproval {
  scopeKind: 'registry' | 'workspace';
  scope: string;
  assetType: string;
  asset: string;
}
