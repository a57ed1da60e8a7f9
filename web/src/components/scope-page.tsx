import { Badge, Caption1, Tab, TabList, Text, Title2, Title3 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, assetSegments, dataOf, type AssetSegment, type ScopeFamily } from '../api';
import { assetColumns } from './asset-columns';
import { DataTable } from './data-table';
import { QueryState } from './states';
import { StarToggle } from './star-toggle';
import { TagList } from './tags';

const kindOf = { registries: 'registry', workspaces: 'workspace' } as const;

/** A registry or workspace: its regions with their state, and its assets by type. */
export function ScopePage({ family, name }: { family: ScopeFamily; name: string }) {
  const scope = useQuery({
    queryKey: [family, name],
    queryFn: async () =>
      family === 'registries'
        ? dataOf(await api.GET('/api/v1/registries/{name}', { params: { path: { name } } }))
        : dataOf(await api.GET('/api/v1/workspaces/{name}', { params: { path: { name } } })),
  });
  const [segment, setSegment] = useState<AssetSegment>('models');
  return (
    <QueryState query={scope}>
      {(s) => (
        <section aria-labelledby="scope-title">
          <Caption1>{kindOf[family]}</Caption1>
          <Title2 as="h1" id="scope-title" block>
            {s.name}
          </Title2>
          <StarToggle path={`/${family}/${s.name}`} label={s.name} kind={kindOf[family]} />
          {s.description ? <Text block>{s.description}</Text> : null}
          <TagList tags={s.tags} />
          <Text block>
            Provisioning: <Badge appearance="tint">{s.provisioning_state}</Badge>
          </Text>
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
          <Title3 as="h2" block style={{ marginTop: 24 }}>
            Assets
          </Title3>
          <TabList
            selectedValue={segment}
            onTabSelect={(_e, d) => setSegment(d.value as AssetSegment)}
            aria-label="Asset types"
          >
            {assetSegments.map((seg) => (
              <Tab key={seg} value={seg}>
                {seg}
              </Tab>
            ))}
          </TabList>
          <AssetList family={family} scope={s.name} segment={segment} />
        </section>
      )}
    </QueryState>
  );
}

/** The first few assets of a type, and a link to the whole list (filter, sort, paging). */
function AssetList({ family, scope, segment }: { family: ScopeFamily; scope: string; segment: AssetSegment }) {
  const top = 10;
  const assets = useQuery({
    queryKey: [family, scope, segment, 'list', { top }],
    queryFn: async () =>
      dataOf(
        await api.GET(`/api/v1/${family}/{scope}/${segment}` as '/api/v1/registries/{scope}/models', {
          params: { path: { scope }, query: { top } },
        }),
      ),
  });
  return (
    <QueryState query={assets}>
      {(page) => (
        <>
          <DataTable
            label={`${segment} of ${scope}`}
            columns={assetColumns(family, scope, segment).filter((c) => !c.hiddenByDefault)}
            rows={page.value}
            rowKey={(a) => a.id}
            empty={`No ${segment} here yet.`}
          />
          <Link
            to={family === 'registries' ? '/registries/$name/$segment' : '/workspaces/$name/$segment'}
            params={{ name: scope, segment }}
          >
            See all {segment}
            {page.next !== undefined ? ' (more than ' + top + ')' : ''}
          </Link>
        </>
      )}
    </QueryState>
  );
}
