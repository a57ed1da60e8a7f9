import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Readable } from 'node:stream';
import { ArcaError } from '../../core/errors.js';
import { parseRepositoryName, type RepositoryName } from '../../core/oci/oci-manifests.js';
import type { OciRepository, OciService } from '../../services/oci/oci-service.js';
import { accessOf, principalOf } from '../auth.js';
import { hasBody, requireByteBody } from '../byte-body.js';
import { parseContentRange } from '../byte-ranges.js';
import { repositoryPath, RepositoryParams, tags, UploadParams, type OciRouteContext } from './oci-route-context.js';

const uploadUrl = '/v2/:scope/:segment/:name/blobs/uploads/:id';

function uploadHeaders(reply: FastifyReply, name: RepositoryName, id: string, offset: number): FastifyReply {
  return reply
    .header('location', `${repositoryPath(name)}/blobs/uploads/${id}`)
    .header('range', `0-${Math.max(0, offset - 1)}`)
    .header('docker-upload-uuid', id);
}

function blobCreated(reply: FastifyReply, name: RepositoryName, digest: string): FastifyReply {
  return reply
    .status(201)
    .header('location', `${repositoryPath(name)}/blobs/${digest}`)
    .header('docker-content-digest', digest)
    .header('content-length', '0')
    .send();
}

/** Blob uploads: start (or mount, or upload in one request), status, append a chunk, finish, cancel. */
export function registerBlobUploadRoutes(context: OciRouteContext): void {
  registerStartUpload(context);
  registerUploadStatus(context);
  registerAppendUpload(context);
  registerFinishUpload(context);
  registerCancelUpload(context);
}

function registerStartUpload(context: OciRouteContext): void {
  context.r.post(
    '/v2/:scope/:segment/:name/blobs/uploads/',
    {
      schema: {
        tags,
        operationId: 'ociStartUpload',
        summary:
          'Start an upload (202, Location); ?digest= uploads monolithically (201); ?mount=&from= mounts from another repository (201)',
        params: RepositoryParams,
        querystring: Type.Object({
          digest: Type.Optional(Type.String({ maxLength: 135 })),
          mount: Type.Optional(Type.String({ maxLength: 135 })),
          from: Type.Optional(Type.String({ maxLength: 300 })),
        }),
      },
      config: { access: { oci: 'push' } },
      onRequest: requireByteBody,
    },
    async (request, reply) => startUpload(context, request, reply, request.query),
  );
}

/** A mount when the source is readable and holds the blob; otherwise a session, finished at once when `digest` is given. */
async function startUpload(
  { oci, repository }: OciRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  query: { digest?: string | undefined; mount?: string | undefined; from?: string | undefined },
): Promise<FastifyReply> {
  const repo = await repository(request);
  const { mount, from, digest } = query;
  if (mount !== undefined && from !== undefined) {
    const source = await mountSource(oci, request, from);
    if (source !== undefined && (await oci.mountBlob(repo, mount, source, principalOf(request))))
      return blobCreated(reply, repo.name, mount);
  }
  const session = await oci.startUpload(repo, principalOf(request));
  if (digest !== undefined) {
    const blob = await oci.finishUpload(repo, {
      id: session.id,
      digest,
      actor: principalOf(request),
      body: hasBody(request) ? (request.body as Readable) : undefined,
      start: undefined,
    });
    return blobCreated(reply, repo.name, blob.digest);
  }
  return uploadHeaders(reply.status(202), repo.name, session.id, 0).header('content-length', '0').send();
}

function registerUploadStatus({ r, oci, repository }: OciRouteContext): void {
  r.get(
    uploadUrl,
    {
      schema: {
        tags,
        operationId: 'ociGetUpload',
        summary: 'Where an upload stands (204, Range)',
        params: UploadParams,
      },
      config: { access: { oci: 'push' } },
    },
    async (request, reply) => {
      const repo = await repository(request);
      const session = await oci.uploadStatus(repo, request.params.id);
      return uploadHeaders(reply.status(204), repo.name, session.id, Number(session.offset)).send();
    },
  );
}

function registerAppendUpload({ r, oci, repository }: OciRouteContext): void {
  r.patch(
    uploadUrl,
    {
      schema: {
        tags,
        operationId: 'ociAppendUpload',
        summary: 'Append a chunk (Content-Range start-end, or streamed); out of order → 416 with Range',
        params: UploadParams,
      },
      config: { access: { oci: 'push' } },
      onRequest: requireByteBody,
    },
    async (request, reply) => {
      const repo = await repository(request);
      const range = parseContentRange(request.headers['content-range']);
      const declared = range === undefined ? undefined : range.end - range.start + 1;
      const session = await oci.appendUpload(repo, {
        id: request.params.id,
        start: range?.start,
        body: request.body as Readable,
        declaredLength: declared,
      });
      return uploadHeaders(reply.status(202), repo.name, session.id, Number(session.offset))
        .header('content-length', '0')
        .send();
    },
  );
}

function registerFinishUpload({ r, oci, repository }: OciRouteContext): void {
  r.put(
    uploadUrl,
    {
      schema: {
        tags,
        operationId: 'ociFinishUpload',
        summary: 'Finish an upload with ?digest= (and an optional last chunk): 201, Location of the blob',
        params: UploadParams,
        querystring: Type.Object({ digest: Type.String({ maxLength: 135 }) }),
      },
      config: { access: { oci: 'push' } },
      onRequest: requireByteBody,
    },
    async (request, reply) => {
      const repo = await repository(request);
      const range = parseContentRange(request.headers['content-range']);
      const blob = await oci.finishUpload(repo, {
        id: request.params.id,
        digest: request.query.digest,
        actor: principalOf(request),
        body: hasBody(request) ? (request.body as Readable) : undefined,
        start: range?.start,
      });
      return blobCreated(reply, repo.name, blob.digest);
    },
  );
}

function registerCancelUpload({ r, oci, repository }: OciRouteContext): void {
  r.delete(
    uploadUrl,
    {
      schema: {
        tags,
        operationId: 'ociCancelUpload',
        summary: 'Cancel an upload; its bytes are removed (204)',
        params: UploadParams,
      },
      config: { access: { oci: 'push' } },
    },
    async (request, reply) => {
      await oci.cancelUpload(await repository(request), request.params.id, principalOf(request));
      return reply.status(204).send();
    },
  );
}

/** The repository a mount copies from, when the caller may read it; otherwise the client just uploads. */
async function mountSource(oci: OciService, request: FastifyRequest, from: string): Promise<OciRepository | undefined> {
  const parts = from.split('/');
  if (parts.length !== 3) return undefined;
  try {
    const name = parseRepositoryName(parts[0] ?? '', parts[1] ?? '', parts[2] ?? '');
    const scope = await oci.resolveScope(name.scope);
    if (
      !accessOf(request).allows(scope.kind === 'registry' ? 'registries/assets/read' : 'workspaces/assets/read', {
        kind: scope.kind,
        name: scope.name,
      })
    )
      return undefined;
    return await oci.repository(name, scope);
  } catch (error) {
    if (error instanceof ArcaError && error.status < 500) return undefined;
    throw error;
  }
}
