import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { api, dataOf, type VersionView } from '../../api';
import { ScopeCrumb } from '../../components/scope-crumb';
import { archiveUrl, assetPath, fileUrl, useAssetParams } from '../../components/asset-params';
import { DataTable } from '../../components/data-table';
import { FileTree } from '../../components/file-tree';
import { GuardedButton } from '../../components/guarded-button';
import { LiveStatus, pollWhile } from '../../components/live-status';
import { LineageSection } from '../../components/lineage-section';
import { QueryState } from '../../components/states';
import { TagList } from '../../components/tags';
import { VersionActions } from '../../components/version-actions';
import { VersionApprovals } from '../../components/version-approvals';
import { VersionSpec } from '../../components/version-spec';
import { EnvironmentImage } from '../../components/environment-image';
import { formatBytes } from './$asset';

/** Still changing under the user: pending, or a replica region still copying it. */
const changing = (v: VersionView) =>
  v.state === 'pending' || (v.regions ?? []).some((r) => r.role !== 'primary' && r.state === 'pending');

/**
 * One version: its state, actions, properties, files, per-region state, spec and lineage. Refreshed every few
 * seconds while it is pending or a replica is still copying it, and no more once that is over.
 */
export function VersionPage() {
  const params = useAssetParams();
  const { family, scope, segment, asset, version } = params;
  const detail = useQuery({
    queryKey: [family, scope, segment, asset, 'versions', version],
    queryFn: async () =>
      dataOf(
        await api.GET(assetPath(family, segment, '/versions/{version}'), {
          params: { path: { scope, name: asset, version } },
        }),
      ),
    refetchInterval: pollWhile(changing),
  });
  return (
    <QueryState query={detail}>
      {(v) => (
        <section aria-labelledby="version-title">
          <ScopeCrumb family={family} scope={scope} segment={segment} asset={asset} />
          <Title2 as="h1" id="version-title" block>
            {v.name} : {v.version}
          </Title2>
          <Text block>
            <Badge appearance="tint" data-testid="version-state">
              {v.state}
            </Badge>{' '}
            · {v.file_count} files · {formatBytes(v.total_size)} · aliases: {v.aliases.join(', ') || 'none'}
          </Text>
          {v.description ? <Text block>{v.description}</Text> : null}
          <Text block font="monospace" size={200}>
            {v.reference}
          </Text>
          <LiveStatus updatedAt={detail.dataUpdatedAt} live={changing(v)} />
          <TagList tags={v.tags} />
          <VersionActions target={params} state={v.state} />
          <Title3 as="h2" block style={{ marginTop: 24 }}>
            Properties
          </Title3>
          <Table aria-label="Properties" size="small">
            <TableBody>
              {[
                ['Created', `${new Date(v.created_at).toLocaleString()} by ${v.created_by}`],
                ['Updated', `${new Date(v.updated_at).toLocaleString()} by ${v.updated_by}`],
                ...([
                  ['Job', v.job],
                  ['Source', v.source],
                  ['Framework', v.framework],
                  ['Flavor', v.flavor],
                  ['Data type', v.data_type],
                  ['Shared from', v.origin ?? (v.origin_hidden ? 'a version you cannot read' : undefined)],
                  ['Manifest', v.manifest_digest ?? undefined],
                ].filter(([, value]) => value !== undefined) as [string, string][]),
                ...Object.entries(v.properties),
              ].map(([key, value]) => (
                <TableRow key={key}>
                  <TableHeaderCell scope="row">{key}</TableHeaderCell>
                  <TableCell style={{ overflowWrap: 'anywhere' }}>{value}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Title3 as="h2" block style={{ marginTop: 24 }}>
            Files
          </Title3>
          {v.state === 'pending' ? (
            <GuardedButton
              allowance={{ allowed: false, reason: 'The version is pending: its files download once it is committed' }}
            >
              Download all (.tar)
            </GuardedButton>
          ) : (
            <Button
              as="a"
              href={archiveUrl(family, segment, scope, asset, v.version)}
              download={`${v.name}-${v.version}.tar`}
            >
              Download all (.tar)
            </Button>
          )}
          {(v.files ?? []).length === 0 ? (
            <Text block>No files listed.</Text>
          ) : (
            <FileTree files={v.files ?? []} urlOf={(path) => fileUrl(family, segment, scope, asset, v.version, path)} />
          )}
          {v.regions && v.regions.length > 0 ? (
            <>
              <Title3 as="h2" block style={{ marginTop: 24 }}>
                Regions
              </Title3>
              <DataTable
                label="Regions of this version"
                rows={v.regions}
                rowKey={(r) => r.region}
                columns={[
                  { id: 'region', header: 'Region', cell: (r) => r.region },
                  { id: 'role', header: 'Role', cell: (r) => r.role },
                  {
                    id: 'replication',
                    header: 'Replication',
                    cell: (r) =>
                      `${r.state ?? (r.role === 'primary' ? 'source' : '—')}${r.error ? ` (${r.error})` : ''}`,
                  },
                ]}
              />
            </>
          ) : null}
          <VersionApprovals family={family} segment={segment} scope={scope} asset={asset} version={version} />
          <VersionSpec version={v} segment={segment} scope={scope} />
          {segment === 'environments' && v.state !== 'pending' ? (
            <EnvironmentImage
              family={family}
              scope={scope}
              asset={asset}
              version={version}
              held={
                v.manifest_digest !== null &&
                (v.files ?? []).some((f) => f.path === `blobs/sha256/${v.manifest_digest?.slice('sha256:'.length)}`)
              }
            />
          ) : null}
          <LineageSection target={params} />
        </section>
      )}
    </QueryState>
  );
}
