import { ArcaError, arcaError } from '../errors.js';
import type { OrderByTerm } from './ast.js';

const maxOrderByLength = 1024;

/**
 * Parses `orderBy` such as `created desc, name` into terms (direction `asc` unless given;
 * case-insensitive). Blank text gives no terms. An unknown or repeated field, or a malformed term,
 * throws `OrderByInvalid`.
 */
export function parseOrderBy(text: string, allowed: readonly string[]): OrderByTerm[] {
  if (text.trim() === '') return [];
  if (text.length > maxOrderByLength)
    throw orderByError(`orderBy is ${text.length} characters long; the limit is ${maxOrderByLength}`);
  const terms: OrderByTerm[] = [];
  for (const part of text.split(',')) {
    const words = part.trim().split(/\s+/);
    const [field, direction, extra] = words;
    if (field === undefined || field === '')
      throw orderByError(`orderBy ${JSON.stringify(text)} has an empty term; expected 'field [asc|desc], …'`);
    if (!allowed.includes(field)) {
      throw arcaError('OrderByInvalid', { field, allowed: allowed.join(', ') }, { target: 'orderBy' });
    }
    const lower = direction?.toLowerCase();
    if (extra !== undefined || (lower !== undefined && lower !== 'asc' && lower !== 'desc')) {
      throw orderByError(
        `orderBy term ${JSON.stringify(part.trim())} is malformed; expected '${field}', '${field} asc' or '${field} desc'`,
      );
    }
    if (terms.some((term) => term.field === field)) throw orderByError(`orderBy names ${JSON.stringify(field)} twice`);
    terms.push({ field, direction: lower === 'desc' ? 'desc' : 'asc' });
  }
  return terms;
}

function orderByError(message: string): ArcaError {
  return new ArcaError('OrderByInvalid', message, { target: 'orderBy' });
}
