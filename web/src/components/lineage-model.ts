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
