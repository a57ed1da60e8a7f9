import { Type, type Static } from '@sinclair/typebox';
import { dataTypes } from '../../core/asset-types.js';

/** Shapes of the asset, version, alias and upload routes. */

const keyNames = { minLength: 1, maxLength: 128 };
const Kv = (description: string) =>
  Type.Object(
    {},
    {
      additionalProperties: Type.String({ maxLength: 1024 }),
      propertyNames: keyNames,
      maxProperties: 200,
      description,
    },
  );
const KvPatch = (description: string) =>
  Type.Object(
    {},
    {
      additionalProperties: Type.Union([Type.String({ maxLength: 1024 }), Type.Null()]),
      propertyNames: keyNames,
      maxProperties: 200,
      description,
    },
  );

export const FileEntry = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: 'Relative, `/`-separated path inside the version.',
    }),
    size: Type.Integer({ minimum: 0 }),
    digest: Type.String({ maxLength: 71, description: '`sha256:<64 hex>`' }),
  },
  { additionalProperties: false, $id: 'FileEntry' },
);

const Reference = (description: string) => Type.String({ minLength: 1, maxLength: 1024, description });
export const Lineage = Type.Object(
  {
    data: Type.Optional(Type.Array(Reference('A data version the new version was derived from.'), { maxItems: 100 })),
    model: Type.Optional(Reference('The parent model version.')),
    component: Type.Optional(Reference('The component version that produced it.')),
    environment: Type.Optional(Reference('The environment version it was produced in.')),
  },
  {
    additionalProperties: false,
    $id: 'Lineage',
    description: 'What the version was derived from, as references (aliases resolve when the version is begun).',
  },
);

export const BeginVersion = Type.Object(
  {
    version: Type.Optional(Type.String({ maxLength: 128, description: 'Label; the next integer when omitted.' })),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    tags: Type.Optional(Kv('Tags of the version.')),
    properties: Type.Optional(Kv('Free key/value properties (metrics, parameters).')),
    flavor: Type.Optional(
      Type.String({ maxLength: 128, description: 'Models: the MLflow-style flavor (e.g. `sklearn`, `pytorch`).' }),
    ),
    framework: Type.Optional(
      Type.String({ maxLength: 128, description: 'Models: framework and version (e.g. `torch==2.3`).' }),
    ),
    data_type: Type.Optional(
      Type.Union(
        dataTypes.map((t) => Type.Literal(t)),
        { description: 'Data: uri_file (one file), uri_folder (default) or mltable.' },
      ),
    ),
    job: Type.Optional(
      Type.String({ maxLength: 1024, description: 'The job that produced the version (free text for now).' }),
    ),
    source: Type.Optional(
      Type.String({ maxLength: 1024, description: 'Where the version came from (free text for now).' }),
    ),
    files: Type.Array(FileEntry, { maxItems: 100_000 }),
    spec: Type.Optional(
      Type.String({
        maxLength: 262_144,
        description: 'Environments and components: the Azure-ML-style YAML as written (errors name its lines).',
      }),
    ),
    lineage: Type.Optional(Lineage),
    allow_duplicate: Type.Optional(
      Type.Boolean({
        description:
          "Make a new version even when it repeats the latest one (same files, and every field given equal to the latest's); " +
          'without it such a begin answers the latest version with `unchanged: true`. Default false.',
      }),
    ),
  },
  { additionalProperties: false, $id: 'BeginVersion' },
);
export type BeginVersionBody = Static<typeof BeginVersion>;

export const AssetPatch = Type.Object(
  {
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    tags: Type.Optional(KvPatch('Tags to merge; null removes a tag.')),
  },
  { additionalProperties: false, $id: 'AssetPatch' },
);
export type AssetPatchBody = Static<typeof AssetPatch>;

export const VersionPatch = Type.Object(
  {
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    tags: Type.Optional(KvPatch('Tags to merge; null removes a tag.')),
    properties: Type.Optional(KvPatch('Properties to merge; null removes one.')),
  },
  { additionalProperties: false, $id: 'VersionPatch' },
);
export type VersionPatchBody = Static<typeof VersionPatch>;

