/**
 * The event catalogue: every change Arca tells other systems about, as a CloudEvents 1.0 type
 * (`dev.arca.<noun>.<verb>`) with what its `subject` names and what its `data` holds. docs/events.md is
 * generated from this table (`npm run docs:events`) and a test fails when the two differ.
 */

import { scopeSegments, type ScopeKind } from './names.js';

/** What one event type is: its subject, a description, and the fields of `data` beyond the common ones. */
export interface EventTypeDescriptor {
  /** What `subject` names: a version, an alias, or the asset (an image pushed without a version). */
  readonly subject: string;
  readonly description: string;
  /** Field of `data` → what it holds (the fields every event has are in `commonEventData`). */
  readonly data: Readonly<Record<string, string>>;
}

/** The fields of `data` every event carries. */
export const commonEventData: Readonly<Record<string, string>> = {
  actor:
    "`{name, requestId?}`: the principal that made the change (`arca` for the server's own work) and the id of its request, when it came over HTTP",
  reference: 'the `arca://` reference the event is about (the same as `subject`)',
  scope: '`{kind, name}`: the registry or workspace (`{kind: organization}` for an automation of the organisation)',
  asset: '`{type, name}`: the asset (absent for the automation events)',
};

const aliasChange = {
  alias: 'the alias name',
  from: '`{version, reference}` the alias named before, or null',
  to: '`{version, reference}` the alias names now, or null',
  via: '`set` (PUT of the alias), `rollback`, `approval` (a granted request), `push` (an OCI push under the alias), `delete` (the version it named was deleted)',
};

