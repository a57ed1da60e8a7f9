/** Asset types and their URL segments. */
export const assetTypeSegments = {
  model: 'models',
  data: 'data',
  environment: 'environments',
  component: 'components',
} as const;
export type AssetType = keyof typeof assetTypeSegments;
export type AssetTypeSegment = (typeof assetTypeSegments)[AssetType];

/** The types the REST API serves: every one. */
export const servedAssetTypes = ['model', 'data', 'environment', 'component'] as const satisfies readonly AssetType[];

/** Data versions say what they hold, as Azure ML does. */
export const dataTypes = ['uri_file', 'uri_folder', 'mltable'] as const;
export type DataType = (typeof dataTypes)[number];

/** The alias Arca moves itself on every commit. */
export const latestAlias = 'latest';
