import { Type } from '@sinclair/typebox';
import { compact } from '../../core/compact.js';
import { arcaError } from '../../core/errors.js';
import { scopeSegments } from '../../core/names.js';
import { blobReachOf } from '../../services/uploads/possession.js';
import { accessOf, principalOf } from '../auth.js';
import {
  BeginVersion,
  BeginVersionResult,
  CommittedVersion,
  ImageDetails,
  LineageGraph,
  SharedVersion,
  ShareVersion,
  VersionEvidence,
  VersionPatch,
  VersionView,
  type BeginVersionBody,
} from './asset-schemas.js';
import { versionView } from './asset-views.js';
import { ForceQuery, errorResponses } from './http-schemas.js';
import { addTotal, ListTiming } from './list-timing.js';
import { stringifyResponses } from '../lazy-schemas.js';
import {
  AssetParams,
  canReadFor,
  listQuery,
  nextLink,
  VersionParams,
  type AssetRouteContext,
} from './asset-route-context.js';

/** A file list of 100,000 entries is several megabytes: the begin route takes more than the default limit. */
const beginBodyLimit = 64 * 1024 * 1024;

export function registerListVersions({ r, assets, type, segment, base, opId, read, locate }: AssetRouteContext): void {
  r.get(
    `${base}/versions`,
    {
      schema: {
        tags: [segment],
        operationId: opId('listVersions'),
        summary: `List a ${type}'s versions (ready ones by default; filter, orderBy, cursor)`,
        params: AssetParams,
        querystring: Type.Object(
          { ...listQuery, include_archived: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            value: Type.Array(VersionView),
            next: Type.Optional(Type.String()),
            nextLink: Type.Optional(Type.String()),
          }),
          ...errorResponses,
        },
      },
      config: read,
      onSend: addTotal,
      // A page of up to 1,000 versions, built of exactly the documented fields (see stringifyResponses).
      serializerCompiler: stringifyResponses,
    },
    async (request, reply) => {
      const timing = new ListTiming(reply);
      const { top = 100, include_archived, ...rest } = request.query;
      const page = await assets.listVersions(locate(request.params), {
        top,
        ...rest,
        ...compact({ includeArchived: include_archived }),
        onPhase: timing.mark,
      });
      const canRead = canReadFor(request);
      const value = page.items.map((v) => versionView(v, canRead));
      timing.mark('view');
      timing.send(reply);
      return { value, ...nextLink(request.url.split('?')[0] ?? '', request.query, page.next) };
    },
  );
}

export function registerShareVersion({ r, assets, type, segment, base, opId, read, locate }: AssetRouteContext): void {
  r.post(
    `${base}/versions/:version/share`,
    {
      schema: {
        tags: [segment],
        operationId: opId('shareVersion'),
        summary:
          'Share a ready version into a registry or another workspace: no bytes copied in the same region; ' +
          "across regions the blobs the target's primary lacks are copied into it first; " +
          '200 with the existing copy when it was shared there before',
        params: VersionParams,
        body: ShareVersion,
        response: { 201: SharedVersion, 200: SharedVersion, ...errorResponses },
      },
      config: read,
    },
    async (request, reply) => {
      const { registry, workspace, name, version, allow_duplicate: allowDuplicate } = request.body;
      if ((registry === undefined) === (workspace === undefined))
        throw arcaError(
          'InvalidRequestBody',
          'oneTarget',
          { choices: 'registry or workspace' },
          { target: registry === undefined ? 'registry' : 'workspace' },
        );
      const target = {
        scopeKind: registry === undefined ? ('workspace' as const) : ('registry' as const),
        scope: registry ?? workspace ?? '',
        ...compact({ name, version, allowDuplicate }),
      };
      accessOf(request).require(`${scopeSegments[target.scopeKind]}/assets/write`, {
        kind: target.scopeKind,
        name: target.scope,
      });
      const shared = await assets.shareVersion(
        { ...locate(request.params), version: request.params.version },
        target,
        principalOf(request),
      );
      // The same shape as a show of it right after, regions included.
      const copy = shared.version;
      const shown = await assets.getVersion({
        scopeKind: target.scopeKind,
        scope: copy.scope.name,
        type,
        name: copy.asset.name,
        version: copy.label,
      });
      const view = versionView(shown, canReadFor(request));
      return reply.status(shared.created ? 201 : 200).send({ ...view, created: shared.created });
    },
  );
}

