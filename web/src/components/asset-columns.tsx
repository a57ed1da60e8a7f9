import { Text } from '@fluentui/react-components';
import { Link } from '@tanstack/react-router';
import type { AssetSegment, AssetView, ScopeFamily } from '../api';
import type { Column } from './data-table';
import { TagList } from './tags';

/** The columns of an asset list (also the short list on a scope page). */
export function assetColumns(family: ScopeFamily, scope: string, segment: AssetSegment): Column<AssetView>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      sortKey: 'name',
      cell: (a) => (
        <Link
          to={family === 'registries' ? '/registries/$name/$segment/$asset' : '/workspaces/$name/$segment/$asset'}
          params={{ name: scope, segment, asset: a.name }}
        >
          {a.name}
        </Link>
      ),
    },
    { id: 'latest', header: 'Latest version', cell: (a) => a.latest_version ?? '—' },
    { id: 'tags', header: 'Tags', cell: (a) => <TagList tags={{ ...a.latest?.tags, ...a.tags }} /> },
    {
      id: 'description',
      header: 'Description',
      cell: (a) => <Text>{a.description ?? a.latest?.description ?? ''}</Text>,
    },
    { id: 'aliases', header: 'Aliases', cell: (a) => Object.keys(a.aliases).join(', ') || '—', hiddenByDefault: true },
    {
      id: 'created',
      header: 'Created',
      sortKey: 'created',
      cell: (a) => new Date(a.created_at).toLocaleString(),
      hiddenByDefault: true,
    },
    { id: 'updated', header: 'Updated', sortKey: 'updated', cell: (a) => new Date(a.updated_at).toLocaleString() },
  ];
}
