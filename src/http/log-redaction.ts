import type { FastifyRequest } from 'fastify';
import { compact } from '../core/compact.js';
import { ArcaError } from '../core/errors.js';

const redacted = '[redacted]';
/** An Arca token (`arca_` and 43 base64url characters), or a long enough piece of one to matter. */
const tokenShaped = /arca_[A-Za-z0-9_-]{16,}/g;
/** The same test for one piece of text (no `g` flag: no `lastIndex` carried between calls). */
const holdsToken = new RegExp(tokenShaped.source);
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
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  // Logged for every request: most paths hold no token and no credential segment, and are returned as they are.
  if (!path.includes('/api/v1/tokens/') && !holdsToken.test(path) && !path.includes('%')) return path;
  const segments = path.split('/');
  let parent = '';
  return segments
    .map((segment, i) => {
      const shown =
        holdsToken.test(decoded(segment)) ||
        (credentialSegments.has(parent) && segment !== '' && !uuidPattern.test(segment))
          ? redacted
          : segment;
      parent = i === 0 ? segment : `${parent}/${segment}`;
      return shown;
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
