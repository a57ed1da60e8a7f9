import { ArcaError } from '../core/errors.js';

/** Opaque keyset cursors: the list they belong to and the sort key of the last row served. */
export function encodeCursor(list: string, lastKey: string): string {
  return Buffer.from(JSON.stringify({ l: list, k: lastKey }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, list: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && (parsed as { l?: unknown }).l === list && typeof (parsed as { k?: unknown }).k === 'string') {
      return (parsed as { k: string }).k;
    }
  } catch {
    // fall through to the error below
  }
  throw new ArcaError('CursorInvalid', 'the cursor is malformed or belongs to another list; start again without one', { target: 'cursor' });
}
