import { arcaError } from '../../core/errors.js';
import { parseFilter, parseOrderBy, type OrderClause } from '../../core/mlflow/tracking-filter.js';
import type { RunValues } from '../../services/mlflow/tracking-logging.js';
import type { SearchPage } from '../../services/mlflow/tracking-search.js';
import type { ViewType } from '../../services/mlflow/tracking.js';
import type { KeyValue } from '../../services/mlflow/tracking-views.js';
import type { AuditActor } from '../../services/audit/auditor.js';
import { requestContextOf } from '../auth.js';
import type { MlflowCall } from './mlflow-router.js';
import { optionalInteger, optionalString, requiredString, stringList } from './mlflow-input.js';

/** MLflow's own bounds (`mlflow/utils/validation.py`): past them MLflow answers INVALID_PARAMETER_VALUE, so do we. */
export const trackingLimits = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  nameLength: 500,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1000,
  maxResults: 50000,
} as const;

type Input = Record<string, unknown>;

/** Who an MLflow call's audit events name: the Arca principal, in the request. */
export const actorOf = (call: MlflowCall): AuditActor => ({
  name: call.principal.name,
  request: requestContextOf(call.request),
});

function refuse(target: string, problem: string): never {
  throw arcaError('InvalidParameter', { target, where: 'request', problem }, { target });
}

/** A metric, param or tag key: MLflow's characters (letters, digits, `_ - . / space`), no `..` path step. */
export function checkedKey(key: string, field: string): string {
  if (key.length > trackingLimits.keyLength)
    refuse(field, `has a key of ${key.length} characters; the limit is ${trackingLimits.keyLength}`);
  if (!/^[\w\-./ :]+$/.test(key) || key.split('/').includes('..'))
    refuse(field, `has the key ${JSON.stringify(key)}: keys hold letters, digits, _ - . / : and spaces`);
  return key;
}

function checkedValue(value: string, field: string, limit: number): string {
  if (value.length > limit) refuse(field, `has a value of ${value.length} characters; the limit is ${limit}`);
  return value;
}

function pair(item: unknown, field: string, limit: number): KeyValue {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) refuse(field, 'must be a list of {key, value}');
  const record = item as Input;
  const key = checkedKey(requiredString(record, 'key'), field);
  return { key, value: checkedValue(optionalString(record, 'value') ?? '', field, limit) };
}

/** A list of `{key, value}` objects (params or tags of a body). */
export function keyValues(input: Input, field: string, kind: 'param' | 'tag', max?: number): KeyValue[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) refuse(field, 'must be a list of {key, value}');
  if (max !== undefined && value.length > max) refuse(field, `has ${value.length} entries; the limit is ${max}`);
  const limit = kind === 'param' ? trackingLimits.paramValueLength : trackingLimits.tagValueLength;
  return value.map((item) => pair(item, field, limit));
}

/** The `key` and `value` of log-parameter or set-tag. */
export function oneKeyValue(input: Input, kind: 'param' | 'tag'): KeyValue {
  return pair(input, 'key', kind === 'param' ? trackingLimits.paramValueLength : trackingLimits.tagValueLength);
}

/** The run a call names: `run_id`, or `run_uuid` from older clients. */
export function runIdOf(input: Input): string {
  return optionalString(input, 'run_id') || requiredString(input, 'run_uuid');
}

export function boundedName(input: Input, field: string, required: true): string;
export function boundedName(input: Input, field: string, required: false): string | undefined;
export function boundedName(input: Input, field: string, required: boolean): string | undefined {
  const value = required ? requiredString(input, field) : optionalString(input, field);
  if (value !== undefined && value.length > trackingLimits.nameLength)
    refuse(field, `has ${value.length} characters; the limit is ${trackingLimits.nameLength}`);
  return value;
}

function metricOf(item: unknown, field: string): RunValues['metrics'][number] {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) refuse(field, 'must be a list of metrics');
  const record = item as Input;
  const key = checkedKey(requiredString(record, 'key'), field);
  const raw = record['value'];
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value))
    refuse(field, `has metric ${JSON.stringify(key)} with a value that is not a finite number`);
  const timestamp = optionalInteger(record, 'timestamp', { min: 0 });
  if (timestamp === undefined) refuse(field, `has metric ${JSON.stringify(key)} without a timestamp`);
  const modelId = optionalString(record, 'model_id');
  return {
    key,
    value,
    timestamp,
    step: optionalInteger(record, 'step') ?? 0,
    ...(modelId === undefined || modelId === '' ? {} : { model_id: modelId }),
  };
}

export function oneMetric(input: Input): RunValues['metrics'][number] {
  return metricOf(input, 'value');
}

/** `runs/log-batch`: at most 1000 metrics, 100 params and 100 tags (and 1000 in all), as MLflow. */
export function batchOf(input: Input): RunValues {
  const metrics = input['metrics'] ?? [];
  if (!Array.isArray(metrics)) refuse('metrics', 'must be a list of metrics');
  if (metrics.length > trackingLimits.batchMetrics)
    refuse('metrics', `has ${metrics.length} entries; the limit is ${trackingLimits.batchMetrics}`);
  const params = keyValues(input, 'params', 'param', trackingLimits.batchParams);
  const tags = keyValues(input, 'tags', 'tag', trackingLimits.batchTags);
  if (metrics.length + params.length + tags.length > trackingLimits.batchTotal)
    refuse('metrics', `the batch holds more than ${trackingLimits.batchTotal} values`);
  return { metrics: metrics.map((m) => metricOf(m, 'metrics')), params, tags };
}

export function viewTypeOf(input: Input, field: string): ViewType {
  const value = optionalString(input, field) ?? 'ACTIVE_ONLY';
  const named = { '1': 'ACTIVE_ONLY', '2': 'DELETED_ONLY', '3': 'ALL' }[value] ?? value;
  if (named !== 'ACTIVE_ONLY' && named !== 'DELETED_ONLY' && named !== 'ALL')
    refuse(field, `must be ACTIVE_ONLY, DELETED_ONLY or ALL, got ${JSON.stringify(value)}`);
  return named;
}

/** filter, order_by (a list of strings), max_results and page_token of a search. */
export function searchPageOf(input: Input, defaultMax: number, filterField = 'filter'): SearchPage {
  const pageToken = optionalString(input, 'page_token');
  return {
    filter: parseFilter(optionalString(input, filterField), filterField),
    orderBy: stringList(input, 'order_by').map((text) => parseOrderBy(text)),
    maxResults: optionalInteger(input, 'max_results', { min: 1, max: trackingLimits.maxResults }) ?? defaultMax,
    ...(pageToken === undefined || pageToken === '' ? {} : { pageToken }),
  };
}

/** `logged-models/search` orders by `[{field_name, ascending}]` objects instead of strings. */
export function loggedModelOrderOf(input: Input): OrderClause[] {
  const value = input['order_by'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) refuse('order_by', 'must be a list of {field_name, ascending}');
  return value.map((item) => {
    if (typeof item !== 'object' || item === null) refuse('order_by', 'must be a list of {field_name, ascending}');
    const record = item as Input;
    if (optionalString(record, 'dataset_name') !== undefined)
      refuse('order_by', 'orders by a dataset, which Arca does not keep');
    const order = parseOrderBy(requiredString(record, 'field_name'));
    return { ...order, ascending: record['ascending'] !== false };
  });
}
