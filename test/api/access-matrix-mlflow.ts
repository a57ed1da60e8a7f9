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
];
