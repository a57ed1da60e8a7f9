import { sql } from 'kysely';
import { latestAlias } from '../../core/asset-types.js';
import type { FilterComparison, FilterNode, OrderByTerm } from '../../core/filter/index.js';
import type { ListQuery } from '../../core/asset-queries.js';
import {
  compileFilter,
  compileKeyset,
  compileOrderBy,
  keyedOwners,
  type FilterColumns,
  type KeysetCursor,
  type KeyValueColumn,
  type SortColumns,
} from './filter-sql.js';
import { dialectOf, inList } from './dialect.js';
import { queries, type Session } from './session.js';
import type { Asset, Version, VersionState } from '../../core/model/assets.js';
import { assetOf, versionOf, type VersionDetails } from './assets-repository.js';

/**
 * An asset's filter fields: its own, and its latest version's (joined as `latest_version`, the version
 * the `latest` alias names). `description` and `tags` match on either; the version's fields on the latest.
 */
const assetColumns: FilterColumns = {
  name: 'assets.name',
  created: 'assets.created_at',
  updated: 'assets.updated_at',
  description: ['assets.description', 'latest_version.description'],
  tags: [
    { table: 'asset_tags', owner: 'asset_id', outer: 'assets.id' },
    { table: 'version_tags', owner: 'version_id', outer: 'latest_version.id' },
  ],
  properties: { table: 'version_properties', owner: 'version_id', outer: 'latest_version.id' },
  version: 'latest_version.label',
  size: 'latest_version.total_size',
  flavor: 'latest_version.flavor',
  framework: 'latest_version.framework',
  data_type: 'latest_version.data_type',
  job: 'latest_version.job',
};
const assetSort: SortColumns = {
  fields: {
    name: { column: 'assets.name_key', type: 'text' },
    created: { column: 'assets.created_at', type: 'text' },
    updated: { column: 'assets.updated_at', type: 'text' },
  },
  id: { column: 'assets.id', type: 'text' },
};
const versionColumns: FilterColumns = {
  name: 'assets.name',
  version: 'versions.label',
  description: 'versions.description',
  created: 'versions.created_at',
  state: 'versions.state',
  size: 'versions.total_size',
  flavor: 'versions.flavor',
  framework: 'versions.framework',
  data_type: 'versions.data_type',
  job: 'versions.job',
  tags: { table: 'version_tags', owner: 'version_id', outer: 'versions.id' },
  properties: { table: 'version_properties', owner: 'version_id', outer: 'versions.id' },
};
const versionSort: SortColumns = {
  fields: {
    created: { column: 'versions.created_at', type: 'text' },
    version: { column: 'versions.label', type: 'text' },
    size: { column: 'versions.total_size', type: 'number' },
    name: { column: 'assets.name_key', type: 'text' },
  },
  id: { column: 'versions.id', type: 'text' },
};

/** Up to this many versions matching every driving term are fetched as ids first (PostgreSQL). */
const drivenIdLimit = 2_000;

export interface Page<T> {
  rows: T[];
  /** Where the next page starts, when there is one. */
  next?: KeysetCursor;
}

/** A page of versions; on PostgreSQL with their tags, properties and aliases, read by the same statement. */
export interface VersionPage extends Page<Version> {
  details?: VersionDetails;
}

/** A version's rows of a key/value table as one JSON object, keys in byte order (null when it has none). */
function keyValueObject(table: 'version_tags' | 'version_properties') {
  return sql<Record<string, string> | null>`(select json_object_agg(kv.key, kv.value order by kv.key collate "C")
    from ${sql.table(table)} kv where kv.version_id = ${sql.ref('versions.id')})`;
}

/**
 * PostgreSQL: each version's tags, properties and alias names (byte order) as columns of the list statement
 * itself. The planner evaluates them above the sort and the limit, for the rows the page returns only.
 * Each statement is a round trip, a parse and a plan: a list page was four statements (access epoch, scope
 * and asset, page, then these rows by id), it is three. SQLite, in process, reads them apart (versionDetails).
 */
