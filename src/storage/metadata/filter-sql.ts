import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { arcaError } from '../../core/errors.js';
import type { ComparisonOperator, FilterComparison, FilterNode, OrderByTerm } from '../../core/filter/index.js';
import type { Dialect } from './metadata-store.js';

/**
 * A keyed field (`tags.X`, `properties.X`) lives in a key/value table: a row matches when
 * `EXISTS (select 1 from <table> where <table>.<owner> = <outer> and key = ? and value <op> ?)`.
 */
export interface KeyValueColumn {
  table: string;
  /** The column of `table` that holds the owner's id. */
  owner: string;
  /** The owner's id column in the outer query, qualified (`versions.id`). */
  outer: string;
  keyColumn?: string;
  valueColumn?: string;
}

/** One place a filter field's value lives: a qualified column reference (`versions.label`) or a key/value table. */
export type FilterColumn = string | KeyValueColumn;

/**
 * Where each filter field lives. A list means several places: a comparison holds when it holds in
 * any of them (an asset's `tags.X` is its own tag or its latest version's).
 */
export type FilterColumns = Record<string, FilterColumn | readonly FilterColumn[]>;

const sqlOperators: Record<Exclude<ComparisonOperator, 'like' | '~'>, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};
const upper = sql.lit('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const lower = sql.lit('abcdefghijklmnopqrstuvwxyz');

/**
 * Compiles a validated filter into a where-expression with every value a parameter. Both dialects
 * give the same rows: text ordering compares bytes (`collate "C"` on PostgreSQL, SQLite's binary
 * default) and `like` folds ASCII case only (SQLite's rule; PostgreSQL folds with `translate`, as
 * `ilike` would also fold non-ASCII letters), with `%`, `_` and the escape `\`.
 *
 * `!=` on a keyed field means "has the key, with another value"; `not tags.team = 'x'` also matches
 * rows without the key.
 */
export function compileFilter<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  node: FilterNode,
  columns: FilterColumns,
  dialect: Dialect,
): Expression<SqlBool> {
  switch (node.kind) {
    case 'and':
      return eb.and(node.items.map((item) => compileFilter(eb, item, columns, dialect)));
    case 'or':
      return eb.or(node.items.map((item) => compileFilter(eb, item, columns, dialect)));
    case 'not':
      return eb.not(compileFilter(eb, node.item, columns, dialect));
    case 'compare': {
      const places = Object.hasOwn(columns, node.field.name) ? columns[node.field.name] : undefined;
      if (places === undefined) throw arcaError('InternalError', 'noColumn', { use: 'filter', field: node.field.name });
      if (!Array.isArray(places)) return compileComparison(node, places as FilterColumn, dialect);
      return eb.or(places.map((place: FilterColumn) => compileComparison(node, place, dialect)));
    }
  }
}

function compileComparison(node: FilterComparison, column: FilterColumn, dialect: Dialect): RawBuilder<SqlBool> {
  if (typeof column === 'string') return comparison(sql.ref(column), node.op, node.value, dialect);
  if (node.field.key === undefined) throw arcaError('InternalError', 'filterKeyMissing', { field: node.field.name });
  const table = column.table;
  const keyRef = sql.ref(`${table}.${column.keyColumn ?? 'key'}`);
  const valueRef = sql.ref(`${table}.${column.valueColumn ?? 'value'}`);
  return sql<SqlBool>`exists (select 1 from ${sql.table(table)} where ${sql.ref(`${table}.${column.owner}`)} = ${sql.ref(column.outer)} and ${keyRef} = ${node.field.key} and ${comparison(valueRef, node.op, node.value, dialect)})`;
}

/**
 * The owners matching one keyed comparison, as a subquery on its key/value table
 * (`select <owner> from <table> where key = ? and value <op> ?`): the same rows its EXISTS accepts.
 */
export function keyedOwners(node: FilterComparison, column: KeyValueColumn, dialect: Dialect): RawBuilder<unknown> {
  const table = column.table;
  const keyRef = sql.ref(`${table}.${column.keyColumn ?? 'key'}`);
  const valueRef = sql.ref(`${table}.${column.valueColumn ?? 'value'}`);
  return sql`select ${sql.ref(`${table}.${column.owner}`)} from ${sql.table(table)} where ${keyRef} = ${node.field.key ?? ''} and ${comparison(valueRef, node.op, node.value, dialect)}`;
}

/**
 * `ref like pattern` folding ASCII case only, the same on both dialects (SQLite's rule; PostgreSQL folds
 * with `translate`, as `ilike` would also fold non-ASCII letters); `\\` escapes `%` and `_`.
 */
