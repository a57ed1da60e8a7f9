import type { Client } from 'openapi-fetch';
import type { IncomingMessage } from 'node:http';
import { compact } from '../core/compact.js';
import { openDownload, type Endpoint } from './blob-transfer.js';
import { apiErrorFrom } from './errors.js';
import type { components, operations, paths } from './openapi-types.js';

/** An asset (model, data, environment, component) with its tags, aliases and latest version. */
export type Asset = components['schemas']['Asset'];
/** A version of an asset: its files (when shown one at a time), state, tags, properties and aliases. */
export type Version = components['schemas']['Version'];
/** One file of a version. */
export type FileEntry = components['schemas']['FileEntry'];
/** What begins a version: its label (optional), metadata, file list, `spec` (environments, components) and `lineage`. */
export type NewVersion = operations['beginVersionWorkspaceModel']['requestBody']['content']['application/json'];
/** The answer to a begin: the pending version and the blobs the server lacks (or, `unchanged`, the latest version it repeats). */
export type BeginVersionResult =
  operations['beginVersionWorkspaceModel']['responses'][201]['content']['application/json'];
/** The answer to a commit: the committed version, or (`unchanged`) the latest version a dropped repeat of it names. */
export type CommittedVersion =
  operations['commitVersionWorkspaceModel']['responses'][200]['content']['application/json'];
/** Description and tag changes of an asset (null removes). */
export type AssetPatch = operations['updateWorkspaceModel']['requestBody']['content']['application/json'];
/** Description, tag and property changes of a version (null removes). */
export type VersionPatch = operations['updateVersionWorkspaceModel']['requestBody']['content']['application/json'];
/** What a new version was derived from, as references (aliases resolve when it is begun). */
export type Lineage = components['schemas']['Lineage'];
/** One version in a lineage graph. */
export type LineageNode = components['schemas']['LineageNode'];
/** A version of a lineage graph in a scope the caller cannot read: only its graph-local id. */
export type HiddenLineageNode = components['schemas']['HiddenLineageNode'];
/** A version the server answered a share with; `created` is false when it was shared there before. */
export type SharedVersion = operations['shareVersionWorkspaceModel']['responses'][201]['content']['application/json'];
/** A lineage graph: nodes, edges `from` the derived version `to` what it derives from, and how many versions were hidden. */
export type LineageGraph = operations['versionLineageWorkspaceModel']['responses'][200]['content']['application/json'];
/** Which way a lineage walk goes: to what a version derives from (up), to what derives from it (down), or both. */
export type LineageDirection = 'up' | 'down' | 'both';
/** One move of an alias. */
export type AliasMove = components['schemas']['AliasMove'];
/** A version reached through an alias, with the alias and whether it is protected. */
export type AliasedVersion = operations['resolveAliasRegistryModel']['responses'][200]['content']['application/json'];
/** A request to move a protected alias, and its decision. */
export type Approval = components['schemas']['Approval'];
/** The states an approval request passes through. */
export type ApprovalState = Approval['state'];
/** A rollback either moved the alias (the asset as it is now) or, on a protected alias, filed an approval request. */
export type RollbackResult = { kind: 'moved'; asset: Asset } | { kind: 'requested'; approval: Approval };
/**
 * The evidence of one version for an auditor: `reference`, `version` (with files and digests),
 * `lineage`, `alias_moves`, `approvals`, `audit_events`.
 */
export type VersionEvidence =
  operations['versionEvidenceWorkspaceModel']['responses'][200]['content']['application/json'];

/** Where assets live: a registry or a workspace. */
export type AssetScopeKind = 'registry' | 'workspace';
/** The asset types the API serves. */
export type AssetKind = 'model' | 'data' | 'environment' | 'component';

/** The assets of one type in one registry or workspace. */
export interface AssetScope {
  scopeKind: AssetScopeKind;
  scope: string;
  type: AssetKind;
}

