import { sql, type Expression, type SqlBool } from 'kysely';
import type { ScopeKind } from '../../core/names.js';

/** Which registries and workspaces a caller may see rows of: per kind, all of them or those with these name keys. */
export interface ScopeVisibility {
  registry: 'all' | readonly string[];
  workspace: 'all' | readonly string[];
}

/**
 * The condition that keeps the rows of the scopes `visible` allows, for a table that names its scope by kind
 * (`kindColumn`) and id (`idColumn`); undefined when every scope is visible. Kept by scope id, so a scope made
 * anew under an old name does not inherit the rows of the one before.
 */
export function visibleScopesCondition(
  visible: ScopeVisibility,
  kindColumn: string,
  idColumn: string,
): Expression<SqlBool> | undefined {
  if (visible.registry === 'all' && visible.workspace === 'all') return undefined;
  const of = (kind: ScopeKind) => {
    const keys = visible[kind];
    if (keys === 'all') return sql<SqlBool>`${sql.ref(kindColumn)} = ${kind}`;
    if (keys.length === 0) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`(${sql.ref(kindColumn)} = ${kind} and ${sql.ref(idColumn)} in (select id from scopes where kind = ${kind} and name_key in (${sql.join([...keys])})))`;
  };
  return sql<SqlBool>`(${of('registry')} or ${of('workspace')})`;
}
