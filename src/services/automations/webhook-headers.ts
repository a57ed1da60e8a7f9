/** The check of an automation's own webhook headers, when it is saved (and again before each send). */

import { arcaError } from '../../core/errors.js';

const maxHeaders = 20;
const maxNameLength = 64;
const maxValueLength = 1024;
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const reservedNames = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'user-agent',
  'expect',
  'trailer',
  'keep-alive',
]);

function isReserved(lowerName: string): boolean {
  return reservedNames.has(lowerName) || lowerName.startsWith('webhook-') || lowerName.startsWith('proxy-');
}

/**
 * The check of an automation's headers when it is saved: at most 20, names HTTP tokens of at most 64
 * characters and none Arca or HTTP set, values at most 1024 printable ASCII characters. Throws
 * WebhookHeaderInvalid naming the header.
 */
export function validateWebhookHeaders(headers: Readonly<Record<string, unknown>>): void {
  const names = Object.keys(headers);
  const target = 'webhook.headers';
  if (names.length > maxHeaders)
    throw arcaError('WebhookHeaderInvalid', 'tooMany', { max: maxHeaders, count: names.length }, { target });
  const seen = new Set<string>();
  for (const name of names) {
    const at = { target: `${target}.${name}` };
    if (name.length > maxNameLength || !token.test(name))
      throw arcaError('WebhookHeaderInvalid', 'notToken', { name }, at);
    const lower = name.toLowerCase();
    if (isReserved(lower)) throw arcaError('WebhookHeaderInvalid', 'reserved', { name }, at);
    if (seen.has(lower)) throw arcaError('WebhookHeaderInvalid', 'duplicate', { name }, at);
    seen.add(lower);
    const value = headers[name];
    if (typeof value !== 'string') throw arcaError('WebhookHeaderInvalid', { name, problem: 'must be a string' }, at);
    if (value.length > maxValueLength)
      throw arcaError('WebhookHeaderInvalid', 'valueTooLong', { name, length: value.length, max: maxValueLength }, at);
    const bad = /[^\t\x20-\x7e]/.exec(value)?.[0];
    if (bad !== undefined) {
      const what =
        bad === '\r'
          ? 'a carriage return (CR)'
          : bad === '\n'
            ? 'a line feed (LF)'
            : bad === '\0'
              ? 'a NUL'
              : 'a character';
      throw arcaError('WebhookHeaderInvalid', 'valueCharacter', { name, what: `${what} (U+${codePoint(bad)})` }, at);
    }
  }
}

function codePoint(character: string): string {
  return (character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