export function foldedLike(ref: RawBuilder<unknown>, pattern: string | number, dialect: Dialect): RawBuilder<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`translate(${ref}, ${upper}, ${lower}) like translate(${pattern}, ${upper}, ${lower}) escape '\\'`
    : sql<SqlBool>`${ref} like ${pattern} escape '\\'`;
}

function comparison(
  ref: RawBuilder<unknown>,
  op: ComparisonOperator,
  value: string | number,
  dialect: Dialect,
): RawBuilder<SqlBool> {
  if (op === 'like') return foldedLike(ref, value, dialect);
  // No list offers `~` (its fields never set `regex`), so validation refuses it before SQL is built.
  if (op === '~') throw arcaError('InternalError', 'regexInSql', {});
  const ordering = op !== '=' && op !== '!=';
  // SQLite keeps no statistics: a numeric range would tempt it onto the size index even when another
  // index is far more selective. A unary plus keeps the value and hides the index (PostgreSQL plans well).
  const left =
    ordering && typeof value === 'string'
      ? textOrdered(ref, dialect)
      : ordering && dialect === 'sqlite'
        ? sql`+${ref}`
        : ref;
  return sql<SqlBool>`${left} ${sql.raw(sqlOperators[op])} ${value}`;
}

/** Text compared byte-wise on both dialects (PostgreSQL's default collation may put 'a' before 'B'). */
function textOrdered(ref: RawBuilder<unknown>, dialect: Dialect): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`${ref} collate "C"` : ref;
}

/** A sortable column: text sorts byte-wise on both dialects. Sort columns must be NOT NULL. */
export interface SortColumn {
  column: string;
  type: 'text' | 'number';
}

export interface SortColumns {
  fields: Record<string, SortColumn>;
  /** The unique id column that breaks ties (ascending), so every row has one place in the order. */
  id: SortColumn;
}

/** Where the previous page ended: the sort values of its last row (in `orderBy` order) and its id. */
export interface KeysetCursor {
  values: readonly (string | number)[];
  id: string | number;
}

export interface SortExpression {
  expression: Expression<unknown>;
  direction: 'asc' | 'desc';
}

/** Sort expressions for `orderBy` terms, the id last: apply each with `query.orderBy(expression, direction)`. */
export function compileOrderBy(
  orderBy: readonly OrderByTerm[],
  columns: SortColumns,
  dialect: Dialect,
): SortExpression[] {
  return sortKeys(orderBy, columns, dialect).map(({ ref, direction }) => ({ expression: ref, direction }));
}

/** A keyset position: the rows after `cursor` in the order `orderBy` over `columns`. */
export interface Keyset {
  orderBy: readonly OrderByTerm[];
  columns: SortColumns;
  dialect: Dialect;
  cursor: KeysetCursor;
}

/**
 * The keyset condition selecting the rows after `cursor` in the order of `compileOrderBy`, written as
 * portable `a > ? or (a = ? and b < ?) or …` (a row-value comparison cannot mix directions). A
 * cursor that does not fit the terms throws `CursorInvalid`.
 */
export function compileKeyset<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  { orderBy, columns, dialect, cursor }: Keyset,
): Expression<SqlBool> {
  const keys = sortKeys(orderBy, columns, dialect);
  const values = [...cursor.values, cursor.id];
  if (
    values.length !== keys.length ||
    keys.some(({ column }, i) => typeof values[i] !== (column.type === 'text' ? 'string' : 'number'))
  ) {
    throw arcaError('CursorInvalid', 'otherListOrOrder', {}, { target: 'cursor' });
  }
  return eb.or(
    keys.map((key, i) => {
      const equalBefore = keys.slice(0, i).map((previous, j) => sql<SqlBool>`${previous.ref} = ${values[j]}`);
      const beyond = sql<SqlBool>`${key.ref} ${sql.raw(key.direction === 'asc' ? '>' : '<')} ${values[i]}`;
      return equalBefore.length === 0 ? beyond : eb.and([...equalBefore, beyond]);
    }),
  );
}

function sortKeys(orderBy: readonly OrderByTerm[], columns: SortColumns, dialect: Dialect) {
  const keys = orderBy.map((term) => {
    const column = Object.hasOwn(columns.fields, term.field) ? columns.fields[term.field] : undefined;
    if (column === undefined) throw arcaError('InternalError', 'noColumn', { use: 'sort', field: term.field });
    return { column, direction: term.direction };
  });
  keys.push({ column: columns.id, direction: 'asc' });
  return keys.map(({ column, direction }) => ({ ref: sortRef(column, dialect), column, direction }));
}

function sortRef(column: SortColumn, dialect: Dialect): RawBuilder<unknown> {
  const ref = sql.ref(column.column);
  return column.type === 'text' ? textOrdered(ref, dialect) : ref;
}
