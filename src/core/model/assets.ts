/**
 * Assets, versions, their files and aliases as services and views handle them: camelCase fields,
 * digests typed, flags as booleans, timestamps ISO-8601 strings (as stored and served). How they are
 * stored (snake_case columns, 0/1 flags, JSON text) is the metadata store's business.
 */
import type { AssetType } from '../asset-types.js';
import type { Digest } from '../digest.js';

/** A named, typed thing in a registry or workspace. */
export interface Asset {
  id: string;
  scopeId: string;
  type: AssetType;
  name: string;
  /** The name folded for lookups: names are unique in a scope regardless of case. */
  nameKey: string;
  description: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** `pending` until its last blob is committed; `archived` versions are listed only when asked for. */
export type VersionState = 'pending' | 'ready' | 'archived';

/** An immutable snapshot of an asset: its fields (the files are `VersionFile`s). */
export interface Version {
  id: string;
  assetId: string;
  label: string;
  /** The label as an integer when it is one: orders versions and gives the next integer label. */
  labelNumber: number | null;
  description: string | null;
  state: VersionState;
  /** Models. */
  flavor: string | null;
  framework: string | null;
  /** Data: uri_file | uri_folder | mltable. */
  dataType: string | null;
  job: string | null;
  source: string | null;
  /** The version this one links to (share): same files, no bytes copied. */
  originVersionId: string | null;
  /** OCI artifact manifest of a ready version. */
  manifestDigest: Digest | null;
  totalSize: number;
  fileCount: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  committedAt: string | null;
  /** A pending version not committed by then is cleaned up. */
  pendingExpiresAt: string | null;
  /** Environments and components: the parsed YAML. */
  spec: Record<string, unknown> | null;
  /** Environments and components: the YAML as written. */
  specYaml: string | null;
}

/** The fields of a version an asset filter matches on (when it is the asset's latest), with its id. */
export type VersionSummary = Pick<
  Version,
  'id' | 'label' | 'description' | 'totalSize' | 'flavor' | 'framework' | 'dataType' | 'job'
>;

/** A file of a version; its digest checked when the version was begun. */
export interface VersionFile {
  versionId: string;
  path: string;
  size: number;
  digest: Digest;
  /** Its place in the version's file list (the order it was declared in). */
  position: number;
}

/** A movable name pointing at one version of an asset. */
export interface Alias {
  assetId: string;
  name: string;
  versionId: string;
  /** Moving it needs an approval. */
  protected: boolean;
  updatedAt: string;
  updatedBy: string;
}

/** `move` (from → to), or `protect` / `unprotect`, which leave the alias where it is (from = to). */
export type AliasHistoryAction = 'move' | 'protect' | 'unprotect';

/** One entry of an alias's history, with the labels of the versions it moved from and to. */
export interface AliasHistoryEntry {
  id: string;
  alias: string;
  action: AliasHistoryAction;
  at: string;
  by: string;
  fromVersionId: string | null;
  /** Null when there was no version before, or it has been deleted since. */
  fromLabel: string | null;
  toLabel: string | null;
}