/** A lineage neighbour: its reference, or `hidden: true` alone when it lives in a scope the caller cannot read. */
const LineageLink = Type.Object({
  relation: Type.String({
    description: 'data, model, component or environment: what the input is to the derived one.',
  }),
  reference: Type.Optional(Type.String({ description: 'The version, when you may read it.' })),
  hidden: Type.Optional(
    Type.Literal(true, { description: 'The version lives in a scope you cannot read: nothing names it.' }),
  ),
});

const ScopeRef = Type.Object({
  kind: Type.Union([Type.Literal('registry'), Type.Literal('workspace')]),
  name: Type.String(),
});

export const VersionView = Type.Object(
  {
    id: Type.String(),
    reference: Type.String({ description: 'Canonical `arca://` reference.' }),
    scope: ScopeRef,
    type: Type.String(),
    name: Type.String(),
    version: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    tags: Kv('Tags.'),
    properties: Kv('Properties.'),
    flavor: Type.Optional(Type.String()),
    framework: Type.Optional(Type.String()),
    data_type: Type.Optional(Type.String()),
    job: Type.Optional(Type.String()),
    source: Type.Optional(Type.String()),
    origin: Type.Optional(
      Type.String({ description: 'The version this one was shared from (shown when you may read it).' }),
    ),
    origin_hidden: Type.Optional(
      Type.Literal(true, {
        description: 'Shared from a version in a scope you cannot read (its name is not shown).',
      }),
    ),
    spec: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Environments and components: the parsed YAML.' }),
    ),
    spec_yaml: Type.Optional(Type.String({ description: 'Environments and components: the YAML as written.' })),
    regions: Type.Optional(
      Type.Array(
        Type.Object({
          region: Type.String(),
          role: Type.Union([Type.Literal('primary'), Type.Literal('replica')]),
          state: Type.Optional(
            Type.Union([Type.Literal('replicated'), Type.Literal('pending'), Type.Literal('failed')]),
          ),
          error: Type.Optional(Type.String()),
        }),
        {
          description:
            'Shown with a single version: the primary region, and each replica region with its replication state.',
        },
      ),
    ),
    derived_from: Type.Optional(
      Type.Array(LineageLink, { description: 'Shown with a single version: what it was derived from.' }),
    ),
    run: Type.Optional(
      Type.Object(
        {
          experiment_id: Type.String(),
          run_id: Type.String(),
          run_name: Type.String(),
          status: Type.String({ description: 'RUNNING, SCHEDULED, FINISHED, FAILED or KILLED' }),
          user_id: Type.String(),
          start_time: Type.Integer({ description: 'Milliseconds since the epoch' }),
          end_time: Type.Optional(Type.Integer()),
          params: Type.Record(Type.String(), Type.String()),
          metrics: Type.Record(Type.String(), Type.Number(), { description: 'Each metric’s latest value' }),
        },
        {
          description:
            'Shown with a single version registered through MLflow from a run of its scope (`properties.mlflow.run_id`): the run it came from.',
        },
      ),
    ),
    state: Type.Union([Type.Literal('pending'), Type.Literal('ready'), Type.Literal('archived')]),
    total_size: Type.Integer(),
    file_count: Type.Integer(),
    files: Type.Optional(Type.Array(FileEntry)),
    manifest_digest: Type.Union([Type.String(), Type.Null()]),
    aliases: Type.Array(Type.String()),
    created_at: Type.String({ format: 'date-time' }),
    created_by: Type.String(),
    updated_at: Type.String({ format: 'date-time' }),
    updated_by: Type.String(),
    committed_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Version' },
);
export type VersionViewBody = Static<typeof VersionView>;

/** What a commit answers: the committed version, or the latest one when the commit dropped a repeat of it. */
export const CommittedVersion = Type.Object(
  {
    ...VersionView.properties,
    unchanged: Type.Boolean({
      description:
        'True when the pending version repeated the latest one (begun without `allow_duplicate`): it was dropped and this is the latest version.',
    }),
  },
  { $id: 'CommittedVersion' },
);

