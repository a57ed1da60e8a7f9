import { assetTypeSegments, type AssetType } from './asset-types.js';

/**
 * The audit action of a change to an asset or its versions: the type's URL segment and the verb, so it
 * reads like the path it was made on (`data/versions/commit`, `models/versions/archive`).
 */
export function assetAuditAction(type: AssetType | string, verb: string): string {
  // Stored rows carry the type as text; it is one of the four, checked when the asset was created.
  return `${assetTypeSegments[type as AssetType]}/${verb}`;
}

/**
 * Every spelling an action was recorded under. Events are hash-chained and never rewritten, so a filter
 * on today's name also matches the rows written before it was renamed: data actions were `datas/…`.
 */
export function auditActionSpellings(action: string): string[] {
  return action.startsWith('data/') ? [action, `datas/${action.slice('data/'.length)}`] : [action];
}
