/**
 * The error catalogue: every error a client can see has a stable code, an HTTP status, the code an
 * OCI client sees under `/v2/`, a description and a message template. `docs/errors.md` is generated
 * from this table (`npm run docs:errors`) and a test fails when the two differ.
 */

import { compact } from './compact.js';

/** The error codes of the OCI distribution spec (and Docker's `TAG_INVALID` and `UNKNOWN`). */
export const ociErrorCodes = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'TAG_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
  'UNKNOWN',
] as const;

export type OciErrorCode = (typeof ociErrorCodes)[number];

/** The decision that a code has no counterpart in the OCI spec, and what `/v2/` answers for it instead. */
export interface NoOciCode {
  readonly unmapped: OciErrorCode;
}

/** No OCI counterpart: under `/v2/` the error leaves as `UNKNOWN` (with `detail.arcaCode` naming it). */
const noOciCode: NoOciCode = { unmapped: 'UNKNOWN' };

export interface ErrorDescriptor {
  readonly status: number;
  readonly description: string;
  /** The OCI code `/v2/` answers with, or the explicit decision that there is none. */
  readonly oci: OciErrorCode | NoOciCode;
  /**
   * The message, with named values: `{name}` is the value as it is, `{name:json}` the value quoted
   * as JSON (so a hostile name cannot break the sentence). Braces holding a comma (`{1,31}`) are text.
   */
  readonly template: string;
  /**
   * Named templates for the distinct situations of a code whose usual `template` does not fit them all
   * (same placeholder syntax): `arcaError('StorageUnavailable', 'outOfResources', { what, code })`.
   */
  readonly variants?: Readonly<Record<string, string>>;
}

/** The situations a component or environment YAML is refused in (the same for both codes). */
const specYamlVariants = {
  nameMismatch: 'line {line}: the YAML names {yamlName:json} but the request is for {type} {name:json}',
  versionMismatch: 'line {line}: the YAML says version {yamlVersion} but the request asks for {version}',
  fileNotListed:
    "line {line}: {field} {path:json} names {what} in the version's file list; send {which} with paths relative to the YAML's folder",
  reference: '{prefix}{target} {reference:json} {problem}',
} as const;

/** A registry or workspace that exists already, but differs from the definition sent (the same for both codes). */
const scopeExistsVariants = {
  differs:
    '{kind} {name} already exists and differs from this definition ({differences}); nothing was changed: change it with an update (PATCH)',
} as const;

