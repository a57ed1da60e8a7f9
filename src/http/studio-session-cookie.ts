import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { arcaError } from '../core/errors.js';

/** The cookie that carries a studio session's secret (HttpOnly: no script ever reads it). */
export const sessionCookieName = 'arca_session';
/** The header a state-changing request authenticated by the cookie must carry. */
export const csrfHeader = 'x-arca-csrf';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session secret in a `Cookie` header, if there is one. */
export function sessionSecretOf(cookieHeader: string | undefined): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === sessionCookieName) return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The CSRF value of a session: derived from its secret, so it is bound to that session, needs no storage,
 * and is the same in every replica. A page on another origin can neither read the cookie nor this value.
 */
export function csrfValueOf(secret: string): string {
  return createHash('sha256').update(`arca-studio-csrf:${secret}`, 'utf8').digest('base64url');
}

/** Refuses a state-changing request without the session's CSRF header (compared in constant time). */
export function requireCsrf(request: FastifyRequest, secret: string): void {
  if (safeMethods.has(request.method)) return;
  const given = request.headers[csrfHeader];
  if (typeof given !== 'string' || given === '') throw arcaError('CsrfTokenInvalid', {});
  const expected = Buffer.from(csrfValueOf(secret));
  const presented = Buffer.from(given);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
    throw arcaError('CsrfTokenInvalid', 'mismatch', {});
}

/** Whether cookies set for this request need `Secure`: it came over TLS, or the public URL is https. */
export function secureCookies(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return request.protocol === 'https' || (publicUrl?.startsWith('https:') ?? false);
}

/** The `Set-Cookie` value that stores a session for `maxAgeSeconds`. */
export function sessionCookie(secret: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${sessionCookieName}=${secret}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
