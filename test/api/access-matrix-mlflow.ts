/**
 * The MLflow endpoints in the route × role matrix (test/api/access-matrix.ts): each endpoint (its path after
 * `/api/2.0/`) with what it needs on the tracking URI's scope. The matrix sends each one with no fields, so
 * an allowed caller gets 400 INVALID_PARAMETER_VALUE and nothing changes; `request` gives another path or
 * body where that is not so (a byte route).
 */
export type MlflowVerb = 'read' | 'write' | 'delete' | 'aliases/write';

export interface MlflowMatrixEntry {
  method: string;
  path: string;
  verb: MlflowVerb;
  /** The request's path after `/api/2.0/` and its body, when the empty request is not a harmless one. */
  request?: { path: string; body?: unknown };
}

const registry = 'mlflow/registered-models';
const versions = 'mlflow/model-versions';

export const mlflowMatrix: MlflowMatrixEntry[] = [
  { method: 'POST', path: `${registry}/create`, verb: 'write' },
  { method: 'GET', path: `${registry}/get`, verb: 'read' },
  { method: 'PATCH', path: `${registry}/update`, verb: 'write' },
  { method: 'POST', path: `${registry}/rename`, verb: 'write' },
  { method: 'DELETE', path: `${registry}/delete`, verb: 'delete' },
  { method: 'GET', path: `${registry}/search`, verb: 'read' },
  { method: 'GET', path: `${registry}/get-latest-versions`, verb: 'read' },
  { method: 'POST', path: `${registry}/get-latest-versions`, verb: 'read' },
  { method: 'POST', path: `${registry}/set-tag`, verb: 'write' },
  { method: 'DELETE', path: `${registry}/delete-tag`, verb: 'write' },
  { method: 'POST', path: `${registry}/alias`, verb: 'aliases/write' },
  { method: 'DELETE', path: `${registry}/alias`, verb: 'aliases/write' },
  { method: 'GET', path: `${registry}/alias`, verb: 'read' },
  { method: 'POST', path: `${versions}/create`, verb: 'write' },
  { method: 'GET', path: `${versions}/get`, verb: 'read' },
  { method: 'PATCH', path: `${versions}/update`, verb: 'write' },
  { method: 'DELETE', path: `${versions}/delete`, verb: 'delete' },
  { method: 'GET', path: `${versions}/search`, verb: 'read' },
  { method: 'GET', path: `${versions}/get-download-uri`, verb: 'read' },
  { method: 'POST', path: `${versions}/set-tag`, verb: 'write' },
  { method: 'DELETE', path: `${versions}/delete-tag`, verb: 'write' },
  { method: 'POST', path: `${versions}/transition-stage`, verb: 'write' },
  // Artifacts: `_arca/…` is read-only (400 for an allowed writer), a missing file 404, the root listing `{}`.
  { method: 'GET', path: 'mlflow-artifacts/artifacts', verb: 'read' },
  {
    method: 'GET',
    path: 'mlflow-artifacts/artifacts/*',
    verb: 'read',
    request: { path: 'mlflow-artifacts/artifacts/none/x' },
  },
  {
    method: 'PUT',
    path: 'mlflow-artifacts/artifacts/*',
    verb: 'write',
    request: { path: 'mlflow-artifacts/artifacts/_arca/matrix' },
  },
  {
    method: 'DELETE',
    path: 'mlflow-artifacts/artifacts/*',
    verb: 'delete',
    request: { path: 'mlflow-artifacts/artifacts/_arca/matrix' },
  },
  {
    method: 'POST',
    path: 'mlflow-artifacts/mpu/create/*',
    verb: 'write',
    request: { path: 'mlflow-artifacts/mpu/create/matrix' },
  },
  {
    method: 'PUT',
    path: 'mlflow-artifacts/mpu/parts/:upload/:part',
    verb: 'write',
    request: { path: 'mlflow-artifacts/mpu/parts/none/1' },
  },
  {
    method: 'POST',
    path: 'mlflow-artifacts/mpu/complete/*',
    verb: 'write',
    request: { path: 'mlflow-artifacts/mpu/complete/matrix' },
  },
  {
    method: 'POST',
    path: 'mlflow-artifacts/mpu/abort/*',
    verb: 'write',
    request: { path: 'mlflow-artifacts/mpu/abort/matrix' },
  },
  // Tracking (issue 19): experiments, runs, logged models. Searches are POSTs that only read.
  { method: 'POST', path: 'mlflow/experiments/create', verb: 'write' },
  { method: 'GET', path: 'mlflow/experiments/get', verb: 'read' },
  { method: 'GET', path: 'mlflow/experiments/get-by-name', verb: 'read' },
  { method: 'GET', path: 'mlflow/experiments/search', verb: 'read' },
  { method: 'POST', path: 'mlflow/experiments/search', verb: 'read' },
  { method: 'POST', path: 'mlflow/experiments/update', verb: 'write' },
  { method: 'POST', path: 'mlflow/experiments/delete', verb: 'delete' },
  { method: 'POST', path: 'mlflow/experiments/restore', verb: 'write' },
  { method: 'POST', path: 'mlflow/experiments/set-experiment-tag', verb: 'write' },
  { method: 'POST', path: 'mlflow/experiments/delete-experiment-tag', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/create', verb: 'write' },
  { method: 'GET', path: 'mlflow/runs/get', verb: 'read' },
  { method: 'POST', path: 'mlflow/runs/update', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/delete', verb: 'delete' },
  { method: 'POST', path: 'mlflow/runs/restore', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/log-metric', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/log-parameter', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/set-tag', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/delete-tag', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/log-batch', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/log-inputs', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/outputs', verb: 'write' },
  { method: 'POST', path: 'mlflow/runs/log-model', verb: 'write' },
  { method: 'GET', path: 'mlflow/metrics/get-history', verb: 'read' },
  {
    method: 'POST',
    path: 'mlflow/runs/search',
    verb: 'read',
    request: { path: 'mlflow/runs/search', body: { page_token: '!' } },
  },
  { method: 'POST', path: 'mlflow/logged-models', verb: 'write' },
  {
    method: 'GET',
    path: 'mlflow/logged-models/:model_id',
    verb: 'read',
    request: { path: 'mlflow/logged-models/m-bad' },
  },
  {
    method: 'PATCH',
    path: 'mlflow/logged-models/:model_id',
    verb: 'write',
    request: { path: 'mlflow/logged-models/m-bad' },
  },
  {
    method: 'DELETE',
    path: 'mlflow/logged-models/:model_id',
    verb: 'delete',
    request: { path: 'mlflow/logged-models/m-bad' },
  },
  {
    method: 'PATCH',
    path: 'mlflow/logged-models/:model_id/tags',
    verb: 'write',
    request: { path: 'mlflow/logged-models/m-bad/tags' },
  },
  {
    method: 'DELETE',
    path: 'mlflow/logged-models/:model_id/tags/:tag_key',
    verb: 'write',
    request: { path: 'mlflow/logged-models/m-bad/tags/k' },
  },
  {
    method: 'POST',
    path: 'mlflow/logged-models/:model_id/params',
    verb: 'write',
    request: { path: 'mlflow/logged-models/m-bad/params' },
  },
  {
    method: 'POST',
    path: 'mlflow/logged-models/search',
    verb: 'read',
    request: { path: 'mlflow/logged-models/search', body: { page_token: '!' } },
  },
];
