import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, dataOf, type ScopeFamily } from '../api';
import { QueryState } from './states';

/** The registries or workspaces the caller may read. */
export function ScopeList({ family }: { family: ScopeFamily }) {
  const list = useQuery({
    queryKey: [family],
    queryFn: async () =>
      family === 'registries'
        ? dataOf(await api.GET('/api/v1/registries', { params: { query: { top: 1000 } } })).value
        : dataOf(await api.GET('/api/v1/workspaces', { params: { query: { top: 1000 } } })).value,
  });
  const title = family === 'registries' ? 'Registries' : 'Workspaces';
  return (
    <section aria-labelledby="list-title">
      <Title2 as="h1" id="list-title" block>
        {title}
      </Title2>
      <QueryState query={list}>
        {(items) =>
          items.length === 0 ? (
            <Text block>None that you may read yet.</Text>
          ) : (
            <Table aria-label={title}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell>Primary region</TableHeaderCell>
                  <TableHeaderCell>Regions</TableHeaderCell>
                  <TableHeaderCell>State</TableHeaderCell>
                  <TableHeaderCell>Description</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((item) => (
                  <TableRow key={item.id}>
                    <TableCell>
                      <Link
                        to={family === 'registries' ? '/registries/$name' : '/workspaces/$name'}
                        params={{ name: item.name }}
                      >
                        {item.name}
                      </Link>
                    </TableCell>
                    <TableCell>{item.location}</TableCell>
                    <TableCell>
                      {'replication_locations' in item
                        ? item.replication_locations.map((r) => r.location).join(', ')
                        : item.location}
                    </TableCell>
                    <TableCell>
                      <Badge appearance="tint">{item.provisioning_state}</Badge>
                    </TableCell>
                    <TableCell>{item.description ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </QueryState>
    </section>
  );
}