export function registerBeginVersion(context: AssetRouteContext): void {
  const { r, type, segment, base, opId, write } = context;
  r.post(
    `${base}/versions`,
    {
      schema: {
        tags: [segment],
        operationId: opId('beginVersion'),
        summary: `Begin a ${type} version: lists the blobs the server lacks (the asset is created on first use)`,
        params: AssetParams,
        body: BeginVersion,
        response: { 201: BeginVersionResult, 200: BeginVersionResult, ...errorResponses },
      },
      bodyLimit: beginBodyLimit,
      config: write,
    },
    async (request, reply) => {
      const { assets, family, locate } = context;
      const body: BeginVersionBody = request.body;
      const result = await assets.beginVersion(
        locate(request.params),
        {
          files: body.files,
          ...pick(body, [
            'version',
            'description',
            'tags',
            'properties',
            'flavor',
            'framework',
            'job',
            'source',
            'spec',
            'lineage',
          ]),
          ...compact({ dataType: body.data_type, allowDuplicate: body.allow_duplicate }),
        },
        { actor: principalOf(request), canRead: canReadFor(request), reach: blobReachOf(accessOf(request)) },
      );
      return reply.status(result.resumed || result.unchanged ? 200 : 201).send({
        version: versionView(result.version, canReadFor(request)),
        missing: result.missing.map((m) => ({ digest: m.digest, size: m.size })),
        missing_bytes: result.missing.reduce((sum, m) => sum + m.size, 0),
        resumed: result.resumed,
        unchanged: result.unchanged,
        upload_url: `/api/v1/${family}/${encodeURIComponent(request.params.scope)}/uploads`,
      });
    },
  );
}

export function registerGetVersion({ r, assets, type, segment, base, opId, read, locate }: AssetRouteContext): void {
  r.get(
    `${base}/versions/:version`,
    {
      schema: {
        tags: [segment],
        operationId: opId('getVersion'),
        summary: `Show a ${type} version with its files`,
        params: VersionParams,
        response: { 200: VersionView, ...errorResponses },
      },
      config: read,
    },
    async (request) =>
      versionView(
        await assets.getVersion({ ...locate(request.params), version: request.params.version }),
        canReadFor(request),
      ),
  );
}

export function registerUpdateVersion({
  r,
  assets,
  type,
  segment,
  base,
  opId,
  write,
  locate,
}: AssetRouteContext): void {
  r.patch(
    `${base}/versions/:version`,
    {
      schema: {
        tags: [segment],
        operationId: opId('updateVersion'),
        summary: `Update a ${type} version's description, tags or properties`,
        params: VersionParams,
        body: VersionPatch,
        response: { 200: VersionView, ...errorResponses },
      },
      config: write,
    },
    async (request) =>
      versionView(
        await assets.updateVersion(
          { ...locate(request.params), version: request.params.version },
          request.body,
          principalOf(request),
        ),
        canReadFor(request),
      ),
  );
}

export function registerCommitVersion({ r, assets, segment, base, opId, write, locate }: AssetRouteContext): void {
  r.post(
    `${base}/versions/:version/commit`,
    {
      schema: {
        tags: [segment],
        operationId: opId('commitVersion'),
        params: VersionParams,
        response: { 200: CommittedVersion, ...errorResponses },
        summary:
          'Commit a pending version: it becomes ready and `latest` moves to it (a repeat of the latest is dropped: `unchanged`)',
      },
      config: write,
    },
    async (request) => {
      const locator = { ...locate(request.params), version: request.params.version };
      const committed = await assets.commitVersion(locator, principalOf(request), blobReachOf(accessOf(request)));
      return { ...versionView(committed.version, canReadFor(request)), unchanged: committed.unchanged };
    },
  );
}

export function registerArchiveAndRestore({ r, assets, segment, base, opId, write, locate }: AssetRouteContext): void {
  for (const [action, summary] of [
    ['archive', 'Archive a version (hidden from lists and alias targets, still downloadable)'],
    ['restore', 'Restore an archived version'],
  ] as const) {
    r.post(
      `${base}/versions/:version/${action}`,
      {
        schema: {
          tags: [segment],
          operationId: opId(`${action}Version`),
          summary,
          params: VersionParams,
          response: { 200: VersionView, ...errorResponses },
        },
        config: write,
      },
      async (request) => {
        const locator = { ...locate(request.params), version: request.params.version };
        const actor = principalOf(request);
        const result =
          action === 'archive' ? assets.archiveVersion(locator, actor) : assets.restoreVersion(locator, actor);
        return versionView(await result, canReadFor(request));
      },
    );
  }
}