const pageDetailsColumns = [
  keyValueObject('version_tags').as('details_tags'),
  keyValueObject('version_properties').as('details_properties'),
  sql<string[] | null>`(select json_agg(a.name order by a.name collate "C")
    from aliases a where a.version_id = ${sql.ref('versions.id')})`.as('details_aliases'),
];

/** Keyed comparisons (`tags.X …`, `properties.X …`) the whole filter requires: itself, or items of a top-level `and`. */
function requiredKeyedTerms(filter: FilterNode): FilterComparison[] {
  return (filter.kind === 'and' ? filter.items : [filter]).filter(
    (n): n is FilterComparison =>
      n.kind === 'compare' &&
      n.field.key !== undefined &&
      typeof versionColumns[n.field.name] === 'object' &&
      !Array.isArray(versionColumns[n.field.name]),
  );
}

/** `filter` without `terms` (items of its top-level `and`); undefined when nothing is left. */
function withoutTerms(filter: FilterNode, terms: readonly FilterNode[]): FilterNode | undefined {
  if (filter.kind !== 'and') return terms.includes(filter) ? undefined : filter;
  const items = filter.items.filter((item) => !terms.includes(item));
  return items.length === 0 ? undefined : items.length === 1 ? items[0] : { ...filter, items };
}

/** The sort values of a row, in `orderBy` order, for the cursor of the next page. */
function cursorOf(row: Record<string, unknown>, orderBy: readonly OrderByTerm[], sort: SortColumns): KeysetCursor {
  const value = (column: string, type: 'text' | 'number') => {
    const raw = row[column.split('.')[1] ?? column];
    return type === 'number' ? Number(raw) : String(raw);
  };
  return {
    values: orderBy.map((t) => {
      const c = sort.fields[t.field]!;
      return value(c.column, c.type);
    }),
    id: value(sort.id.column, sort.id.type),
  };
}

/** A page of a scope's assets of a type: at most `limit`, after the cursor when there is one. */
export interface AssetPageQuery {
  scopeId: string;
  type: string;
  query: ListQuery;
  limit: number;
  after?: KeysetCursor | undefined;
}

/** A page of an asset's versions (`states`: which besides ready ones, unless the filter names `state`). */
export interface VersionPageQuery {
  assetId: string;
  query: ListQuery & { states: VersionState[] | undefined };
  limit: number;
  after?: KeysetCursor | undefined;
}

/**
 * One page of a scope's assets of a type, filtered and ordered, keyset-paged. Each asset meets its
 * latest version through the `latest` alias: two primary-key lookups per asset row, no scan of versions.
 */
export async function listAssetsPage(
  session: Session,
  { scopeId, type, query, limit, after }: AssetPageQuery,
): Promise<Page<Asset>> {
  const db = queries(session);
  const dialect = dialectOf(db);
  let select = db
    .selectFrom('assets')
    .leftJoin('aliases as latest_alias', (join) =>
      join.onRef('latest_alias.asset_id', '=', 'assets.id').on('latest_alias.name', '=', latestAlias),
    )
    .leftJoin('versions as latest_version', 'latest_version.id', 'latest_alias.version_id')
    .selectAll('assets')
    .where('assets.scope_id', '=', scopeId)
    .where('assets.type', '=', type);
  if (query.filter) {
    const filter = query.filter;
    select = select.where((eb) => compileFilter(eb, filter, assetColumns, dialect));
  }
  if (after)
    select = select.where((eb) =>
      compileKeyset(eb, { orderBy: query.orderBy, columns: assetSort, dialect, cursor: after }),
    );
  for (const { expression, direction } of compileOrderBy(query.orderBy, assetSort, dialect))
    select = select.orderBy(expression, direction);
  const rows = await select.limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(assetOf),
    ...(rows.length > limit && last ? { next: cursorOf(last, query.orderBy, assetSort) } : {}),
  };
}

/**
 * One page of an asset's versions. Unless the filter names `state`, only ready versions are listed
 * (and archived ones when asked): a pending version never shows up as if it were ready.
 */