export const errorCatalogue = {
  // 400 — the request is malformed or breaks a rule
  BadRequest: {
    status: 400,
    description: 'The request is malformed.',
    oci: 'UNSUPPORTED',
    template: 'the request body is not valid JSON: {problem}',
    variants: {
      invalid: 'the {where} is invalid',
      emptyBody: 'the request body is empty; send a JSON document',
    },
  },
  InvalidRequestBody: {
    status: 400,
    description: 'The request body does not match the schema of the route; `target` names the field.',
    oci: noOciCode,
    template: '{target:json} in the {where} {problem}',
    variants: {
      fileSize: 'files[{index}].size must be a whole number of bytes',
      uriFileCount: 'a uri_file data version holds exactly one file (got {count}); use uri_folder for several',
      specNotTaken: 'a {type} version takes no spec; spec is for environments and components',
      specMissing: 'a {type} version is described by its YAML: send it as spec',
      expiresInPast: 'expires_at lies in the past',
      required: '{target:json} is required in the {where}',
      requiredMisspelt: '{target:json} is required in the {where}; is {guess:json} a misspelling of it?',
      notBoth: 'give {first} or {second}, not both',
      oneOf: 'name exactly one of {choices}',
      oneTarget: 'name exactly one target: {choices}',
    },
  },
  AutomationInvalid: {
    status: 400,
    description:
      'An automation breaks a rule (its name, events, filter, webhook URL or headers, payload template); `target` names the field.',
    oci: noOciCode,
    template: '{target:json} in the automation {problem}',
  },
  RetentionPolicyInvalid: {
    status: 400,
    description:
      'A retention policy breaks a rule (bounds of keep_last and keep_days, name pattern, interval); `target` names the field.',
    oci: noOciCode,
    template: '{target:json} in the retention policy {problem}',
  },
  AutomationPayloadInvalid: {
    status: 400,
    description:
      "An automation's payload template is not valid: a value JSON cannot hold, more than 16 KiB as JSON, arrays and objects nested deeper than 16, or a `${…}` that names no known variable or is never closed (`$${` writes a literal `${`). The message gives the JSON path (also `details[].target`) and, for variables, the known ones.",
    oci: noOciCode,
    template: 'the payload template at {path} {problem}',
    variants: {
      variable: 'the payload template at {path} {problem}; known variables: {known}',
    },
  },
  UnknownField: {
    status: 400,
    description: 'The request body carries a field the route does not know; `target` names it.',
    oci: noOciCode,
    template: 'unknown field {target:json} in the {where}',
  },
  InvalidParameter: {
    status: 400,
    description: 'A path or query parameter is invalid; `target` names it.',
    oci: 'UNSUPPORTED',
    template: '{target:json} in the {where} {problem}',
    variants: {
      instant:
        '{name} must be an ISO-8601 date or date-time such as 2026-01-31 or 2026-01-31T12:00:00Z (got {value:json})',
      noRegionToRemove: '{kind} {scope} has no region {region:json} to remove',
      removeRegion: 'remove_region {region:json}: {why}',
      required: '{target:json} is required in the {where}',
      requiredMisspelt: '{target:json} is required in the {where}; is {guess:json} a misspelling of it?',
      unknownField: 'unknown field {target:json} in the {where}',
      oneScope: 'give registry or workspace, not both',
      eventSubject:
        'subject {value:json} is not an arca:// reference of a registry or workspace (arca://registries/<name>/models/<name>…)',
    },
  },
  EventTypeUnknown: {
    status: 400,
    description:
      'The `type` filter names no event type of the catalogue (docs/events.md); a prefix ends with `*` (`dev.arca.alias.*`).',
    oci: noOciCode,
    template: 'no event type is {type:json}{suggestion}; the event types are listed in docs/events.md',
  },
  WebhookUrlInvalid: {
    status: 400,
    description:
      'A webhook URL is not an absolute http(s) URL of at most 2048 characters without user information or fragment, or its host does not resolve.',
    oci: noOciCode,
    template: 'the webhook URL {problem}',
    variants: {
      tooLong: 'the webhook URL is {length} characters long; the most is {max}',
      scheme: 'the webhook URL uses {scheme:json}; webhooks are sent over http or https only',
      credentials: 'the webhook URL carries a user name or password; send credentials in a header instead',
      fragment: 'the webhook URL carries a fragment (#…), which is never sent to a server; remove it',
      unresolved: 'the host {host:json} of the webhook URL does not resolve ({problem})',
    },
  },
  WebhookTargetRefused: {
    status: 400,
    description:
      'A webhook target resolves to an address in a refused range (loopback, private, link-local, cloud metadata, multicast, reserved): the SSRF guard. An operator allows a host name, an address or a CIDR under `automations.allow_hosts` in the config.',
    oci: noOciCode,
    template:
      'webhook target {host:json} has the address {address}, which is {range} ({cidr}); webhooks there are refused unless an operator allows it under automations.allow_hosts in the config (a host name, an IP address or a CIDR)',
  },
  WebhookHeaderInvalid: {
    status: 400,
    description:
      'A webhook header breaks a rule: at most 20 headers, names HTTP tokens of at most 64 characters, values of at most 1024 printable characters, and none of the names Arca or HTTP set (webhook-*, content-type, host, user-agent, proxy-*…).',
    oci: noOciCode,
    template: 'webhook header {name:json} {problem}',
    variants: {
      tooMany: 'a webhook takes at most {max} headers (got {count})',
      reserved: 'webhook header {name:json} is set by Arca or by HTTP itself and cannot be given',
      notToken:
        "webhook header name {name:json} is not an HTTP token of 1–64 characters (letters, digits and !#$%&'*+-.^_`|~)",
      duplicate: 'webhook header {name:json} is given twice (names are case-insensitive)',
      valueTooLong: 'the value of webhook header {name:json} is {length} characters long; the most is {max}',
      valueCharacter:
        'the value of webhook header {name:json} holds {what}; values are printable ASCII characters, spaces and tabs',
    },
  },
  RegistryNameInvalid: {
    status: 400,
    description: 'A registry name breaks the naming rule: 2–32 characters, `[A-Za-z0-9][A-Za-z0-9_-]{1,31}`.',
    oci: noOciCode,
    template: 'registry name {name:json} is invalid: {problem} (rule: 2–32 characters, [A-Za-z0-9][A-Za-z0-9_-]{1,31})',
  },
  WorkspaceNameInvalid: {
    status: 400,
    description: 'A workspace name breaks the naming rule: 2–32 characters, `[A-Za-z0-9][A-Za-z0-9_-]{1,31}`.',
    oci: noOciCode,
    template:
      'workspace name {name:json} is invalid: {problem} (rule: 2–32 characters, [A-Za-z0-9][A-Za-z0-9_-]{1,31})',
  },
  NameMismatch: {
    status: 400,
    description: 'The name in the body differs from the name in the URL.',
    oci: noOciCode,
    template: 'the body names {bodyName:json} but the URL names {urlName:json}',
  },
  RegionNameInvalid: {
    status: 400,
    description: 'A region name breaks the rule `[a-z][a-z0-9-]{1,31}`.',
    oci: noOciCode,
    template:
      "region {region:json} is invalid: region names are 2–32 characters of lowercase letters, digits and '-', starting with a letter",
    variants: {
      notRegionName: '{region:json} is not a region name',
    },
  },
  RegionUnknown: {
    status: 400,
    description: 'The region is not configured in this deployment (scale-out mode only creates configured regions).',
    oci: noOciCode,
    template:
      'region {region:json} is not configured in this deployment; configured regions are listed under `regions` in arca.yaml',
    variants: {
      provisioning: 'region {region} is not configured in this deployment',
    },
  },
  RegionNotInScope: {
    status: 400,
    description:
      "A read names a `region` that is not one of the registry's or workspace's regions; the message lists its regions.",
    oci: noOciCode,
    template: '{kind} {scope} has no region {region:json}; its regions are {regions}',
  },
  RegionDuplicated: {
    status: 400,
    description: 'A region is listed more than once in `replication_locations`.',
    oci: noOciCode,
    template: 'region {region:json} is listed twice in replication_locations',
    variants: {
      alreadyReplicated: '{kind} {scope} already replicates to {region}',
    },
  },
  PrimaryLocationMissing: {
    status: 400,
    description: '`replication_locations` is given but does not list the primary `location`.',
    oci: noOciCode,
    template: 'replication_locations must list the primary location {location:json}',
  },
  StorageConfigInvalid: {
    status: 400,
    description: 'A `storage_config` value is not one Arca knows.',
    oci: noOciCode,
    template: 'storage_account_type {value:json} is not one of {accepted}',
  },
  TagInvalid: {
    status: 400,
    description: 'A tag key or value is empty, too long or not a string.',
    oci: noOciCode,
    template: 'tag {key:json} must have a string value of at most 256 characters',
    variants: {
      tooMany: 'at most {max} tags are allowed (got {count})',
      keyLength: 'tag key {key:json} must be 1–128 characters',
    },
  },
  CursorInvalid: {
    status: 400,
    description: 'The pagination cursor is malformed or belongs to another list.',
    oci: noOciCode,
    template: 'the cursor is malformed or belongs to another list; start again without one',
    variants: {
      malformed: 'the cursor is malformed; start again without one',
      notFromThisList: 'the cursor is not one this list gave',
      eventPosition:
        'the {target} {value:json} is not an event position: a whole number, 0 for the start of the feed, or the position of the last event seen',
      otherListOrOrder: 'the cursor does not belong to this list and order',
    },
  },
  FilterInvalid: {
    status: 400,
    description:
      'The `filter` has a syntax error or compares a field with a value of the wrong type; the message and `details[].column` give the 1-based column.',
    oci: noOciCode,
    template: 'filter syntax error at column {column}: {problem}',
    variants: {
      semantic: 'filter error at column {column}: {problem}',
    },
  },
  FilterFieldUnknown: {
    status: 400,
    description: 'The `filter` names a field the list does not know; the message lists the known fields.',
    oci: noOciCode,
    template: 'filter error at column {column}: {problem}',
  },
  OrderByInvalid: {
    status: 400,
    description: 'The `orderBy` is malformed, repeats a field or names a field the list cannot sort by.',
    oci: noOciCode,
    template: 'orderBy cannot sort by {field:json}; it sorts by {allowed}',
    variants: {
      tooLong: 'orderBy is {length} characters long; the limit is {max}',
      emptyTerm: "orderBy {text:json} has an empty term; expected 'field [asc|desc], …'",
      malformedTerm: "orderBy term {term:json} is malformed; expected '{field}', '{field} asc' or '{field} desc'",
      repeated: 'orderBy names {field:json} twice',
    },
  },
  ReferenceInvalid: {
    status: 400,
    description:
      'An asset reference is malformed; the message shows the accepted forms (`arca://registries/<r>/models/<name>/versions/<v>`, `<registry>/<name>:<version>`, …).',
    oci: noOciCode,
    template: 'reference {text:json} is invalid: {problem}; accepted forms: {forms}',
  },
  AssetNameInvalid: {
    status: 400,
    description: 'An asset name breaks the naming rule: 1–255 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`.',
    oci: 'NAME_INVALID',
    template: 'asset name {name:json} is invalid: {problem} (rule: 1–255 characters, [A-Za-z0-9][A-Za-z0-9._-]*)',
  },
  VersionLabelInvalid: {
    status: 400,
    description: 'A version label breaks the rule: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`.',
    oci: 'TAG_INVALID',
    template: 'version label {label:json} is invalid: {problem} (rule: 1–128 characters, [A-Za-z0-9][A-Za-z0-9._-]*)',
    variants: {
      reserved:
        'version label {label:json} is reserved: `latest` is the alias of the newest version; leave the label out to get the next number',
    },
  },
  AliasNameInvalid: {
    status: 400,
    description: 'An alias name breaks the rule: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._-]*`.',
    oci: noOciCode,
    template: 'alias name {alias:json} is invalid: {problem} (rule: 1–128 characters, [A-Za-z0-9][A-Za-z0-9._-]*)',
  },
  FilePathInvalid: {
    status: 400,
    description:
      'A file path of a version is empty, absolute, longer than 1,024 bytes, holds `..`, `.`, empty segments, `\\`, control, bidi or other invisible characters, or repeats, nests inside or collides (under case folding or Unicode NFC normalisation) with another path of the list; the message names both paths.',
    oci: noOciCode,
    template: 'file path {path:json} is invalid: {problem}',
  },
  // Components and environments
  ComponentSpecInvalid: {
    status: 400,
    description: 'The component YAML is invalid; the message names the line and the field.',
    oci: noOciCode,
    template: '{problems}',
    variants: specYamlVariants,
  },
  EnvironmentSpecInvalid: {
    status: 400,
    description: 'The environment YAML is invalid; the message names the line and the field.',
    oci: noOciCode,
    template: '{problems}',
    variants: {
      ...specYamlVariants,
      image: 'image {ref:json} is invalid: {problem}',
    },
  },
  // 401 / 403
  Unauthenticated: {
    status: 401,
    description:
      'No valid credentials: the `Authorization: Bearer <token>` header is missing, malformed, unknown, expired or revoked.',
    oci: 'UNAUTHORIZED',
    template: 'this route needs a token',
    variants: {
      tokenRequired:
        'a valid token is required: send `Authorization: Bearer <token>` (the admin token is in <dataDir>/admin-token after the first start)',
      revoked: 'the token this request was made with has been revoked or has expired',
      sessionEnded:
        'the studio session has ended (signed out, expired, unused for too long, or its token revoked): sign in again',
    },
  },
  Forbidden: {
    status: 403,
    description: 'The caller is authenticated but lacks the permission the action needs; the message names it.',
    oci: 'DENIED',
    template: '{principal} lacks the permission {permission} on {where}',
    variants: {
      aliasPush: '{tag} is an alias of {type} {asset}: a push to it moves it, which needs {permission}',
    },
  },
  CredentialRestricted: {
    status: 403,
    description:
      'The credential is read-only, narrowed to one registry or workspace, or a `/v2/` session token, and this action needs more: managing tokens, an organisation-wide route, or minting a token broader or longer-lived than itself.',
    oci: 'DENIED',
    template: 'this token is {limit}; {permission} on {where} needs {needed}',
    variants: {
      needsFullToken:
        'this token is {credential}; {action} needs a full token (not read-only, not narrowed, not a /v2/ session token)',
      sessionToken:
        'this token is a /v2/ session token; /v2/token needs the Arca token it was issued from (send it as the Basic password)',
      revokeOthers:
        'this token is {credential}; it may revoke only itself and the tokens it created, token {id} needs a full token',
      narrowerScope:
        'this token is {credential}; it may create only tokens narrowed to the same {kind} (give {flag}); {asked} needs a full token',
      laterExpiry:
        'this token is {credential} and expires at {expiresAt}; it may create only tokens expiring no later (give expires_at ≤ {expiresAt}); {asked} needs a full token',
      sessionTokenOffV2:
        'this token is a /v2/ session token: it works on the OCI API (/v2/) only; this route needs an Arca token (arca token create)',
    },
  },
  CsrfTokenInvalid: {
    status: 403,
    description:
      'A state-changing request authenticated by the studio session cookie lacks the `X-Arca-CSRF` header, or it does not match the session (`GET /api/v1/sessions/current` gives the value).',
    oci: 'DENIED',
    template:
      'this request is authenticated by a studio session cookie and needs the X-Arca-CSRF header of that session',
    variants: {
      mismatch:
        'the X-Arca-CSRF header does not match this studio session: read it again from GET /api/v1/sessions/current',
    },
  },
  // 404
  NotFound: {
    status: 404,
    description: 'No route matches the method and path.',
    oci: 'NAME_UNKNOWN',
    template: 'no route for {method} {path}',
    variants: {
      ociRoute: 'no route for {method} {path}: repository names are <registry-or-workspace>/<type>/<name>',
    },
  },
  StudioSessionNotFound: {
    status: 404,
    description:
      'The request carries no studio session: it was made with a bearer token, which has no session to show or end.',
    oci: noOciCode,
    template: 'this request carries no studio session cookie (sign in with POST /api/v1/sessions)',
  },
  RegistryNotFound: {
    status: 404,
    description: 'No registry has this name.',
    oci: 'NAME_UNKNOWN',
    template: 'no registry is named {name:json}',
  },
  WorkspaceNotFound: {
    status: 404,
    description: 'No workspace has this name.',
    oci: 'NAME_UNKNOWN',
    template: 'no workspace is named {name:json}',
  },
  OperationNotFound: {
    status: 404,
    description: 'No operation has this id.',
    oci: noOciCode,
    template: 'no operation has the id {id:json}',
  },
  RetentionPolicyNotFound: {
    status: 404,
    description: 'The registry or workspace has no retention policy.',
    oci: noOciCode,
    template: '{kind} {name} has no retention policy; set one with PUT …/retention (arca retention set)',
  },
  AutomationNotFound: {
    status: 404,
    description: 'The organisation, registry or workspace has no automation of this name.',
    oci: noOciCode,
    template: 'no automation is named {name:json} in {where}',
  },
  AutomationDeliveryNotFound: {
    status: 404,
    description: 'The automation has no delivery with this id (the `webhook-id` a receiver saw).',
    oci: noOciCode,
    template: 'automation {automation} has no delivery {id:json}',
  },
  TrackingEntityNotFound: {
    status: 404,
    description:
      'The MLflow experiment, run or logged model does not exist in the registry or workspace of the tracking URI.',
    oci: noOciCode,
    template: 'no {entity} {id:json} in {scope}',
  },
  JobNotFound: {
    status: 404,
    description: 'No job has this id.',
    oci: noOciCode,
    template: 'no job has the id {id:json}',
  },
  // 409
  AutomationAlreadyExists: {
    status: 409,
    description: 'An automation of this name already exists in the organisation, registry or workspace.',
    oci: noOciCode,
    template: 'an automation named {name:json} already exists in {where}',
  },
  TrackingEntityAlreadyExists: {
    status: 409,
    description: 'An MLflow experiment of this name already exists (active or deleted) in the registry or workspace.',
    oci: noOciCode,
    template: 'an experiment named {name:json} already exists in {scope}',
  },
  WebhookDeliveryFailed: {
    status: 502,
    description:
      'A webhook delivery gave up: the receiver refused it (a 3xx or 4xx other than 408 and 429), or it kept failing past the retry window. The delivery log holds each attempt.',
    oci: noOciCode,
    template: 'delivery {id} to {url} failed: {reason}',
  },
  RegistryAlreadyExists: {
    status: 409,
    description: 'A registry with this name (compared case-insensitively) already exists.',
    oci: noOciCode,
    template: 'a registry named {name:json} already exists; names are unique regardless of case',
    variants: scopeExistsVariants,
  },
  WorkspaceAlreadyExists: {
    status: 409,
    description: 'A workspace with this name (compared case-insensitively) already exists.',
    oci: noOciCode,
    template: 'a workspace named {name:json} already exists; names are unique regardless of case',
    variants: scopeExistsVariants,
  },
  PrimaryLocationImmutable: {
    status: 409,
    description: 'The primary `location` of a registry or workspace can never change, nor be removed.',
    oci: noOciCode,
    template: 'the primary location of {kind} {name} is {location} and can never change or be removed',
    variants: {
      workspace: 'a workspace has exactly one location, which never changes',
    },
  },
  RegionRemovalNotExplicit: {
    status: 409,
    description:
      'A `PUT` leaves out a region the registry replicates to without naming it in `remove_region`: removing a region deletes its copies there, so it is never implied.',
    oci: noOciCode,
    template:
      'the definition leaves out {regions}, which {kind} {name} replicates to; removing a region deletes its copies there, so it is done only when named (remove_region={region}, or PATCH remove_replication_locations); nothing was changed',
  },
  JobNotActive: {
    status: 409,
    description:
      'The job is not in a state that allows this: only queued or running jobs can be cancelled, only failed or cancelled ones retried.',
    oci: noOciCode,
    template: 'job {id} is {state}: only {states} jobs can be {action}',
    variants: {
      lostLease: 'job {id} was cancelled or taken over by another process',
      replicationStopped: 'the replication job was stopped',
    },
  },
  OperationNotActive: {
    status: 409,
    description:
      'The operation is not in a state that allows this: only a running operation can be cancelled, only a failed or cancelled one retried, and only the newest operation of its registry or workspace.',
    oci: noOciCode,
    template: 'operation {id} is {status}: only {states} operations can be {action}',
    variants: {
      superseded:
        'operation {id} is not the newest operation of {kind} {name}: operation {latest} came after it; retry that one, or change the {kind} again',
      targetGone: 'operation {id} cannot run again: {kind} {name} no longer exists',
      notCancellable:
        'a {kind} operation cannot be cancelled: it makes its change in one step; wait for it (operation {id}) to finish',
    },
  },
  OperationCanceled: {
    status: 409,
    description:
      'The operation was cancelled before it finished (the error an operation ends `Canceled` with); `arca operation retry` runs it again.',
    oci: noOciCode,
    template: 'operation {id} was cancelled by {principal} before it finished',
  },
  OperationInProgress: {
    status: 409,
    description: 'Another operation is still changing this resource; wait for it (`arca operation show`) and retry.',
    oci: noOciCode,
    template: '{kind} {name} is being changed by operation {operation}; wait for it to finish and retry',
    variants: {
      creating: '{kind} {name} is being created by another request; wait for it and retry',
      takenOver: 'operation {id} was taken over by another process',
    },
  },
  ScopeNotEmpty: {
    status: 409,
    description: 'The registry or workspace still holds assets; delete them first or pass `force=true`.',
    oci: noOciCode,
    template: '{kind} {name} holds {assets} asset(s); delete them first or pass force=true',
  },
  // Assets, versions, uploads
  AssetNotFound: {
    status: 404,
    description: 'No asset of this type has this name in the registry or workspace.',
    oci: 'NAME_UNKNOWN',
    template: '{kind} {scope} has no {type} named {name:json}',
    variants: {
      deletedMeanwhile: '{type} {name} was deleted meanwhile',
    },
  },
  VersionNotFound: {
    status: 404,
    description: 'The asset has no version with this label.',
    oci: noOciCode,
    template: '{type} {asset} has no version {version:json}',
    variants: {
      aliasDangling: 'alias {alias} points at a version that no longer exists',
      deletedMeanwhile: '{type} {asset} version {version} was deleted meanwhile',
      aliasTargetDeleted: 'the version was deleted meanwhile; an alias may only point at a ready version',
    },
  },
  FileNotFound: {
    status: 404,
    description: 'The version has no file at this path.',
    oci: noOciCode,
    template: 'version {version} has no file {path:json}',
  },
  MlflowArtifactNotFound: {
    status: 404,
    description:
      'The registry or workspace holds no MLflow artifact (uploaded through `mlflow-artifacts`) at this path.',
    oci: noOciCode,
    template: 'no MLflow artifact {path:json} in {where}',
  },
  AliasNotFound: {
    status: 404,
    description: 'The asset has no alias with this name.',
    oci: noOciCode,
    template: '{type} {asset} has no alias {alias:json}',
  },
  UploadNotFound: {
    status: 404,
    description:
      'No upload session has this id in this registry or workspace (it may have finished, been cancelled or expired).',
    oci: 'BLOB_UPLOAD_UNKNOWN',
    template:
      'no upload session {id:json} in {where}; it may have finished, been cancelled or expired — start a new one',
  },
  AssetAlreadyExists: {
    status: 409,
    description:
      'The registry or workspace already has an asset of this type with this name (names are unique regardless of case).',
    oci: noOciCode,
    template: '{kind} {scope} already has a {type} named {name:json}',
  },
  AssetNotEmpty: {
    status: 409,
    description: 'The asset still has versions (pending, ready or archived); delete them before the asset.',
    oci: noOciCode,
    template: '{type} {name} still has versions; delete them first',
  },
  VersionAlreadyExists: {
    status: 409,
    description:
      'The asset has a version with this label, or had one and deleted it: labels are never reused (a deleted label is retired for good).',
    oci: 'DENIED',
    template: '{type} {asset} already has version {version}',
    variants: {
      labelTaken: '{type} {asset} already has version {version} ({state}); labels are never reused',
      labelRetired:
        '{type} {asset} had a version {version}, deleted on {retiredAt}; labels are never reused, so choose another label (or omit it for the next number)',
      shareOntoItself: 'sharing {source} onto itself; give another --name or a target',
      shareTarget: '{type} {asset} in {kind} {scope} already has version {version}; pass another --version',
    },
  },
  VersionNotReady: {
    status: 409,
    description: 'The version is still pending (not committed), so it cannot be read, aliased or shared yet.',
    oci: noOciCode,
    template: 'version {version} is still pending: commit it before reading',
    variants: {
      pending: 'version {version} is still pending',
      archived: 'version {version} is archived; restore it instead of committing',
      share: 'version {version} is {state}; only a ready version can be shared',
    },
  },
  VersionProtected: {
    status: 409,
    description:
      'A protected alias points at the version, so it cannot be deleted (even with `force=true`); move the alias first, through an approved request.',
    oci: 'DENIED',
    template:
      'protected alias(es) {aliases} of {type} {asset} point at version {version}, so it cannot be deleted (force=true does not change this); move them first through an approved request',
    variants: {
      scope:
        '{kind} {scope} holds protected aliases ({aliases}); unprotect or move them through an approved request before deleting it, even with force=true',
    },
  },
  VersionImmutable: {
    status: 409,
    description:
      'A committed version never changes: a push of other content to the tag or label of an existing version is refused (OCI `DENIED`).',
    oci: 'DENIED',
    template:
      '{type} {asset} already has version {version} ({manifest}), and a committed version never changes: push under another tag',
  },
  VersionInUse: {
    status: 409,
    description:
      'An alias points at the version (or another version derives from it); pass `force=true` to delete it and the aliases too.',
    oci: noOciCode,
    template: 'alias(es) {aliases} point at version {version}; move them first or pass force=true to remove them too',
    variants: {
      archive: 'alias(es) {aliases} point at version {version}; move them before archiving it',
      retention: 'version {version} is no longer one a retention rule removes ({reasons}); it was left as it is',
      derived:
        'other versions derive from version {version} ({derived}); pass force=true to delete it anyway (their lineage loses it)',
    },
  },
  ImageNotHeld: {
    status: 404,
    description:
      'The environment version names an image kept elsewhere (its spec gives `image:`) and Arca holds no manifest for it, so it has no layers or config to show; pull it from where it is kept.',
    oci: noOciCode,
    template:
      'environment {asset} version {version} names {image}, which Arca does not hold: pull it from where it is kept',
  },
  ImageUnreadable: {
    status: 500,
    description:
      "The manifest or config Arca holds for an environment version is not a JSON object (a damaged blob): run `arca fsck` to check the version's bytes.",
    oci: noOciCode,
    template: 'the {what} Arca holds for this environment version cannot be read: {problem}; run arca fsck',
  },
  BlobDamaged: {
    status: 500,
    description:
      "A stored file's bytes do not match its digest or size (a damaged or truncated blob) while a whole-version archive streams: the archive is cut off rather than completed with wrong bytes. Run `arca fsck --verify` to find and repair it.",
    oci: noOciCode,
    template: 'file {path} ({digest}) read back {problem}; the archive was cut off: run arca fsck --verify',
  },
  BlobsMissing: {
    status: 400,
    description: 'The commit lists files whose blobs were never uploaded; `details` names each missing digest.',
    oci: noOciCode,
    template: '{count} file(s) were never uploaded: {paths}',
  },
  SizeMismatch: {
    status: 400,
    description: 'A file or upload is a different size from the one declared.',
    oci: 'SIZE_INVALID',
    template: 'file {path} is declared as {declared} bytes but its digest names a blob of {size} bytes',
  },
  AliasReserved: {
    status: 400,
    description: '`latest` is maintained by Arca and cannot be set or removed by hand.',
    oci: noOciCode,
    template: '`latest` follows the newest committed version by itself and cannot be moved by hand',
  },
  AliasTargetInvalid: {
    status: 400,
    description: 'An alias may only point at a ready version (not a pending or archived one).',
    oci: noOciCode,
    template: 'version {version} is {state}; an alias may only point at a ready version',
  },
  ContentRangeInvalid: {
    status: 400,
    description: 'The `Content-Range` header is malformed or disagrees with the body length.',
    oci: 'BLOB_UPLOAD_INVALID',
    template: 'Content-Range {header:json} is not "<start>-<end>"',
    variants: {
      shortChunk:
        'the chunk declared {declared} bytes but carried {written}; the upload keeps {offset} bytes, resume there',
      endsBeforeStart: 'Content-Range {header} ends before it starts',
    },
  },
  UploadOutOfOrder: {
    status: 416,
    description:
      'The chunk does not start where the upload stands; the `Range` header (and `details`) give the bytes the server holds, so the client resumes there.',
    oci: 'BLOB_UPLOAD_INVALID',
    template: 'the chunk starts at byte {start} but the server holds {offset} bytes; resume at {offset}',
  },
  // Access
  PermissionUnknown: {
    status: 400,
    description: 'A role lists a permission (or pattern) that matches no permission Arca knows.',
    oci: noOciCode,
    template: '{entry:json} is not a permission Arca knows (nor a pattern matching one); known: {known}',
  },
  PrincipalNameInvalid: {
    status: 400,
    description:
      'A user, service principal, group or role name breaks the rule: 1–128 characters, `[A-Za-z0-9][A-Za-z0-9._@-]*`.',
    oci: noOciCode,
    template:
      "{name:json} is not a valid name: 1–128 characters of letters, digits, '.', '_', '@' and '-', starting with a letter or digit",
  },
  PrincipalNotFound: {
    status: 404,
    description: 'No user or service principal has this name.',
    oci: noOciCode,
    template: 'no {kind} is named {name:json}',
  },
  GroupNotFound: {
    status: 404,
    description: 'No group has this name.',
    oci: noOciCode,
    template: 'no group is named {name:json}',
  },
  RoleNotFound: {
    status: 404,
    description: 'No built-in or custom role has this name.',
    oci: noOciCode,
    template: 'no role is named {name:json}; built-in roles: {builtIn}',
  },
  TokenNotFound: {
    status: 404,
    description: 'No token has this id (for this principal).',
    oci: noOciCode,
    template: 'no token has the id {id:json}',
    variants: {
      notUuid: 'no token has this id: token ids are UUIDs (arca token list shows them), never the secret',
    },
  },
  AssignmentNotFound: {
    status: 404,
    description: 'No role assignment has this id.',
    oci: noOciCode,
    template: 'no role assignment has the id {id:json}',
  },
  AssignmentExists: {
    status: 409,
    description: 'The principal or group already holds this role at this scope.',
    oci: noOciCode,
    template: '{principal} already holds {role} at {scope}',
  },
  RoleAlreadyExists: {
    status: 409,
    description: 'A custom role with this name already exists.',
    oci: noOciCode,
    template: 'a role named {name} already exists',
  },
  RoleBuiltIn: {
    status: 409,
    description: 'Built-in roles cannot be changed or deleted; create a custom role instead.',
    oci: noOciCode,
    template: '{name} is a built-in role and cannot be redefined',
  },
  RoleInUse: {
    status: 409,
    description: 'The role is still assigned; remove its assignments first.',
    oci: noOciCode,
    template: 'role {name} is still assigned; remove its assignments first',
  },
  PrincipalKindConflict: {
    status: 409,
    description: 'The name already belongs to a principal of another kind (a user vs a service principal).',
    oci: noOciCode,
    template: '{name:json} is already a {kind}',
  },
  AliasProtected: {
    status: 403,
    description:
      'The alias is protected: moving it needs the `…/assets/approve` permission, or an approval request that another principal grants.',
    oci: 'DENIED',
    template:
      'alias {alias} is protected: moving it or changing its protection needs {permission}; file an approval request instead',
    variants: {
      push: '{tag} is a protected alias of {type} {asset}; a push cannot create or move it: push under another tag, then move it through an approval',
    },
  },
  SelfApproval: {
    status: 403,
    description: 'A requester cannot approve or reject their own approval request.',
    oci: noOciCode,
    template: '{principal} requested this change and cannot {action} it; another approver must',
  },
  ApprovalNotFound: {
    status: 404,
    description: 'The asset has no approval request with this id.',
    oci: noOciCode,
    template: '{type} {asset} has no approval request {id:json}',
  },
  ApprovalDecided: {
    status: 409,
    description: 'The approval request was already approved or rejected.',
    oci: noOciCode,
    template: 'approval {id} was already {state}',
    variants: {
      meanwhile: 'approval {id} was decided by someone else meanwhile',
    },
  },
  NoPreviousVersion: {
    status: 409,
    description: 'The alias never pointed at another version, so there is nothing to roll back to.',
    oci: noOciCode,
    template: 'alias {alias} of {asset} has no earlier version to roll back to',
  },
  LastOwner: {
    status: 409,
    description:
      'This would leave the organisation without an Owner who can act (an enabled user or service principal holding Owner directly or through a non-empty group); assign another Owner first.',
    oci: noOciCode,
    template:
      "{refusal}: nobody would be left who can act as the organisation's Owner (an enabled user or service principal holding Owner directly or through a group with an enabled member); assign Owner to another principal first",
  },
  CheckpointInvalid: {
    status: 400,
    description:
      'An audit checkpoint is malformed (not the JSON `arca audit checkpoint` prints), or names a key this server does not hold.',
    oci: noOciCode,
    template: '{where}: {field} {rule} (expected a checkpoint as `arca audit checkpoint -o json` prints it)',
    variants: {
      foreignKey:
        'checkpoint {number} (seq {seq}) was signed by key {keyId}, but this server signs with {ownKeyId}: it comes from another installation, or the signing key file was replaced',
      empty: '{name} holds no checkpoint',
      notJson: '{name}:{line} is not JSON (expected one checkpoint per line, or one JSON document)',
      tooMany: '{name} holds {count} checkpoints; verify at most {max} at once',
    },
  },
  AuditChainBroken: {
    status: 409,
    description:
      'The audit hash chain does not verify, or no longer matches the last checkpoint this server signed, so no new checkpoint is signed over it; `arca audit verify` names the first broken event.',
    oci: noOciCode,
    template: 'the audit chain breaks at event {seq} ({reason}); no checkpoint is signed over a broken chain',
    variants: {
      checkpointMismatch:
        'the audit chain no longer holds event {seq} as checkpointed at {at} (it has {events} events{hashDiffers}); no checkpoint is signed over it',
    },
  },
  LineageInvalid: {
    status: 400,
    description:
      'A `lineage` reference is malformed, names the wrong asset type, or does not resolve to a version the caller can read; `target` names the field.',
    oci: noOciCode,
    template: '{target} {reference:json} {problem}',
  },
  // OCI distribution (`/v2/` answers these with the spec's codes and envelope; docs/oci.md maps them)
  RepositoryNameInvalid: {
    status: 400,
    description:
      'An OCI repository name is not `<registry-or-workspace>/<type>/<name>` in lowercase OCI path components, with type one of models, data, environments, components (OCI `NAME_INVALID`).',
    oci: 'NAME_INVALID',
    template: 'repository name {name:json} is invalid: {problem}',
    variants: {
      tooLong: 'repository name {prefix:json}… is longer than 255 characters',
    },
  },
  RepositoryUnknown: {
    status: 404,
    description: 'No registry or workspace, or no asset, answers to this OCI repository name (OCI `NAME_UNKNOWN`).',
    oci: 'NAME_UNKNOWN',
    template: '{kind} {scope} has no {type} named {name:json}',
    variants: {
      noScope: 'no registry or workspace is named {name:json}',
    },
  },
  ImageTagInvalid: {
    status: 400,
    description: 'An OCI tag breaks the rule `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}` (OCI `TAG_INVALID`).',
    oci: 'TAG_INVALID',
    template: 'tag {tag:json} is invalid: 1–128 characters, [a-zA-Z0-9_][a-zA-Z0-9._-]*',
  },
  ManifestInvalid: {
    status: 400,
    description:
      'A pushed manifest is not valid JSON, not schemaVersion 2, of a media type Arca does not accept, or malformed (OCI `MANIFEST_INVALID`).',
    oci: 'MANIFEST_INVALID',
    template: 'the manifest says blob {digest} has {declared} bytes; it has {size}',
    variants: {
      tooLarge: 'the manifest is {size} bytes; at most {max} are accepted',
      notJson: 'the manifest is not valid JSON: {problem}',
      notObject: 'the manifest must be a JSON object',
      schemaVersion: 'schemaVersion must be 2, not {shown}',
      mediaTypeUnaccepted: 'the manifest media type {mediaType:json} is not one Arca accepts: {accepted}',
      contentTypeMismatch: "Content-Type {header} disagrees with the manifest's mediaType {declared}",
      notString: '{field} must be a string',
      notStringMap: '{field} must be an object of strings',
      notDescriptor: '{field} must be a descriptor object {mediaType, digest, size}',
      notDescriptorList: '{field} must be an array of descriptors',
      tooManyDescriptors: '{field} lists {count} entries; at most 10,000',
      notMediaType: '{field} must be a media type string',
      notDigest: '{field} {shown} is not sha256:<64 lowercase hex>',
      notSize: '{field} must be a whole number of bytes',
    },
  },
  ManifestBlobUnknown: {
    status: 400,
    description:
      'A pushed manifest references a blob (or an index a manifest) the repository does not hold (OCI `MANIFEST_BLOB_UNKNOWN`).',
    oci: 'MANIFEST_BLOB_UNKNOWN',
    template: 'the manifest references blob {digest}, which {repository} does not hold: push it first',
    variants: {
      indexChild: 'the index lists manifest {digest}, which {repository} does not hold: push it first',
    },
  },
  ManifestUnknown: {
    status: 404,
    description: 'The repository has no manifest with this tag or digest (OCI `MANIFEST_UNKNOWN`).',
    oci: 'MANIFEST_UNKNOWN',
    template: '{repository} has no manifest {reference:json}',
    variants: {
      noTag: '{type} {asset} has no tag, version or alias {tag:json}',
    },
  },
  ManifestInUse: {
    status: 409,
    description:
      'The manifest or tag belongs to a version created through the API (delete the version there), or other versions derive from the environment version it is (OCI `DENIED`).',
    oci: 'DENIED',
    template: '{tag} is version {version} of {type} {asset}, made through the API: delete the version there',
    variants: {
      apiVersionDigest:
        '{digest} is the manifest of version {version} of {type} {asset}, made through the API: delete the version there',
      versionDigest: '{digest} is the manifest of version {version}: delete the version through the API',
      derived:
        'other versions derive from environment {asset} version {version}: delete it through the API with force=true if you mean it',
    },
  },
  // 413 / 415
  PayloadTooLarge: {
    status: 413,
    description: 'The request body is larger than the server accepts.',
    oci: 'SIZE_INVALID',
    template: 'the request body is larger than the server accepts (bodyLimit)',
  },
  ManifestTooLarge: {
    status: 413,
    description: 'A pushed OCI manifest is larger than 4 MiB (OCI `SIZE_INVALID`).',
    oci: 'SIZE_INVALID',
    template: 'the manifest is larger than {limit} bytes (4 MiB), the most Arca accepts',
  },
  UnsupportedMediaType: {
    status: 415,
    description:
      'The request `Content-Type` is not one the route accepts: `application/json` for API bodies, `application/octet-stream` (or none) for upload bytes; nothing was written.',
    oci: 'UNSUPPORTED',
    template: 'send the body as {mediaType}',
    variants: {
      uploadBytes:
        'upload bytes must be sent as {mediaType} (or with no Content-Type), not {shown:json}; nothing was written',
    },
  },
  // 429 — limits
  TooManyRequests: {
    status: 429,
    description:
      'Too many requests from this source without a valid token; wait the `Retry-After` seconds (limits: docs/security.md).',
    oci: 'TOOMANYREQUESTS',
    template:
      'more than {limit} requests a minute without a valid token from this address; retry in {retryAfter} s, or send a valid token',
  },
  UploadSessionLimit: {
    status: 429,
    description:
      'The principal holds as many open upload sessions as the server allows (`maxUploadSessionsPerPrincipal`); finish or cancel some, or wait for them to expire.',
    oci: 'TOOMANYREQUESTS',
    template:
      '{principal} holds {open} open upload sessions, the most this server allows (maxUploadSessionsPerPrincipal = {limit}); finish or cancel some, or wait for them to expire',
  },
  EventStreamLimit: {
    status: 429,
    description:
      'This server already holds as many open event streams as it allows for the caller (`maxEventStreamsPerPrincipal`) or for everyone (`maxEventStreams`); close one, or page with GET /api/v1/events.',
    oci: 'TOOMANYREQUESTS',
    template:
      '{who} holds {open} open event streams on this server, the most it allows ({setting} = {limit}); close one, or page with GET /api/v1/events',
  },
  // 5xx
  InternalError: {
    status: 500,
    description: 'An unexpected error; the request id in `x-request-id` finds it in the server log.',
    oci: noOciCode,
    template: 'an unexpected error happened; quote request id {requestId} to the operator',
    variants: {
      jobVanished: 'the {kind} job just queued was not found',
      noJobHandler: 'no handler for job kind {kind}',
      noOperationHandler: 'no handler for operation kind {kind}',
      versionVanished: 'a version vanished while being read',
      scopeVanishedInTransaction: 'a scope vanished inside its own transaction',
      scopeVanishedWhileUpdating: 'a scope vanished while being updated',
      adminTokenTaken: 'ARCA_ADMIN_TOKEN is already in use by another principal',
      noAccessRule: 'route {route} declares no access rule',
      noColumn: 'the {use} field {field} has no column',
      filterKeyMissing: 'the keyed filter field {field} was given without a key',
      regexInSql: 'a filter with ~ (regular expression match) reached SQL, which cannot run it',
    },
  },
  SecretUnreadable: {
    status: 500,
    description:
      "A secret Arca keeps sealed (an automation's webhook secret) does not open with the server's secret key file: the file was replaced or lost (the message names the key id the secret needs), or the stored value was altered or copied from another record. Restore the key file, or set the secret again.",
    oci: noOciCode,
    template:
      'a stored secret was sealed with server key {needed} but this server holds key {held}: the server key file may have changed; restore the file holding key {needed}, or set the secret again',
    variants: {
      altered:
        'a stored secret does not open with server key {needed}: it was altered or copied from another record, or the server key file may have changed; restore the key file, or set the secret again',
      malformed: 'a stored secret is not a sealed value (v1.<key id>.…): it was altered; set the secret again',
    },
  },
  WebhookConnectFailed: {
    status: 502,
    description:
      'A webhook delivery attempt reached no receiver (name not resolved, connection refused or reset, TLS failure) or the receiver closed the connection without an answer; the delivery is retried.',
    oci: noOciCode,
    template: 'the webhook receiver {host} could not be reached: {problem}',
    variants: {
      noAnswer: 'the webhook receiver {host} closed the connection without an answer: {problem}',
      tls: 'the TLS handshake with the webhook receiver {host} failed: {problem}',
    },
  },
  WebhookRedirected: {
    status: 502,
    description:
      'A webhook receiver answered with a redirect (3xx). Redirects are never followed, as the new location could be an address the SSRF guard refuses: point the automation at the final URL. The delivery is not retried.',
    oci: noOciCode,
    template:
      'the webhook receiver answered {status} redirecting to {location}; redirects are never followed: point the automation at the final URL',
  },
  WebhookTimeout: {
    status: 504,
    description:
      'A webhook receiver did not accept the connection within the connect timeout, or did not finish its answer (headers and body) within the total timeout; the delivery is retried.',
    oci: noOciCode,
    template: 'no connection to the webhook receiver {host} within {ms} ms (the connect timeout)',
    variants: {
      total: 'the webhook receiver {host} did not answer within {ms} ms (the total timeout)',
    },
  },
  WebhookAborted: {
    status: 503,
    description:
      'A webhook delivery attempt was stopped by Arca (the server shutting down) before the receiver answered; the delivery is retried.',
    oci: noOciCode,
    template: 'the delivery to {host} was stopped before the receiver answered ({reason}); it will be retried',
  },
  StorageUnavailable: {
    status: 503,
    description:
      'A blob store or the metadata database cannot be reached or did not answer in time (also: a SQLite lock held elsewhere); the message names the region or the database. Retry later.',
    oci: noOciCode,
    template: 'region {region} has no blob store configured',
    variants: {
      databaseUnavailable: '{what} is unavailable ({detail}); retry once it is back (GET /readyz reports it)',
      outOfResources: '{what} is out of resources (PostgreSQL {code}); retry later',
      provisioningFailed: 'provisioning failed in {count} region(s): {failures}',
    },
  },
  StorageReadOnly: {
    status: 503,
    description:
      'The metadata database or a blob store refuses writes (read-only file system or database); the message names which. Nothing was changed.',
    oci: noOciCode,
    template: '{what} refuses writes ({detail}); nothing was changed: make it writable again, then retry',
    variants: {
      inRegion: 'region {region}: {message}',
    },
  },
  StorageFull: {
    status: 507,
    description:
      'The metadata database or a blob store has no space left; the message names which (and the region). Nothing was changed.',
    oci: noOciCode,
    template: '{what} has no space left ({detail}); nothing was changed: free space or grow the volume, then retry',
    variants: {
      inRegion: 'region {region}: {message}',
    },
  },
  // Blob store (surfaced through uploads and operations)
  DigestInvalid: {
    status: 400,
    description: 'A digest is not of the form `sha256:<64 lowercase hex>`.',
    oci: 'DIGEST_INVALID',
    template: '{value:json} is not a digest: expected sha256:<64 lowercase hex characters>',
    variants: {
      fileDigest: 'files[{index}].digest {value:json} is not sha256:<64 lowercase hex>',
      notTagOrDigest: '{value:json} is neither a tag nor a digest (sha256:<64 lowercase hex>)',
      notSha256: '{value:json} is not sha256:<64 lowercase hex>',
    },
  },
  DigestMismatch: {
    status: 400,
    description: 'The bytes written do not hash to the expected digest; nothing was stored.',
    oci: 'DIGEST_INVALID',
    template: 'upload {upload}: expected {expected} but its {size} bytes hash to {actual}; the upload was discarded',
    variants: {
      manifestDigest: 'the manifest hashes to {digest}, not to {expected} named in the URL',
    },
  },
  BlobNotFound: {
    status: 404,
    description: 'The blob store holds no blob with this digest.',
    oci: 'BLOB_UNKNOWN',
    template: '{store} holds no blob {digest}',
  },
  RangeInvalid: {
    status: 416,
    description: 'The requested byte range lies outside the blob.',
    oci: 'BLOB_UNKNOWN',
    template: 'offset {offset} lies outside {digest} ({size} bytes)',
    variants: {
      notOneRange: 'Range {header:json} is not one "bytes=<start>-<end>" range',
      outside: "the range {start}-{end} lies outside the {what}'s {size} bytes",
    },
  },
  UploadInUse: {
    status: 409,
    description: 'Another request is writing to this upload right now; retry once it has finished.',
    oci: 'BLOB_UPLOAD_INVALID',
    template: 'upload {upload} is open in another writer; end that one with commit, cancel or close first',
  },
} as const satisfies Record<string, ErrorDescriptor>;

