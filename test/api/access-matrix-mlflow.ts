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

export const mlflowMatrix: MlflowMatrixEntry[] = [
  { method: 'GET', path: 'mlflow/registered-models/get', verb: 'read' },
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
