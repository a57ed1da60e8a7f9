import { Badge, Caption1, Tab, TabList, Text, Title2, Title3 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, assetSegments, dataOf, type AssetSegment, type ScopeFamily } from '../api';
import { assetColumns } from './asset-columns';
import { ScopeAutomations } from './automations/scope-automations';
import { DataTable } from './data-table';
import { LiveStatus, pollWhile } from './live-status';
import { RoleAssignments } from './role-assignments';
import { ScopeActivity } from './scope-activity';
import { ScopeRegions } from './scope-regions';
import type { ScopeSearch, ScopeTab } from './scope-search';
import { QueryState } from './states';
import { StarToggle } from './star-toggle';
import { TagList } from './tags';

/** A registry or workspace whose provisioning (or region change) has not reached a final state. */
const provisioning = (s: { provisioning_state: string }) =>
  s.provisioning_state !== 'Succeeded' && s.provisioning_state !== 'Failed';

const kindOf = { registries: 'registry', workspaces: 'workspace' } as const;

/**
 * A registry or workspace in four tabs (in the URL): its regions and assets by type, its members (role
 * assignments there and inherited from the organisation), its activity (the audit log of what it holds) and its
 * automations (webhooks told of its events).
 */
export function ScopePage({
  family,
  name,
  search,
  onSearch,
}: {
  family: ScopeFamily;
  name: string;
  search: ScopeSearch;
  onSearch: (next: ScopeSearch) => void;
}) {
  const scope = useQuery({
    queryKey: [family, name],
    queryFn: async () =>
      family === 'registries'
        ? dataOf(await api.GET('/api/v1/registries/{name}', { params: { path: { name } } }))
        : dataOf(await api.GET('/api/v1/workspaces/{name}', { params: { path: { name } } })),
    refetchInterval: pollWhile(provisioning),
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
          {provisioning(s) ? <LiveStatus updatedAt={scope.dataUpdatedAt} live /> : null}
          <TabList
            selectedValue={search.tab ?? 'overview'}
            onTabSelect={(_e, d) =>
              onSearch(d.value === 'overview' ? {} : { tab: d.value as Exclude<ScopeTab, 'overview'> })
            }
            aria-label={`Sections of ${s.name}`}
            style={{ marginTop: 16 }}
          >
            <Tab value="overview">Overview</Tab>
            <Tab value="members">Members</Tab>
            <Tab value="activity">Activity</Tab>
            <Tab value="automations">Automations</Tab>
          </TabList>
          {search.tab === undefined && (
            <>
              <ScopeRegions family={family} scope={s} />
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
            </>
          )}
          {search.tab === 'members' && (
            <>
              <Title3 as="h2" block style={{ marginTop: 16 }}>
                Members
              </Title3>
              <RoleAssignments scope={{ kind: kindOf[family], name: s.name }} />
            </>
          )}
          {search.tab === 'activity' && (
            <>
              <Title3 as="h2" block style={{ marginTop: 16 }}>
                Activity
              </Title3>
              <ScopeActivity family={family} name={s.name} search={search} onSearch={onSearch} />
            </>
          )}
          {search.tab === 'automations' && (
            <>
              <Title3 as="h2" block style={{ marginTop: 16 }}>
                Automations
              </Title3>
              <ScopeAutomations family={family} name={s.name} />
            </>
          )}
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
