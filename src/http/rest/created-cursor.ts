import { arcaError } from '../../core/errors.js';

/** Where a newest-first page (ordered by creation time, then id) ended: the next page starts after it. */
export interface CreatedPosition {
  createdAt: string;
  id: string;
}

/** The opaque cursor of a position: `createdAt|id`, base64url. */
export function encodeCreatedCursor({ createdAt, id }: CreatedPosition): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

/** The position a cursor from `encodeCreatedCursor` names; `400 CursorInvalid` for anything else. */
export function decodeCreatedCursor(cursor: string): CreatedPosition {
  const [createdAt, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (createdAt === undefined || id === undefined || extra !== undefined || Number.isNaN(Date.parse(createdAt)))
    throw arcaError('CursorInvalid', 'notFromThisList', {}, { target: 'cursor' });
  return { createdAt, id };
}
