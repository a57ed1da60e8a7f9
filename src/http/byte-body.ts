import type { FastifyInstance, FastifyRequest } from 'fastify';
import { arcaError } from '../core/errors.js';

/** The one media type upload bytes may declare (parameters such as `; charset=` are ignored). */
export const byteBodyType = 'application/octet-stream';

/**
 * Upload routes (REST sessions and `/v2/` blob uploads) take raw bytes only: `application/octet-stream`
 * or no `Content-Type` at all (an empty header counts as none; OCI clients send either). Any other type
 * would be decoded by a body parser (JSON into a string, a form into fields) before its bytes reached the
 * store, so it is refused with `UnsupportedMediaType` here, a route-level `onRequest` hook: after
 * authentication and authorisation, before the body is read or anything is written.
 */
export async function requireByteBody(request: FastifyRequest): Promise<void> {
  const declared = request.headers['content-type'];
  if (declared === undefined) return;
  const essence = (declared.split(';')[0] ?? '').trim().toLowerCase();
  if (essence === '' || essence === byteBodyType) return;
  const shown = declared.length > 100 ? `${declared.slice(0, 100)}…` : declared;
  throw arcaError(
    'UnsupportedMediaType',
    'uploadBytes',
    { mediaType: byteBodyType, shown },
    {
      target: 'Content-Type',
    },
  );
}

/**
 * Leaves every request body of a plugin scope as the raw stream, whatever its content type: upload chunks
 * and manifests stream straight into the store, never buffered, never decoded (the app's JSON parser would
 * turn a JSON string into text that is no longer the bytes sent).
 */
export function acceptRawBodies(scoped: FastifyInstance): void {
  scoped.removeAllContentTypeParsers();
  scoped.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

/** Whether the request carries a body (a length above zero, or chunked). */
export function hasBody(request: FastifyRequest): boolean {
  return Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
}
