import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Readable } from 'node:stream';
import { assetTypeSegments, servedAssetTypes } from '../../core/asset-types.js';
import { servedRange } from '../../core/byte-ranges.js';
import { ArcaError } from '../../core/errors.js';
import { scopeSegments } from '../../core/names.js';
import type { AssetService } from '../../services/assets/assets.js';
import type { UploadService } from '../../services/uploads/uploads.js';
import { principalOf } from '../auth.js';
import { byteBodyType, requireByteBody } from '../byte-body.js';
import { markServedFrom } from '../served-from.js';
import { BlobCommitted, UploadStatus } from './asset-schemas.js';
import { errorResponses } from './schemas.js';
import { capitalise } from './operation-ids.js';

const family = scopeSegments;
const SessionParams = Type.Object({ scope: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) });
const ScopeParams = Type.Object({ scope: Type.String({ maxLength: 64 }) });
const FileParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  version: Type.String({ maxLength: 256 }),
  '*': Type.String({ maxLength: 4096 }),
});
const binary = { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };

/** `Content-Range: start-end` (OCI) or `bytes start-end/total`: the first and last byte of the chunk. */
export function parseContentRange(header: string | undefined): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:bytes )?(\d{1,15})-(\d{1,15})(?:\/(?:\d{1,15}|\*))?$/.exec(header.trim());
  if (!match)
    throw new ArcaError('ContentRangeInvalid', `Content-Range ${JSON.stringify(header)} is not "<start>-<end>"`, {
      target: 'Content-Range',
    });
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start)
    throw new ArcaError('ContentRangeInvalid', `Content-Range ${header} ends before it starts`, {
      target: 'Content-Range',
    });
  return { start, end };
}

function sessionHeaders(reply: FastifyReply, location: string, offset: number): FastifyReply {
  return reply
    .header('location', location)
    .header('range', `0-${Math.max(0, offset - 1)}`)
    .header('upload-offset', String(offset));
}

/** Upload sessions (raw bytes in, constant memory) and file downloads with ranges. */
export function registerUploadRoutes(
  app: FastifyInstance,
  services: { uploads: UploadService; assets: AssetService },
): void {
  void app.register(async (scoped) => {
    // Chunks stream straight into the blob store: the body is never buffered, and never decoded (the
    // app's JSON parser would turn a JSON string into text that is no longer the bytes sent).
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    const r = scoped.withTypeProvider<TypeBoxTypeProvider>();
    for (const kind of ['registry', 'workspace'] as const) {
      const base = `/api/v1/${family[kind]}/:scope/uploads`;
      const access = {
        access: { permission: `${family[kind]}/assets/write` as const, scope: { kind, param: 'scope' } },
      };
      const location = (scope: string, id: string) =>
        `/api/v1/${family[kind]}/${encodeURIComponent(scope)}/uploads/${id}`;

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
          const session = await services.uploads.start({ kind, scope: request.params.scope }, principalOf(request));
          return sessionHeaders(reply.status(202), location(request.params.scope, session.id), 0).send({
            id: session.id,
            offset: 0,
            expires_at: session.expires_at,
          });
        },
      );

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
          const session = await services.uploads.status({ kind, scope: request.params.scope }, request.params.id);
          return sessionHeaders(reply, location(request.params.scope, session.id), Number(session.offset)).send({
            id: session.id,
            offset: Number(session.offset),
            expires_at: session.expires_at,
          });
        },
      );

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
          const session = await services.uploads.append(
            { kind, scope: request.params.scope },
            request.params.id,
            range?.start,
            request.body as Readable,
            declared,
          );
          return sessionHeaders(
            reply.status(202),
            location(request.params.scope, session.id),
            Number(session.offset),
          ).send({ id: session.id, offset: Number(session.offset), expires_at: session.expires_at });
        },
      );

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
          const hasBody =
            Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
          const blob = await services.uploads.finish(
            { kind, scope: request.params.scope },
            request.params.id,
            request.query.digest,
            principalOf(request),
            hasBody ? (request.body as Readable) : undefined,
            range?.start,
          );
          return reply.status(201).header('docker-content-digest', blob.digest).send(blob);
        },
      );

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
          await services.uploads.cancel({ kind, scope: request.params.scope }, request.params.id, principalOf(request));
          return reply.status(204).send(null);
        },
      );

      for (const type of servedAssetTypes) {
        r.get(
          `/api/v1/${family[kind]}/:scope/${assetTypeSegments[type]}/:name/versions/:version/files/*`,
          {
            schema: {
              tags: [assetTypeSegments[type]],
              operationId: `downloadFile${capitalise(kind)}${capitalise(type)}`,
              summary: 'Download one file of a version (Range → 206; ETag is the digest)',
              params: FileParams,
              querystring: Type.Object(
                {
                  region: Type.Optional(
                    Type.String({
                      maxLength: 32,
                      pattern: '^[a-z][a-z0-9-]{1,31}$',
                      description:
                        "Read from this region when it holds a copy (default: the server's localRegion); otherwise from the primary, " +
                        "with X-Arca-Served-From: primary. A region that is not one of the registry's or workspace's regions is refused " +
                        '(400 RegionNotInScope, naming them).',
                    }),
                  ),
                },
                { additionalProperties: false },
              ),
              response: {
                200: binary,
                206: binary,
                307: {
                  description:
                    'Redirect to a presigned URL of the store (presignDownloadsSeconds > 0, S3 or Azure regions)',
                  type: 'null',
                },
                ...errorResponses,
              },
            },
            config: { access: { permission: `${family[kind]}/assets/read`, scope: { kind, param: 'scope' } } },
          },
          async (request, reply) => {
            const locator = {
              scopeKind: kind,
              scope: request.params.scope,
              type,
              name: request.params.name,
              version: request.params.version,
            };
            const header = request.headers.range;
            // Stores that presign (S3, Azure) serve whole-file downloads directly when the server is told to.
            const redirect =
              header === undefined
                ? await services.assets.fileUrl(locator, request.params['*'], request.query.region)
                : undefined;
            if (redirect !== undefined)
              return reply
                .status(307)
                .header('location', redirect.url)
                .header('x-arca-region', redirect.servedFrom)
                .header('cache-control', 'no-store')
                .send();
            const read = await services.assets.openFile(
              locator,
              request.params['*'],
              header === undefined ? undefined : (size) => servedRange(header, size, 'file'),
              request.query.region,
            );
            markServedFrom(reply, read);
            void reply
              .header('etag', `"${read.digest}"`)
              .header('accept-ranges', 'bytes')
              .header('docker-content-digest', read.digest)
              .type('application/octet-stream');
            if (read.range) {
              return reply
                .status(206)
                .header('content-range', `bytes ${read.range.start}-${read.range.end}/${read.size}`)
                .header('content-length', String(read.range.end - read.range.start + 1))
                .send(read.stream);
            }
            return reply.status(200).header('content-length', String(read.size)).send(read.stream);
          },
        );
      }
    }
  });
}
