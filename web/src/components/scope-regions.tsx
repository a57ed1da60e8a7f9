import { Badge, Title3 } from '@fluentui/react-components';
import type { Schemas, ScopeFamily } from '../api';
import { DataTable } from './data-table';

type Scope = Schemas['Registry'] | Schemas['Workspace'];

/** A registry's regions (the primary and its replicas) or a workspace's one region, each with its state. */
export function ScopeRegions({ scope: s }: { family: ScopeFamily; scope: Scope }) {
  return (
    <>
      <Title3 as="h2" block style={{ marginTop: 24 }}>
        Regions
      </Title3>
      <DataTable
        label="Regions"
        rows={
          'replication_locations' in s
            ? s.replication_locations
            : [{ location: s.location, provisioning_state: s.provisioning_state, storage_config: {} }]
        }
        rowKey={(region) => region.location}
        columns={[
          { id: 'region', header: 'Region', cell: (region) => region.location },
          {
            id: 'role',
            header: 'Role',
            cell: (region) => (region.location === s.location ? 'primary' : 'replica'),
          },
          {
            id: 'state',
            header: 'State',
            cell: (region) => (
              <Badge
                appearance="outline"
                color={
                  region.provisioning_state === 'Succeeded'
                    ? 'success'
                    : region.provisioning_state === 'Failed'
                      ? 'danger'
                      : 'informative'
                }
              >
                {region.provisioning_state}
              </Badge>
            ),
          },
          {
            id: 'storage',
            header: 'Storage',
            cell: (region) =>
              (region.storage_config as { storage_account_type?: string } | undefined)?.storage_account_type ?? '—',
          },
        ]}
      />
    </>
  );
}