export type ErrorCode = keyof typeof errorCatalogue;

/** The names a template's `{name}` / `{name:json}` placeholders use (`{1,31}` is text, not a value). */
type PlaceholderNames<T extends string> = T extends `${string}{${infer Inner}}${infer Rest}`
  ? | (Inner extends `${string},${string}` ? never : Inner extends `${infer Name}:json` ? Name : Inner)
    | PlaceholderNames<Rest>
  : never;

/** The values a template names: each one required, no others. */
type ValuesOf<T extends string> = [PlaceholderNames<T>] extends [never]
  ? Readonly<Record<string, never>>
  : Readonly<Record<PlaceholderNames<T>, string | number>>;

/** The values the template of `code` names: each one required, no others. */
export type TemplateValues<C extends ErrorCode> = ValuesOf<(typeof errorCatalogue)[C]['template']>;

type VariantsOf<C extends ErrorCode> = (typeof errorCatalogue)[C] extends { readonly variants: infer V } ? V : never;

/** The codes whose catalogue entry has named variants. */
export type CodeWithVariants = {
  [C in ErrorCode]: [VariantsOf<C>] extends [never] ? never : C;
}[ErrorCode];

/** The names of the variants of `code`. */
export type VariantName<C extends CodeWithVariants> = keyof VariantsOf<C> & string;

