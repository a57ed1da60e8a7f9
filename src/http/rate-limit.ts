import { isIPv6 } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { arcaError } from '../core/errors.js';
import { bearerSecretOf, hashToken, type PresentedCredential } from '../services/access/identity.js';
import { installRouteConfig, routePatternOf } from './route-config.js';
import { sessionSecretOf } from './studio-session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The credential a request presented, hashed once by the limiter (see `noteOutcome`); authentication
     * reuses the hash rather than taking it again.
     */
    arcaPresentedCredential: PresentedCredential | null;
  }
}

export interface UnauthenticatedRateLimitOptions {
  /** Requests per minute one source may send without a valid token; 0 turns the limit off. */
  perMinute: number;
  /** Sources tracked at once (the oldest window is dropped beyond it): memory stays bounded. */
  maxSources?: number;
  /** Credentials remembered as valid (least recently seen dropped beyond it). */
  maxVerified?: number;
  /** Milliseconds since the epoch; tests may inject a clock. */
  now?: () => number;
}

const windowMs = 60_000;
/**
 * Routes never counted: probes of a load balancer or orchestrator must never be refused, and the
 * studio's files and pages (routes `/` and `/*`) are static and cost no database work.
 */
const exemptRoutes = new Set(['/healthz', '/readyz', '/', '/*']);

/**
 * What a request presents as its credential, hashed: its Authorization header (a bearer token by the hash
 * stored of it; any other header by its own), else a studio session cookie. Undefined: none.
 */
function credentialOf(request: FastifyRequest): PresentedCredential | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined && authorization !== '') {
    const secret = bearerSecretOf(authorization);
    // Not a well-formed bearer: authentication refuses it; it is still one credential to count.
    return { carrier: 'bearer', hash: secret === undefined ? hashToken(authorization) : hashToken(secret) };
  }
  const session = sessionSecretOf(request.headers.cookie);
  return session === undefined ? undefined : { carrier: 'cookie', hash: hashToken(session) };
}

function isExempt(request: FastifyRequest): boolean {
  const route = routePatternOf(request);
  return route !== undefined && exemptRoutes.has(route);
}

interface Window {
  start: number;
  count: number;
}

/**
 * Bounds what callers without a valid token can make the server do: per source address (IPv6 by
 * its /64), at most `perMinute` requests a minute that carry no token or whose token was refused
 * (401). Past that, such requests are answered 429 `TooManyRequests` with `Retry-After` before any
 * database work: no token lookup, no audit record. A request whose credential already authenticated
 * on this server passes untouched, so a valid client is not slowed by a flood from its address. A studio
 * session cookie counts as a credential like a token; the studio's static files are not counted.
 * Install it after the metrics hooks and before `installAuth`.
 */
export function installUnauthenticatedRateLimit(app: FastifyInstance, options: UnauthenticatedRateLimitOptions): void {
  const limit = options.perMinute;
  if (limit <= 0) return;
  const maxSources = options.maxSources ?? 10_000;
  const maxVerified = options.maxVerified ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is window order: the first entry is always the oldest, and the one dropped.
  const windows = new Map<string, Window>();
  const verified = new Map<string, true>();

  const windowOf = (source: string, at: number): Window => {
    const current = windows.get(source);
    if (current !== undefined && at - current.start < windowMs) return current;
    windows.delete(source);
    if (windows.size >= maxSources) windows.delete(windows.keys().next().value as string);
    const fresh = { start: at, count: 0 };
    windows.set(source, fresh);
    return fresh;
  };

  /** The refusal of a request from a source past its limit, or undefined to let it through. */
  const refusalOf = (request: FastifyRequest): Error | undefined => {
    if (isExempt(request)) return undefined;
    const credential = credentialOf(request);
    if (credential !== undefined) {
      request.arcaPresentedCredential = credential;
      if (verified.has(verifiedKey(credential))) return undefined;
    }
    const at = now();
    const window = windowOf(sourceOf(request), at);
    if (window.count >= limit) {
      const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - at) / 1000));
      return arcaError(
        'TooManyRequests',
        { limit, retryAfter },
        {
          context: { retryAfter },
        },
      );
    }
    // Known to be unauthenticated now; a token is counted only once it has been refused.
    if (credential === undefined) window.count++;
    return undefined;
  };

  /** A refused token counts against its source; one that authenticated is remembered as valid. */
  const noteOutcome = (request: FastifyRequest, status: number): void => {
    // Set by `refusalOf` for every counted request that presented a credential: none means nothing to note.
    const credential = request.arcaPresentedCredential;
    if (credential === null) return;
    const key = verifiedKey(credential);
    if (status === 401) {
      windowOf(sourceOf(request), now()).count++;
    } else if (request.principal !== undefined) {
      verified.delete(key);
      if (verified.size >= maxVerified) verified.delete(verified.keys().next().value as string);
      verified.set(key, true);
    }
  };

  installRouteConfig(app);
  app.decorateRequest('arcaPresentedCredential', null);
  // Callback hooks: they run on every request, and a promise each would be pure overhead.
  app.addHook('onRequest', (request, _reply, done) => {
    const refusal = refusalOf(request);
    if (refusal === undefined) done();
    else done(refusal);
  });

  app.addHook('onResponse', (request, reply, done) => {
    noteOutcome(request, reply.statusCode);
    done();
  });
}

/** A credential is remembered by its hash (never in the clear) and how it came: a bearer is not a cookie. */
function verifiedKey(credential: PresentedCredential): string {
  return `${credential.carrier}:${credential.hash}`;
}

/** The client's address; an IPv6 client by its /64, the block one host usually holds. */
export function sourceOf(request: Pick<FastifyRequest, 'ip'>): string {
  const ip = request.ip;
  if (!isIPv6(ip) || ip.startsWith('::ffff:')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, '').toLowerCase())
    .join(':')}::/64`;
}
