import { randomUUID } from 'node:crypto';
import { eventSource, type CloudEvent, type EventType } from '../../core/events.js';
import type { ScopeKind } from '../../core/names.js';
import { appendEvent } from '../../storage/metadata/events-repository.js';
import { afterCommit } from '../../storage/metadata/metadata-store.js';
import type { Tx } from '../../storage/metadata/session.js';
import type { AuditActor } from '../audit/auditor.js';
import { targetOf } from '../assets/asset-records.js';
import { isoNow, type Clock } from '../clock.js';

/** The registry or workspace a change happened in. */
export interface EventScope {
  id: string;
  kind: ScopeKind;
  name: string;
}

/** What a service tells about one change; who made it and when come from the emitter. */
export interface EventChange {
  type: EventType;
  scope: EventScope;
  asset: { type: string; name: string };
  /** The `arca://` reference the event is about (default: the asset's). */
  subject?: string;
  /** What changed, beside the fields every event has (see the catalogue in src/core/events.ts). */
  data: Record<string, unknown>;
}

/** Emits events on behalf of one actor (see `eventEmitter`). */
export interface EventEmitter {
  /** Appends the event in the change's transaction: it commits with the change, or not at all. */
  emit(trx: Tx, change: EventChange): Promise<CloudEvent>;
}

const committedListeners = new Set<() => void>();

/**
 * Calls `listener` each time a transaction of this process that emitted events has committed, so local
 * streams wake at once instead of at their next poll (other replicas' events are found by polling).
 * Returns the function that stops the calls.
 */
export function onEventsCommitted(listener: () => void): () => void {
  committedListeners.add(listener);
  return () => committedListeners.delete(listener);
}

function ringCommitted(): void {
  for (const listener of committedListeners) listener();
}

/**
 * The one way services emit events, next to their audit record: bound to the actor and to the clock,
 * or to the moment of the change when the caller has already read it.
 */
export function eventEmitter(actor: AuditActor, when: Clock | string): EventEmitter {
  return {
    async emit(trx, { type, scope, asset, subject, data }) {
      const reference = subject ?? targetOf(scope.kind, scope.name, asset.type, asset.name);
      const event = await appendEvent(trx, {
        id: randomUUID(),
        type,
        source: eventSource(scope.kind, scope.name),
        subject: reference,
        time: typeof when === 'string' ? when : isoNow(when),
        scope: { id: scope.id, kind: scope.kind },
        data: {
          actor: { name: actor.name, ...(actor.request ? { requestId: actor.request.requestId } : {}) },
          reference,
          scope: { kind: scope.kind, name: scope.name },
          asset: { type: asset.type, name: asset.name },
          ...data,
        },
      });
      afterCommit(trx, ringCommitted);
      return event;
    },
  };
}

/** The `arca://` reference of a version. */
export function versionReference(scope: EventScope, asset: { type: string; name: string }, label: string): string {
  return targetOf(scope.kind, scope.name, asset.type, asset.name, label);
}

/** The `arca://` reference of an alias. */
export function aliasReference(scope: EventScope, asset: { type: string; name: string }, alias: string): string {
  return `${targetOf(scope.kind, scope.name, asset.type, asset.name)}/aliases/${alias}`;
}

/** A tag change a patch makes: the key, its new value (null: removed) and the value before (null: none). */
export interface TagChange {
  key: string;
  value: string | null;
  previous: string | null;
}

/** The tags a key-wise patch really changes (setting a key to its value, or removing an absent one, changes nothing). */
export function tagChanges(before: Record<string, string>, patch: Record<string, string | null>): TagChange[] {
  return Object.keys(patch)
    .sort()
    .flatMap((key) => {
      const previous = Object.hasOwn(before, key) ? (before[key] ?? null) : null;
      const value = patch[key] ?? null;
      return previous === value ? [] : [{ key, value, previous }];
    });
}

/** One `dev.arca.tag.set` or `dev.arca.tag.removed` per changed key of a version (with its label) or an asset. */
export async function emitTagChanges(
  trx: Tx,
  emitter: EventEmitter,
  where: { scope: EventScope; asset: { type: string; name: string }; version?: string },
  changes: TagChange[],
): Promise<void> {
  const { scope, asset, version } = where;
  for (const { key, value, previous } of changes)
    await emitter.emit(trx, {
      type: value === null ? 'dev.arca.tag.removed' : 'dev.arca.tag.set',
      scope,
      asset,
      ...(version === undefined ? {} : { subject: versionReference(scope, asset, version) }),
      data: {
        on: version === undefined ? 'asset' : 'version',
        ...(version === undefined ? {} : { version }),
        key,
        ...(value === null ? {} : { value }),
        previous,
      },
    });
}
