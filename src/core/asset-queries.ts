import {
  parseFilter,
  parseOrderBy,
  validateFilter,
  type FilterFieldSpec,
  type FilterNode,
  type OrderByTerm,
} from './filter/index.js';

/**
 * Fields a filter on assets may name: the asset's own (`name`, `created`, `updated`), its latest
 * version's (`version` is that version's label, `size` its bytes, …), and `description` and `tags`,
 * which match the asset's own or its latest version's (docs/assets.md, "Filters").
 */
export const assetFilterFields: FilterFieldSpec = {
  name: { type: 'text' },
  description: { type: 'text' },
  created: { type: 'timestamp' },
  updated: { type: 'timestamp' },
  tags: { type: 'text', keyed: true },
  properties: { type: 'text', keyed: true },
  version: { type: 'text' },
  size: { type: 'number' },
  flavor: { type: 'text' },
  framework: { type: 'text' },
  data_type: { type: 'text' },
  job: { type: 'text' },
};

/** Fields a filter on versions may name (`name` is the asset's). */
export const versionFilterFields: FilterFieldSpec = {
  name: { type: 'text' },
  version: { type: 'text' },
  description: { type: 'text' },
  created: { type: 'timestamp' },
  state: { type: 'enum', values: ['pending', 'ready', 'archived'] },
  size: { type: 'number' },
  flavor: { type: 'text' },
  framework: { type: 'text' },
  data_type: { type: 'text' },
  job: { type: 'text' },
  tags: { type: 'text', keyed: true },
  properties: { type: 'text', keyed: true },
};

export const assetOrderFields = ['name', 'created', 'updated'] as const;
export const versionOrderFields = ['created', 'version', 'size', 'name'] as const;

export interface ListQuery {
  filter?: FilterNode;
  orderBy: OrderByTerm[];
}

/** Parses and checks `filter` and `orderBy` text of a list request; empty text means none. */
export function parseListQuery(
  filter: string | undefined,
  orderBy: string | undefined,
  fields: FilterFieldSpec,
  orderFields: readonly string[],
  defaultOrder: OrderByTerm[],
): ListQuery {
  const node = filter === undefined || filter.trim() === '' ? undefined : validateFilter(parseFilter(filter), fields);
  const terms = orderBy === undefined ? [] : parseOrderBy(orderBy, orderFields);
  return { ...(node ? { filter: node } : {}), orderBy: terms.length > 0 ? terms : defaultOrder };
}

/** True when the filter names `field` anywhere. */
export function filterMentions(node: FilterNode | undefined, field: string): boolean {
  if (node === undefined) return false;
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.items.some((item) => filterMentions(item, field));
    case 'not':
      return filterMentions(node.item, field);
    case 'compare':
      return node.field.name === field;
  }
}
