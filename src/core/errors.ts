/**
 * The error catalogue: every error a client can see has a stable code, an HTTP status and a
 * description. `docs/errors.md` is generated from this table (`npm run docs:errors`) and a test
 * fails when the two differ.
 */

export interface ErrorDescriptor {
  readonly status: number;
  readonly description: string;
}

export const errorCatalogue = {
  // 400 — the request is malformed or breaks a rule
  BadRequest: { status: 400, description: 'The request is malformed.' },
  InvalidRequestBody: {
    status: 400,
    description: 'The request body does not match the schema of the route; `target` names the field.',
  },
  UnknownField: {
    status: 400,
    description: 'The request body carries a field the route does not know; `target` names it.',
  },
  InvalidParameter: { status: 400, description: 'A path or query parameter is invalid; `target` names it.' },
  RegistryNameInvalid: {
    status: 400,
    description: 'A registry name breaks the naming rule: 2–32 characters, `[A-Za-z0-9][A-Za-z0-9_-]{1,31}`.',
  },
  WorkspaceNameInvalid: {
    status: 400,
    description: 'A workspace name breaks the naming rule: 2–32 characters, `[A-Za-z0-9][A-Za-z0-9_-]{1,31}`.',
  },
  NameMismatch: { status: 400, description: 'The name in the body differs from the name in the URL.' },
  RegionNameInvalid: { status: 400, description: 'A region name breaks the rule `[a-z][a-z0-9-]{1,31}`.' },
  RegionUnknown: {
    status: 400,
    description: 'The region is not configured in this deployment (scale-out mode only creates configured regions).',
  },
  RegionNotInScope: {
    status: 400,
    description:
      "A read names a `region` that is not one of the registry's or workspace's regions; the message lists its regions.",
  },
  RegionDuplicated: { status: 400, description: 'A region is listed more than once in `replication_locations`.' },
  PrimaryLocationMissing: {
    status: 400,
    description: '`replication_locations` is given but does not list the primary `location`.',
  },
  StorageConfigInvalid: { status: 400, description: 'A `storage_config` value is not one Arca knows.' },
  TagInvalid: { status: 400, description: 'A tag key or value is empty, too long or not a string.' },
  CursorInvalid: { status: 400, description: 'The pagination cursor is malformed or belongs to another list.' },
  FilterInvalid: {
    status: 400,
    description:
      'The `filter` has a syntax error or compares a field with a value of the wrong type; the message and `details[].column` give the 1-based column.',
  },
  FilterFieldUnknown: {
    status: 400,
    description: 'The `filter` names a field the list does not know; the message lists the known fields.',
  },
  OrderByInvalid: {
    status: 400,
    description: 'The `orderBy` is malformed, repeats a field or names a field the list cannot sort by.',
  },
  ReferenceInvalid: {
    status: 400,
    description:
      'An asset reference is malformed; the message shows the accepted forms (`arca://registries/<r>/models/<name>/versions/<v>`, `<registry>/<name>:<version>`, …).',
  },
  AssetNameInvalid: {
    status: 400,
    description: 'An asset name breaks the naming rule: 1–255 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`.',
  },
  VersionLabelInvalid: {
    status: 400,
    description: 'A version label breaks the rule: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`.',
  },
  AliasNameInvalid: {
    status: 400,
    description: 'An alias name breaks the rule: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`.',
  },
  FilePathInvalid: {
    status: 400,
    description:
      'A file path of a version is empty, absolute, longer than 1,024 bytes, holds `..`, `.`, empty segments, `\\`, control, bidi or other invisible characters, or repeats, nests inside or collides (under case folding or Unicode NFC normalisation) with another path of the list; the message names both paths.',
  },
  // Components and environments
  ComponentSpecInvalid: {
    status: 400,
    description: 'The component YAML is invalid; the message names the line and the field.',
  },
  EnvironmentSpecInvalid: {
    status: 400,
    description: 'The environment YAML is invalid; the message names the line and the field.',
  },
  // 401 / 403
  Unauthenticated: {
    status: 401,
    description:
      'No valid credentials: the `Authorization: Bearer <token>` header is missing, malformed, unknown, expired or revoked.',
  },
  Forbidden: {
    status: 403,
    description: 'The caller is authenticated but lacks the permission the action needs; the message names it.',
  },
  CredentialRestricted: {
    status: 403,
    description:
      'The credential is read-only, narrowed to one registry or workspace, or a `/v2/` session token, and this action needs more: managing tokens, an organisation-wide route, or minting a token broader or longer-lived than itself.',
  },
  // 404
  NotFound: { status: 404, description: 'No route matches the method and path.' },
  RegistryNotFound: { status: 404, description: 'No registry has this name.' },
  WorkspaceNotFound: { status: 404, description: 'No workspace has this name.' },
  OperationNotFound: { status: 404, description: 'No operation has this id.' },
  JobNotFound: { status: 404, description: 'No job has this id.' },
  // 409
  RegistryAlreadyExists: {
    status: 409,
    description: 'A registry with this name (compared case-insensitively) already exists.',
  },
  WorkspaceAlreadyExists: {
    status: 409,
    description: 'A workspace with this name (compared case-insensitively) already exists.',
  },
  PrimaryLocationImmutable: {
    status: 409,
    description: 'The primary `location` of a registry or workspace can never change, nor be removed.',
  },
  RegionRemovalNotExplicit: {
    status: 409,
    description:
      'A `PUT` leaves out a region the registry replicates to without naming it in `remove_region`: removing a region deletes its copies there, so it is never implied.',
  },
  JobNotActive: {
    status: 409,
    description:
      'The job is not in a state that allows this: only queued or running jobs can be cancelled, only failed or cancelled ones retried.',
  },
  OperationInProgress: {
    status: 409,
    description: 'Another operation is still changing this resource; wait for it (`arca operation show`) and retry.',
  },
  ScopeNotEmpty: {
    status: 409,
    description: 'The registry or workspace still holds assets; delete them first or pass `force=true`.',
  },
  // Assets, versions, uploads
  AssetNotFound: { status: 404, description: 'No asset of this type has this name in the registry or workspace.' },
  VersionNotFound: { status: 404, description: 'The asset has no version with this label.' },
  FileNotFound: { status: 404, description: 'The version has no file at this path.' },
  AliasNotFound: { status: 404, description: 'The asset has no alias with this name.' },
  UploadNotFound: {
    status: 404,
    description:
      'No upload session has this id in this registry or workspace (it may have finished, been cancelled or expired).',
  },
  VersionAlreadyExists: {
    status: 409,
    description:
      'The asset has a version with this label, or had one and deleted it: labels are never reused (a deleted label is retired for good).',
  },
  VersionNotReady: {
    status: 409,
    description: 'The version is still pending (not committed), so it cannot be read, aliased or shared yet.',
  },
  VersionProtected: {
    status: 409,
    description:
      'A protected alias points at the version, so it cannot be deleted (even with `force=true`); move the alias first, through an approved request.',
  },
  VersionImmutable: {
    status: 409,
    description:
      'A committed version never changes: a push of other content to the tag or label of an existing version is refused (OCI `DENIED`).',
  },
  VersionInUse: {
    status: 409,
    description:
      'An alias points at the version (or another version derives from it); pass `force=true` to delete it and the aliases too.',
  },
  BlobsMissing: {
    status: 400,
    description: 'The commit lists files whose blobs were never uploaded; `details` names each missing digest.',
  },
  SizeMismatch: { status: 400, description: 'A file or upload is a different size from the one declared.' },
  AliasReserved: { status: 400, description: '`latest` is maintained by Arca and cannot be set or removed by hand.' },
  AliasTargetInvalid: {
    status: 400,
    description: 'An alias may only point at a ready version (not a pending or archived one).',
  },
  ContentRangeInvalid: {
    status: 400,
    description: 'The `Content-Range` header is malformed or disagrees with the body length.',
  },
  UploadOutOfOrder: {
    status: 416,
    description:
      'The chunk does not start where the upload stands; the `Range` header (and `details`) give the bytes the server holds, so the client resumes there.',
  },
  // Access
  PermissionUnknown: {
    status: 400,
    description: 'A role lists a permission (or pattern) that matches no permission Arca knows.',
  },
  PrincipalNameInvalid: {
    status: 400,
    description:
      'A user, service principal, group or role name breaks the rule: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._@-]*`.',
  },
  PrincipalNotFound: { status: 404, description: 'No user or service principal has this name.' },
  GroupNotFound: { status: 404, description: 'No group has this name.' },
  RoleNotFound: { status: 404, description: 'No built-in or custom role has this name.' },
  TokenNotFound: { status: 404, description: 'No token has this id (for this principal).' },
  AssignmentNotFound: { status: 404, description: 'No role assignment has this id.' },
  AssignmentExists: { status: 409, description: 'The principal or group already holds this role at this scope.' },
  RoleAlreadyExists: { status: 409, description: 'A custom role with this name already exists.' },
  RoleBuiltIn: {
    status: 409,
    description: 'Built-in roles cannot be changed or deleted; create a custom role instead.',
  },
  RoleInUse: { status: 409, description: 'The role is still assigned; remove its assignments first.' },
  PrincipalKindConflict: {
    status: 409,
    description: 'The name already belongs to a principal of another kind (a user vs a service principal).',
  },
  AliasProtected: {
    status: 403,
    description:
      'The alias is protected: moving it needs the `…/assets/approve` permission, or an approval request that another principal grants.',
  },
  SelfApproval: { status: 403, description: 'A requester cannot approve or reject their own approval request.' },
  ApprovalNotFound: { status: 404, description: 'The asset has no approval request with this id.' },
  ApprovalDecided: { status: 409, description: 'The approval request was already approved or rejected.' },
  NoPreviousVersion: {
    status: 409,
    description: 'The alias never pointed at another version, so there is nothing to roll back to.',
  },
  LastOwner: {
    status: 409,
    description:
      'This would leave the organisation without an Owner who can act (an enabled user or service principal holding Owner directly or through a non-empty group); assign another Owner first.',
  },
  CheckpointInvalid: {
    status: 400,
    description:
      'An audit checkpoint is malformed (not the JSON `arca audit checkpoint` prints), or names a key this server does not hold.',
  },
  AuditChainBroken: {
    status: 409,
    description:
      'The audit hash chain does not verify, or no longer matches the last checkpoint this server signed, so no new checkpoint is signed over it; `arca audit verify` names the first broken event.',
  },
  LineageInvalid: {
    status: 400,
    description:
      'A `lineage` reference is malformed, names the wrong asset type, or does not resolve to a version the caller can read; `target` names the field.',
  },
  // OCI distribution (`/v2/` answers these with the spec's codes and envelope; docs/oci.md maps them)
  RepositoryNameInvalid: {
    status: 400,
    description:
      'An OCI repository name is not `<registry-or-workspace>/<type>/<name>` in lowercase OCI path components, with type one of models, data, environments, components (OCI `NAME_INVALID`).',
  },
  RepositoryUnknown: {
    status: 404,
    description: 'No registry or workspace, or no asset, answers to this OCI repository name (OCI `NAME_UNKNOWN`).',
  },
  ImageTagInvalid: {
    status: 400,
    description: 'An OCI tag breaks the rule `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}` (OCI `TAG_INVALID`).',
  },
  ManifestInvalid: {
    status: 400,
    description:
      'A pushed manifest is not valid JSON, not schemaVersion 2, of a media type Arca does not accept, or malformed (OCI `MANIFEST_INVALID`).',
  },
  ManifestBlobUnknown: {
    status: 400,
    description:
      'A pushed manifest references a blob (or an index a manifest) the repository does not hold (OCI `MANIFEST_BLOB_UNKNOWN`).',
  },
  ManifestUnknown: {
    status: 404,
    description: 'The repository has no manifest with this tag or digest (OCI `MANIFEST_UNKNOWN`).',
  },
  ManifestInUse: {
    status: 409,
    description:
      'The manifest or tag belongs to a version created through the API (delete the version there), or other versions derive from the environment version it is (OCI `DENIED`).',
  },
  // 413 / 415
  PayloadTooLarge: { status: 413, description: 'The request body is larger than the server accepts.' },
  ManifestTooLarge: { status: 413, description: 'A pushed OCI manifest is larger than 4 MiB (OCI `SIZE_INVALID`).' },
  UnsupportedMediaType: {
    status: 415,
    description:
      'The request `Content-Type` is not one the route accepts: `application/json` for API bodies, `application/octet-stream` (or none) for upload bytes; nothing was written.',
  },
  // 429 — limits
  TooManyRequests: {
    status: 429,
    description:
      'Too many requests from this source without a valid token; wait the `Retry-After` seconds (limits: docs/security.md).',
  },
  UploadSessionLimit: {
    status: 429,
    description:
      'The principal holds as many open upload sessions as the server allows (`maxUploadSessionsPerPrincipal`); finish or cancel some, or wait for them to expire.',
  },
  // 5xx
  InternalError: {
    status: 500,
    description: 'An unexpected error; the request id in `x-request-id` finds it in the server log.',
  },
  StorageUnavailable: {
    status: 503,
    description:
      'A blob store or the metadata database cannot be reached or did not answer in time (also: a SQLite lock held elsewhere); the message names the region or the database. Retry later.',
  },
  StorageReadOnly: {
    status: 503,
    description:
      'The metadata database or a blob store refuses writes (read-only file system or database); the message names which. Nothing was changed.',
  },
  StorageFull: {
    status: 507,
    description:
      'The metadata database or a blob store has no space left; the message names which (and the region). Nothing was changed.',
  },
  // Blob store (surfaced through uploads and operations)
  DigestInvalid: { status: 400, description: 'A digest is not of the form `sha256:<64 lowercase hex>`.' },
  DigestMismatch: {
    status: 400,
    description: 'The bytes written do not hash to the expected digest; nothing was stored.',
  },
  BlobNotFound: { status: 404, description: 'The blob store holds no blob with this digest.' },
  RangeInvalid: { status: 416, description: 'The requested byte range lies outside the blob.' },
  UploadInUse: {
    status: 409,
    description: 'Another request is writing to this upload right now; retry once it has finished.',
  },
} as const satisfies Record<string, ErrorDescriptor>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  /** 1-based column in the parameter named by `target` (filter errors). */
  column?: number;
}

/** The one error type of Arca: a catalogue code, a message a person can act on, and where it applies. */
export class ArcaError extends Error {
  readonly code: ErrorCode;
  readonly target: string | undefined;
  readonly details: ErrorDetail[] | undefined;
  /** Structured facts about the failure for the protocol layer (e.g. an upload's current offset). */
  readonly context: Readonly<Record<string, string | number>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      target?: string;
      details?: ErrorDetail[];
      cause?: unknown;
      context?: Record<string, string | number>;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ArcaError';
    this.code = code;
    this.target = options.target;
    this.details = options.details;
    this.context = options.context ?? {};
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  /** The JSON body every `/api/v1` error response carries. */
  toBody(): { error: { code: string; message: string; target?: string; details?: ErrorDetail[] } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.target === undefined ? {} : { target: this.target }),
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function isArcaError(value: unknown, code?: ErrorCode): value is ArcaError {
  return value instanceof ArcaError && (code === undefined || value.code === code);
}
