import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
} from '@fluentui/react-components';
import type { AssetSegment } from '../api';

interface SpecVersion {
  name: string;
  version: string;
  spec?: Record<string, unknown>;
  spec_yaml?: string;
  manifest_digest: string | null;
}

type Ports = Record<string, { type?: unknown; default?: unknown; description?: unknown } | null>;

function PortTable({ label, ports }: { label: string; ports: Ports }) {
  const entries = Object.entries(ports);
  if (entries.length === 0) return null;
  return (
    <Table aria-label={label} size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{label}</TableHeaderCell>
          <TableHeaderCell>Type</TableHeaderCell>
          <TableHeaderCell>Default</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map(([name, port]) => (
          <TableRow key={name}>
            <TableCell>{name}</TableCell>
            <TableCell>{port?.type === undefined ? '' : String(port.type)}</TableCell>
            <TableCell>{port?.default === undefined ? '' : JSON.stringify(port.default)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * An environment's or component's spec: the YAML as written (text, never HTML), a component's inputs and
 * outputs, an environment's image with its `docker pull` line and, for an image kept over /v2/, the `skopeo copy`
 * line. Its layers, config, platform and referrers are shown beside it by `EnvironmentImage`.
 */
export function VersionSpec({
  version,
  segment,
  scope,
}: {
  version: SpecVersion;
  segment: AssetSegment;
  scope: string;
}) {
  if (segment !== 'environments' && segment !== 'components') return null;
  const spec = version.spec ?? {};
  const image = typeof spec['image'] === 'string' ? spec['image'] : undefined;
  const host = window.location.host;
  const lines = [
    ...(image ? [`docker pull ${image}`] : []),
    ...(segment === 'environments' && version.manifest_digest
      ? [
          `skopeo copy docker://${host}/${scope}/environments/${version.name}:${version.version} oci:./${version.name}:${version.version}`,
          `docker pull ${host}/${scope}/environments/${version.name}:${version.version}`,
        ]
      : []),
  ];
  return (
    <section aria-labelledby="spec-title">
      <Title3 as="h2" id="spec-title" block style={{ marginTop: 24 }}>
        {segment === 'environments' ? 'Environment' : 'Component'}
      </Title3>
      {lines.map((line) => (
        <Text block font="monospace" size={200} key={line}>
          {line}
        </Text>
      ))}
      {segment === 'components' ? (
        <>
          <PortTable label="Inputs" ports={(spec['inputs'] as Ports | undefined) ?? {}} />
          <PortTable label="Outputs" ports={(spec['outputs'] as Ports | undefined) ?? {}} />
        </>
      ) : null}
      {version.spec_yaml ? (
        <pre
          aria-label="Spec as written"
          tabIndex={0}
          style={{ overflowX: 'auto', padding: 8, background: 'var(--colorNeutralBackground3)' }}
        >
          {version.spec_yaml}
        </pre>
      ) : (
        <Text block>No spec recorded.</Text>
      )}
    </section>
  );
}
