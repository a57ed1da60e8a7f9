import { arcaError } from './errors.js';

/** One byte range as a request asks for it: no `end` means "to the last byte". */
export interface AskedRange {
  start: number;
  end?: number;
}

/** The bytes served: the first and the last, both inside the content. */
export interface ServedRange {
  start: number;
  end: number;
}

/** `Range: bytes=start-end` / `bytes=start-` (one range; suffix ranges `bytes=-n` too). */
export function parseRange(header: string | undefined, size: number): AskedRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === ''))
    throw arcaError('RangeInvalid', 'notOneRange', { header }, { context: { size } });
  if (match[1] === '') return { start: Math.max(0, size - Number(match[2])) };
  return { start: Number(match[1]), ...(match[2] === '' ? {} : { end: Number(match[2]) }) };
}

/**
 * The part of content of `size` bytes that `asked` covers: an end past the content is cut to its last
 * byte; a range that starts past the end (or ends before it starts) is RangeInvalid.
 */
export function rangeWithin(asked: AskedRange, size: number, what: 'file' | 'blob'): ServedRange {
  const end = Math.min(asked.end ?? size - 1, size - 1);
  if (asked.start >= size || end < asked.start)
    throw arcaError(
      'RangeInvalid',
      'outside',
      { start: asked.start, end: asked.end ?? '', what, size },
      { context: { size } },
    );
  return { start: asked.start, end };
}

/** A `Range` header resolved against content of `size` bytes (undefined without a header). */
export function servedRange(header: string | undefined, size: number, what: 'file' | 'blob'): ServedRange | undefined {
  const asked = parseRange(header, size);
  return asked === undefined ? undefined : rangeWithin(asked, size, what);
}
