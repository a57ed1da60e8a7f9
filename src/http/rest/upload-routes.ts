import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Readable } from 'node:stream';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { UploadService } from '../../services/uploads/uploads.js';
import { principalOf, type RouteAccess } from '../auth.js';
import { byteBodyType, hasBody, requireByteBody } from '../byte-body.js';
import { parseContentRange } from '../byte-ranges.js';
import type { TypedRouter } from '../typed-router.js';
import { BlobCommitted, UploadStatus } from './asset-schemas.js';
import { errorResponses } from './http-schemas.js';
import { capitalise } from './operation-ids.js';

const SessionParams = Type.Object({ scope: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) });
const ScopeParams = Type.Object({ scope: Type.String({ maxLength: 64 }) });

/** What the routes of one scope kind's upload sessions share. */
interface UploadRouteContext {
  r: TypedRouter;
  uploads: UploadService;
  kind: ScopeKind;
  base: string;
  access: { access: RouteAccess };
  location(scope: string, id: string): string;
}

function sessionHeaders(reply: FastifyReply, location: string, offset: number): FastifyReply {
  return reply
    .header('location', location)
    .header('range', `0-${Math.max(0, offset - 1)}`)
    .header('upload-offset', String(offset));
}

/** The session as the routes show it, at the offset it holds. */
function sessionStatus(session: { id: string; offset: number; expiresAt: string }, offset: number) {
  return { id: session.id, offset, expires_at: session.expiresAt };
}

/**
 * Resumable upload sessions of one scope kind (raw bytes in, constant memory): start, status, append,
 * finish, cancel. `r` must be a scope that leaves bodies raw (`acceptRawBodies`).
 */
export function registerUploadRoutes(r: TypedRouter, uploads: UploadService, kind: ScopeKind): void {
  const family = scopeSegments[kind];
  const context: UploadRouteContext = {
    r,
    uploads,
    kind,
    base: `/api/v1/${family}/:scope/uploads`,
    access: { access: { permission: `${family}/assets/write`, scope: { kind, param: 'scope' } } },
    location: (scope, id) => `/api/v1/${family}/${encodeURIComponent(scope)}/uploads/${id}`,
  };
  registerStartUpload(context);
  registerUploadStatus(context);
  registerAppendUpload(context);
  registerFinishUpload(context);
  registerCancelUpload(context);
}

function registerStartUpload({ r, uploads, kind, base, access, location }: UploadRouteContext): void {
  r.post(
    base,
    {
      schema: {
        tags: ['uploads'],
        operationId: `startUpload${capitalise(kind)}`,
        summary: 'Start a resumable upload session (202, Location)',
        params: ScopeParams,
        response: { 202: UploadStatus, ...errorResponses },
      },
      config: access,
    },
    async (request, reply) => {
      const session = await uploads.start({ kind, scope: request.params.scope }, principalOf(request));
      return sessionHeaders(reply.status(202), location(request.params.scope, session.id), 0).send(
        sessionStatus(session, 0),
      );
    },
  );
}

function registerUploadStatus({ r, uploads, kind, base, access, location }: UploadRouteContext): void {
  r.get(
    `${base}/:id`,
    {
      schema: {
        tags: ['uploads'],
        operationId: `getUpload${capitalise(kind)}`,
        summary: 'Where an upload stands (to resume)',
        params: SessionParams,
        response: { 200: UploadStatus, ...errorResponses },
      },
      config: access,
    },
    async (request, reply) => {
      const session = await uploads.status({ kind, scope: request.params.scope }, request.params.id);
      const offset = Number(session.offset);
      return sessionHeaders(reply, location(request.params.scope, session.id), offset).send(
        sessionStatus(session, offset),
      );
    },
  );
}

function registerAppendUpload({ r, uploads, kind, base, access, location }: UploadRouteContext): void {
  r.patch(
    `${base}/:id`,
    {
      schema: {
        tags: ['uploads'],
        operationId: `appendUpload${capitalise(kind)}`,
        summary: 'Append a chunk (Content-Range start-end); out of order → 416 with the Range held',
        params: SessionParams,
        consumes: [byteBodyType],
        body: {},
        response: { 202: UploadStatus, ...errorResponses },
      },
      config: access,
      onRequest: requireByteBody,
    },
    async (request, reply) => {
      const range = parseContentRange(request.headers['content-range']);
      const declared = range === undefined ? undefined : range.end - range.start + 1;
      const session = await uploads.append(
        { kind, scope: request.params.scope },
        { id: request.params.id, start: range?.start, body: request.body as Readable, declaredLength: declared },
      );
      const offset = Number(session.offset);
      return sessionHeaders(reply.status(202), location(request.params.scope, session.id), offset).send(
        sessionStatus(session, offset),
      );
    },
  );
}

function registerFinishUpload({ r, uploads, kind, base, access }: UploadRouteContext): void {
  r.put(
    `${base}/:id`,
    {
      schema: {
        tags: ['uploads'],
        operationId: `finishUpload${capitalise(kind)}`,
        summary: 'Finish an upload with its digest (and an optional last chunk); the blob becomes visible',
        params: SessionParams,
        querystring: Type.Object({ digest: Type.String({ maxLength: 80 }) }, { additionalProperties: false }),
        consumes: [byteBodyType],
        body: {},
        response: { 201: BlobCommitted, ...errorResponses },
      },
      config: access,
      onRequest: requireByteBody,
    },
    async (request, reply) => {
      const range = parseContentRange(request.headers['content-range']);
      const blob = await uploads.finish(
        { kind, scope: request.params.scope },
        {
          id: request.params.id,
          digest: request.query.digest,
          actor: principalOf(request),
          body: hasBody(request) ? (request.body as Readable) : undefined,
          start: range?.start,
        },
      );
      return reply.status(201).header('docker-content-digest', blob.digest).send(blob);
    },
  );
}

function registerCancelUpload({ r, uploads, kind, base, access }: UploadRouteContext): void {
  r.delete(
    `${base}/:id`,
    {
      schema: {
        tags: ['uploads'],
        operationId: `cancelUpload${capitalise(kind)}`,
        summary: 'Cancel an upload; its bytes are removed',
        params: SessionParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: access,
    },
    async (request, reply) => {
      await uploads.cancel({ kind, scope: request.params.scope }, request.params.id, principalOf(request));
      return reply.status(204).send(null);
    },
  );
}