export async function listVersionsPage(
  session: Session,
  { assetId, query, limit, after }: VersionPageQuery,
): Promise<VersionPage> {
  const db = queries(session);
  const dialect = dialectOf(db);
  const keyed = query.filter ? requiredKeyedTerms(query.filter) : [];
  // Two or more key/value terms that must all hold: intersect their index ranges first, so a rare
  // combination is found without testing every version (each term alone is a per-row EXISTS).
  const drive = keyed.length >= 2;
  // SQLite keeps no statistics: when driving, unary pluses stop it preferring the asset's ordered index.
  const hide = drive && dialect === 'sqlite';
  const owners = drive
    ? keyed.map((term) => keyedOwners(term, versionColumns[term.field.name] as KeyValueColumn, dialect))
    : [];
  // PostgreSQL: when the intersection is small, take its ids first and look the versions up by id;
  // planned as one statement it re-tests the terms as semi-joins (the only way it learns few rows are left).
  let matching: string[] | undefined;
  if (drive && dialect === 'postgres') {
    const found = await sql<{
      version_id: string;
    }>`${sql.join(owners, sql` intersect `)} limit ${drivenIdLimit + 1}`.execute(db);
    if (found.rows.length <= drivenIdLimit) matching = found.rows.map((r) => r.version_id);
    if (matching?.length === 0) return { rows: [] };
  }
  let select = db
    .selectFrom('versions')
    .innerJoin('assets', 'assets.id', 'versions.asset_id')
    .selectAll('versions')
    .select('assets.name_key')
    .where(hide ? sql<string>`+${sql.ref('versions.asset_id')}` : sql.ref('versions.asset_id'), '=', assetId);
  if (query.states)
    select = select.where(
      hide ? sql<string>`+${sql.ref('versions.state')}` : sql.ref('versions.state'),
      'in',
      query.states,
    );
  // The intersection already holds the driving terms. SQLite would test them again per row (and may
  // scan a value range for it); PostgreSQL keeps them: their semi-joins are what tell its planner
  // that few rows are left, so it looks versions up by id instead of scanning them.
  const filter = query.filter && (hide || matching !== undefined) ? withoutTerms(query.filter, keyed) : query.filter;
  if (filter) select = select.where((eb) => compileFilter(eb, filter, versionColumns, dialect));
  if (after)
    select = select.where((eb) =>
      compileKeyset(eb, { orderBy: query.orderBy, columns: versionSort, dialect, cursor: after }),
    );
  if (matching !== undefined) select = select.where(inList(db, 'versions.id', matching));
  else if (drive)
    select = select.where(sql<boolean>`${sql.ref('versions.id')} in (${sql.join(owners, sql` intersect `)})`);
  for (const { expression, direction } of compileOrderBy(query.orderBy, versionSort, dialect)) {
    select = select.orderBy(hide ? sql`+${expression}` : expression, direction);
  }
  if (dialect === 'sqlite') return versionPage(await select.limit(limit + 1).execute(), limit, query.orderBy);
  const rows = await select
    .select(pageDetailsColumns)
    .limit(limit + 1)
    .execute();
  const details: VersionDetails = { tags: new Map(), properties: new Map(), aliases: new Map() };
  for (const row of rows) {
    if (row.details_tags !== null) details.tags.set(row.id, row.details_tags);
    if (row.details_properties !== null) details.properties.set(row.id, row.details_properties);
    if (row.details_aliases !== null) details.aliases.set(row.id, row.details_aliases);
  }
  return { ...versionPage(rows, limit, query.orderBy), details };
}

/** The first `limit` rows as versions, and where the next page starts when there is one more row. */
function versionPage(
  rows: (Parameters<typeof versionOf>[0] & { name_key: string })[],
  limit: number,
  orderBy: readonly OrderByTerm[],
): VersionPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    // versionOf reads the version's columns and nothing else: no copy of each row without the others.
    rows: page.map(versionOf),
    ...(rows.length > limit && last
      ? { next: cursorOf(last as unknown as Record<string, unknown>, orderBy, versionSort) }
      : {}),
  };
}
