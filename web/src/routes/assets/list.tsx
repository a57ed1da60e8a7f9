import { Caption1, MessageBar, MessageBarBody, Title2 } from '@fluentui/react-components';
import { Link, useParams } from '@tanstack/react-router';
import { api, assetSegments, dataOf, type AssetSegment, type ScopeFamily } from '../../api';
import { useAssetParams } from '../../components/asset-params';
import { assetColumns } from '../../components/asset-columns';
import { DataTable } from '../../components/data-table';
import { FilterBox } from '../../components/filter-box';
import { useListView, usePagedList } from '../../components/list-view';
import { QueryState } from '../../components/states';

/** The assets of one type in a registry or workspace: filter, sort, cursor paging and columns, all in the URL. */
export function AssetListPage() {
  const { family, scope, segment } = useAssetParams();
  const { segment: named } = useParams({ strict: false }) as { segment?: string };
  if (!(assetSegments as string[]).includes(named ?? ''))
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          There is no asset type “{named}”: try {assetSegments.join(', ')}.
        </MessageBarBody>
      </MessageBar>
    );
  return <AssetList family={family} scope={scope} segment={segment} />;
}

function AssetList({ family, scope, segment }: { family: ScopeFamily; scope: string; segment: AssetSegment }) {
  const { search, view, query, tableProps } = useListView();
  const { query: list, page } = usePagedList([family, scope, segment, 'list', query], async () =>
    dataOf(
      await api.GET(`/api/v1/${family}/{scope}/${segment}` as '/api/v1/registries/{scope}/models', {
        params: { path: { scope }, query },
      }),
    ),
  );
  return (
    <section aria-labelledby="list-title">
      <Caption1>
        <Link to={family === 'registries' ? '/registries/$name' : '/workspaces/$name'} params={{ name: scope }}>
          {scope}
        </Link>
      </Caption1>
      <Title2 as="h1" id="list-title" block>
        {segment}
      </Title2>
      <FilterBox
        value={search.filter}
        error={list.error}
        example="tags.team = 'vision'"
        onApply={(filter) => view({ filter, cursor: undefined })}
      />
      {page === undefined ? (
        <QueryState query={list}>{() => null}</QueryState>
      ) : (
        <DataTable
          label={`${segment} of ${scope}`}
          columns={assetColumns(family, scope, segment)}
          rows={page.value}
          rowKey={(a) => a.id}
          empty={search.filter ? `No ${segment} match this filter.` : `No ${segment} here yet.`}
          columnsKey="assets"
          {...tableProps(list.isError ? undefined : page.next)}
        />
      )}
    </section>
  );
}