/** One asset. */
export interface AssetLocator extends AssetScope {
  name: string;
}

/** A page of a list; `next` is the cursor of the following page. */
export interface ListPage<T> {
  value: T[];
  next?: string;
}

/** `filter`, `orderBy` and paging of asset and version lists. */
export interface AssetListOptions {
  filter?: string;
  orderBy?: string;
  top?: number;
  cursor?: string;
}

/** Where a shared version goes: exactly one of `registry` or `workspace`, optionally renamed or relabelled. */
export type ShareTarget = operations['shareVersionWorkspaceModel']['requestBody']['content']['application/json'];

/** Models, data, environments and components: assets, versions, aliases, tags, lineage, sharing and file downloads. */
export interface AssetClient {
  list(scope: AssetScope, options?: AssetListOptions): Promise<ListPage<Asset>>;
  get(asset: AssetLocator): Promise<Asset>;
  update(asset: AssetLocator, patch: AssetPatch): Promise<Asset>;
  listVersions(
    asset: AssetLocator,
    options?: AssetListOptions & { includeArchived?: boolean },
  ): Promise<ListPage<Version>>;
  /** Begins a version; `resumed` is true when a pending version with the same files was picked up, `unchanged` when the latest already is it. */
  beginVersion(asset: AssetLocator, body: NewVersion): Promise<BeginVersionResult>;
  getVersion(asset: AssetLocator, version: string): Promise<Version>;
  updateVersion(asset: AssetLocator, version: string, patch: VersionPatch): Promise<Version>;
  commitVersion(asset: AssetLocator, version: string): Promise<CommittedVersion>;
  archiveVersion(asset: AssetLocator, version: string): Promise<Version>;
  restoreVersion(asset: AssetLocator, version: string): Promise<Version>;
  deleteVersion(asset: AssetLocator, version: string, options?: { force?: boolean }): Promise<void>;
  /** The version an alias points at now. */
  resolveAlias(asset: AssetLocator, alias: string): Promise<AliasedVersion>;
  /** Points an alias at a version; `protected` marks or unmarks it protected (that needs `…/assets/approve`). */
  setAlias(asset: AssetLocator, alias: string, version: string, options?: { protected?: boolean }): Promise<Asset>;
  removeAlias(asset: AssetLocator, alias: string): Promise<Asset>;
  /** Every move of an alias, newest first; with `at`, the moves up to that time. */
  aliasHistory(asset: AssetLocator, alias: string, options?: { at?: string }): Promise<AliasMove[]>;
  /** Asks for a protected alias to move to a version; another principal with approve decides. */
  requestApproval(
    asset: AssetLocator,
    alias: string,
    version: string,
    options?: { reason?: string },
  ): Promise<Approval>;
  /** Approval requests of an asset, newest first. */
  listApprovals(asset: AssetLocator, options?: { state?: ApprovalState }): Promise<Approval[]>;
  /** Grants (the alias moves) or rejects a pending request; never by its requester (`SelfApproval`). */
  decideApproval(
    asset: AssetLocator,
    id: string,
    decision: 'approve' | 'reject',
    options?: { reason?: string },
  ): Promise<Approval>;
  /** Moves an alias back to the version it named before its last move, or files a request when it is protected. */
  rollbackAlias(asset: AssetLocator, alias: string, options?: { reason?: string }): Promise<RollbackResult>;
  /** The evidence document of one version (needs `audit/read`). */
  versionEvidence(asset: AssetLocator, version: string): Promise<VersionEvidence>;
  /** The lineage graph around a version: `depth` steps (1 to 10, server default 3) `direction` (default both). */
  versionLineage(
    asset: AssetLocator,
    version: string,
    options?: { depth?: number; direction?: LineageDirection },
  ): Promise<LineageGraph>;
  /**
   * Makes a version available in another registry or workspace (bytes are copied only into a primary region
   * that lacks them); one already shared there under the same name answers with that copy, `created: false`.
   */
  shareVersion(asset: AssetLocator, version: string, target: ShareTarget): Promise<SharedVersion>;
  /**
   * Streams one file of a version (`range` is a `Range` header value). With `region`, the server reads
   * that region's copy, or the primary's while the region has none yet (header `x-arca-served-from: primary`).
   */
  downloadFile(
    asset: AssetLocator,
    version: string,
    path: string,
    options?: { range?: string; region?: string },
  ): Promise<IncomingMessage>;
}

