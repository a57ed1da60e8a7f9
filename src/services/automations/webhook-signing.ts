/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): a `whsec_` secret of random bytes,
 * and `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, one per secret
 * (two while a secret is being rotated), separated by spaces.
 */

import { createHmac, randomBytes } from 'node:crypto';

const prefix = 'whsec_';
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A new secret: `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return prefix + randomBytes(32).toString('base64');
}

/** Whether `text` is a `whsec_` secret holding 24 to 64 bytes (the range Standard Webhooks allows). */
export function isWebhookSecret(text: string): boolean {
  if (!text.startsWith(prefix)) return false;
  const encoded = text.slice(prefix.length);
  if (!base64.test(encoded)) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

function secretKey(secret: string): Buffer {
  if (!isWebhookSecret(secret)) throw new Error('a webhook secret is whsec_ followed by the base64 of 24–64 bytes');
  return Buffer.from(secret.slice(prefix.length), 'base64');
}

/** One signature: `v1,` and the base64 HMAC-SHA256 of `{id}.{timestampSeconds}.{body}`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`, 'utf8');
  return `v1,${mac.digest('base64')}`;
}

/** The `webhook-signature` value: a signature per secret, separated by spaces (both during a rotation). */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  if (secrets.length === 0) throw new Error('a webhook is signed with at least one secret');
  return secrets.map((secret) => signWebhook(secret, id, timestampSeconds, body)).join(' ');
}
