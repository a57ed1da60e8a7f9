import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Readable } from 'node:stream';
import { servedRange } from '../../core/byte-ranges.js';
import { ArcaError } from '../../core/errors.js';
import { nameKey, scopeSegments } from '../../core/names.js';
import { ociIndexMediaType, parseRepositoryName, type RepositoryName } from '../../core/oci.js';
import type { IdentityService } from '../../services/access/identity.js';
import type { CatalogScope } from '../../services/oci/oci-catalog.js';
import type { OciRepository, OciService } from '../../services/oci/oci.js';
import { accessOf, principalOf } from '../auth.js';
import { requireByteBody } from '../byte-body.js';
import { markServedFrom } from '../served-from.js';
import { parseContentRange } from '../rest/upload-routes.js';
import { parseTokenScopes } from './oci-auth.js';

const RepoParams = {
  scope: Type.String({ maxLength: 128 }),
  segment: Type.String({ maxLength: 32 }),
  name: Type.String({ maxLength: 255 }),
};
const BlobParams = Type.Object({ ...RepoParams, digest: Type.String({ maxLength: 135 }) });
const UploadParams = Type.Object({ ...RepoParams, id: Type.String({ maxLength: 64 }) });
const ManifestParams = Type.Object({ ...RepoParams, reference: Type.String({ maxLength: 135 }) });
const RepositoryParams = Type.Object(RepoParams);
const tags = ['oci'];
/** Session tokens from `/v2/token` live this long (clients ask again when one expires). */
const sessionTokenSeconds = 300;
const maxTagsPage = 1000;
/** The most repositories one `/v2/_catalog` page lists (a larger `n` is refused: 400). */
const maxCatalogPage = 1000;

function repositoryPath(name: RepositoryName): string {
  return `/v2/${name.full}`;
}

function uploadHeaders(reply: FastifyReply, name: RepositoryName, id: string, offset: number): FastifyReply {
  return reply
    .header('location', `${repositoryPath(name)}/blobs/uploads/${id}`)
    .header('range', `0-${Math.max(0, offset - 1)}`)
    .header('docker-upload-uuid', id);
}

function hasBody(request: FastifyRequest): boolean {
  return Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
}

/**
 * The OCI Distribution API (v1.1) at `/v2/`: repositories are `<registry-or-workspace>/<type>/<name>`;
 * errors use the spec's envelope and codes; every route is guarded by the OCI rule of `auth.ts`.
 */
