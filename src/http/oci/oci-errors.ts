import type { FastifyReply, FastifyRequest } from 'fastify';
import { compact } from '../../core/compact.js';
import { type ArcaError, ociCodeOf } from '../../core/errors.js';
import { challengeScope } from './oci-auth.js';

export function isOciRequest(request: FastifyRequest): boolean {
  return request.url === '/v2' || request.url.startsWith('/v2/') || request.url.startsWith('/v2?');
}

function baseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  return (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

/** The challenge an unauthenticated OCI client follows: Basic at the token endpoint, the Docker token flow elsewhere. */
export function ociChallenge(request: FastifyRequest, publicUrl: string | undefined): string {
  if (request.url.startsWith('/v2/token')) return 'Basic realm="arca"';
  const scope = challengeScope(request);
  return `Bearer realm="${baseUrl(request, publicUrl)}/v2/token",service="arca"${scope === undefined ? '' : `,scope="${scope}"`}`;
}

/** Sends an error the way the OCI spec does: `{"errors": [{code, message, detail}]}`. */
export function sendOciError(
  request: FastifyRequest,
  reply: FastifyReply,
  arca: ArcaError,
  publicUrl: string | undefined,
): FastifyReply {
  if (arca.code === 'Unauthenticated') void reply.header('www-authenticate', ociChallenge(request, publicUrl));
  const detail = {
    ...compact({ target: arca.target, details: arca.details }),
    arcaCode: arca.code,
  };
  void reply.header('docker-distribution-api-version', 'registry/2.0');
  // An out-of-order chunk: where the upload stands, so the client resumes there.
  const offset = arca.context['offset'];
  if (typeof offset === 'number') {
    void reply.header('range', `0-${Math.max(0, offset - 1)}`);
    if (request.url.includes('/blobs/uploads/'))
      void reply
        .header('location', request.url.split('?')[0] ?? '')
        .header('docker-upload-uuid', request.url.split('?')[0]?.split('/').at(-1) ?? '');
  }
  const size = arca.context['size'];
  if (arca.code === 'RangeInvalid' && typeof size === 'number') void reply.header('content-range', `bytes */${size}`);
  return reply
    .status(arca.status)
    .type('application/json; charset=utf-8')
    .send({ errors: [{ code: ociCodeOf(arca.code), message: arca.message, detail }] });
}
