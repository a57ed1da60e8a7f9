import { createHash } from 'node:crypto';
import { arcaError } from '../core/errors.js';

/** Cursors name their list by a short hash: a filter can be long, a cursor should not be. */
function listId(list: string): string {
  return createHash('sha256').update(list).digest('base64url').slice(0, 16);
}

/** Opaque keyset cursors: the list they belong to and the sort key of the last row served. */
export function encodeCursor(list: string, lastKey: string): string {
  return Buffer.from(JSON.stringify({ l: list, k: lastKey }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, list: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { l?: unknown }).l === list &&
      typeof (parsed as { k?: unknown }).k === 'string'
    ) {
      return (parsed as { k: string }).k;
    }
  } catch {
    // fall through to the error below
  }
  throw arcaError('CursorInvalid', {}, { target: 'cursor' });
}

/** Keyset cursors of filtered lists: the list, the sort values of the last row and its id. */
export function encodeKeysetCursor(
  list: string,
  cursor: { values: readonly (string | number)[]; id: string | number },
): string {
  return encodeCursor(listId(list), JSON.stringify([cursor.values, cursor.id]));
}

export function decodeKeysetCursor(cursor: string, list: string): { values: (string | number)[]; id: string | number } {
  const inner = decodeCursor(cursor, listId(list));
  try {
    const parsed: unknown = JSON.parse(inner);
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Array.isArray(parsed[0]) &&
      (typeof parsed[1] === 'string' || typeof parsed[1] === 'number')
    ) {
      return { values: parsed[0] as (string | number)[], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw arcaError('CursorInvalid', {}, { target: 'cursor' });
}
