import { arcaError } from '../errors.js';

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

const token =
  /\s*(?:(`(?:[^`])*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(!=|>=|<=|=|>|<|\(|\)|,)|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.]))|([A-Za-z_][\w.\-/:]*))/y;

interface Token {
  kind: 'quoted' | 'op' | 'number' | 'word';
  text: string;
}

function refuse(field: string, problem: string): never {
  throw arcaError('InvalidParameter', { target: field, where: 'request', problem }, { target: field });
}

function tokenize(text: string, field: string): Token[] {
  const tokens: Token[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(token.lastIndex))) break;
    const at = token.lastIndex;
    const match = token.exec(text);
    if (match === null) refuse(field, `cannot be read at ${JSON.stringify(text.slice(at, at + 20))}`);
    const [, quoted, op, number, word] = match;
    if (quoted !== undefined) tokens.push({ kind: 'quoted', text: quoted });
    else if (op !== undefined) tokens.push({ kind: 'op', text: op });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else tokens.push({ kind: 'word', text: word ?? '' });
  }
  return tokens;
}

function unquote(text: string): string {
  const body = text.slice(1, -1);
  return text.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

/** `entity.key`, `entity.`quoted key``, or a bare attribute name. */
function identifier(tokens: Token[], at: number, field: string): { entity: FilterEntity; key: string; next: number } {
  const first = tokens[at];
  if (first === undefined) refuse(field, 'ends where a field name was expected');
  if (first.kind === 'quoted') return { entity: 'attribute', key: unquote(first.text), next: at + 1 };
  if (first.kind !== 'word') refuse(field, `expected a field name, got ${JSON.stringify(first.text)}`);
  const dot = first.text.indexOf('.');
  if (dot < 0) return { entity: 'attribute', key: first.text, next: at + 1 };
  const prefix = first.text.slice(0, dot);
  const entity = entities[prefix.toLowerCase()];
  if (entity === undefined)
    refuse(field, `names ${JSON.stringify(prefix)}: Arca searches attributes, params, metrics and tags only`);
  const rest = first.text.slice(dot + 1);
  if (rest !== '') return { entity, key: rest, next: at + 1 };
  const quoted = tokens[at + 1];
  if (quoted?.kind !== 'quoted') refuse(field, `has no key after ${JSON.stringify(first.text)}`);
  return { entity, key: unquote(quoted.text), next: at + 2 };
}

function operator(tokens: Token[], at: number, field: string): { op: FilterOp; next: number } {
  const first = tokens[at];
  if (first === undefined) refuse(field, 'ends where a comparison was expected');
  if (first.kind === 'op' && ['=', '!=', '>', '>=', '<', '<='].includes(first.text))
    return { op: first.text as FilterOp, next: at + 1 };
  const word = first.kind === 'word' ? first.text.toUpperCase() : '';
  if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') return { op: word, next: at + 1 };
  if (word === 'NOT' && tokens[at + 1]?.text.toUpperCase() === 'IN') return { op: 'NOT IN', next: at + 2 };
  return refuse(field, `uses the comparison ${JSON.stringify(first.text)}, which Arca does not support`);
}

function value(tokens: Token[], at: number, op: FilterOp, field: string): { value: FilterValue; next: number } {
  const first = tokens[at];
  if (first === undefined) refuse(field, 'ends where a value was expected');
  if (op === 'IN' || op === 'NOT IN') {
    if (first.text !== '(') refuse(field, `needs a list in parentheses after ${op}`);
    const values: string[] = [];
    let i = at + 1;
    for (;;) {
      const item = tokens[i];
      if (item?.kind !== 'quoted') refuse(field, `has an ${op} list that is not of quoted strings`);
      values.push(unquote(item.text));
      const sep = tokens[i + 1]?.text;
      if (sep === ')') return { value: values, next: i + 2 };
      if (sep !== ',') refuse(field, `has an ${op} list that does not close`);
      i += 2;
    }
  }
  if (first.kind === 'number') return { value: Number(first.text), next: at + 1 };
  if (first.kind === 'quoted' && !first.text.startsWith('`')) return { value: unquote(first.text), next: at + 1 };
  return refuse(field, `has ${JSON.stringify(first.text)} where a quoted string or a number was expected`);
}

/** Parses a filter; an empty one is no clauses. `field` names the request field in errors. */
export function parseFilter(text: string | undefined, field = 'filter'): FilterClause[] {
  if (text === undefined || text.trim() === '') return [];
  const tokens = tokenize(text, field);
  const clauses: FilterClause[] = [];
  let at = 0;
  for (;;) {
    const id = identifier(tokens, at, field);
    const op = operator(tokens, id.next, field);
    const found = value(tokens, op.next, op.op, field);
    clauses.push({ entity: id.entity, key: id.key, op: op.op, value: found.value });
    at = found.next;
    const joiner = tokens[at];
    if (joiner === undefined) return clauses;
    if (joiner.text.toUpperCase() !== 'AND')
      refuse(field, `joins clauses with ${JSON.stringify(joiner.text)}: Arca supports AND only`);
    at += 1;
  }
}

/** Parses one `order_by` entry: `entity.key [ASC|DESC]`. */
export function parseOrderBy(text: string, field = 'order_by'): OrderClause {
  const tokens = tokenize(text, field);
  const id = identifier(tokens, 0, field);
  const direction = tokens[id.next]?.text.toUpperCase();
  if (tokens.length > id.next + 1 || (direction !== undefined && direction !== 'ASC' && direction !== 'DESC'))
    refuse(field, `${JSON.stringify(text)} is not "<field> [ASC|DESC]"`);
  return { entity: id.entity, key: id.key, ascending: direction !== 'DESC' };
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
