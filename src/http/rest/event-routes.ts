import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { closestName } from '../../core/did-you-mean.js';
import { arcaError } from '../../core/errors.js';
import { eventTypes, isEventType, type CloudEvent } from '../../core/events.js';
import { nameKey, scopeSegments, type ScopeKind } from '../../core/names.js';
import type { EventFeed, FollowQuery } from '../../services/events/event-feed.js';
import type { EventVisibility } from '../../storage/metadata/events-repository.js';
import { accessOf, principalOf } from '../auth.js';
import { errorResponses } from './http-schemas.js';

const tags = ['events'];

/** A stream ends after this long; the client resumes with `Last-Event-ID`, authenticated (and authorised) anew. */
const streamLifetimeMs = 10 * 60 * 1000;

const CloudEventView = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: Type.String(),
    source: Type.String({ description: '`arca://registries/<name>` or `arca://workspaces/<name>`' }),
    type: Type.String({ description: '`dev.arca.<noun>.<verb>` (docs/events.md)' }),
    subject: Type.String({ description: 'the `arca://` reference of the version, alias or asset' }),
    time: Type.String(),
    datacontenttype: Type.Literal('application/json'),
    position: Type.Integer({ description: "extension attribute: the event's place in the feed (the cursor)" }),
    data: Type.Object(
      {
        actor: Type.Object(
          { name: Type.String(), requestId: Type.Optional(Type.String()) },
          { additionalProperties: false },
        ),
        reference: Type.String(),
        scope: Type.Object(
          { kind: Type.String(), name: Type.Optional(Type.String()) },
          { additionalProperties: false, description: '`name` is absent for the organisation' },
        ),
        asset: Type.Optional(
          Type.Object({ type: Type.String(), name: Type.String() }, { additionalProperties: false }),
        ),
      },
      { additionalProperties: true },
    ),
  },
  { $id: 'CloudEvent', additionalProperties: false },
);

const filters = {
  type: Type.Optional(
    Type.Array(Type.String({ maxLength: 128 }), {
      maxItems: 32,
      description: 'An event type, or a prefix ending in `*` (`dev.arca.alias.*`); repeat for several',
    }),
  ),
  registry: Type.Optional(Type.String({ maxLength: 64, description: 'Only the events of this registry' })),
  workspace: Type.Optional(Type.String({ maxLength: 64, description: 'Only the events of this workspace' })),
  subject: Type.Optional(
    Type.String({
      maxLength: 1024,
      description:
        'An `arca://` reference: events about it or anything under it (an asset covers its versions and aliases)',
    }),
  ),
  after: Type.Optional(
    Type.String({ maxLength: 20, description: 'The position of the last event seen (0: from the start of the feed)' }),
  ),
};

/**
 * `/api/v1/events`: the outbox as a feed, oldest first. Any authenticated caller may ask; each event is
 * shown only to those who may read its scope's assets (`registries/assets/read` or
 * `workspaces/assets/read`, with the token's limits), filtered in the query. `/stream` follows it live.
 */
export function registerEventRoutes(app: FastifyInstance, feed: EventFeed, heartbeatMs: number): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Shutdown ends the open streams first: the server's close would otherwise wait on them for ever.
  app.addHook('preClose', () => feed.close());
  r.get(
    '/api/v1/events',
    {
      schema: {
        tags,
        operationId: 'listEvents',
        summary: 'List the events you may see, oldest first (feed order), after a position',
        querystring: Type.Object(
          { ...filters, top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            value: Type.Array(CloudEventView),
            next: Type.Optional(
              Type.String({ description: 'More follow: the `after` of the next page (the last position listed)' }),
            ),
          }),
          ...errorResponses,
        },
      },
      config: { access: { filtered: 'registries/assets/read' } },
    },
    async (request) => {
      const top = request.query.top ?? 100;
      const query = followQuery(request, request.query);
      const after = positionOf(request.query.after, 'after') ?? 0;
      const rows = await feed.list({ ...query, after, limit: top + 1 });
      const page = rows.slice(0, top);
      const last = page.at(-1);
      return { value: page, ...(rows.length > top && last ? { next: String(last.position) } : {}) };
    },
  );
  r.get(
    '/api/v1/events/stream',
    {
      schema: {
        tags,
        operationId: 'streamEvents',
        summary:
          'Follow the events you may see as Server-Sent Events (id: position, event: type, data: the CloudEvent); resume with Last-Event-ID',
        querystring: Type.Object(
          {
            ...filters,
            follow: Type.Optional(
              Type.Boolean({ default: true, description: 'false: send the events after the cursor, then end' }),
            ),
          },
          { additionalProperties: false },
        ),
        headers: Type.Object({
          'last-event-id': Type.Optional(
            Type.String({ maxLength: 20, description: 'The position of the last event received (wins over `after`)' }),
          ),
        }),
        response: {
          200: { content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...errorResponses,
        },
      },
      config: { access: { filtered: 'registries/assets/read' } },
    },
    async (request, reply) => {
      const query = followQuery(request, request.query);
      const resumed = positionOf(request.headers['last-event-id'], 'Last-Event-ID');
      const after = resumed ?? positionOf(request.query.after, 'after') ?? (await feed.lastPosition());
      const principal = principalOf(request);
      const slot = feed.openStream(principal.id, principal.name);
      const body = new PassThrough();
      const stop = new AbortController();
      const end = (): void => stop.abort();
      slot.signal.addEventListener('abort', end, { once: true });
      body.on('close', end);
      const lifetime = setTimeout(end, streamLifetimeMs);
      const heartbeat = setInterval(() => body.write(': heartbeat\n\n'), heartbeatMs);
      lifetime.unref();
      heartbeat.unref();
      void (async () => {
        try {
          // How soon a client's EventSource reconnects after a dropped connection (ms), and where it resumes
          // if no event came before (an id without data moves Last-Event-ID and dispatches nothing).
          body.write(`retry: 2000\nid: ${after}\n\n`);
          const pages = feed.follow(query, { after, signal: stop.signal, follow: request.query.follow ?? true });
          for await (const page of pages) {
            for (const event of page)
              if (!body.write(serverSentEvent(event))) await once(body, 'drain', { signal: stop.signal });
          }
        } catch (error) {
          if (!stop.signal.aborted) request.log.warn({ err: error }, 'event stream ended by an error');
        } finally {
          clearTimeout(lifetime);
          clearInterval(heartbeat);
          slot.release();
          body.end();
        }
      })();
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache')
          .header('x-accel-buffering', 'no')
          // The connection ends with the stream: an idle kept-alive socket would hold a closing server for its timeout.
          .header('connection', 'close')
          .send(body)
      );
    },
  );
}