export const AssetView = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    scope: ScopeRef,
    type: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    tags: Kv('Tags.'),
    latest_version: Type.Union([Type.String(), Type.Null()]),
    latest: Type.Union(
      [
        Type.Object({
          version: Type.String(),
          description: Type.Union([Type.String(), Type.Null()]),
          tags: Kv('Tags of the latest version.'),
          properties: Kv('Properties of the latest version.'),
          total_size: Type.Integer(),
          flavor: Type.Optional(Type.String()),
          framework: Type.Optional(Type.String()),
          data_type: Type.Optional(Type.String()),
          job: Type.Optional(Type.String()),
        }),
        Type.Null(),
      ],
      {
        description:
          'The version `latest` names (the newest ready, unarchived one) with the fields an asset filter matches on it: ' +
          "`tags.<key>` and `description` match the asset's own or these; `properties.<key>`, `version`, `size`, `flavor`, … match these. Null when there is none.",
      },
    ),
    aliases: Type.Object({}, { additionalProperties: Type.String(), description: 'alias → version label' }),
    created_at: Type.String({ format: 'date-time' }),
    created_by: Type.String(),
    updated_at: Type.String({ format: 'date-time' }),
    updated_by: Type.String(),
  },
  { $id: 'Asset' },
);
export type AssetViewBody = Static<typeof AssetView>;

export const BeginVersionResult = Type.Object(
  {
    version: VersionView,
    missing: Type.Array(Type.Object({ digest: Type.String(), size: Type.Integer() }), {
      description: 'Blobs the server lacks: upload these, then commit.',
    }),
    missing_bytes: Type.Integer(),
    resumed: Type.Boolean({
      description: 'True when an interrupted pending version with the same files was picked up again.',
    }),
    unchanged: Type.Boolean({
      description:
        'True when the latest version already is what the request describes: `version` is that ready version, nothing was begun ' +
        'and nothing is to upload or commit (pass `allow_duplicate` to make a new one).',
    }),
    upload_url: Type.String({ description: 'Where to start upload sessions for this registry or workspace.' }),
  },
  { $id: 'BeginVersionResult' },
);

export const AliasMove = Type.Object(
  {
    alias: Type.String(),
    action: Type.Union([Type.Literal('move'), Type.Literal('protect'), Type.Literal('unprotect')], {
      description:
        '`move` (from → to), or protection switched on (`protect`) or off (`unprotect`) by `by` at `at`; ' +
        'those leave the alias where it is.',
    }),
    from_version: Type.Union([Type.String(), Type.Null()]),
    to_version: Type.Union([Type.String(), Type.Null()]),
    at: Type.String({ format: 'date-time' }),
    by: Type.String(),
  },
  { $id: 'AliasMove' },
);

export const UploadStatus = Type.Object(
  {
    id: Type.String(),
    offset: Type.Integer({ description: 'Bytes the server holds.' }),
    expires_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'UploadStatus' },
);

export const BlobCommitted = Type.Object({ digest: Type.String(), size: Type.Integer() }, { $id: 'BlobCommitted' });

export const ShareVersion = Type.Object(
  {
    registry: Type.Optional(Type.String({ maxLength: 64, description: 'Target registry (or give workspace).' })),
    workspace: Type.Optional(Type.String({ maxLength: 64, description: 'Target workspace (or give registry).' })),
    name: Type.Optional(
      Type.String({ maxLength: 255, description: 'Asset name in the target; the same name by default.' }),
    ),
    version: Type.Optional(
      Type.String({ maxLength: 128, description: 'Version label in the target; the same label by default.' }),
    ),
    allow_duplicate: Type.Optional(
      Type.Boolean({
        description:
          'Make another copy even when the version was already shared into the target under this name ' +
          '(default false: answer with that copy, 200, created false).',
      }),
    ),
  },
  { additionalProperties: false, $id: 'ShareVersion' },
);

export const SharedVersion = Type.Composite(
  [
    VersionView,
    Type.Object({
      created: Type.Boolean({
        description:
          'False when the version had already been shared into the target: this is that copy, nothing was made.',
      }),
    }),
  ],
  { $id: 'SharedVersion' },
);

const LineageLinks = (description: string) => Type.Array(LineageLink, { description });

