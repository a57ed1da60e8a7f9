import { ArcaError } from '../core/errors.js';

/** `Content-Range: start-end` (OCI) or `bytes start-end/total`: the first and last byte of the chunk. */
export function parseContentRange(header: string | undefined): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:bytes )?(\d{1,15})-(\d{1,15})(?:\/(?:\d{1,15}|\*))?$/.exec(header.trim());
  if (!match)
    throw new ArcaError('ContentRangeInvalid', `Content-Range ${JSON.stringify(header)} is not "<start>-<end>"`, {
      target: 'Content-Range',
    });
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start)
    throw new ArcaError('ContentRangeInvalid', `Content-Range ${header} ends before it starts`, {
      target: 'Content-Range',
    });
  return { start, end };
}

/** `Range: bytes=start-end` / `bytes=start-` (one range; suffix ranges `bytes=-n` too). */
export function parseRange(header: string | undefined, size: number): { start: number; end?: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === ''))
    throw new ArcaError('RangeInvalid', `Range ${JSON.stringify(header)} is not one "bytes=<start>-<end>" range`, {
      context: { size },
    });
  if (match[1] === '') return { start: Math.max(0, size - Number(match[2])) };
  return { start: Number(match[1]), ...(match[2] === '' ? {} : { end: Number(match[2]) }) };
}
