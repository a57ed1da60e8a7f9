import type { ColumnType, Generated } from 'kysely';
import type { AliasHistoryAction, VersionState } from '../../core/model/assets.js';
import type { JobState } from '../../core/model/jobs.js';
import type { OperationStatus, ProvisioningState } from '../../core/model/scopes.js';

export type { AliasHistoryAction, JobState, OperationStatus, ProvisioningState, VersionState };

/**
 * Table shapes of the metadata store, one set for SQLite and PostgreSQL. Timestamps are ISO-8601
 * UTC strings with milliseconds (they sort the same in both dialects); booleans are 0/1 integers;
 * JSON is stored as text.
 */
export interface Database {
  principals: PrincipalsTable;
  tokens: TokensTable;
  scopes: ScopesTable;
  scope_tags: ScopeTagsTable;
  scope_regions: ScopeRegionsTable;
  operations: OperationsTable;
  assets: AssetsTable;
  asset_tags: AssetTagsTable;
  versions: VersionsTable;
  version_tags: VersionKvTable;
  version_properties: VersionKvTable;
  version_files: VersionFilesTable;
  blobs: BlobsTable;
  aliases: AliasesTable;
  alias_history: AliasHistoryTable;
  upload_sessions: UploadSessionsTable;
  audit_events: AuditEventsTable;
  audit_checkpoints: AuditCheckpointsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  roles: RolesTable;
  role_assignments: RoleAssignmentsTable;
  approvals: ApprovalsTable;
  gc_candidates: GcCandidatesTable;
  access_epoch: AccessEpochTable;
  oci_manifests: OciManifestsTable;
  oci_manifest_refs: OciManifestRefsTable;
  oci_tags: OciTagsTable;
  oci_repository_blobs: OciRepositoryBlobsTable;
  version_lineage: VersionLineageTable;
  jobs: JobsTable;
  retention_policies: RetentionPoliciesTable;
}

export interface PrincipalsTable {
  id: string;
  kind: 'user' | 'service';
  name: string;
  name_key: string;
  display_name: string | null;
  /** Kept for the first migration; access comes from role assignments. */
  is_admin: number;
  created_at: string;
  email: string | null;
  disabled: number;
  created_by: string;
}

export interface TokensTable {
  id: string;
  principal_id: string;
  name: string;
  /** sha256 of the secret, hex; the secret itself is never stored. */
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  read_only: number;
  scope_kind: string | null;
  scope_key: string | null;
  /** The token this one was derived from (a `/v2/` session, or minted by a narrowed token): it dies with it. */
  parent_token_id: string | null;
  /** 1 for a `/v2/token` session token (defaults to 0). */
  session: Generated<number>;
  /** 1 for a studio sign-in session, carried in a cookie (defaults to 0). */
  studio_session: Generated<number>;
}

export type ScopeKindColumn = 'registry' | 'workspace';

export interface ScopesTable {
  id: string;
  kind: ScopeKindColumn;
  name: string;
  name_key: string;
  description: string | null;
  location: string;
  public_network_access: string | null;
  provisioning_state: ProvisioningState;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  /** Bumped with every change to the scope, its tags or its regions (see scopes-repository.ts). */
  version: Generated<number>;
}

export interface ScopeTagsTable {
  scope_id: string;
  key: string;
  value: string;
}

export interface ScopeRegionsTable {
  scope_id: string;
  region: string;
  is_primary: number;
  position: number;
  storage_account_type: string | null;
  storage_account_hns: number | null;
  provisioning_state: ProvisioningState;
  error: string | null;
}

export interface OperationsTable {
  id: string;
  kind: string;
  target_kind: string;
  target_name: string;
  target_id: string | null;
  status: OperationStatus;
  /** JSON: the input the operation needs to run (or resume) on any process. */
  payload: string;
  /** JSON `{code, message}` when Failed. */
  error: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  ended_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  attempts: Generated<number>;
}

export interface AssetsTable extends AssetDetailsColumns {
  id: string;
  scope_id: string;
  type: string;
  name: string;
  name_key: string;
  created_at: string;
}

