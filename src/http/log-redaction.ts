import type { FastifyRequest } from 'fastify';
import { compact } from '../core/compact.js';
import { ArcaError } from '../core/errors.js';

const redacted = '[redacted]';
/** An Arca token (`arca_` and 43 base64url characters), or a long enough piece of one to matter. */
const tokenShaped = /arca_[A-Za-z0-9_-]{16,}/g;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Path prefixes whose next segment names a credential: anything there but a token id is taken for a secret. */
const credentialSegments = new Set(['/api/v1/tokens']);

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A request path fit for logs and error messages: the query string is dropped (it may carry a
 * `?token=` a client put there), a segment holding an Arca token (`arca_…`) is replaced by
 * `[redacted]`, and so is anything but a token id after `/api/v1/tokens/` (a secret pasted where its
 * id belongs).
 */
export function redactedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      if (new RegExp(tokenShaped.source).test(decoded(segment))) return redacted;
      const parent = segments.slice(0, i).join('/');
      if (credentialSegments.has(parent) && segment !== '' && !uuidPattern.test(segment)) return redacted;
      return segment;
    })
    .join('/');
}

/**
 * How a request appears in the server log (Fastify's `req` serializer, with the URL redacted): the
 * log is read by more people than the tokens it would otherwise hold.
 */
export function requestLogView(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactedPath(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Text with every token-shaped string replaced by `arca_[redacted]`. */
export function redactSecrets(text: string): string {
  return text.replace(tokenShaped, `arca_${redacted}`);
}

/**
 * The error as it may be sent: a message (or detail) that quotes what the caller sent can quote a
 * token pasted into a name or a field, and an answer must never carry one back.
 */
export function withoutSecrets(error: ArcaError): ArcaError {
  const message = redactSecrets(error.message);
  const details = error.details?.map((detail) => ({ ...detail, message: redactSecrets(detail.message) }));
  if (message === error.message && (details ?? []).every((detail, i) => detail.message === error.details?.[i]?.message))
    return error;
  return new ArcaError(error.code, message, {
    ...(error.target === undefined ? {} : { target: redactSecrets(error.target) }),
    ...compact({ details }),
    context: { ...error.context },
    cause: error,
  });
}
