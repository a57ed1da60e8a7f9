import { Badge, Text, Title3 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { api, dataOf, type AssetSegment, type ScopeFamily } from '../api';
import { assetPath } from './asset-params';
import { DataTable } from './data-table';
import { QueryState } from './states';

const stateColor = { pending: 'informative', approved: 'success', rejected: 'danger' } as const;

/** The requests to point a protected alias at this version: pending and decided (who asked, why, who decided). */
export function VersionApprovals({
  family,
  segment,
  scope,
  asset,
  version,
}: {
  family: ScopeFamily;
  segment: AssetSegment;
  scope: string;
  asset: string;
  version: string;
}) {
  const approvals = useQuery({
    queryKey: ['approvals', family, scope, segment, asset],
    queryFn: async () =>
      dataOf(await api.GET(assetPath(family, segment, '/approvals'), { params: { path: { scope, name: asset } } }))
        .value,
    refetchInterval: 10_000,
  });
  return (
    <>
      <Title3 as="h2" block style={{ marginTop: 24 }}>
        Approvals
      </Title3>
      <QueryState query={approvals}>
        {(items) => (
          <DataTable
            label="Approvals of this version"
            rows={items.filter((a) => a.version === version)}
            rowKey={(a) => a.id}
            empty={<Text>No alias move to this version was asked for.</Text>}
            columns={[
              {
                id: 'state',
                header: 'State',
                cell: (a) => (
                  <Badge appearance="tint" color={stateColor[a.state]}>
                    {a.state}
                  </Badge>
                ),
              },
              { id: 'alias', header: 'Alias', cell: (a) => `${a.alias} → ${a.version}` },
              { id: 'requested', header: 'Requested', cell: (a) => `${a.requested_at} by ${a.requested_by}` },
              { id: 'reason', header: 'Reason', cell: (a) => a.reason ?? '' },
              {
                id: 'decided',
                header: 'Decided',
                cell: (a) => (a.decided_at ? `${a.decided_at} by ${a.decided_by ?? ''}` : '—'),
              },
              { id: 'comment', header: 'Comment', cell: (a) => a.decision_reason ?? '' },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}
