import { Badge, Button, Field, Text, Textarea, Title2, Title3 } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api, dataOf, type VersionView } from '../../api';
import { ScopeCrumb } from '../../components/scope-crumb';
import { AliasHistory } from '../../components/alias-history';
import { AliasMove } from '../../components/alias-move';
import { assetPath, useAssetParams } from '../../components/asset-params';
import { DataTable, type Column } from '../../components/data-table';
import { FilteredList } from '../../components/filtered-list';
import { GuardedButton } from '../../components/guarded-button';
import { QueryState } from '../../components/states';
import { TagList } from '../../components/tags';
import { TagEditor } from '../../components/tag-editor';
import { allowance, useSession } from '../../session';
import { StarToggle } from '../../components/star-toggle';
import { UploadButton } from '../../upload/upload-button';

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
          <ScopeCrumb family={family} scope={scope} segment={segment} />
          <Title2 as="h1" id="asset-title" block>
            {a.name}
          </Title2>
          <StarToggle path={`/${family}/${scope}/${segment}/${a.name}`} label={`${scope}/${a.name}`} kind={a.type} />
          <UploadButton family={family} scope={scope} segment={segment} asset={a.name} />
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
          <TagEditor
            tags={a.tags}
            allowance={canWrite}
            save={async (tags) =>
              queryClient.setQueryData(
                key,
                dataOf(await api.PATCH(assetPath(family, segment, ''), { params: { path }, body: { tags } })),
              )
            }
          />
          <Title3 as="h2" block style={{ marginTop: 24 }}>
            Aliases
          </Title3>
          {Object.keys(a.aliases).length === 0 ? (
            <Text block>No aliases.</Text>
          ) : (
            <DataTable
              label="Aliases"
              rows={Object.entries(a.aliases)}
              rowKey={([alias]) => alias}
              columns={[
                { id: 'alias', header: 'Alias', cell: ([alias]) => alias },
                {
                  id: 'version',
                  header: 'Version',
                  cell: ([, version]) => (
                    <Link to={versionLink} params={{ name: scope, segment, asset, version }}>
                      {version}
                    </Link>
                  ),
                },
                {
                  id: 'move',
                  header: 'Actions',
                  cell: ([alias, version]) => (
                    <AliasMove
                      family={family}
                      segment={segment}
                      scope={scope}
                      asset={asset}
                      alias={alias}
                      current={version}
                    />
                  ),
                },
              ]}
            />
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
          <FilteredList
            queryKey={[...key, 'versions']}
            fetchPage={async (query) =>
              dataOf(await api.GET(assetPath(family, segment, '/versions'), { params: { path, query } }))
            }
            example="tags.stage = 'prod' and size > 1000"
            empty={['No ready versions yet.', 'No version matches this filter.']}
            refetchWhile={(page) => page.value.some((v) => v.state === 'pending')}
            label="Versions"
            columns={versionColumns((version) => (
              <Link to={versionLink} params={{ name: scope, segment, asset, version }}>
                {version}
              </Link>
            ))}
            rowKey={(v) => v.id}
            columnsKey="versions"
          />
        </section>
      )}
    </QueryState>
  );
}

/** The columns of a versions table; `link` shows a version label as a link to its page. */
function versionColumns(link: (version: string) => ReactNode): Column<VersionView>[] {
  return [
    { id: 'version', header: 'Version', sortKey: 'version', cell: (v) => link(v.version) },
    { id: 'state', header: 'State', cell: (v) => <Badge appearance="tint">{v.state}</Badge> },
    { id: 'files', header: 'Files', cell: (v) => v.file_count },
    { id: 'size', header: 'Size', sortKey: 'size', cell: (v) => formatBytes(v.total_size) },
    { id: 'aliases', header: 'Aliases', cell: (v) => v.aliases.join(', ') },
    { id: 'tags', header: 'Tags', cell: (v) => <TagList tags={v.tags} />, hiddenByDefault: true },
    { id: 'description', header: 'Description', cell: (v) => v.description ?? '', hiddenByDefault: true },
    { id: 'created', header: 'Created', sortKey: 'created', cell: (v) => new Date(v.created_at).toLocaleString() },
  ];
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
