import {
  Badge,
  Button,
  Caption1,
  Field,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, dataOf } from '../../api';
import { AliasHistory } from '../../components/alias-history';
import { assetPath, useAssetParams } from '../../components/asset-params';
import { GuardedButton } from '../../components/guarded-button';
import { QueryState } from '../../components/states';
import { TagList } from '../../components/tags';
import { allowance, useSession } from '../../session';

/** An asset: its description (editable by who may write), tags, aliases and versions. */
export function AssetPage() {
  const { family, kind, scope, segment, asset } = useAssetParams();
  const path = { scope, name: asset };
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const key = [family, scope, segment, asset];
  const detail = useQuery({
    queryKey: key,
    queryFn: async () => dataOf(await api.GET(assetPath(family, segment, ''), { params: { path } })),
  });
  const versions = useQuery({
    queryKey: [...key, 'versions'],
    queryFn: async () =>
      dataOf(await api.GET(assetPath(family, segment, '/versions'), { params: { path, query: { top: 100 } } })),
  });
  const [editing, setEditing] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: async (description: string) =>
      dataOf(await api.PATCH(assetPath(family, segment, ''), { params: { path }, body: { description } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(key, updated);
      setEditing(undefined);
    },
  });
  const canWrite = allowance(session, `${family}/assets/write`, { kind, name: scope });
  const versionLink =
    family === 'registries'
      ? '/registries/$name/$segment/$asset/versions/$version'
      : '/workspaces/$name/$segment/$asset/versions/$version';
  return (
    <QueryState query={detail}>
      {(a) => (
        <section aria-labelledby="asset-title">
          <Caption1>
            <Link to={family === 'registries' ? '/registries/$name' : '/workspaces/$name'} params={{ name: scope }}>
              {scope}
            </Link>{' '}
            / {segment}
          </Caption1>
          <Title2 as="h1" id="asset-title" block>
            {a.name}
          </Title2>
          {editing === undefined ? (
            <div style={{ display: 'flex', gap: 12, alignItems: 'baseline' }}>
              <Text block data-testid="description">
                {a.description ?? 'No description.'}
              </Text>
              <GuardedButton size="small" allowance={canWrite} onClick={() => setEditing(a.description ?? '')}>
                Edit description
              </GuardedButton>
            </div>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                save.mutate(editing);
              }}
            >
              <Field label="Description" validationMessage={save.error?.message}>
                <Textarea value={editing} onChange={(_e, d) => setEditing(d.value)} resize="vertical" />
              </Field>
              <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
                <Button appearance="primary" type="submit" disabled={save.isPending}>
                  Save
                </Button>
                <Button onClick={() => setEditing(undefined)}>Cancel</Button>
              </div>
            </form>
          )}
          <TagList tags={a.tags} />
          <Title3 as="h2" block style={{ marginTop: 24 }}>
            Aliases
          </Title3>
          {Object.keys(a.aliases).length === 0 ? (
            <Text block>No aliases.</Text>
          ) : (
            <Table aria-label="Aliases" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Alias</TableHeaderCell>
                  <TableHeaderCell>Version</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {Object.entries(a.aliases).map(([alias, version]) => (
                  <TableRow key={alias}>
                    <TableCell>{alias}</TableCell>
                    <TableCell>
                      <Link to={versionLink} params={{ name: scope, segment, asset, version }}>
                        {version}
                      </Link>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <AliasHistory
            family={family}
            segment={segment}
            scope={scope}
            asset={asset}
            aliases={Object.keys(a.aliases)}
          />
          <Title3 as="h2" block style={{ marginTop: 24 }}>
            Versions
          </Title3>
          <QueryState query={versions}>
            {(page) => (
              <Table aria-label="Versions" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Version</TableHeaderCell>
                    <TableHeaderCell>State</TableHeaderCell>
                    <TableHeaderCell>Files</TableHeaderCell>
                    <TableHeaderCell>Size</TableHeaderCell>
                    <TableHeaderCell>Aliases</TableHeaderCell>
                    <TableHeaderCell>Created</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {page.value.map((v) => (
                    <TableRow key={v.id}>
                      <TableCell>
                        <Link to={versionLink} params={{ name: scope, segment, asset, version: v.version }}>
                          {v.version}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <Badge appearance="tint">{v.state}</Badge>
                      </TableCell>
                      <TableCell>{v.file_count}</TableCell>
                      <TableCell>{formatBytes(v.total_size)}</TableCell>
                      <TableCell>{v.aliases.join(', ')}</TableCell>
                      <TableCell>{new Date(v.created_at).toLocaleString()}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </QueryState>
        </section>
      )}
    </QueryState>
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
