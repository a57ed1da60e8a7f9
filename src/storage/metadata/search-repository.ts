import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import { latestAlias } from '../../core/asset-types.js';
import { dialectOf } from './dialect.js';
import { foldedLike } from './filter-sql.js';
import { queries, type Session } from './session.js';
import type { Database, ScopeKindColumn } from './tables.js';

/** Per scope kind: every scope (`all`) or only these case-folded names (none: nothing of that kind). */
export type SearchVisibility = Record<ScopeKindColumn, 'all' | readonly string[]>;

/** Where a phase of a search resumes: after the row with this sort key and id. */
export interface SearchAfter {
  key: string;
  id: string;
}

export interface SearchPhaseQuery {
  /** The text looked for: a case-insensitive (ASCII) substring. */
  text: string;
  visible: SearchVisibility;
  limit: number;
  after?: SearchAfter | undefined;
}

/** What a hit matched: its name, its description, a tag (`key=value`) or an alias's name. */
export type SearchMatch = 'name' | 'description' | 'tag' | 'alias';

export interface ScopeHit {
  kind: ScopeKindColumn;
  scope: string;
  description: string | null;
  matched: SearchMatch;
  /** The first tag that matched (`key=value`), when `matched` is `tag`. */
  tag: string | null;
  after: SearchAfter;
}

export interface AssetHit extends ScopeHit {
  assetType: string;
  name: string;
}

export interface AliasHit extends AssetHit {
  alias: string;
  version: string;
}

type ScopeRef = 'scopes.kind' | 'scopes.name_key';

/** `%text%` with the pattern characters escaped: the text is looked for as it is. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The scopes the caller may read, as a where-expression on `scopes`; undefined when there are none. */
function visibleScopes<TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  visible: SearchVisibility,
): Expression<SqlBool> | undefined {
  const kinds = (['registry', 'workspace'] as const).flatMap((kind) => {
    const names = visible[kind];
    if (names === 'all') return [eb(sql.ref<string>('scopes.kind' satisfies ScopeRef), '=', kind)];
    if (names.length === 0) return [];
    return [
      eb.and([
        eb(sql.ref<string>('scopes.kind' satisfies ScopeRef), '=', kind),
        eb(sql.ref<string>('scopes.name_key' satisfies ScopeRef), 'in', [...names]),
      ]),
    ];
  });
  return kinds.length === 0 ? undefined : eb.or(kinds);
}

/** `(key, id) > (after.key, after.id)` spelt out, so both dialects read it the same way. */
function afterKey<TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  key: string,
  id: string,
  after: SearchAfter,
): Expression<SqlBool> {
  const k = sql.ref<string>(key);
  return eb.or([eb(k, '>', after.key), eb.and([eb(k, '=', after.key), eb(sql.ref<string>(id), '>', after.id)])]);
}

/** The first tag of an owner whose key or value contains the text, as `key=value` (null when none does). */
function matchingTag(
  table: 'scope_tags' | 'asset_tags',
  owner: string,
  outer: string,
  pattern: string,
  session: Session,
) {
  const dialect = dialectOf(queries(session));
  const key = sql.ref(`${table}.key`);
  const value = sql.ref(`${table}.value`);
  return sql<string | null>`(select ${key} || '=' || ${value} from ${sql.table(table)} where ${sql.ref(
    `${table}.${owner}`,
  )} = ${sql.ref(outer)} and (${foldedLike(key, pattern, dialect)} or ${foldedLike(value, pattern, dialect)}) order by ${key} limit 1)`;
}

function matchOf(name: boolean, description: boolean, tag: string | null): SearchMatch {
  return name ? 'name' : description ? 'description' : tag !== null ? 'tag' : 'alias';
}

