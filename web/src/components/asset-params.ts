import { useLocation, useParams } from '@tanstack/react-router';
import { assetSegments, type AssetSegment, type ScopeFamily } from '../api';

/** The scope, asset type, asset and version a page's URL names (shared by the registry and workspace trees). */
export function useAssetParams() {
  const params = useParams({ strict: false }) as { name?: string; segment?: string; asset?: string; version?: string };
  const family: ScopeFamily = useLocation().pathname.startsWith('/workspaces/') ? 'workspaces' : 'registries';
  const segment = (assetSegments as string[]).includes(params.segment ?? '')
    ? (params.segment as AssetSegment)
    : 'models';
  return {
    family,
    kind: family === 'registries' ? ('registry' as const) : ('workspace' as const),
    scope: params.name ?? '',
    segment,
    asset: params.asset ?? '',
    version: params.version ?? '',
  };
}

/** The API path of an asset, or something under it: typed as the models one, which every type shares. */
export function assetPath<
  S extends
    | ''
    | '/versions'
    | '/versions/{version}'
    | '/versions/{version}/archive'
    | '/versions/{version}/restore'
    | '/versions/{version}/share'
    | '/versions/{version}/evidence'
    | '/versions/{version}/lineage'
    | '/versions/{version}/commit'
    | '/aliases/{alias}'
    | '/aliases/{alias}/history'
    | '/aliases/{alias}/approvals'
    | '/approvals'
    | '/approvals/{id}/approve'
    | '/approvals/{id}/reject',
>(family: ScopeFamily, segment: AssetSegment, suffix: S) {
  return `/api/v1/${family}/{scope}/${segment}/{name}${suffix}` as `/api/v1/registries/{scope}/models/{name}${S}`;
}

/**
 * The URL of one file of a version, for a download link (the browser sends the session cookie; a link is not a
 * fetch, so the typed client has no part in it). Each path segment is encoded; `/` stays a separator.
 */
export function fileUrl(
  family: ScopeFamily,
  segment: AssetSegment,
  scope: string,
  asset: string,
  version: string,
  path: string,
): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `/api/v1/${family}/${encodeURIComponent(scope)}/${segment}/${encodeURIComponent(asset)}/versions/${encodeURIComponent(version)}/files/${encoded}`;
}

/** The URL of a version's whole-file archive (`…/versions/{version}/download`, a tar), for a download link like `fileUrl`. */
export function archiveUrl(family: ScopeFamily, segment: AssetSegment, scope: string, asset: string, version: string) {
  return `/api/v1/${family}/${encodeURIComponent(scope)}/${segment}/${encodeURIComponent(asset)}/versions/${encodeURIComponent(version)}/download`;
}
