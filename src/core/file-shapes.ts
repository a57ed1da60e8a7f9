/**
 * The fields each resource file the CLI reads (registry.yml, workspace.yml, role.yml) may and must
 * hold, so a misspelt key is reported with its position before any request is sent. The server
 * checks the same bodies against its route schemas; a test keeps the two in step.
 */

/** A mapping's known keys (each with the shape of its value when that is checked too) and its required ones. */
export interface MappingShape {
  fields: Readonly<Record<string, ValueShape>>;
  required?: readonly string[];
}

/** `null`: any value (scalars, free-form tags); a mapping shape; or a list whose items have a mapping shape. */
export type ValueShape = MappingShape | { items: MappingShape } | null;

const storageConfig: MappingShape = { fields: { storage_account_type: null, storage_account_hns: null } };

/** A `retention.yml`: a registry's or workspace's retention policy. */
export const retentionFileShape: MappingShape = {
  fields: {
    $schema: null,
    interval: null,
    rules: {
      items: {
        fields: { asset_type: null, name: null, keep_last: null, keep_days: null, action: null },
        required: ['asset_type', 'action'],
      },
    },
    untagged_manifests: { fields: { older_than_days: null, repository: null }, required: ['older_than_days'] },
  },
};

/** An Azure ML `registry.yml`. */
export const registryFileShape: MappingShape = {
  fields: {
    $schema: null,
    name: null,
    description: null,
    tags: null,
    location: null,
    public_network_access: null,
    replication_locations: {
      items: { fields: { location: null, storage_config: storageConfig }, required: ['location'] },
    },
  },
  required: ['name', 'location'],
};

/** A `workspace.yml`. */
export const workspaceFileShape: MappingShape = {
  fields: { $schema: null, name: null, description: null, tags: null, location: null, storage_config: storageConfig },
  required: ['name', 'location'],
};

/** A custom role file (`arca role create --file`). */
export const roleFileShape: MappingShape = {
  fields: { name: null, description: null, actions: null, not_actions: null },
  required: ['name', 'actions'],
};

/** An `automation.yml`: a webhook told of the events of the organisation, a registry or a workspace. */
export const automationFileShape: MappingShape = {
  fields: {
    $schema: null,
    name: null,
    description: null,
    events: null,
    filter: null,
    webhook: { fields: { url: null, headers: null }, required: ['url'] },
    payload: null,
    enabled: null,
  },
  required: ['name', 'events', 'webhook'],
};

/** The same file read by `arca automation update --file`: any of its fields, none required (a PATCH). */
export const automationChangeFileShape: MappingShape = {
  fields: { ...automationFileShape.fields, webhook: { fields: { url: null, headers: null } } },
};
