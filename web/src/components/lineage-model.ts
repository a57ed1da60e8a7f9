import type { ApiPaths, AssetSegment } from '../api';

/** The lineage graph as the API answers it. */
export type Lineage =
  ApiPaths['/api/v1/registries/{scope}/models/{name}/versions/{version}/lineage']['get']['responses'][200]['content']['application/json'];
export type LineageVersion = Extract<Lineage['nodes'][number], { version: string }>;

const segmentOf: Record<string, AssetSegment> = {
  model: 'models',
  data: 'data',
  environment: 'environments',
  component: 'components',
};

/** The studio link (route and params) of a version in a lineage graph. */
export function versionLinkOf(v: LineageVersion) {
  const params = { name: v.scope.name, segment: segmentOf[v.type] ?? 'models', asset: v.name, version: v.version };
  return v.scope.kind === 'registry'
    ? { to: '/registries/$name/$segment/$asset/versions/$version' as const, params }
    : { to: '/workspaces/$name/$segment/$asset/versions/$version' as const, params };
}

/** `name:version` of a node, or that it is hidden. */
export function labelOf(node: Lineage['nodes'][number] | undefined): string {
  if (!node || !('version' in node)) return 'a version you cannot read';
  return `${node.scope.name}/${node.name}:${node.version}`;
}

/** A node of the drawn graph: the version, or none when the caller may not read it; `root` for the version asked about. */
export interface LineageGraphNode {
  id: string;
  version: LineageVersion | undefined;
  root: boolean;
}

/** An edge of the drawn graph: from what a version was derived from (`source`) to the derived one (`target`). */
export interface LineageGraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

/** The graph the lineage section draws from the API's lineage answer (before layout). */
export function lineageGraphOf(lineage: Lineage): { nodes: LineageGraphNode[]; edges: LineageGraphEdge[] } {
  return {
    nodes: lineage.nodes.map((n) => ({
      id: n.id,
      version: 'version' in n ? n : undefined,
      root: n.id === lineage.root,
    })),
    // The API's edge runs from the derived version to its source; the picture reads left (source) to right.
    edges: lineage.edges.map((e, i) => ({ id: `e${i}`, source: e.to, target: e.from, label: e.relation })),
  };
}
