import { arcaError } from '../core/errors.js';

/** `Content-Range: start-end` (OCI) or `bytes start-end/total`: the first and last byte of the chunk. */
export function parseContentRange(header: string | undefined): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:bytes )?(\d{1,15})-(\d{1,15})(?:\/(?:\d{1,15}|\*))?$/.exec(header.trim());
  if (!match) throw arcaError('ContentRangeInvalid', { header }, { target: 'Content-Range' });
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start) throw arcaError('ContentRangeInvalid', 'endsBeforeStart', { header }, { target: 'Content-Range' });
  return { start, end };
}