/** Registries and workspaces whose name, description or a tag contains the text, by name. */
export async function searchScopes(session: Session, query: SearchPhaseQuery): Promise<ScopeHit[]> {
  const db = queries(session);
  const dialect = dialectOf(db);
  const pattern = containing(query.text);
  const nameLike = foldedLike(sql.ref('scopes.name'), pattern, dialect);
  const descriptionLike = foldedLike(sql.ref('scopes.description'), pattern, dialect);
  const tag = matchingTag('scope_tags', 'scope_id', 'scopes.id', pattern, session);
  const rows = await db
    .selectFrom('scopes')
    .select(['scopes.id', 'scopes.kind', 'scopes.name', 'scopes.name_key', 'scopes.description'])
    .select([
      sql<number>`case when ${nameLike} then 1 else 0 end`.as('name_matched'),
      sql<number>`case when ${descriptionLike} then 1 else 0 end`.as('description_matched'),
      tag.as('tag'),
    ])
    .where((eb) => {
      const visible = visibleScopes(eb, query.visible);
      if (visible === undefined) return eb.lit(false);
      const terms = [visible, eb.or([nameLike, descriptionLike, sql<SqlBool>`${tag} is not null`])];
      if (query.after) terms.push(afterKey(eb, 'scopes.name_key', 'scopes.id', query.after));
      return eb.and(terms);
    })
    .orderBy('scopes.name_key')
    .orderBy('scopes.id')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    scope: row.name,
    description: row.description,
    matched: matchOf(Number(row.name_matched) === 1, Number(row.description_matched) === 1, row.tag),
    tag: row.tag,
    after: { key: row.name_key, id: row.id },
  }));
}

/** Assets whose name, description or a tag contains the text, in the scopes given, by name. */
export async function searchAssets(session: Session, query: SearchPhaseQuery): Promise<AssetHit[]> {
  const db = queries(session);
  const dialect = dialectOf(db);
  const pattern = containing(query.text);
  const nameLike = foldedLike(sql.ref('assets.name'), pattern, dialect);
  const descriptionLike = foldedLike(sql.ref('assets.description'), pattern, dialect);
  const tag = matchingTag('asset_tags', 'asset_id', 'assets.id', pattern, session);
  const rows = await db
    .selectFrom('assets')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .select(['assets.id', 'assets.type', 'assets.name', 'assets.name_key', 'assets.description'])
    .select(['scopes.kind', 'scopes.name as scope'])
    .select([
      sql<number>`case when ${nameLike} then 1 else 0 end`.as('name_matched'),
      sql<number>`case when ${descriptionLike} then 1 else 0 end`.as('description_matched'),
      tag.as('tag'),
    ])
    .where((eb) => {
      const visible = visibleScopes(eb, query.visible);
      if (visible === undefined) return eb.lit(false);
      const terms = [visible, eb.or([nameLike, descriptionLike, sql<SqlBool>`${tag} is not null`])];
      if (query.after) terms.push(afterKey(eb, 'assets.name_key', 'assets.id', query.after));
      return eb.and(terms);
    })
    .orderBy('assets.name_key')
    .orderBy('assets.id')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    scope: row.scope,
    assetType: row.type,
    name: row.name,
    description: row.description,
    matched: matchOf(Number(row.name_matched) === 1, Number(row.description_matched) === 1, row.tag),
    tag: row.tag,
    after: { key: row.name_key, id: row.id },
  }));
}

/**
 * Aliases whose name contains the text, in the scopes given, by alias name. `latest`, which every asset
 * with a version has, is left out: it would bury the aliases people named.
 */
export async function searchAliases(session: Session, query: SearchPhaseQuery): Promise<AliasHit[]> {
  const db = queries(session);
  const dialect = dialectOf(db);
  const pattern = containing(query.text);
  const rows = await db
    .selectFrom('aliases')
    .innerJoin('assets', 'assets.id', 'aliases.asset_id')
    .innerJoin('scopes', 'scopes.id', 'assets.scope_id')
    .innerJoin('versions', 'versions.id', 'aliases.version_id')
    .select(['aliases.name as alias', 'aliases.asset_id', 'versions.label'])
    .select(['assets.type', 'assets.name', 'assets.description', 'scopes.kind', 'scopes.name as scope'])
    .where((eb) => {
      const visible = visibleScopes(eb, query.visible);
      if (visible === undefined) return eb.lit(false);
      const terms = [
        visible,
        eb('aliases.name', '<>', latestAlias),
        foldedLike(sql.ref('aliases.name'), pattern, dialect),
      ];
      if (query.after) terms.push(afterKey(eb, 'aliases.name', 'aliases.asset_id', query.after));
      return eb.and(terms);
    })
    .orderBy('aliases.name')
    .orderBy('aliases.asset_id')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    scope: row.scope,
    assetType: row.type,
    name: row.name,
    description: row.description,
    alias: row.alias,
    version: row.label,
    matched: 'alias',
    tag: null,
    after: { key: row.alias, id: row.asset_id },
  }));
}