/** Asset columns added by migration 0002 (the table itself dates from 0001). */
export interface AssetDetailsColumns {
  description: string | null;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface AssetTagsTable {
  asset_id: string;
  key: string;
  value: string;
}

export interface VersionsTable {
  id: string;
  asset_id: string;
  label: string;
  /** The label as an integer when it is one: orders versions and gives the next integer label. */
  label_number: number | null;
  description: string | null;
  state: VersionState;
  /** model: `flavor` / `framework`; data: `data_type` (uri_file | uri_folder | mltable). */
  flavor: string | null;
  framework: string | null;
  data_type: string | null;
  job: string | null;
  source: string | null;
  /** The version this one links to (share): same files, no bytes copied. */
  origin_version_id: string | null;
  /** OCI artifact manifest of a ready version. */
  manifest_digest: string | null;
  total_size: number;
  file_count: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  committed_at: string | null;
  /** A pending version not committed by then is cleaned up. */
  pending_expires_at: string | null;
  /** Environments and components: the parsed YAML (JSON) and the YAML as written. */
  spec: string | null;
  spec_yaml: string | null;
  /** 1: the commit makes the version even when it repeats the latest (see `unchangedLatest`); set at begin. */
  allow_duplicate: ColumnType<number, number | undefined, number>;
}

export interface VersionKvTable {
  version_id: string;
  key: string;
  value: string;
}

export interface VersionFilesTable {
  version_id: string;
  path: string;
  size: number;
  digest: string;
  position: number;
}

/** Which blobs each region's store holds (the store is the truth; this is its index). */
export interface BlobsTable {
  region: string;
  digest: string;
  size: number;
  created_at: string;
}

export interface AliasesTable {
  asset_id: string;
  name: string;
  version_id: string;
  protected: number;
  updated_at: string;
  updated_by: string;
}

export interface AliasHistoryTable {
  id: string;
  asset_id: string;
  alias: string;
  from_version_id: string | null;
  to_version_id: string | null;
  at: string;
  by: string;
}

export interface UploadSessionsTable {
  id: string;
  region: string;
  scope_id: string;
  /** Bytes the store holds for this session. */
  offset: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  expires_at: string;
  /** `environments/pytorch` for an OCI upload (the blob joins that repository); null for REST uploads. */
  repository: string | null;
}

export interface AuditEventsTable {
  id: string;
  seq: Generated<number>;
  at: string;
  principal: string;
  action: string;
  target: string;
  outcome: string;
  request_id: string | null;
  details: string | null;
  source: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface GroupsTable {
  id: string;
  name: string;
  name_key: string;
  description: string | null;
  created_at: string;
  created_by: string;
}

export interface GroupMembersTable {
  group_id: string;
  principal_id: string;
}

export interface RolesTable {
  id: string;
  name: string;
  name_key: string;
  description: string | null;
  /** JSON arrays of permission patterns. */
  actions: string;
  not_actions: string;
  created_at: string;
  created_by: string;
}

export interface RoleAssignmentsTable {
  id: string;
  role_key: string;
  assignee_kind: 'user' | 'service' | 'group';
  assignee_id: string;
  scope_kind: 'org' | 'registry' | 'workspace';
  scope_key: string;
  created_at: string;
  created_by: string;
}

export interface ApprovalsTable {
  id: string;
  asset_id: string;
  alias: string;
  version_id: string;
  state: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

/** A blob no version referenced any more when a delete ran; GC re-checks before sweeping. */
export interface GcCandidatesTable {
  region: string;
  digest: string;
  queued_at: string;
}

/** A single row: bumped whenever role assignments, custom roles or group memberships change. */
export interface AccessEpochTable {
  id: number;
  epoch: number;
}

/** A manifest pushed at `/v2/` (its bytes are a blob in the scope's primary region). */
export interface OciManifestsTable {
  asset_id: string;
  digest: string;
  media_type: string;
  artifact_type: string | null;
  subject_digest: string | null;
  /** JSON object of the manifest's annotations (the referrers API returns them). */
  annotations: string | null;
  size: number;
  region: string;
  created_at: string;
  created_by: string;
}

export interface OciManifestRefsTable {
  asset_id: string;
  manifest_digest: string;
  digest: string;
  kind: 'blob' | 'manifest';
}

export interface OciTagsTable {
  asset_id: string;
  tag: string;
  manifest_digest: string;
  updated_at: string;
  updated_by: string;
}

export interface OciRepositoryBlobsTable {
  scope_id: string;
  /** `<type segment>/<name key>`, e.g. `environments/pytorch`. */
  repository: string;
  digest: string;
  created_at: string;
}

export type LineageRelation = 'data' | 'model' | 'component' | 'environment';

/** `version_id` was derived from `target_version_id` (as its data, parent model, component or environment). */
export interface VersionLineageTable {
  version_id: string;
  relation: LineageRelation;
  target_version_id: string;
}

export interface JobsTable {
  id: string;
  kind: string;
  /** JSON: what the job works on. */
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  /** A queued job runs from then on (retries wait with exponential backoff). */
  next_run_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** JSON `{code, message}` of the last failure. */
  last_error: string | null;
  /** JSON of what the job reported when it succeeded (garbage collection and fsck reports); null for most kinds. */
  result: string | null;
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A principal finished an upload of `digest` in a scope (proof of possession there; issue 12). */
export interface BlobReceiptsTable {
  scope_id: string;
  digest: string;
  principal_id: string;
  created_at: string;
}

// Declaration merging: each part of issue 12 appends its tables here instead of editing the list above.
export interface Database {
  blob_receipts: BlobReceiptsTable;
}

/** A signed audit checkpoint, as made (see src/core/audit-checkpoint.ts); the evidence is its exported copy. */
export interface AuditCheckpointsTable {
  id: string;
  seq: number;
  head_hash: string;
  at: string;
  key_id: string;
  public_key: string;
  signature: string;
}

/** A label an asset once committed and then deleted: never handed out again (issue 12, immutability). */
export interface RetiredVersionLabelsTable {
  scope_kind: string;
  scope_key: string;
  asset_type: string;
  asset_key: string;
  label: string;
  label_number: number | null;
  /** What the label served when it was retired (for an auditor; never served again). */
  manifest_digest: string | null;
  retired_at: string;
  retired_by: string;
}

// Declaration merging keeps this table's line out of the shared list above.
export interface Database {
  retired_version_labels: RetiredVersionLabelsTable;
}

// Declaration merging: issue 13 numbers each alias's history (migrations-aliases.ts).
export interface AliasHistoryTable {
  /** 1, 2, 3, … per alias, in the order of its moves: entry n's `from_version_id` is entry n-1's `to_version_id`. */
  seq: number;
}

// Declaration merging: issue 14 records protection changes in alias history (migrations-aliases.ts, 0025).
export interface AliasHistoryTable {
  /** `move` (from → to), or `protect` / `unprotect`, which leave the alias where it is (from = to). */
  action: AliasHistoryAction;
}

/** A copy of a blob into a region that one copier holds while it runs (migrations-replication.ts, 0026). */
export interface BlobCopiesTable {
  region: string;
  digest: string;
  /** Who copies: unique per copy attempt, so only its holder renews or releases it. */
  owner: string;
  /** The claim lapses after this (ISO time) unless renewed: a copier that died stops holding the copy. */
  lease_expires_at: string;
}

// Declaration merging: issue 16 claims replica copies per (region, blob).
export interface Database {
  blob_copies: BlobCopiesTable;
}

/** One event of the outbox (migrations-events.ts, 0030): a CloudEvent, written with the change it tells of. */
export interface EventsTable {
  /** The event's place in the feed: handed out under a lock held to commit, so commits follow positions. */
  position: number;
  id: string;
  type: string;
  /** `arca://registries/<name>` or `arca://workspaces/<name>`. */
  source: string;
  subject: string;
  time: string;
  /** Who may read the event: those who may read this scope's assets (kept by id: a scope made anew later is another). */
  scope_id: string;
  scope_kind: string;
  /** The CloudEvent's `data`, as JSON. */
  data: string;
}

/** The last event position handed out (one row). */
export interface EventPositionsTable {
  id: number;
  last: number;
}

// Declaration merging: issue 18's outbox.
export interface Database {
  events: EventsTable;
  event_positions: EventPositionsTable;
}

/** A registry's or workspace's retention policy: the validated policy as JSON. */
export interface RetentionPoliciesTable {
  scope_id: string;
  policy: string;
  interval_seconds: number | null;
  updated_at: string;
  updated_by: string;
}

/** A webhook told of events (issue 18): JSON columns `events`, `headers`, `payload`; secrets sealed by the server key. */
export interface AutomationsTable {
  id: string;
  scope_id: string | null;
  /** '' for the organisation, else the scope's id: names are unique per scope_key. */
  scope_key: string;
  name: string;
  name_key: string;
  description: string;
  events: string;
  filter: string | null;
  url: string;
  headers: string;
  payload: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  enabled: number;
  disabled_reason: string | null;
  consecutive_failures: number;
  after_position: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** One event (or test ping) to deliver to one automation; `id` is its `webhook-id`. */
export interface AutomationDeliveriesTable {
  id: string;
  automation_id: string;
  event_position: number | null;
  event_id: string;
  event_type: string;
  ping: string | null;
  /** `pending`, `delivered`, `failed` or `skipped` (the automation was disabled). */
  state: string;
  attempts: number;
  created_at: string;
  updated_at: string;
}

/** One attempt of a delivery. */
export interface AutomationAttemptsTable {
  delivery_id: string;
  attempt: number;
  started_at: string;
  /** `delivered`, `retry` or `failed`. */
  outcome: string;
  status_code: number | null;
  latency_ms: number;
  response: string | null;
  error_code: string | null;
  error_message: string | null;
}

/** How far the feed has been matched against automations (one row). */
export interface AutomationDispatchTable {
  id: number;
  last_position: number;
}

// Declaration merging: issue 18's automations.
export interface Database {
  automations: AutomationsTable;
  automation_deliveries: AutomationDeliveriesTable;
  automation_attempts: AutomationAttemptsTable;
  automation_dispatch: AutomationDispatchTable;
}

/** One MLflow artifact of a scope: its path under `mlflow-artifacts:/` and the blob holding its bytes. */
export interface MlflowArtifactsTable {
  scope_id: string;
  path: string;
  digest: string;
  size: number;
  created_at: string;
  created_by: string;
}

/** An MLflow multipart upload of one artifact, open until completed, aborted or expired. */
export interface MlflowArtifactUploadsTable {
  id: string;
  scope_id: string;
  path: string;
  num_parts: number;
  principal_id: string;
  created_at: string;
  created_by: string;
  expires_at: string;
}

/** One received part of a multipart upload, committed as a blob. */
export interface MlflowArtifactUploadPartsTable {
  upload_id: string;
  part_number: number;
  digest: string;
  size: number;
}

// Declaration merging: issue 19's MLflow artifacts.
export interface Database {
  mlflow_artifacts: MlflowArtifactsTable;
  mlflow_artifact_uploads: MlflowArtifactUploadsTable;
  mlflow_artifact_upload_parts: MlflowArtifactUploadPartsTable;
}

/** An MLflow experiment of a scope (issue 19); `number` is its MLflow id. Times in epoch milliseconds. */
export interface MlflowExperimentsTable {
  scope_id: string;
  number: number;
  name: string;
  /** `active` or `deleted`. */
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface MlflowExperimentTagsTable {
  scope_id: string;
  experiment: number;
  key: string;
  value: string;
}

/** An MLflow run; `status` is MLflow's RunStatus name, `user_id` the Arca principal that made it. */
export interface MlflowRunsTable {
  run_id: string;
  scope_id: string;
  experiment: number;
  run_name: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time: number | null;
  lifecycle_stage: string;
}

/** A run's params or tags, and a logged model's. */
export interface MlflowRunKeyValueTable {
  run_id: string;
  key: string;
  value: string;
}

export interface MlflowModelKeyValueTable {
  model_id: string;
  key: string;
  value: string;
}

/** One logged metric value (every one kept: the history). */
export interface MlflowMetricsTable {
  run_id: string;
  key: string;
  value: number;
  timestamp: number;
  step: number;
  model_id: string | null;
}

/** An MLflow 3 logged model; `status` is the proto's LoggedModelStatus name. */
export interface MlflowLoggedModelsTable {
  model_id: string;
  scope_id: string;
  experiment: number;
  name: string;
  model_type: string | null;
  source_run_id: string | null;
  status: string;
  status_message: string | null;
  lifecycle_stage: string;
  creation_time: number;
  last_updated_time: number;
}

export interface MlflowRunOutputsTable {
  run_id: string;
  model_id: string;
  step: number;
}

// Declaration merging: issue 19's MLflow tracking.
export interface Database {
  mlflow_experiments: MlflowExperimentsTable;
  mlflow_experiment_tags: MlflowExperimentTagsTable;
  mlflow_runs: MlflowRunsTable;
  mlflow_params: MlflowRunKeyValueTable;
  mlflow_run_tags: MlflowRunKeyValueTable;
  mlflow_metrics: MlflowMetricsTable;
  mlflow_logged_models: MlflowLoggedModelsTable;
  mlflow_logged_model_params: MlflowModelKeyValueTable;
  mlflow_logged_model_tags: MlflowModelKeyValueTable;
  mlflow_run_outputs: MlflowRunOutputsTable;
}
