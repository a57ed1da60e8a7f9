import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Request and response shapes of `/api/v1`; they drive validation, serialisation and the OpenAPI document. */

const Tags = Type.Object(
  {},
  { additionalProperties: Type.String({ maxLength: 256 }), maxProperties: 50, description: 'Free key/value metadata.' },
);
const NullableTags = Type.Object(
  {},
  {
    additionalProperties: Type.Union([Type.String({ maxLength: 256 }), Type.Null()]),
    maxProperties: 50,
    description: 'Tags to merge; a null value removes the tag.',
  },
);

export const StorageConfig = Type.Object(
  {
    storage_account_type: Type.Optional(
      Type.String({ description: 'Standard_LRS, Standard_GRS, Standard_ZRS, Premium_LRS, …' }),
    ),
    storage_account_hns: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'StorageConfig' },
);

export const RegionSpec = Type.Object(
  {
    location: Type.String({ description: 'Region name, `[a-z][a-z0-9-]{1,31}`.' }),
    storage_config: Type.Optional(StorageConfig),
  },
  { additionalProperties: false, $id: 'RegionSpec' },
);

export const RegistrySpec = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'Accepted and ignored, as Azure files carry it.' })),
    name: Type.Optional(Type.String({ description: 'Must equal the name in the URL when given.' })),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    tags: Type.Optional(Tags),
    location: Type.String({ description: 'The primary region; immutable.' }),
    replication_locations: Type.Optional(
      Type.Array(RegionSpec, { maxItems: 32, description: 'Every region, the primary included.' }),
    ),
    public_network_access: Type.Optional(Type.Union([Type.Literal('enabled'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, $id: 'RegistrySpec' },
);
export type RegistrySpecBody = Static<typeof RegistrySpec>;

export const WorkspaceSpec = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    tags: Type.Optional(Tags),
    location: Type.String({ description: 'The one region of the workspace; immutable.' }),
    storage_config: Type.Optional(StorageConfig),
  },
  { additionalProperties: false, $id: 'WorkspaceSpec' },
);
export type WorkspaceSpecBody = Static<typeof WorkspaceSpec>;

export const ScopePatch = Type.Object(
  {
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    tags: Type.Optional(NullableTags),
    add_replication_locations: Type.Optional(Type.Array(RegionSpec, { maxItems: 32 })),
    remove_replication_locations: Type.Optional(Type.Array(Type.String(), { maxItems: 32 })),
  },
  { additionalProperties: false, $id: 'ScopePatch' },
);
export type ScopePatchBody = Static<typeof ScopePatch>;

const ProvisioningState = Type.Union(
  ['Creating', 'Updating', 'Deleting', 'Succeeded', 'Failed'].map((s) => Type.Literal(s)),
);

export const RegionView = Type.Object(
  {
    location: Type.String(),
    storage_config: StorageConfig,
    provisioning_state: ProvisioningState,
    error: Type.Optional(Type.String()),
  },
  { $id: 'RegionView' },
);

const scopeViewFields = {
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  tags: Tags,
  location: Type.String(),
  provisioning_state: ProvisioningState,
  created_at: Type.String({ format: 'date-time' }),
  created_by: Type.String(),
  updated_at: Type.String({ format: 'date-time' }),
  updated_by: Type.String(),
};

export const RegistryView = Type.Object(
  {
    ...scopeViewFields,
    replication_locations: Type.Array(RegionView),
    public_network_access: Type.Union([Type.Literal('enabled'), Type.Literal('disabled'), Type.Null()]),
    discovery_url: Type.String(),
  },
  { $id: 'Registry' },
);
export type RegistryViewBody = Static<typeof RegistryView>;

export const WorkspaceView = Type.Object(
  {
    ...scopeViewFields,
    storage_config: StorageConfig,
    discovery_url: Type.String(),
  },
  { $id: 'Workspace' },
);
export type WorkspaceViewBody = Static<typeof WorkspaceView>;

export const OperationView = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    status: Type.Union([
      Type.Literal('Running'),
      Type.Literal('Succeeded'),
      Type.Literal('Failed'),
      Type.Literal('Canceled'),
    ]),
    target: Type.Object({ kind: Type.String(), name: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    attempts: Type.Integer(),
    created_at: Type.String({ format: 'date-time' }),
    created_by: Type.String(),
    updated_at: Type.String({ format: 'date-time' }),
    ended_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Operation' },
);
export type OperationViewBody = Static<typeof OperationView>;

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'A stable code from the error catalogue (docs/errors.md).' }),
      message: Type.String(),
      target: Type.Optional(Type.String()),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            code: Type.String(),
            message: Type.String(),
            target: Type.Optional(Type.String()),
            column: Type.Optional(Type.Integer({ description: '1-based column in a filter expression.' })),
          }),
        ),
      ),
    }),
  },
  { $id: 'Error' },
);

export function pageOf<T extends TSchema>(item: T, id: string) {
  return Type.Object(
    {
      value: Type.Array(item),
      next: Type.Optional(Type.String({ description: 'Cursor for the next page; absent on the last page.' })),
      nextLink: Type.Optional(Type.String({ description: 'Relative URL of the next page.' })),
    },
    { $id: id },
  );
}

export const ListQuery = Type.Object(
  {
    top: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Page size (at most 1000).' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'The `next` value of the previous page.' })),
    tag: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 400 }), {
        maxItems: 20,
        description: '`key` or `key=value`; repeat to require several.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** `If-None-Match: *` makes a PUT create-only (the only value accepted: resources carry no ETags). */
export const CreateOnlyHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.Literal('*', {
      description: '`*`: create only; an existing one that differs is 409 `…AlreadyExists`.',
    }),
  ),
});
export const RemoveRegionQuery = Type.Object(
  {
    remove_region: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 32,
        description: 'A region the body leaves out on purpose: it is removed (repeat for several).',
      }),
    ),
  },
  { additionalProperties: false },
);
export const NameParams = Type.Object({ name: Type.String({ maxLength: 256 }) });
export const ForceQuery = Type.Object(
  { force: Type.Optional(Type.Boolean({ default: false })) },
  { additionalProperties: false },
);

/** Error responses every route may give. */
export const errorResponses = { '4xx': ErrorBody, '5xx': ErrorBody } as const;
