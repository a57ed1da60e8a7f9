import { sql, type Selectable } from 'kysely';
import type { CloudEvent, EventData, EventType } from '../../core/events.js';
import type { ScopeKind } from '../../core/names.js';
import { takeChangeLogLock } from './change-log-lock.js';
import { queries, type Session, type Tx } from './session.js';
import { visibleScopesCondition, type ScopeVisibility } from './scope-visibility.js';
import type { EventsTable } from './tables.js';

type EventRow = Selectable<EventsTable>;

/** An event to append: the envelope without its position, and the scope (by id) whose readers may see it. */
export interface NewEvent {
  id: string;
  type: EventType;
  source: string;
  subject: string;
  time: string;
  scope: { id: string; kind: ScopeKind | 'organization' };
  data: EventData;
}

function eventOf(row: EventRow): CloudEvent {
  return {
    specversion: '1.0',
    id: row.id,
    source: row.source,
    type: row.type as EventType,
    subject: row.subject,
    time: row.time,
    datacontenttype: 'application/json',
    position: Number(row.position),
    data: JSON.parse(row.data) as EventData,
  };
}

/**
 * Appends an event in the transaction of the change it tells of: it commits with the change or not at all.
 * Its position is the next one, taken under the change-log lock held to commit (see takeChangeLogLock), so
 * events commit in position order and a reader paging by position never skips one that commits late.
 */
export async function appendEvent(session: Tx, event: NewEvent): Promise<CloudEvent> {
  const db = queries(session);
  await takeChangeLogLock(db);
  const { last } = await db
    .updateTable('event_positions')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('id', '=', 1)
    .returning('last')
    .executeTakeFirstOrThrow();
  const row: EventRow = {
    position: Number(last),
    id: event.id,
    type: event.type,
    source: event.source,
    subject: event.subject,
    time: event.time,
    scope_id: event.scope.id,
    scope_kind: event.scope.kind,
    data: JSON.stringify(event.data),
  };
  await db.insertInto('events').values(row).execute();
  return eventOf(row);
}

/** Which events a caller may see (those of the scopes whose assets it may read). */
export type EventVisibility = ScopeVisibility;

/** A page of events in feed order (oldest first), after a position, within what the caller may see. */
export interface EventListQuery {
  visible: EventVisibility;
  /** Exact types; with `typePrefixes`, an event matching either is listed. */
  types?: readonly string[] | undefined;
  typePrefixes?: readonly string[] | undefined;
  /** One registry or workspace (by name key). */
  scope?: { kind: ScopeKind; nameKey: string } | undefined;
  /** A reference: events whose subject is it or lies under it (`…/models/m` covers its versions and aliases). */
  subject?: string | undefined;
  /** The position of the last event already seen (0: from the start). */
  after: number;
  limit: number;
}

export async function listEvents(session: Session, query: EventListQuery): Promise<CloudEvent[]> {
  const db = queries(session);
  let select = db.selectFrom('events').selectAll().where('position', '>', query.after);
  const scopesOf = (kind: ScopeKind, keys: readonly string[]) =>
    db.selectFrom('scopes').select('scopes.id').where('scopes.kind', '=', kind).where('scopes.name_key', 'in', keys);
  const visible = visibleScopesCondition(query.visible, 'scope_kind', 'scope_id');
  if (visible !== undefined) select = select.where(visible);
  if (query.scope !== undefined) {
    select = select
      .where('scope_kind', '=', query.scope.kind)
      .where('scope_id', 'in', scopesOf(query.scope.kind, [query.scope.nameKey]));
  }
  const types = query.types ?? [];
  const prefixes = query.typePrefixes ?? [];
  if (types.length > 0 || prefixes.length > 0) {
    select = select.where((eb) =>
      eb.or([
        ...(types.length > 0 ? [eb('type', 'in', [...types])] : []),
        // substr, not LIKE: `_` in a prefix would be a wildcard.
        ...prefixes.map((prefix) => eb(eb.fn('substr', ['type', sql.lit(1), sql.lit(prefix.length)]), '=', prefix)),
      ]),
    );
  }
  const subject = query.subject;
  if (subject !== undefined) {
    const under = `${subject}/`;
    select = select.where((eb) =>
      eb.or([
        eb('subject', '=', subject),
        eb(eb.fn('substr', ['subject', sql.lit(1), sql.lit(under.length)]), '=', under),
      ]),
    );
  }
  const rows = await select.orderBy('position').limit(query.limit).execute();
  return rows.map(eventOf);
}

/** The event at a position (undefined when there is none). */
export async function eventAt(session: Session, position: number): Promise<CloudEvent | undefined> {
  const row = await queries(session)
    .selectFrom('events')
    .selectAll()
    .where('position', '=', position)
    .executeTakeFirst();
  return row === undefined ? undefined : eventOf(row);
}

/** The position of the newest committed event (0 when there is none): where a follower without a cursor starts. */
export async function lastEventPosition(session: Session): Promise<number> {
  const db = queries(session);
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('position').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}
