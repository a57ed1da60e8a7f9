import { Caption1, Tab, TabList, Text, Title2, Title3, makeStyles } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { api, dataOf, type Schemas } from '../../api';
import { QueryState } from '../../components/states';
import { AdvancedSearch } from './advanced';

const route = getRouteApi('/signed-in/search');

type Hit = Schemas['SearchHit'];

const useStyles = makeStyles({
  list: { listStyleType: 'none', padding: 0, margin: '8px 0 24px', display: 'grid', gap: '8px' },
  matched: { marginLeft: '8px' },
});

const groups = [
  { type: 'scope', title: 'Registries and workspaces' },
  { type: 'asset', title: 'Assets' },
  { type: 'version-alias', title: 'Aliases' },
] as const;

const segmentOf: Record<string, string> = {
  model: 'models',
  data: 'data',
  environment: 'environments',
  component: 'components',
};

/** The studio path of a hit (a scope, an asset, or the version an alias names). */
export function hitPath(hit: Hit): string {
  const family = hit.scope.kind === 'registry' ? 'registries' : 'workspaces';
  const scope = `/${family}/${encodeURIComponent(hit.scope.name)}`;
  if (hit.type === 'scope') return scope;
  const asset = `${scope}/${segmentOf[hit.asset_type ?? ''] ?? 'models'}/${encodeURIComponent(hit.name ?? '')}`;
  return hit.type === 'asset' ? asset : `${asset}/versions/${encodeURIComponent(hit.version ?? '')}`;
}

function hitLabel(hit: Hit): string {
  if (hit.type === 'scope') return hit.scope.name;
  if (hit.type === 'asset') return `${hit.scope.name}/${hit.name ?? ''}`;
  return `${hit.scope.name}/${hit.name ?? ''}@${hit.alias ?? ''} → ${hit.version ?? ''}`;
}

function whatMatched(hit: Hit): string {
  const kind = hit.type === 'scope' ? hit.scope.kind : (hit.asset_type ?? '');
  if (hit.matched === 'tag') return `${kind} · tag ${hit.tag ?? ''}`;
  return `${kind} · ${hit.matched}`;
}

function Results({ q }: { q: string }) {
  const styles = useStyles();
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: async () => dataOf(await api.GET('/api/v1/search', { params: { query: { q, top: 200 } } })),
  });
  return (
    <QueryState query={results}>
      {(page) =>
        page.value.length === 0 ? (
          <Text block>Nothing you may read matches “{q}”.</Text>
        ) : (
          <>
            {groups.map(({ type, title }) => {
              const hits = page.value.filter((h) => h.type === type);
              if (hits.length === 0) return null;
              const id = `results-${type}`;
              return (
                <section key={type} aria-labelledby={id}>
                  <Title3 as="h2" id={id} block>
                    {title} ({hits.length})
                  </Title3>
                  <ul className={styles.list} aria-labelledby={id}>
                    {hits.map((hit) => (
                      <li key={`${hitPath(hit)}@${hit.alias ?? ''}`}>
                        <Link to={hitPath(hit) as '/'}>{hitLabel(hit)}</Link>
                        <Caption1 className={styles.matched}>{whatMatched(hit)}</Caption1>
                        {hit.description ? <Text block>{hit.description}</Text> : null}
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
            {page.next ? <Text block>More hits than shown: narrow the search.</Text> : null}
          </>
        )
      }
    </QueryState>
  );
}

/** `/search?q=`: what matches across everything the caller may read; `mode=advanced`: one scope's assets by filter. */
export function SearchPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const mode = search.mode ?? 'text';
  return (
    <section aria-labelledby="search-title">
      <Title2 as="h1" id="search-title" block>
        Search
      </Title2>
      <TabList
        selectedValue={mode}
        onTabSelect={(_e, d) =>
          void navigate({
            to: '/search',
            search: d.value === 'advanced' ? { ...search, mode: 'advanced' } : { q: search.q },
          })
        }
      >
        <Tab value="text">Everything</Tab>
        <Tab value="advanced">Advanced</Tab>
      </TabList>
      {mode === 'advanced' ? (
        <AdvancedSearch />
      ) : search.q ? (
        <Results q={search.q} />
      ) : (
        <Text block>
          Type in the search box above (press <kbd>/</kbd> to go there).
        </Text>
      )}
    </section>
  );
}
