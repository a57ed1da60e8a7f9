import { arcaError } from '../../core/errors.js';
import {
  clauseMatches,
  type FilterClause,
  type FilterEntity,
  type OrderClause,
} from '../../core/mlflow/tracking-filter.js';

/** Reads a record's value of a filter or order field; undefined when the record has none. */
export type FieldReader<T> = (record: T, entity: FilterEntity, key: string) => string | number | undefined;

/** What a search asks for, parsed at the edge. */
export interface SearchPage {
  filter: FilterClause[];
  orderBy: OrderClause[];
  maxResults: number;
  pageToken?: string;
}

/** The position after a page, opaque to the client (MLflow's tokens are opaque too). */
function offsetOf(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the refusal below.
  }
  throw arcaError(
    'InvalidParameter',
    { target: 'page_token', where: 'request', problem: 'is not a token a previous page returned' },
    { target: 'page_token' },
  );
}

function compare(a: string | number | undefined, b: string | number | undefined): number {
  // Records without the field sort last, whichever the direction (as MLflow does).
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Filters, orders and pages records in memory: the filter (AND of clauses), then each order clause in turn
 * after `tiebreak` (the default order, already applied by the caller's read), then the page.
 */
export function searchInMemory<T>(
  records: T[],
  read: FieldReader<T>,
  search: SearchPage,
): { page: T[]; nextPageToken?: string } {
  const matching = records.filter((record) =>
    search.filter.every((clause) => clauseMatches(clause, read(record, clause.entity, clause.key))),
  );
  const ordered = [...matching];
  if (search.orderBy.length > 0)
    ordered.sort((x, y) => {
      for (const order of search.orderBy) {
        const a = read(x, order.entity, order.key);
        const b = read(y, order.entity, order.key);
        const missing = a === undefined || b === undefined;
        const by = compare(a, b);
        if (by !== 0) return missing || order.ascending ? by : -by;
      }
      return 0;
    });
  const offset = offsetOf(search.pageToken);
  const page = ordered.slice(offset, offset + search.maxResults);
  const next = offset + search.maxResults;
  return next < ordered.length
    ? { page, nextPageToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64url') }
    : { page };
}
