import { arcaError } from '../../core/errors.js';
import type { ScopeKind } from '../../core/names.js';
import type { AssetLocator } from '../../services/assets/asset-records.js';
import { optionalInteger, optionalString, requiredString } from './mlflow-input.js';

/**
 * The model registry's request fields, checked against the limits Arca's native routes apply
 * (src/http/rest/asset-schemas.ts): tag keys 1–128 characters, values and sources up to 1024, descriptions 4096.
 */
const limits = { key: 128, value: 1024, description: 4096, source: 1024 } as const;

function tooLong(field: string, max: number) {
  return arcaError(
    'InvalidParameter',
    { target: field, where: 'request', problem: `is longer than ${max} characters` },
    { target: field },
  );
}

function bounded(value: string | undefined, field: string, max: number): string | undefined {
  if (value !== undefined && value.length > max) throw tooLong(field, max);
  return value;
}

export function modelLocator(scope: { kind: ScopeKind; name: string }, name: string): AssetLocator {
  return { scopeKind: scope.kind, scope: scope.name, type: 'model', name };
}

export const description = (input: Record<string, unknown>) =>
  bounded(optionalString(input, 'description'), 'description', limits.description);

export const sourceOf = (input: Record<string, unknown>) =>
  bounded(requiredString(input, 'source'), 'source', limits.source) ?? '';

export const tagKey = (input: Record<string, unknown>) =>
  bounded(requiredString(input, 'key'), 'key', limits.key) ?? '';

/** set-tag's value: required, but may be empty (MLflow allows an empty tag value). */
export function tagValue(input: Record<string, unknown>): string {
  const value = optionalString(input, 'value');
  if (value === undefined)
    throw arcaError('InvalidParameter', 'required', { target: 'value', where: 'request' }, { target: 'value' });
  return bounded(value, 'value', limits.value) ?? '';
}

/** `tags: [{key, value}]` of a create request (absent: none). */
export function tagsOf(input: Record<string, unknown>): Record<string, string> | undefined {
  const value = input['tags'];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badTags();
  const tags: Record<string, string> = {};
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'object' || entry === null) throw badTags();
    const { key, value: text } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || key === '' || (text !== undefined && typeof text !== 'string')) throw badTags();
    tags[bounded(key, 'tags', limits.key) ?? key] = bounded(text ?? '', 'tags', limits.value) ?? '';
  }
  return tags;
}

function badTags() {
  return arcaError(
    'InvalidParameter',
    { target: 'tags', where: 'request', problem: 'must be a list of {key, value} strings' },
    { target: 'tags' },
  );
}

/** `max_results` of a search: from 1 to `max`, `fallback` when absent. */
export function maxResults(input: Record<string, unknown>, fallback: number, max: number): number {
  return optionalInteger(input, 'max_results', { min: 1, max }) ?? fallback;
}

/** A boolean field as a body (true/false) or a query string ("true"/"false") sends it. */
export function optionalBoolean(input: Record<string, unknown>, field: string): boolean | undefined {
  const text = optionalString(input, field);
  if (text === undefined) return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  throw arcaError(
    'InvalidParameter',
    { target: field, where: 'request', problem: 'must be true or false' },
    { target: field },
  );
}
