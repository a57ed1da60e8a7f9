import { arcaError } from '../errors.js';
import type { OrderByTerm } from './ast.js';

const maxOrderByLength = 1024;
const atOrderBy = { target: 'orderBy' };

/**
 * Parses `orderBy` such as `created desc, name` into terms (direction `asc` unless given;
 * case-insensitive). Blank text gives no terms. An unknown or repeated field, or a malformed term,
 * throws `OrderByInvalid`.
 */
export function parseOrderBy(text: string, allowed: readonly string[]): OrderByTerm[] {
  if (text.trim() === '') return [];
  if (text.length > maxOrderByLength)
    throw arcaError('OrderByInvalid', 'tooLong', { length: text.length, max: maxOrderByLength }, atOrderBy);
  const terms: OrderByTerm[] = [];
  for (const part of text.split(',')) {
    const words = part.trim().split(/\s+/);
    const [field, direction, extra] = words;
    if (field === undefined || field === '') throw arcaError('OrderByInvalid', 'emptyTerm', { text }, atOrderBy);
    if (!allowed.includes(field)) {
      throw arcaError('OrderByInvalid', { field, allowed: allowed.join(', ') }, atOrderBy);
    }
    const lower = direction?.toLowerCase();
    if (extra !== undefined || (lower !== undefined && lower !== 'asc' && lower !== 'desc')) {
      throw arcaError('OrderByInvalid', 'malformedTerm', { term: part.trim(), field }, atOrderBy);
    }
    if (terms.some((term) => term.field === field)) throw arcaError('OrderByInvalid', 'repeated', { field }, atOrderBy);
    terms.push({ field, direction: lower === 'desc' ? 'desc' : 'asc' });
  }
  return terms;
}