export const eventCatalogue = {
  'dev.arca.version.created': {
    subject: 'version',
    description:
      'A version became ready: committed, pushed over OCI (an environment), or shared into this scope. `latest` moves with it and sends no alias event of its own.',
    data: {
      version: 'the version label',
      via: '`commit`, `push` or `share`',
      manifest: 'the digest of its OCI manifest',
      files: 'how many files it has',
      size: 'its size in bytes',
    },
  },
  'dev.arca.version.archived': {
    subject: 'version',
    description: 'A ready version was archived: hidden from lists and alias targets, still readable by its label.',
    data: {
      version: 'the version label',
      retention:
        'present when a retention run archived it: the rule (and the job) that did, as its audit event records',
    },
  },
  'dev.arca.version.restored': {
    subject: 'version',
    description: 'An archived version was restored to ready.',
    data: { version: 'the version label' },
  },
  'dev.arca.version.deleted': {
    subject: 'version',
    description:
      'A version was deleted (its label is retired). A forced delete also sends `dev.arca.alias.removed` for each alias that named it.',
    data: {
      version: 'the version label',
      force: 'whether the delete was forced',
      aliasesRemoved: 'the aliases (not `latest`) that named it and went with it',
      retention: 'present when a retention run deleted it: the rule (and the job) that did, as its audit event records',
    },
  },
  'dev.arca.version.shared': {
    subject: 'version (the new copy)',
    description:
      'A version was shared into this registry or workspace without copying bytes; the copy also sends `dev.arca.version.created` (via `share`).',
    data: { version: 'the label of the copy', origin: 'the `arca://` reference of the version it was shared from' },
  },
  'dev.arca.alias.set': {
    subject: 'alias',
    description: 'An alias was created, pointing at a version.',
    data: { ...aliasChange, protected: 'whether the alias is protected (present when the request set it)' },
  },
  'dev.arca.alias.moved': {
    subject: 'alias',
    description: 'An alias moved from one version to another (set, rollback, a granted approval, an OCI push).',
    data: { ...aliasChange, protected: 'whether the alias is protected (present when the request set it)' },
  },
  'dev.arca.alias.removed': {
    subject: 'alias',
    description: 'An alias was removed (deleted, or gone with the version it named).',
    data: aliasChange,
  },
  'dev.arca.tag.set': {
    subject: 'version, or asset for a tag of the asset',
    description: 'A tag was added or changed its value; one event per key.',
    data: {
      on: '`version` or `asset`: what carries the tag',
      version: 'the version label (tags of a version)',
      key: 'the tag key',
      value: 'the new value',
      previous: 'the value before, or null when the key is new',
    },
  },
  'dev.arca.tag.removed': {
    subject: 'version, or asset for a tag of the asset',
    description: 'A tag was removed; one event per key.',
    data: {
      on: '`version` or `asset`: what carried the tag',
      version: 'the version label (tags of a version)',
      key: 'the tag key',
      previous: 'the value it had',
    },
  },
  'dev.arca.approval.requested': {
    subject: 'alias',
    description: 'Someone asked for a (protected) alias to move; a principal with the approve permission decides.',
    data: {
      approval: 'the approval request id',
      alias: 'the alias name',
      version: 'the label of the version it should move to',
      reason: "the requester's reason, or null",
    },
  },
  'dev.arca.approval.decided': {
    subject: 'alias',
    description:
      'An approval request was granted or rejected; a granted one also sends the alias event of its move (via `approval`).',
    data: {
      approval: 'the approval request id',
      alias: 'the alias name',
      version: 'the label of the version it asked for',
      decision: '`approved` or `rejected`',
      reason: "the decider's reason, or null",
      requestedBy: 'who asked',
    },
  },
  'dev.arca.image.pushed': {
    subject: 'version for an environment image, else the asset',
    description:
      'A manifest was pushed over the OCI API (`/v2/`); an environment version it makes also sends `dev.arca.version.created` (via `push`).',
    data: {
      digest: 'the manifest digest',
      mediaType: 'the manifest media type',
      tag: 'the tag it was pushed under (absent: pushed by digest)',
      version: 'the environment version it is (absent for other pushes)',
      new: 'false when the same manifest was pushed before',
    },
  },
  'dev.arca.image.deleted': {
    subject: 'the asset (the OCI repository)',
    description:
      'A pushed manifest was deleted: by an OCI `DELETE` by digest, or by a retention run (its untagged_manifests rule, which also unlinks from the repository the blobs only that manifest used). GC frees the bytes nothing holds any more after its grace period.',
    data: {
      digest: 'the manifest digest',
      mediaType: 'the manifest media type',
      repository: 'the OCI repository name (`<scope>/<type>/<name>`)',
      versions: 'an OCI delete: the environment versions that were this image and went with it',
      retention:
        'present when a retention run deleted it: `{rule, job?}` (rule `untagged_manifests`), as its audit event records',
    },
  },
  'dev.arca.replication.completed': {
    subject: 'version',
    description: "A version's copy in a replica region is complete: every blob it needs is there.",
    data: { version: 'the version label', region: 'the replica region' },
  },
  'dev.arca.replication.failed': {
    subject: 'version',
    description:
      'Copying a version to a replica region failed for good (its job used up its attempts); `arca job retry` tries again.',
    data: {
      version: 'the version label',
      region: 'the replica region',
      error: '`{code, message}`: why the last attempt failed',
      job: 'the id of the replication job',
    },
  },
  'dev.arca.automation.disabled': {
    subject: 'automation (`arca://automations/<id>`)',
    description:
      'An automation was disabled because its deliveries failed too many times in a row; nothing is sent to it until someone enables it again. `asset` is absent.',
    data: {
      automation: '`{id, name}`',
      failures: 'how many deliveries in a row failed',
      lastError: '`{code, message}` of the last failed delivery',
    },
  },
  'dev.arca.automation.ping': {
    subject: 'automation (`arca://automations/<id>`)',
    description:
      'A test delivery (`arca automation test`): sent to the one automation tested, never in the feed. `asset` is absent.',
    data: { automation: '`{id, name}`' },
  },
} as const satisfies Record<string, EventTypeDescriptor>;

export type EventType = keyof typeof eventCatalogue;

export const eventTypes = Object.keys(eventCatalogue) as EventType[];

/** True for a type in the catalogue. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}

/** The CloudEvents `source` of a registry or workspace: `arca://registries/<name>`. */
export function eventSource(kind: ScopeKind, name: string): string {
  return `arca://${scopeSegments[kind]}/${name}`;
}

/** Who made a change, as events name them. */
export interface EventActor {
  name: string;
  requestId?: string;
}

/**
 * An event as Arca stores and sends it: a CloudEvents 1.0 envelope in the structured JSON form, plus the
 * extension attribute `position` (its place in the feed: the cursor of lists and the SSE id of the stream).
 */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the event's position in the feed (strictly increasing in commit order). */
  position: number;
  data: EventData;
}

/** `data` of an event: the common fields and those of its type. */
export interface EventData {
  actor: EventActor;
  reference: string;
  scope: { kind: ScopeKind; name: string } | { kind: 'organization' };
  /** Absent for the automation events. */
  asset?: { type: string; name: string };
  [field: string]: unknown;
}
