import { Badge, Title2 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, dataOf, type ScopeFamily } from '../api';
import { DataTable } from './data-table';
import { QueryState } from './states';

type ScopeItem =
  Awaited<ReturnType<typeof listRegistries>>[number] | Awaited<ReturnType<typeof listWorkspaces>>[number];
const listRegistries = async () =>
  dataOf(await api.GET('/api/v1/registries', { params: { query: { top: 1000 } } })).value;
const listWorkspaces = async () =>
  dataOf(await api.GET('/api/v1/workspaces', { params: { query: { top: 1000 } } })).value;

/** The registries or workspaces the caller may read. */
export function ScopeList({ family }: { family: ScopeFamily }) {
  const list = useQuery({
    queryKey: [family],
    queryFn: (): Promise<ScopeItem[]> => (family === 'registries' ? listRegistries() : listWorkspaces()),
  });
  const title = family === 'registries' ? 'Registries' : 'Workspaces';
  return (
    <section aria-labelledby="list-title">
      <Title2 as="h1" id="list-title" block>
        {title}
      </Title2>
      <QueryState query={list}>
        {(items) => (
          <DataTable<ScopeItem>
            label={title}
            rows={items}
            rowKey={(item) => item.id}
            empty="None that you may read yet."
            size="medium"
            columns={[
              {
                id: 'name',
                header: 'Name',
                cell: (item) => (
                  <Link
                    to={family === 'registries' ? '/registries/$name' : '/workspaces/$name'}
                    params={{ name: item.name }}
                  >
                    {item.name}
                  </Link>
                ),
              },
              { id: 'primary', header: 'Primary region', cell: (item) => item.location },
              {
                id: 'regions',
                header: 'Regions',
                cell: (item) =>
                  'replication_locations' in item
                    ? item.replication_locations.map((r) => r.location).join(', ')
                    : item.location,
              },
              {
                id: 'state',
                header: 'State',
                cell: (item) => <Badge appearance="tint">{item.provisioning_state}</Badge>,
              },
              { id: 'description', header: 'Description', cell: (item) => item.description ?? '' },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