/** One Server-Sent Event: `id:` the position, `event:` the type, `data:` the CloudEvent as one line of JSON. */
export function serverSentEvent(event: CloudEvent): string {
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A cursor: a whole number (0 or more); undefined when not given. */
function positionOf(value: string | undefined, target: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw arcaError('CursorInvalid', 'eventPosition', { target, value }, { target });
  return Number(value);
}

interface FilterQuery {
  type?: string[] | undefined;
  registry?: string | undefined;
  workspace?: string | undefined;
  subject?: string | undefined;
}

/** The filters of a request, checked, with what the caller may see. */
function followQuery(request: FastifyRequest, query: FilterQuery): FollowQuery {
  const access = accessOf(request);
  const visibleOf = (kind: ScopeKind): EventVisibility[ScopeKind] => {
    const keys = access.visible(kind, `${scopeSegments[kind]}/assets/read`);
    return keys === 'all' ? 'all' : [...keys];
  };
  if (query.registry !== undefined && query.workspace !== undefined)
    throw arcaError('InvalidParameter', 'oneScope', {}, { target: 'workspace' });
  const named =
    query.registry !== undefined
      ? { kind: 'registry' as const, name: query.registry }
      : query.workspace !== undefined
        ? { kind: 'workspace' as const, name: query.workspace }
        : undefined;
  // Asking for one scope by name asks to read it: a caller who may not hears so (not an empty list).
  if (named !== undefined) access.require(`${scopeSegments[named.kind]}/assets/read`, named);
  const { types, typePrefixes } = typeFilter(query.type ?? []);
  return {
    visible: { registry: visibleOf('registry'), workspace: visibleOf('workspace') },
    types,
    typePrefixes,
    scope: named === undefined ? undefined : { kind: named.kind, nameKey: nameKey(named.name) },
    subject: subjectOf(query.subject),
  };
}

/** Exact types and prefixes (`dev.arca.alias.*`); each must name a type of the catalogue. */
function typeFilter(given: string[]): { types: string[]; typePrefixes: string[] } {
  const types: string[] = [];
  const typePrefixes: string[] = [];
  for (const type of given) {
    if (type.endsWith('*')) {
      const prefix = type.slice(0, -1);
      if (prefix.length > 0 && eventTypes.some((known) => known.startsWith(prefix))) {
        typePrefixes.push(prefix);
        continue;
      }
    } else if (isEventType(type)) {
      types.push(type);
      continue;
    }
    const guess = closestName(type, eventTypes);
    throw arcaError(
      'EventTypeUnknown',
      { type, suggestion: guess === undefined ? '' : ` (did you mean ${guess}?)` },
      { target: 'type' },
    );
  }
  return { types, typePrefixes };
}

const subjectPattern = /^arca:\/\/(registries|workspaces)\/[^/\s]+(\/[^\s]*)?$/;

function subjectOf(subject: string | undefined): string | undefined {
  if (subject === undefined) return undefined;
  const trimmed = subject.replace(/\/+$/, '');
  if (!subjectPattern.test(trimmed))
    throw arcaError('InvalidParameter', 'eventSubject', { value: subject }, { target: 'subject' });
  return trimmed;
}
