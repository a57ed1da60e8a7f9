import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { scopeSegments } from '../../core/names.js';
import { accessOf, principalOf } from '../auth.js';
import { markServedFrom } from '../served-from.js';
import { ManifestParams, repositoryPath, tags, type OciRouteContext } from './oci-route-context.js';

const manifestUrl = '/v2/:scope/:segment/:name/manifests/:reference';

/** Pull, stat, push and delete manifests (by tag, version label, alias or digest). */
export function registerManifestRoutes(context: OciRouteContext): void {
  registerGetManifest(context);
  registerHeadManifest(context);
  registerPutManifest(context);
  registerDeleteManifest(context);
}

async function sendManifest(
  { oci, repository }: OciRouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  withBody: boolean,
): Promise<FastifyReply> {
  const manifest = await oci.getManifest(
    await repository(request),
    (request.params as { reference: string }).reference,
    withBody,
  );
  void reply
    .header('docker-content-digest', manifest.digest)
    .header('etag', `"${manifest.digest}"`)
    .header('content-length', String(manifest.size))
    .type(manifest.mediaType);
  markServedFrom(reply, manifest);
  return withBody ? reply.send(manifest.stream) : reply.send();
}

function registerGetManifest(context: OciRouteContext): void {
  context.r.get(
    manifestUrl,
    {
      exposeHeadRoute: false,
      schema: {
        tags,
        operationId: 'ociGetManifest',
        summary: 'Pull a manifest by tag, version label, alias or digest',
        params: ManifestParams,
      },
      config: { access: { oci: 'pull' } },
    },
    async (request, reply) => sendManifest(context, request, reply, true),
  );
}

function registerHeadManifest(context: OciRouteContext): void {
  context.r.head(
    manifestUrl,
    {
      schema: {
        tags,
        operationId: 'ociHeadManifest',
        summary: 'Does the repository hold a manifest (digest in Docker-Content-Digest)',
        params: ManifestParams,
      },
      config: { access: { oci: 'pull' } },
    },
    async (request, reply) => sendManifest(context, request, reply, false),
  );
}

function registerPutManifest({ r, oci, repository }: OciRouteContext): void {
  r.put(
    manifestUrl,
    {
      schema: {
        tags,
        operationId: 'ociPutManifest',
        summary:
          'Push a manifest (image, index, Docker v2 schema 2 or list; at most 4 MiB): 201, OCI-Subject when it has a subject',
        params: ManifestParams,
      },
      config: { access: { oci: 'push' } },
    },
    async (request, reply) => {
      const repo = await repository(request);
      const bytes = await oci.readManifestBody(request.body as Readable);
      const where = { kind: repo.scope.kind, name: repo.scope.name };
      const mayMoveAliases = accessOf(request).allows(`${scopeSegments[repo.scope.kind]}/assets/aliases/write`, where);
      const pushed = await oci.putManifest({
        repo,
        reference: request.params.reference,
        bytes,
        contentType: request.headers['content-type'],
        actor: principalOf(request),
        options: { mayMoveAliases },
      });
      if (pushed.subject !== undefined) void reply.header('oci-subject', pushed.subject);
      return reply
        .status(201)
        .header('location', `${repositoryPath(repo.name)}/manifests/${pushed.digest}`)
        .header('docker-content-digest', pushed.digest)
        .header('content-length', '0')
        .send();
    },
  );
}

function registerDeleteManifest({ r, oci, repository }: OciRouteContext): void {
  r.delete(
    manifestUrl,
    {
      schema: {
        tags,
        operationId: 'ociDeleteManifest',
        summary: 'Delete a manifest by digest, or a tag (202)',
        params: ManifestParams,
      },
      config: { access: { oci: 'delete' } },
    },
    async (request, reply) => {
      await oci.deleteManifest(await repository(request), request.params.reference, principalOf(request));
      return reply.status(202).header('content-length', '0').send();
    },
  );
}