export function registerOciRoutes(
  app: FastifyInstance,
  services: { oci: OciService; identity: IdentityService; publicUrl: string | undefined },
): void {
  const { oci } = services;
  const repository = (request: FastifyRequest): Promise<OciRepository> => {
    const params = request.params as Record<string, string>;
    const name =
      request.ociName ?? parseRepositoryName(params['scope'] ?? '', params['segment'] ?? '', params['name'] ?? '');
    return oci.repository(name, request.ociScope);
  };

  void app.register(async (scoped) => {
    // Blob chunks and manifests arrive as raw bytes of any content type; they are never parsed as JSON here.
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scoped.addHook('onRequest', async (_request, reply) => {
      void reply.header('docker-distribution-api-version', 'registry/2.0');
    });
    const r = scoped.withTypeProvider<TypeBoxTypeProvider>();

    r.get(
      '/v2/',
      {
        schema: {
          tags,
          operationId: 'ociBase',
          summary: 'OCI base endpoint: 200 with a valid token, otherwise 401 with the token-flow challenge',
        },
        config: { access: { oci: 'login' } },
      },
      async (_request, reply) => reply.type('application/json').send({}),
    );

    r.get(
      '/v2/_catalog',
      {
        schema: {
          tags,
          operationId: 'ociCatalog',
          summary:
            'Repositories of the registries and workspaces the caller can read, in lexical order; n (at most 1000) and last page through them (Link header)',
          querystring: Type.Object({
            n: Type.Optional(Type.Integer({ minimum: 0, maximum: maxCatalogPage })),
            last: Type.Optional(Type.String({ maxLength: 255 })),
          }),
        },
        config: { access: { oci: 'login' } },
      },
      async (request, reply) => {
        const access = accessOf(request);
        const n = request.query.n ?? maxCatalogPage;
        const canRead = (scope: CatalogScope) => access.allows(`${scopeSegments[scope.kind]}/assets/read`, scope);
        const page = n === 0 ? { repositories: [], more: false } : await oci.catalog(canRead, n, request.query.last);
        const last = page.repositories.at(-1);
        if (page.more && last !== undefined)
          void reply.header('link', `</v2/_catalog?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`);
        return reply.type('application/json').send({ repositories: page.repositories });
      },
    );

    r.get(
      '/v2/token',
      {
        schema: {
          tags,
          operationId: 'ociToken',
          summary:
            'Docker token flow: Basic auth with an Arca token as the password → a short-lived token for the requested scopes',
          querystring: Type.Object({
            service: Type.Optional(Type.String({ maxLength: 128 })),
            scope: Type.Optional(
              Type.Union([
                Type.String({ maxLength: 1024 }),
                Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 32 }),
              ]),
            ),
            account: Type.Optional(Type.String({ maxLength: 256 })),
            client_id: Type.Optional(Type.String({ maxLength: 256 })),
            offline_token: Type.Optional(Type.String({ maxLength: 16 })),
          }),
        },
        config: { access: { oci: 'login' } },
      },
      async (request, reply) => {
        const requested = parseTokenScopes([request.query.scope ?? []].flat());
        const readOnly = requested.length > 0 && requested.every((s) => s.actions.every((a) => a === 'pull'));
        const scopeNames = new Set(requested.map((s) => nameKey(s.repository.split('/')[0] ?? '')));
        let grantScope: { kind: 'registry' | 'workspace'; key: string } | undefined;
        if (scopeNames.size === 1) {
          const scope = await oci.resolveScope([...scopeNames][0] ?? '').catch(() => undefined);
          if (scope !== undefined) grantScope = { kind: scope.kind, key: scope.name_key };
        }
        const issued = await services.identity.issueSessionToken(
          principalOf(request),
          { readOnly, ...(grantScope ? { scope: grantScope } : {}) },
          sessionTokenSeconds,
        );
        return reply.header('cache-control', 'no-store').send({
          token: issued.token,
          access_token: issued.token,
          expires_in: Math.round((Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt)) / 1000),
          issued_at: issued.issuedAt,
        });
      },
    );

    // Blobs
    const blobUrl = '/v2/:scope/:segment/:name/blobs/:digest';
    r.get(
      blobUrl,
      {
        exposeHeadRoute: false,
        schema: { tags, operationId: 'ociGetBlob', summary: 'Pull a blob (Range → 206)', params: BlobParams },
        config: { access: { oci: 'pull' } },
      },
      async (request, reply) => {
        const header = request.headers.range;
        const read = await oci.readBlob(
          await repository(request),
          request.params.digest,
          header === undefined ? undefined : (size) => servedRange(header, size, 'blob'),
        );
        void reply
          .header('docker-content-digest', read.digest)
          .header('etag', `"${read.digest}"`)
          .header('accept-ranges', 'bytes')
          .type('application/octet-stream');
        markServedFrom(reply, read);
        if (read.range) {
          return reply
            .status(206)
            .header('content-range', `bytes ${read.range.start}-${read.range.end}/${read.size}`)
            .header('content-length', String(read.range.end - read.range.start + 1))
            .send(read.stream);
        }
        return reply.header('content-length', String(read.size)).send(read.stream);
      },
    );
    r.head(
      blobUrl,
      {
        schema: {
          tags,
          operationId: 'ociHeadBlob',
          summary: 'Does the repository hold a blob (size in Content-Length)',
          params: BlobParams,
        },
        config: { access: { oci: 'pull' } },
      },
      async (request, reply) => {
        const blob = await oci.statBlob(await repository(request), request.params.digest);
        return reply
          .header('docker-content-digest', blob.digest)
          .header('content-length', String(blob.size))
          .header('accept-ranges', 'bytes')
          .type('application/octet-stream')
          .send();
      },
    );
    r.delete(
      blobUrl,
      {
        schema: {
          tags,
          operationId: 'ociDeleteBlob',
          summary: 'Remove a blob from the repository (202)',
          params: BlobParams,
        },
        config: { access: { oci: 'delete' } },
      },
      async (request, reply) => {
        await oci.deleteBlob(await repository(request), request.params.digest, principalOf(request));
        return reply.status(202).header('content-length', '0').send();
      },
    );

    // Uploads
    r.post(
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
      async (request, reply) => {
        const repo = await repository(request);
        const { mount, from, digest } = request.query;
        if (mount !== undefined && from !== undefined) {
          const source = await mountSource(oci, request, from);
          if (source !== undefined && (await oci.mountBlob(repo, mount, source, principalOf(request)))) {
            return reply
              .status(201)
              .header('location', `${repositoryPath(repo.name)}/blobs/${mount}`)
              .header('docker-content-digest', mount)
              .header('content-length', '0')
              .send();
          }
        }
        const session = await oci.startUpload(repo, principalOf(request));
        if (digest !== undefined) {
          const blob = await oci.finishUpload(
            repo,
            session.id,
            digest,
            principalOf(request),
            hasBody(request) ? (request.body as Readable) : undefined,
            undefined,
          );
          return reply
            .status(201)
            .header('location', `${repositoryPath(repo.name)}/blobs/${blob.digest}`)
            .header('docker-content-digest', blob.digest)
            .header('content-length', '0')
            .send();
        }
        return uploadHeaders(reply.status(202), repo.name, session.id, 0).header('content-length', '0').send();
      },
    );
    const uploadUrl = '/v2/:scope/:segment/:name/blobs/uploads/:id';
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
        const session = await oci.appendUpload(
          repo,
          request.params.id,
          range?.start,
          request.body as Readable,
          declared,
        );
        return uploadHeaders(reply.status(202), repo.name, session.id, Number(session.offset))
          .header('content-length', '0')
          .send();
      },
    );
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
        const blob = await oci.finishUpload(
          repo,
          request.params.id,
          request.query.digest,
          principalOf(request),
          hasBody(request) ? (request.body as Readable) : undefined,
          range?.start,
        );
        return reply
          .status(201)
          .header('location', `${repositoryPath(repo.name)}/blobs/${blob.digest}`)
          .header('docker-content-digest', blob.digest)
          .header('content-length', '0')
          .send();
      },
    );
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

    // Manifests
    const manifestUrl = '/v2/:scope/:segment/:name/manifests/:reference';
    const sendManifest = async (request: FastifyRequest, reply: FastifyReply, withBody: boolean) => {
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
    };
    r.get(
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
      async (request, reply) => sendManifest(request, reply, true),
    );
    r.head(
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
      async (request, reply) => sendManifest(request, reply, false),
    );
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
        const mayMoveAliases = accessOf(request).allows(
          `${scopeSegments[repo.scope.kind]}/assets/aliases/write`,
          where,
        );
        const pushed = await oci.putManifest(
          repo,
          request.params.reference,
          bytes,
          request.headers['content-type'],
          principalOf(request),
          { mayMoveAliases },
        );
        if (pushed.subject !== undefined) void reply.header('oci-subject', pushed.subject);
        return reply
          .status(201)
          .header('location', `${repositoryPath(repo.name)}/manifests/${pushed.digest}`)
          .header('docker-content-digest', pushed.digest)
          .header('content-length', '0')
          .send();
      },
    );
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

    r.get(
      '/v2/:scope/:segment/:name/tags/list',
      {
        schema: {
          tags,
          operationId: 'ociListTags',
          summary: 'Tags (and version labels) in lexical order; n and last page through them (Link header)',
          params: RepositoryParams,
          querystring: Type.Object({
            n: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
            last: Type.Optional(Type.String({ maxLength: 128 })),
          }),
        },
        config: { access: { oci: 'pull' } },
      },
      async (request, reply) => {
        const repo = await repository(request);
        const n = Math.min(request.query.n ?? maxTagsPage, maxTagsPage);
        const page = n === 0 ? { tags: [], more: false } : await oci.tags(repo, n, request.query.last);
        const last = page.tags.at(-1);
        if (page.more && last !== undefined)
          void reply.header(
            'link',
            `<${repositoryPath(repo.name)}/tags/list?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`,
          );
        return reply.type('application/json').send({ name: repo.name.full, tags: page.tags });
      },
    );

    r.get(
      '/v2/:scope/:segment/:name/referrers/:digest',
      {
        schema: {
          tags,
          operationId: 'ociListReferrers',
          summary: 'Manifests whose subject is the digest, as an OCI image index (artifactType filters)',
          params: BlobParams,
          querystring: Type.Object({ artifactType: Type.Optional(Type.String({ maxLength: 255 })) }),
        },
        config: { access: { oci: 'pull' } },
      },
      async (request, reply) => {
        const { digest } = request.params;
        if (!/^sha256:[0-9a-f]{64}$/.test(digest))
          throw new ArcaError('DigestInvalid', `${JSON.stringify(digest)} is not sha256:<64 lowercase hex>`, {
            target: 'digest',
          });
        const manifests = await oci.referrers(await repository(request), digest, request.query.artifactType);
        if (request.query.artifactType !== undefined) void reply.header('oci-filters-applied', 'artifactType');
        return reply
          .header('content-type', ociIndexMediaType)
          .send(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: ociIndexMediaType, manifests })));
      },
    );
  });
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
