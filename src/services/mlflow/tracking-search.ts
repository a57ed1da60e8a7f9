import { arcaError } from '../../core/errors.js';
import { invalid } from './tracking-context.js';
import type { ExperimentView, RunView } from './tracking-views.js';
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

/** An experiment's fields a filter or order may name: name, id, lifecycle stage, times and tags. */
export const experimentField: FieldReader<ExperimentView> = (view, entity, key) => {
  if (entity === 'tag') return view.tags.find((t) => t.key === key)?.value;
  if (entity !== 'attribute') invalid('filter', `cannot name ${entity}s of experiments`);
  if (key === 'name' || key === 'experiment_id' || key === 'lifecycle_stage') return view[key];
  if (key === 'creation_time' || key === 'last_update_time') return view[key];
  return invalid('filter', `names the experiment attribute ${JSON.stringify(key)}, which Arca does not search`);
};

const runAttributes = ['run_id', 'run_name', 'status', 'user_id', 'lifecycle_stage', 'artifact_uri'] as const;

/** A run's fields a filter or order may name: its attributes, params, latest metrics and tags. */
export const runField: FieldReader<RunView> = (view, entity, key) => {
  if (entity === 'param') return view.data.params.find((p) => p.key === key)?.value;
  if (entity === 'tag') return view.data.tags.find((t) => t.key === key)?.value;
  if (entity === 'metric') return view.data.metrics.find((m) => m.key === key)?.value;
  const name = key === 'run_uuid' ? 'run_id' : key;
  if ((runAttributes as readonly string[]).includes(name)) return view.info[name as (typeof runAttributes)[number]];
  if (name === 'start_time' || name === 'end_time') return view.info[name];
  return invalid('filter', `names the run attribute ${JSON.stringify(key)}, which Arca does not search`);
};

/**
 * A search reads what it filters into memory: at most `bound` rows. `read` holds up to `bound + 1`; more than
 * `bound` is refused (naming the experiments), never answered short.
 */
export function assertSearchable<T>(read: T[], bound: number, what: string): T[] {
  if (read.length <= bound) return read;
  throw arcaError(
    'InvalidParameter',
    {
      target: 'experiment_ids',
      where: 'request',
      problem: `hold more than ${bound} ${what}, the most one search reads: search fewer experiments`,
    },
    { target: 'experiment_ids' },
  );
}
