import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { compact } from '../../core/compact.js';
import type { AuditEvent, AuditService } from '../../services/audit/audit.js';
import { errorResponses, pageOf } from './http-schemas.js';
import type { TypedRouter } from '../typed-router.js';

const Outcome = Type.Union([Type.Literal('succeeded'), Type.Literal('denied'), Type.Literal('failed')]);
const Hash = Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()]);

export const AuditEventView = Type.Object(
  {
    seq: Type.Integer({ description: 'Position in the chain, from 1, without gaps.' }),
    id: Type.String(),
    at: Type.String({ format: 'date-time' }),
    principal: Type.String({ description: 'Who acted; `(anonymous)` for a request without a valid token.' }),
    action: Type.String({
      description: 'The permission exercised or missing (`models/versions/commit`, `audit/read`, `authenticate`, …).',
    }),
    target: Type.String({ description: 'An `arca://` reference, or `METHOD /path` for a refused request.' }),
    outcome: Type.String({ description: '`succeeded`, `denied` or `failed`.' }),
    request_id: Type.Union([Type.String(), Type.Null()]),
    source: Type.Union([Type.String(), Type.Null()], { description: 'The client address.' }),
    details: Type.Unknown({ description: 'Before/after summary; secrets are redacted.' }),
    prev_hash: Hash,
    hash: Type.Union([Type.String(), Type.Null()], {
      description:
        'sha256 (hex) of the JSON array [seq, id, at, principal, action, target, outcome, request_id, source, details, prev_hash], with details as canonical JSON text (sorted keys, no spaces) or null.',
    }),
  },
  { $id: 'AuditEvent' },
);
type AuditEventBody = Static<typeof AuditEventView>;

const Range = {
  since: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'ISO-8601 date or date-time (UTC unless an offset is given); inclusive.',
    }),
  ),
  until: Type.Optional(Type.String({ maxLength: 64, description: 'ISO-8601 date or date-time; exclusive.' })),
};

const AuditListQuery = Type.Object(
  {
    ...Range,
    principal: Type.Optional(Type.String({ maxLength: 128 })),
    action: Type.Optional(
      Type.String({
        maxLength: 256,
        description:
          'Events of this action (`data/versions/commit`); a `data/…` action also matches events ' +
          'recorded as `datas/…` before the rename.',
      }),
    ),
    target: Type.Optional(
      Type.String({ maxLength: 2048, description: 'A reference: events about it and everything under it.' }),
    ),
    outcome: Type.Optional(Outcome),
    top: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Page size (at most 1000).' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'The `next` value of the previous page.' })),
  },
  { additionalProperties: false },
);

const AuditVerdict = Type.Object(
  {
    ok: Type.Boolean(),
    events: Type.Integer({ description: 'Events verified (before the break, when there is one).' }),
    head_hash: Type.Optional(
      Type.String({
        description: 'Hash of the last event when the chain holds; keep it to detect a truncated log later.',
      }),
    ),
    first_broken: Type.Optional(
      Type.Object({
        seq: Type.Integer(),
        id: Type.String(),
        reason: Type.Union(
          [Type.Literal('hash-mismatch'), Type.Literal('prev-hash-mismatch'), Type.Literal('seq-gap')],
          {
            description:
              '`hash-mismatch`: the row was edited; `seq-gap` or `prev-hash-mismatch`: a row before it was deleted or inserted.',
          },
        ),
      }),
    ),
  },
  { $id: 'AuditVerdict' },
);

/** Typed loosely on purpose: the body is a stream, which the TypeBox provider cannot type from a schema. */
const ndjsonEvents: object = {
  description: 'One event per line.',
  content: { 'application/x-ndjson': { schema: AuditEventView } },
};

const access = { access: { permission: 'audit/read' } } as const;

/** `/api/v1/audit`: list, export (JSON lines) and verify the hash-chained audit log. */
export function registerAuditRoutes(app: FastifyInstance, audit: AuditService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  registerListAudit(r, audit);
  registerExportAudit(r, audit);
  registerVerifyAudit(r, audit);
}

function registerListAudit(r: TypedRouter, audit: AuditService): void {
  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        operationId: 'listAudit',
        summary: 'List audit events, oldest first (filter by time, principal, action, target, outcome; cursor)',
        querystring: AuditListQuery,
        response: { 200: pageOf(AuditEventView, 'AuditEventList'), ...errorResponses },
      },
      config: access,
    },
    async (request) => {
      const { top = 100, cursor, ...rest } = request.query;
      const filters = definedOnly(rest);
      const page = await audit.list({ ...filters, top, ...compact({ cursor }) });
      if (page.next === undefined) return { value: page.items.map(auditEventView) };
      const params = new URLSearchParams([
        ...(Object.entries(filters) as [string, string][]),
        ['top', String(top)],
        ['cursor', page.next],
      ]);
      return { value: page.items.map(auditEventView), next: page.next, nextLink: `/api/v1/audit?${params.toString()}` };
    },
  );
}

function registerExportAudit(r: TypedRouter, audit: AuditService): void {
  r.get(
    '/api/v1/audit/export',
    {
      schema: {
        tags: ['audit'],
        operationId: 'exportAudit',
        summary: 'Export audit events as JSON lines (application/x-ndjson), oldest first: evidence for an auditor',
        querystring: Type.Object(Range, { additionalProperties: false }),
        response: { 200: ndjsonEvents, ...errorResponses },
      },
      config: access,
    },
    async (request, reply) => {
      const events = audit.export(request.query.since, request.query.until);
      return reply.type('application/x-ndjson').send(Readable.from(jsonLines(events)));
    },
  );
}

function registerVerifyAudit(r: TypedRouter, audit: AuditService): void {
  r.post(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        operationId: 'verifyAudit',
        summary: 'Recompute the hash chain; name the first event that was edited, deleted or inserted',
        response: { 200: AuditVerdict, ...errorResponses },
      },
      config: access,
    },
    async () => {
      const verdict = await audit.verify();
      return verdict.ok
        ? { ok: true, events: verdict.events, head_hash: verdict.head }
        : { ok: false, events: verdict.events, first_broken: verdict.firstBroken };
    },
  );
}

export function auditEventView(event: AuditEvent): AuditEventBody {
  return {
    seq: event.seq,
    id: event.id,
    at: event.at,
    principal: event.principal,
    action: event.action,
    target: event.target,
    outcome: event.outcome,
    request_id: event.requestId,
    source: event.source,
    details: event.details,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

async function* jsonLines(events: AsyncIterable<AuditEvent>): AsyncGenerator<string> {
  for await (const event of events) yield `${JSON.stringify(auditEventView(event))}\n`;
}

/** Drops the query parameters that were not given. */
function definedOnly<T extends Record<string, string | undefined>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter((entry) => entry[1] !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