const families = { registry: 'registries', workspace: 'workspaces' } as const;
const segments = {
  model: 'models',
  data: 'data',
  environment: 'environments',
  component: 'components',
} as const satisfies Record<AssetKind, string>;

/**
 * The route of an asset. Every scope-kind × type family is generated from one set of schemas,
 * so the workspace-model path stands for each of them in the types.
 */
function route<S extends string>(scope: AssetScope, suffix: S): `/api/v1/workspaces/{scope}/models/{name}${S}` {
  return `/api/v1/${families[scope.scopeKind]}/{scope}/${segments[scope.type]}/{name}${suffix}` as `/api/v1/workspaces/{scope}/models/{name}${S}`;
}

/** The route of an asset type's list in a registry or workspace (see `route`). */
function listRoute(scope: AssetScope): '/api/v1/workspaces/{scope}/models' {
  return `/api/v1/${families[scope.scopeKind]}/{scope}/${segments[scope.type]}` as '/api/v1/workspaces/{scope}/models';
}

/** The concrete URL path of a version's file (downloads stream outside openapi-fetch). */
function filePath(asset: AssetLocator, version: string, path: string): string {
  const base = `/api/v1/${families[asset.scopeKind]}/${encodeURIComponent(asset.scope)}/${segments[asset.type]}/${encodeURIComponent(asset.name)}`;
  return `${base}/versions/${encodeURIComponent(version)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Builds the asset client over the openapi-fetch client (JSON routes) and raw HTTP (file downloads). */
export function createAssetClient(http: Client<paths>, endpoint: Endpoint): AssetClient {
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.response.ok) throw apiErrorFrom(endpoint.server, result.response, result.error);
    return result.data as T;
  };
  const params = (asset: AssetLocator) => ({ scope: asset.scope, name: asset.name });
  const listQuery = (options: AssetListOptions) =>
    compact({ filter: options.filter, orderBy: options.orderBy, top: options.top, cursor: options.cursor });
  const page = <T>(body: { value: T[]; next?: string }): ListPage<T> => ({
    value: body.value,
    ...compact({ next: body.next }),
  });

  return {
    list: async (scope, options = {}) =>
      page(
        unwrap(
          await http.GET(listRoute(scope), { params: { path: { scope: scope.scope }, query: listQuery(options) } }),
        ),
      ),
    get: async (asset) => unwrap(await http.GET(route(asset, ''), { params: { path: params(asset) } })),
    update: async (asset, patch) =>
      unwrap(await http.PATCH(route(asset, ''), { params: { path: params(asset) }, body: patch })),
    listVersions: async (asset, options = {}) =>
      page(
        unwrap(
          await http.GET(route(asset, '/versions'), {
            params: {
              path: params(asset),
              query: { ...listQuery(options), ...(options.includeArchived === true ? { include_archived: true } : {}) },
            },
          }),
        ),
      ),
    beginVersion: async (asset, body) =>
      unwrap(await http.POST(route(asset, '/versions'), { params: { path: params(asset) }, body })),
    getVersion: async (asset, version) =>
      unwrap(await http.GET(route(asset, '/versions/{version}'), { params: { path: { ...params(asset), version } } })),
    updateVersion: async (asset, version, patch) =>
      unwrap(
        await http.PATCH(route(asset, '/versions/{version}'), {
          params: { path: { ...params(asset), version } },
          body: patch,
        }),
      ),
    commitVersion: async (asset, version) =>
      unwrap(
        await http.POST(route(asset, '/versions/{version}/commit'), {
          params: { path: { ...params(asset), version } },
        }),
      ),
    archiveVersion: async (asset, version) =>
      unwrap(
        await http.POST(route(asset, '/versions/{version}/archive'), {
          params: { path: { ...params(asset), version } },
        }),
      ),
    restoreVersion: async (asset, version) =>
      unwrap(
        await http.POST(route(asset, '/versions/{version}/restore'), {
          params: { path: { ...params(asset), version } },
        }),
      ),
    async deleteVersion(asset, version, { force = false } = {}) {
      unwrap(
        await http.DELETE(route(asset, '/versions/{version}'), {
          params: { path: { ...params(asset), version }, query: force ? { force } : {} },
        }),
      );
    },
    resolveAlias: async (asset, alias) =>
      unwrap(await http.GET(route(asset, '/aliases/{alias}'), { params: { path: { ...params(asset), alias } } })),
    setAlias: async (asset, alias, version, options = {}) =>
      unwrap(
        await http.PUT(route(asset, '/aliases/{alias}'), {
          params: { path: { ...params(asset), alias } },
          body: { version, ...compact({ protected: options.protected }) },
        }),
      ),
    removeAlias: async (asset, alias) =>
      unwrap(await http.DELETE(route(asset, '/aliases/{alias}'), { params: { path: { ...params(asset), alias } } })),
    aliasHistory: async (asset, alias, { at } = {}) =>
      unwrap(
        await http.GET(route(asset, '/aliases/{alias}/history'), {
          params: { path: { ...params(asset), alias }, query: at === undefined ? {} : { at } },
        }),
      ).value,
    requestApproval: async (asset, alias, version, { reason } = {}) =>
      unwrap(
        await http.POST(route(asset, '/aliases/{alias}/approvals'), {
          params: { path: { ...params(asset), alias } },
          body: { version, ...compact({ reason }) },
        }),
      ),
    listApprovals: async (asset, { state } = {}) =>
      unwrap(
        await http.GET(route(asset, '/approvals'), {
          params: { path: params(asset), query: state === undefined ? {} : { state } },
        }),
      ).value,
    async decideApproval(asset, id, decision, { reason } = {}) {
      const request = { params: { path: { ...params(asset), id } }, body: reason === undefined ? {} : { reason } };
      return unwrap(
        decision === 'approve'
          ? await http.POST(route(asset, '/approvals/{id}/approve'), request)
          : await http.POST(route(asset, '/approvals/{id}/reject'), request),
      );
    },
    async rollbackAlias(asset, alias, { reason } = {}) {
      const result = await http.POST(route(asset, '/aliases/{alias}/rollback'), {
        params: { path: { ...params(asset), alias } },
        body: reason === undefined ? {} : { reason },
      });
      const body = unwrap(result);
      return result.response.status === 202
        ? { kind: 'requested', approval: body as Approval }
        : { kind: 'moved', asset: body as Asset };
    },
    versionEvidence: async (asset, version) =>
      unwrap(
        await http.GET(route(asset, '/versions/{version}/evidence'), {
          params: { path: { ...params(asset), version } },
        }),
      ),
    versionLineage: async (asset, version, { depth, direction } = {}) =>
      unwrap(
        await http.GET(route(asset, '/versions/{version}/lineage'), {
          params: {
            path: { ...params(asset), version },
            query: compact({ depth, direction }),
          },
        }),
      ),
    shareVersion: async (asset, version, target) =>
      unwrap(
        await http.POST(route(asset, '/versions/{version}/share'), {
          params: { path: { ...params(asset), version } },
          body: target,
        }),
      ),
    downloadFile: async (asset, version, path, { range, region } = {}) =>
      openDownload(
        endpoint,
        `${filePath(asset, version, path)}${region === undefined ? '' : `?region=${encodeURIComponent(region)}`}`,
        range === undefined ? {} : { range },
      ),
  };
}
