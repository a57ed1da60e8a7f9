import { Badge, Caption1, Text, Title2, Title3 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, dataOf } from '../../api';
import { assetPath, useAssetParams } from '../../components/asset-params';
import { DataTable } from '../../components/data-table';
import { QueryState } from '../../components/states';
import { TagList } from '../../components/tags';
import { formatBytes } from './$asset';

/** One version: its state, files, tags, aliases and per-region state. */
export function VersionPage() {
  const { family, scope, segment, asset, version } = useAssetParams();
  const detail = useQuery({
    queryKey: [family, scope, segment, asset, 'versions', version],
    queryFn: async () =>
      dataOf(
        await api.GET(assetPath(family, segment, '/versions/{version}'), {
          params: { path: { scope, name: asset, version } },
        }),
      ),
  });
  return (
    <QueryState query={detail}>
      {(v) => (
        <section aria-labelledby="version-title">
          <Caption1>
            <Link to={family === 'registries' ? '/registries/$name' : '/workspaces/$name'} params={{ name: scope }}>
              {scope}
            </Link>{' '}
            / {segment} /{' '}
            <Link
              to={family === 'registries' ? '/registries/$name/$segment/$asset' : '/workspaces/$name/$segment/$asset'}
              params={{ name: scope, segment, asset }}
            >
              {asset}
            </Link>
          </Caption1>
          <Title2 as="h1" id="version-title" block>
            {v.name} : {v.version}
          </Title2>
          <Text block>
            <Badge appearance="tint">{v.state}</Badge> · {v.file_count} files · {formatBytes(v.total_size)} · aliases:{' '}
            {v.aliases.join(', ') || 'none'}
          </Text>
          {v.description ? <Text block>{v.description}</Text> : null}
          <Text block font="monospace" size={200}>
            {v.reference}
          </Text>
          <TagList tags={v.tags} />
          <Title3 as="h2" block style={{ marginTop: 24 }}>
            Files
          </Title3>
          <DataTable
            label="Files"
            rows={v.files ?? []}
            rowKey={(file) => file.path}
            columns={[
              { id: 'path', header: 'Path', cell: (file) => file.path },
              { id: 'size', header: 'Size', cell: (file) => formatBytes(file.size) },
              {
                id: 'digest',
                header: 'Digest',
                cell: (file) => (
                  <Text font="monospace" size={200}>
                    {file.digest.slice(0, 19)}…
                  </Text>
                ),
              },
            ]}
          />
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
                    cell: (r) => r.state ?? (r.role === 'primary' ? 'source' : '—'),
                  },
                ]}
              />
            </>
          ) : null}
        </section>
      )}
    </QueryState>
  );
}
