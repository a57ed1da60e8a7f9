import { principalOf } from '../auth.js';
import { servedRange } from '../../core/byte-ranges.js';
import { markServedFrom } from '../served-from.js';
import { BlobParams, tags, type OciRouteContext } from './oci-route-context.js';

const blobUrl = '/v2/:scope/:segment/:name/blobs/:digest';

/** Pull (with ranges), stat and delete one blob of a repository. */
export function registerBlobRoutes(context: OciRouteContext): void {
  registerGetBlob(context);
  registerHeadBlob(context);
  registerDeleteBlob(context);
}

function registerGetBlob({ r, oci, repository }: OciRouteContext): void {
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
}

function registerHeadBlob({ r, oci, repository }: OciRouteContext): void {
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
}

function registerDeleteBlob({ r, oci, repository }: OciRouteContext): void {
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
}
