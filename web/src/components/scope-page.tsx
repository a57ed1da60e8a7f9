import {
  Badge,
  Caption1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Tab,
  TabList,
  Text,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, assetSegments, dataOf, type AssetSegment, type ScopeFamily } from '../api';
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
          <Table aria-label="Regions" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Region</TableHeaderCell>
                <TableHeaderCell>Role</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Storage</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {('replication_locations' in s
                ? s.replication_locations
                : [{ location: s.location, provisioning_state: s.provisioning_state, storage_config: {} }]
              ).map((region) => (
                <TableRow key={region.location}>
                  <TableCell>{region.location}</TableCell>
                  <TableCell>{region.location === s.location ? 'primary' : 'replica'}</TableCell>
                  <TableCell>
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
                  </TableCell>
                  <TableCell>{region.storage_config?.storage_account_type ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
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

function AssetList({ family, scope, segment }: { family: ScopeFamily; scope: string; segment: AssetSegment }) {
  const assets = useQuery({
    queryKey: [family, scope, segment],
    queryFn: async () =>
      dataOf(
        await api.GET(`/api/v1/${family}/{scope}/${segment}` as '/api/v1/registries/{scope}/models', {
          params: { path: { scope } },
        }),
      ),
  });
  return (
    <QueryState query={assets}>
      {(page) =>
        page.value.length === 0 ? (
          <Text block style={{ padding: '12px 0' }}>
            No {segment} here yet.
          </Text>
        ) : (
          <Table aria-label={`${segment} of ${scope}`} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Latest</TableHeaderCell>
                <TableHeaderCell>Aliases</TableHeaderCell>
                <TableHeaderCell>Updated</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.value.map((asset) => (
                <TableRow key={asset.id}>
                  <TableCell>
                    <Link
                      to={
                        family === 'registries'
                          ? '/registries/$name/$segment/$asset'
                          : '/workspaces/$name/$segment/$asset'
                      }
                      params={{ name: scope, segment, asset: asset.name }}
                    >
                      {asset.name}
                    </Link>
                  </TableCell>
                  <TableCell>{asset.latest_version ?? '—'}</TableCell>
                  <TableCell>{Object.keys(asset.aliases).join(', ') || '—'}</TableCell>
                  <TableCell>{new Date(asset.updated_at).toLocaleString()}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )
      }
    </QueryState>
  );
}