/** The values variant `V` of `code` names: each one required, no others. */
export type VariantValues<C extends CodeWithVariants, V extends VariantName<C>> = ValuesOf<VariantsOf<C>[V] & string>;

/** The variants of a catalogue entry (none for most codes). */
export function variantsOf(code: ErrorCode): Readonly<Record<string, string>> {
  const descriptor: ErrorDescriptor = errorCatalogue[code];
  return descriptor.variants ?? {};
}

/** The OCI code `/v2/` answers with for a catalogue code (an explicit decision for every code). */
export function ociCodeOf(code: ErrorCode): OciErrorCode {
  const oci: OciErrorCode | NoOciCode = errorCatalogue[code].oci;
  return typeof oci === 'string' ? oci : oci.unmapped;
}

const placeholder = /\{([A-Za-z][A-Za-z0-9]*)(:json)?\}/g;

/** The placeholders of a template, in order: `{name}` and `{name:json}`. */
export function templatePlaceholders(template: string): { name: string; json: boolean }[] {
  return [...template.matchAll(placeholder)].map((m) => ({ name: m[1] ?? '', json: m[2] !== undefined }));
}

/** Fills a template with its values (a value the template names but `values` lacks is an error of ours). */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(placeholder, (_text, name: string, json: string | undefined) => {
    const value = values[name];
    if (value === undefined) throw new Error(`error template ${JSON.stringify(template)} needs a value for ${name}`);
    return json === undefined ? String(value) : JSON.stringify(value);
  });
}

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  /** 1-based column in the parameter named by `target` (filter errors). */
  column?: number;
}

