import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ApiError, assetSegments, dataOf, type AssetSegment, type ScopeFamily } from '../../api';
import { assetPath } from '../../components/asset-params';
import { FilterCaret } from '../../components/filter-box';

const route = getRouteApi('/signed-in/search');

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: '12px', alignItems: 'end', margin: '16px 0' },
  filter: { flexGrow: 1, minWidth: '280px' },
  list: { listStyleType: 'none', padding: 0, display: 'grid', gap: '6px' },
});

/** The list endpoint's error shown at the filter's column: the filter, and a caret under the column. */
function FilterError({ error, filter }: { error: Error; filter: string }) {
  const column = error instanceof ApiError ? error.where.column : undefined;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{error instanceof ApiError ? error.code : 'Error'}</MessageBarTitle>
        {error.message}
        {column !== undefined ? <FilterCaret filter={filter} column={column} /> : null}
      </MessageBarBody>
    </MessageBar>
  );
}

/** Assets of one registry or workspace and type, by the CLI's filter language (the list endpoint's `filter`). */
export function AdvancedSearch() {
  const styles = useStyles();
  const search = route.useSearch();
  const navigate = useNavigate();
  const [family, setFamily] = useState<ScopeFamily>(search.family ?? 'registries');
  const [scope, setScope] = useState(search.scope ?? '');
  const [segment, setSegment] = useState<AssetSegment>(search.segment ?? 'models');
  const [filter, setFilter] = useState(search.filter ?? '');
  const asked = search.scope && search.filter !== undefined ? search : undefined;
  const results = useQuery({
    queryKey: ['advanced-search', asked?.family, asked?.scope, asked?.segment, asked?.filter],
    enabled: asked !== undefined,
    retry: false,
    queryFn: async () => {
      const f = asked?.family ?? 'registries';
      const s = asked?.segment ?? 'models';
      const path = assetPath(f, s, '').replace('/{name}', '') as '/api/v1/registries/{scope}/models';
      const query = { top: 200, ...(asked?.filter ? { filter: asked.filter } : {}) };
      return dataOf(await api.GET(path, { params: { path: { scope: asked?.scope ?? '' }, query } })).value;
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ to: '/search', search: { mode: 'advanced', family, scope, segment, filter } });
  };
  return (
    <>
      <form className={styles.form} onSubmit={submit} aria-label="Advanced search">
        <Field label="In">
          <Select value={family} onChange={(_e, d) => setFamily(d.value as ScopeFamily)}>
            <option value="registries">registry</option>
            <option value="workspaces">workspace</option>
          </Select>
        </Field>
        <Field label="Name" required>
          <Input value={scope} onChange={(_e, d) => setScope(d.value)} />
        </Field>
        <Field label="Type">
          <Select value={segment} onChange={(_e, d) => setSegment(d.value as AssetSegment)}>
            {assetSegments.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Filter" className={styles.filter} hint="e.g. tags.stage = 'prod' and name like 'fraud%'">
          <Input value={filter} onChange={(_e, d) => setFilter(d.value)} />
        </Field>
        <Button type="submit" appearance="primary" disabled={scope === ''}>
          Search
        </Button>
      </form>
      {asked === undefined ? null : results.isPending ? (
        <Spinner label="Searching…" />
      ) : results.error ? (
        <FilterError error={results.error} filter={asked.filter ?? ''} />
      ) : results.data.length === 0 ? (
        <Text block>No {asked.segment ?? 'models'} match.</Text>
      ) : (
        <ul className={styles.list} aria-label="Matching assets">
          {results.data.map((asset) => (
            <li key={asset.id}>
              <Link
                to={
                  `/${asked.family ?? 'registries'}/${encodeURIComponent(asked.scope ?? '')}/${asked.segment ?? 'models'}/${encodeURIComponent(asset.name)}` as '/'
                }
              >
                {asset.name}
              </Link>
              {asset.description ? <Text> — {asset.description}</Text> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