export const VersionEvidence = Type.Object(
  {
    generated_at: Type.String({ format: 'date-time' }),
    reference: Type.String(),
    version: VersionView,
    lineage: Type.Object({
      upstream: LineageLinks('What the version was derived from (`lineage --direction up`, one step).'),
      downstream: LineageLinks('What was derived from it (`lineage --direction down`, one step).'),
      shared_from: Type.Union([Type.String(), Type.Null()], {
        description: 'The version it is a shared copy of (null when none, or when you cannot read it).',
      }),
      shared_from_hidden: Type.Optional(
        Type.Literal(true, { description: 'It is a copy of a version in a scope you cannot read.' }),
      ),
      shared_to: Type.Array(Type.String(), { description: 'Its shared copies that you may read.' }),
      shared_to_hidden: Type.Optional(Type.Integer({ description: 'How many copies live in scopes you cannot read.' })),
      job: Type.Union([Type.String(), Type.Null()]),
      source: Type.Union([Type.String(), Type.Null()]),
    }),
    alias_moves: Type.Array(Type.Object({}, { additionalProperties: true })),
    approvals: Type.Array(Type.Object({}, { additionalProperties: true })),
    audit_events: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: 'Each with its chain hash, to check against the audit log.',
    }),
  },
  { $id: 'VersionEvidence' },
);

const LineageNode = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    type: Type.String(),
    name: Type.String(),
    version: Type.String(),
    state: Type.String(),
    scope: ScopeRef,
  },
  { $id: 'LineageNode' },
);

const HiddenLineageNode = Type.Object(
  {
    id: Type.String({ description: "An id of this graph only (`hidden-1`, …), not the version's." }),
    hidden: Type.Literal(true, {
      description: 'A version in a scope you cannot read: nothing names it, and the walk stops there.',
    }),
  },
  { $id: 'HiddenLineageNode' },
);

export const LineageGraph = Type.Object(
  {
    root: Type.String({ description: 'The id of the version asked about.' }),
    nodes: Type.Array(Type.Union([LineageNode, HiddenLineageNode])),
    edges: Type.Array(
      Type.Object({
        from: Type.String({ description: 'The derived version.' }),
        to: Type.String({ description: 'What it was derived from.' }),
        relation: Type.String(),
      }),
    ),
    hidden: Type.Integer({
      description: 'Versions in reach that the caller may not read: shown as hidden nodes, not walked through.',
    }),
    truncated: Type.Boolean({ description: 'True when the walk stopped at 5,000 versions before reaching the depth.' }),
  },
  { $id: 'LineageGraph' },
);

const ImageDescriptor = {
  digest: Type.String(),
  media_type: Type.String(),
  size: Type.Integer({ minimum: 0 }),
};
const NullableText = Type.Union([Type.String(), Type.Null()]);

export const ImageDetails = Type.Object(
  {
    digest: Type.String({ description: 'The manifest (or index) digest the version is.' }),
    media_type: Type.String(),
    size: Type.Integer({ minimum: 0 }),
    platforms: Type.Array(
      Type.Object({ ...ImageDescriptor, os: NullableText, architecture: NullableText, variant: NullableText }),
      { description: "A multi-platform index's images, one per platform; empty for a single image." },
    ),
    layers: Type.Array(Type.Object(ImageDescriptor), { description: "A single image's layers, in order." }),
    config: Type.Union([
      Type.Object(
        {
          os: NullableText,
          architecture: NullableText,
          variant: NullableText,
          created: NullableText,
          user: NullableText,
          working_dir: NullableText,
          env: Type.Array(Type.String()),
          entrypoint: Type.Array(Type.String()),
          cmd: Type.Array(Type.String()),
          exposed_ports: Type.Array(Type.String()),
          labels: Type.Record(Type.String(), Type.String()),
        },
        { description: "What a container of the image starts with (the image config's `config`)." },
      ),
      Type.Null(),
    ]),
    referrers: Type.Array(
      Type.Object({
        ...ImageDescriptor,
        artifact_type: NullableText,
        annotations: Type.Record(Type.String(), Type.String()),
      }),
      { description: 'Artifacts whose subject is this manifest: signatures, SBOMs, attestations.' },
    ),
  },
  { $id: 'ImageDetails' },
);