export interface ArcaErrorOptions {
  target?: string;
  details?: ErrorDetail[];
  cause?: unknown;
  context?: Record<string, string | number>;
}

/** The one error type of Arca: a catalogue code, a message a person can act on, and where it applies. */
export class ArcaError extends Error {
  readonly code: ErrorCode;
  readonly target: string | undefined;
  readonly details: ErrorDetail[] | undefined;
  /** Structured facts about the failure for the protocol layer (e.g. an upload's current offset). */
  readonly context: Readonly<Record<string, string | number>>;

  constructor(code: ErrorCode, message: string, options: ArcaErrorOptions = {}) {
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
        ...compact({ target: this.target, details: this.details }),
      },
    };
  }
}

/**
 * An `ArcaError` whose message is the code's template filled with `values` (type-checked: every value
 * the template names is required): `arcaError('JobNotFound', { id })`. For a code with named variants,
 * name one to use its template instead: `arcaError('StorageUnavailable', 'outOfResources', { what, code })`.
 */
export function arcaError<C extends ErrorCode>(
  code: C,
  values: TemplateValues<C>,
  options?: ArcaErrorOptions,
): ArcaError;
export function arcaError<C extends CodeWithVariants, V extends VariantName<C>>(
  code: C,
  variant: V,
  values: VariantValues<C, V>,
  options?: ArcaErrorOptions,
): ArcaError;
export function arcaError(
  code: ErrorCode,
  variantOrValues: string | Readonly<Record<string, string | number>>,
  valuesOrOptions?: Readonly<Record<string, string | number>> | ArcaErrorOptions,
  variantOptions?: ArcaErrorOptions,
): ArcaError {
  if (typeof variantOrValues !== 'string')
    return new ArcaError(
      code,
      renderTemplate(errorCatalogue[code].template, variantOrValues),
      (valuesOrOptions as ArcaErrorOptions | undefined) ?? {},
    );
  const template = variantsOf(code)[variantOrValues];
  if (template === undefined) throw new Error(`error code ${code} has no variant ${variantOrValues}`);
  const values = (valuesOrOptions ?? {}) as Readonly<Record<string, string | number>>;
  return new ArcaError(code, renderTemplate(template, values), variantOptions ?? {});
}

/** The same error named at `target` (a field of the request it is about), when it names none yet. */
export function atTarget(error: ArcaError, target: string): ArcaError {
  if (error.target !== undefined) return error;
  return new ArcaError(error.code, error.message, { target, context: error.context, cause: error });
}

export function isArcaError(value: unknown, code?: ErrorCode): value is ArcaError {
  return value instanceof ArcaError && (code === undefined || value.code === code);
}
