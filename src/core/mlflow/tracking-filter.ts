import { arcaError, isArcaError } from '../errors.js';
import { parseMlflowFilter, type MlflowClause } from './mlflow-filter.js';

/**
 * MLflow's search filter (`mlflow/utils/search_utils.py` describes it): clauses `entity.key op value` joined by
 * AND, e.g. `attributes.status = 'FINISHED' and params.lr = '0.1' and metrics.acc > 0.5`. What this parser does
 * not take (OR, IS NULL, dataset fields) is refused as INVALID_PARAMETER_VALUE naming it, never ignored.
 */
export type FilterEntity = 'attribute' | 'param' | 'metric' | 'tag';
export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';
export type FilterValue = string | number | string[];

export interface FilterClause {
  entity: FilterEntity;
  key: string;
  op: FilterOp;
  value: FilterValue;
}

export interface OrderClause {
  entity: FilterEntity;
  key: string;
  ascending: boolean;
}

const entities: Record<string, FilterEntity> = {
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  metric: 'metric',
  metrics: 'metric',
  tag: 'tag',
  tags: 'tag',
};

function refuse(field: string, problem: string): never {
  throw arcaError('InvalidParameter', { target: field, where: 'request', problem }, { target: field });
}

/** `entity.key` of a clause or an order entry: a name without a known entity prefix is an attribute. */
function entityOf(field: string, key: string | undefined, target: string): { entity: FilterEntity; key: string } {
  if (key === undefined) return { entity: 'attribute', key: field };
  const entity = entities[field.toLowerCase()];
  if (entity === undefined)
    refuse(target, `names ${JSON.stringify(field)}: Arca searches attributes, params, metrics and tags only`);
  return { entity, key };
}

/** Parses a filter (with the registry's reader, `parseMlflowFilter`); an empty one is no clauses. */
export function parseFilter(text: string | undefined, field = 'filter'): FilterClause[] {
  if (text === undefined || text.trim() === '') return [];
  let clauses: MlflowClause[];
  try {
    clauses = parseMlflowFilter(text);
  } catch (error) {
    // The reader names the field `filter`; a search whose field is called otherwise gets its own name.
    if (isArcaError(error) && field !== 'filter') refuse(field, error.message);
    throw error;
  }
  return clauses.map((clause) => ({
    ...entityOf(clause.field, clause.key, field),
    op: clause.op as FilterOp,
    value: clause.value,
  }));
}

const orderEntry = /^\s*(?:([A-Za-z_]+)\.)?(`[^`]+`|"[^"]+"|[\w.\-/:]+)\s*(?:\s(asc|desc))?\s*$/i;

/** Parses one `order_by` entry: `entity.key [ASC|DESC]`. */
export function parseOrderBy(text: string, field = 'order_by'): OrderClause {
  const match = orderEntry.exec(text);
  if (match === null) return refuse(field, `${JSON.stringify(text)} is not "<field> [ASC|DESC]"`);
  const [, prefix, rawKey = '', direction] = match;
  const key = /^[`"]/.test(rawKey) ? rawKey.slice(1, -1) : rawKey;
  const named = prefix === undefined ? { entity: 'attribute' as const, key } : entityOf(prefix, key, field);
  return { ...named, ascending: direction?.toLowerCase() !== 'desc' };
}

function like(pattern: string, text: string, caseless: boolean): boolean {
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${source}$`, caseless ? 'is' : 's').test(text);
}

/**
 * Whether `actual` (the record's value of the clause's field; undefined when it has none) passes the clause.
 * A record without the field never matches, as in MLflow.
 */
export function clauseMatches(clause: FilterClause, actual: string | number | undefined): boolean {
  if (actual === undefined) return false;
  const { op, value: wanted } = clause;
  if (Array.isArray(wanted)) return wanted.includes(String(actual)) === (op === 'IN');
  if (op === 'LIKE' || op === 'ILIKE') return like(String(wanted), String(actual), op === 'ILIKE');
  const [a, b] =
    typeof actual === 'number' || typeof wanted === 'number'
      ? [Number(actual), Number(wanted)]
      : [String(actual), String(wanted)];
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    default:
      return a <= b;
  }
}
