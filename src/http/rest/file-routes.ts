import { Type } from '@sinclair/typebox';
import { assetTypeSegments, servedAssetTypes, type AssetType } from '../../core/asset-types.js';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { AssetService } from '../../services/assets/assets.js';
import { servedRange } from '../../core/byte-ranges.js';
import { markServedFrom } from '../served-from.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { capitalise } from './operation-ids.js';

const FileParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  version: Type.String({ maxLength: 256 }),
  '*': Type.String({ maxLength: 4096 }),
});
const binary = { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
const FileQuery = Type.Object(
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
);

/**
 * File downloads of one scope kind, for every served asset type: one file (ranges, ETags, presigned
 * redirects) or the whole version as a tar archive.
 */
export function registerFileRoutes(r: TypedRouter, assets: AssetService, kind: ScopeKind): void {
  for (const type of servedAssetTypes) {
    registerDownloadFile(r, assets, kind, type);
    registerDownloadArchive(r, assets, kind, type);
  }
}

const VersionArchiveParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  version: Type.String({ maxLength: 256 }),
});

function registerDownloadArchive(r: TypedRouter, assets: AssetService, kind: ScopeKind, type: AssetType): void {
  r.get(
    `/api/v1/${scopeSegments[kind]}/:scope/${assetTypeSegments[type]}/:name/versions/:version/download`,
    {
      schema: {
        tags: [assetTypeSegments[type]],
        operationId: `downloadArchive${capitalise(kind)}${capitalise(type)}`,
        summary: 'Download every file of a version as one tar archive (POSIX ustar + PAX), verified as it streams',
        description:
          'Files in their listed order under their paths, streamed file after file. Each file is checked against its ' +
          'digest as it passes: a damaged blob cuts the archive off (the response ends early; the server logs ' +
          'BlobDamaged) rather than completing it with wrong bytes. A version with no files is an empty archive.',
        params: VersionArchiveParams,
        querystring: FileQuery,
        response: {
          200: { content: { 'application/x-tar': { schema: { type: 'string', format: 'binary' } } } },
          ...errorResponses,
        },
      },
      config: { access: { permission: `${scopeSegments[kind]}/assets/read`, scope: { kind, param: 'scope' } } },
    },
    async (request, reply) => {
      const { scope, name, version } = request.params;
      const archive = await assets.openArchive({ scopeKind: kind, scope, type, name, version }, request.query.region);
      return reply
        .status(200)
        .type('application/x-tar')
        .header('content-disposition', `attachment; filename="${archive.filename}"`)
        .header('cache-control', 'no-store')
        .send(archive.stream);
    },
  );
}

function registerDownloadFile(r: TypedRouter, assets: AssetService, kind: ScopeKind, type: AssetType): void {
  r.get(
    `/api/v1/${scopeSegments[kind]}/:scope/${assetTypeSegments[type]}/:name/versions/:version/files/*`,
    {
      schema: {
        tags: [assetTypeSegments[type]],
        operationId: `downloadFile${capitalise(kind)}${capitalise(type)}`,
        summary: 'Download one file of a version (Range → 206; ETag is the digest)',
        params: FileParams,
        querystring: FileQuery,
        response: {
          200: binary,
          206: binary,
          307: {
            description: 'Redirect to a presigned URL of the store (presignDownloadsSeconds > 0, S3 or Azure regions)',
            type: 'null',
          },
          ...errorResponses,
        },
      },
      config: { access: { permission: `${scopeSegments[kind]}/assets/read`, scope: { kind, param: 'scope' } } },
    },
    async (request, reply) => {
      const { scope, name, version } = request.params;
      const locator = { scopeKind: kind, scope, type, name, version };
      const header = request.headers.range;
      // Stores that presign (S3, Azure) serve whole-file downloads directly when the server is told to.
      const redirect =
        header === undefined ? await assets.fileUrl(locator, request.params['*'], request.query.region) : undefined;
      if (redirect !== undefined)
        return reply
          .status(307)
          .header('location', redirect.url)
          .header('x-arca-region', redirect.servedFrom)
          .header('cache-control', 'no-store')
          .send();
      const read = await assets.openFile(
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
