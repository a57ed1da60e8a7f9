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
];
