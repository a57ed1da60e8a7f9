import { Caption1, MessageBar, MessageBarBody, Title2 } from '@fluentui/react-components';
import { Link, useParams } from '@tanstack/react-router';
import { api, assetSegments, dataOf, type AssetSegment, type ScopeFamily } from '../../api';
import { useAssetParams } from '../../components/asset-params';
import { assetColumns } from '../../components/asset-columns';
import { FilteredList } from '../../components/filtered-list';
import { UploadButton } from '../../upload/upload-button';

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
      <UploadButton family={family} scope={scope} segment={segment} />
      <FilteredList
        queryKey={[family, scope, segment, 'list']}
        fetchPage={async (query) =>
          dataOf(
            await api.GET(`/api/v1/${family}/{scope}/${segment}` as '/api/v1/registries/{scope}/models', {
              params: { path: { scope }, query },
            }),
          )
        }
        example="tags.team = 'vision'"
        empty={[`No ${segment} here yet.`, `No ${segment} match this filter.`]}
        label={`${segment} of ${scope}`}
        columns={assetColumns(family, scope, segment)}
        rowKey={(a) => a.id}
        columnsKey="assets"
      />
    </section>
  );
}
