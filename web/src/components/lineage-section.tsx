import { Spinner, Text, Title3 } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { api, dataOf } from '../api';
import { assetPath } from './asset-params';
import { labelOf, versionLinkOf, type Lineage } from './lineage-model';
import { QueryState } from './states';
import type { VersionTarget } from './version-actions';

// React Flow and elkjs load only when a version has lineage to draw: their own chunk.
const LineageGraph = lazy(() => import('./lineage-graph').then((m) => ({ default: m.LineageGraph })));

/** Upstream and downstream of a version: the graph, and the same edges as a list (for screen readers and copying). */
export function LineageSection({ target }: { target: VersionTarget }) {
  const { family, scope, segment, asset, version } = target;
  const lineage = useQuery({
    queryKey: [family, scope, segment, asset, 'versions', version, 'lineage'],
    queryFn: async () =>
      dataOf(
        await api.GET(assetPath(family, segment, '/versions/{version}/lineage'), {
          params: { path: { scope, name: asset, version }, query: { direction: 'both', depth: 3 } },
        }),
      ),
  });
  return (
    <section aria-labelledby="lineage-title">
      <Title3 as="h2" id="lineage-title" block style={{ marginTop: 24 }}>
        Lineage
      </Title3>
      <QueryState query={lineage}>
        {(graph) =>
          graph.edges.length === 0 ? (
            <Text block>Nothing recorded: this version was derived from nothing and nothing derives from it.</Text>
          ) : (
            <>
              <Suspense fallback={<Spinner label="Drawing the lineage…" />}>
                <LineageGraph lineage={graph} />
              </Suspense>
              <LineageList lineage={graph} />
            </>
          )
        }
      </QueryState>
    </section>
  );
}

function LineageList({ lineage }: { lineage: Lineage }) {
  const byId = new Map(lineage.nodes.map((n) => [n.id, n]));
  const nodeLink = (id: string) => {
    const node = byId.get(id);
    return node && 'version' in node ? <Link {...versionLinkOf(node)}>{labelOf(node)}</Link> : labelOf(node);
  };
  return (
    <ul aria-label="Lineage as a list">
      {lineage.edges.map((e, i) => (
        <li key={i}>
          {nodeLink(e.from)} was derived from {nodeLink(e.to)} ({e.relation})
        </li>
      ))}
      {lineage.truncated ? <li>The graph stops here: it reached 5,000 versions.</li> : null}
    </ul>
  );
}
