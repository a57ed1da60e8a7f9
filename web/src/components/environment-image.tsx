import { Spinner, Text, Title3 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, dataOf, type ApiPaths, type ScopeFamily } from '../api';
import { DataTable, type Column } from './data-table';
import { formatBytes } from '../routes/assets/$asset';

const imagePath = '/api/v1/registries/{scope}/environments/{name}/versions/{version}/image';
type Image = ApiPaths[typeof imagePath]['get']['responses'][200]['content']['application/json'];
type Layer = Image['layers'][number];
type Platform = Image['platforms'][number];
type Referrer = Image['referrers'][number];

const shortDigest = (digest: string) => `${digest.slice(0, 19)}…`;

const layerColumns: Column<Layer & { index: number }>[] = [
  { id: 'index', header: '#', cell: (l) => l.index + 1 },
  { id: 'digest', header: 'Digest', cell: (l) => <span title={l.digest}>{shortDigest(l.digest)}</span> },
  { id: 'size', header: 'Size', cell: (l) => formatBytes(l.size) },
  { id: 'type', header: 'Media type', cell: (l) => l.media_type },
];
const platformColumns: Column<Platform>[] = [
  {
    id: 'platform',
    header: 'Platform',
    cell: (p) => [p.os, p.architecture, p.variant].filter((part) => part !== null).join('/') || 'unknown',
  },
  { id: 'digest', header: 'Manifest', cell: (p) => <span title={p.digest}>{shortDigest(p.digest)}</span> },
  { id: 'size', header: 'Size', cell: (p) => formatBytes(p.size) },
];
const referrerColumns: Column<Referrer>[] = [
  { id: 'type', header: 'Artifact type', cell: (r) => r.artifact_type ?? r.media_type },
  { id: 'digest', header: 'Digest', cell: (r) => <span title={r.digest}>{shortDigest(r.digest)}</span> },
  { id: 'size', header: 'Size', cell: (r) => formatBytes(r.size) },
  {
    id: 'annotations',
    header: 'Annotations',
    cell: (r) =>
      Object.entries(r.annotations)
        .map(([key, value]) => `${key}=${value}`)
        .join(', '),
  },
];

/** The config a container starts with, as label/value rows (text only: an image's labels are user content). */
function ConfigRows({ config }: { config: NonNullable<Image['config']> }) {
  const rows: [string, string][] = [
    ['Platform', [config.os, config.architecture, config.variant].filter((p) => p !== null).join('/')],
    ['Created', config.created ?? ''],
    ['User', config.user ?? ''],
    ['Working directory', config.working_dir ?? ''],
    ['Entrypoint', JSON.stringify(config.entrypoint)],
    ['Command', JSON.stringify(config.cmd)],
    ['Ports', config.exposed_ports.join(', ')],
    ...config.env.map((line): [string, string] => ['Environment', line]),
    ...Object.entries(config.labels).map(([key, value]): [string, string] => [`Label ${key}`, value]),
  ];
  return (
    <DataTable
      label="Image config"
      columns={[
        { id: 'key', header: 'Setting', cell: (row: [string, string]) => row[0] },
        { id: 'value', header: 'Value', cell: (row: [string, string]) => row[1] },
      ]}
      rows={rows.filter(([, value]) => value !== '' && value !== '[]')}
      rowKey={(row) => `${row[0]}=${row[1]}`}
    />
  );
}

/**
 * An environment version's image as the server reads it: layers, platform and config, an index's platforms,
 * and the artifacts referring to it (signatures, SBOMs). An image kept elsewhere says so plainly.
 */
export function EnvironmentImage({
  family,
  scope,
  asset,
  version,
  held,
}: {
  family: ScopeFamily;
  scope: string;
  asset: string;
  version: string;
  /** Whether the version holds its manifest (an image layout's file), or only names an image kept elsewhere. */
  held: boolean;
}) {
  const image = useQuery({
    enabled: held,
    queryKey: [family, scope, 'environments', asset, 'versions', version, 'image'],
    queryFn: async () =>
      dataOf(
        // Typed as the registries path, which the workspaces one mirrors (as assetPath does).
        await api.GET(imagePath.replace('registries', family) as typeof imagePath, {
          params: { path: { scope, name: asset, version } },
        }),
      ),
    retry: false,
  });
  if (!held)
    return (
      <Text block data-testid="image-not-held">
        Arca holds no image for this version: its spec names one kept elsewhere (pull it from there).
      </Text>
    );
  if (image.isPending) return <Spinner size="tiny" label="Reading the image…" />;
  if (image.error instanceof ApiError && image.error.code === 'ImageNotHeld')
    return (
      <Text block data-testid="image-not-held">
        Arca holds no image for this version: {image.error.message}
      </Text>
    );
  if (image.error) return <Text block>The image could not be read: {image.error.message}</Text>;
  const details = image.data;
  return (
    <section aria-labelledby="image-title">
      <Title3 as="h3" id="image-title" block style={{ marginTop: 16 }}>
        Image
      </Title3>
      <Text block font="monospace" size={200}>
        {details.digest} ({details.media_type}, {formatBytes(details.size)})
      </Text>
      {details.platforms.length > 0 ? (
        <DataTable label="Platforms" columns={platformColumns} rows={details.platforms} rowKey={(p) => p.digest} />
      ) : null}
      {details.config !== null ? <ConfigRows config={details.config} /> : null}
      {details.layers.length > 0 ? (
        <DataTable
          label="Layers"
          columns={layerColumns}
          rows={details.layers.map((layer, index) => ({ ...layer, index }))}
          rowKey={(l) => `${l.index}:${l.digest}`}
        />
      ) : null}
      <DataTable
        label="Referrers"
        columns={referrerColumns}
        rows={details.referrers}
        rowKey={(r) => r.digest}
        empty="No signatures, SBOMs or other artifacts refer to this image."
      />
    </section>
  );
}