export function registerVersionEvidence(context: AssetRouteContext): void {
  const { r, assets, scopeKind, segment, base, opId, read, locate } = context;
  r.get(
    `${base}/versions/:version/evidence`,
    {
      schema: {
        tags: [segment],
        operationId: opId('versionEvidence'),
        summary:
          'Evidence for an auditor: the version, its files and digests, lineage, alias moves, approvals and audit events (needs audit/read)',
        params: VersionParams,
        response: { 200: VersionEvidence, ...errorResponses },
      },
      config: read,
    },
    async (request) => {
      // About one version of one scope: a token narrowed to that scope may ask.
      accessOf(request).requireAbout('audit/read', { kind: scopeKind, name: request.params.scope });
      const canRead = canReadFor(request);
      const evidence = await assets.evidence({ ...locate(request.params), version: request.params.version }, canRead);
      return { ...evidence, version: versionView(evidence.version, canRead) };
    },
  );
}

export function registerDeleteVersion({
  r,
  assets,
  family,
  segment,
  base,
  opId,
  access,
  locate,
}: AssetRouteContext): void {
  r.delete(
    `${base}/versions/:version`,
    {
      schema: {
        tags: [segment],
        operationId: opId('deleteVersion'),
        summary:
          'Delete a version (409 while an alias points at it or other versions derive from it, unless force=true)',
        params: VersionParams,
        querystring: ForceQuery,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: access(`${family}/assets/delete`),
    },
    async (request, reply) => {
      await assets.deleteVersion(
        { ...locate(request.params), version: request.params.version },
        { force: request.query.force ?? false },
        principalOf(request),
      );
      return reply.status(204).send(null);
    },
  );
}

export function registerVersionLineage({ r, assets, segment, base, opId, read, locate }: AssetRouteContext): void {
  r.get(
    `${base}/versions/:version/lineage`,
    {
      schema: {
        tags: [segment],
        operationId: opId('versionLineage'),
        summary:
          'The lineage graph: what the version was derived from (up) and what derives from it (down), depth steps each way',
        params: VersionParams,
        querystring: Type.Object(
          {
            depth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, default: 3 })),
            direction: Type.Optional(
              Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('both')], { default: 'both' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: LineageGraph, ...errorResponses },
      },
      config: read,
    },
    async (request) =>
      assets.lineage(
        { ...locate(request.params), version: request.params.version },
        request.query.depth ?? 3,
        request.query.direction ?? 'both',
        canReadFor(request),
      ),
  );
}

/** An environment version's image: layers, platform, config and referrers (environments only). */
export function registerVersionImage({ r, assets, segment, base, opId, read, locate }: AssetRouteContext): void {
  r.get(
    `${base}/versions/:version/image`,
    {
      schema: {
        tags: [segment],
        operationId: opId('versionImage'),
        summary:
          "The image the environment version is: its manifest's layers or an index's platforms, the config a container starts with, and the artifacts that refer to it (signatures, SBOMs)",
        params: VersionParams,
        response: { 200: ImageDetails, ...errorResponses },
      },
      config: read,
    },
    async (request) => {
      const image = await assets.image({ ...locate(request.params), version: request.params.version });
      return {
        digest: image.digest,
        media_type: image.mediaType,
        size: image.size,
        platforms: image.platforms.map(({ mediaType, ...platform }) => ({ ...platform, media_type: mediaType })),
        layers: image.layers.map(({ mediaType, ...layer }) => ({ ...layer, media_type: mediaType })),
        config:
          image.config === null
            ? null
            : (({ workingDir, exposedPorts, ...config }) => ({
                ...config,
                working_dir: workingDir,
                exposed_ports: exposedPorts,
              }))(image.config),
        referrers: image.referrers.map(({ mediaType, artifactType, ...referrer }) => ({
          ...referrer,
          media_type: mediaType,
          artifact_type: artifactType,
        })),
      };
    },
  );
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
