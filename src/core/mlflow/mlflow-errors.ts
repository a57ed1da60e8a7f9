import type { ArcaError, ErrorCode } from '../errors.js';

/**
 * The error codes an MLflow client understands (`mlflow/protos/databricks.proto` ErrorCode), each with the
 * status MLflow's own server answers it with (`mlflow/exceptions.py` ERROR_CODE_TO_HTTP_STATUS).
 */
export const mlflowErrorStatus = {
  INTERNAL_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
  REQUEST_LIMIT_EXCEEDED: 429,
  RESOURCE_EXHAUSTED: 429,
  RESOURCE_CONFLICT: 409,
  ENDPOINT_NOT_FOUND: 404,
  RESOURCE_DOES_NOT_EXIST: 404,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_PARAMETER_VALUE: 400,
} as const;

export type MlflowErrorCode = keyof typeof mlflowErrorStatus;

/** Arca codes whose MLflow code is not the one their status suggests. */
const byArcaCode: Partial<Record<ErrorCode, MlflowErrorCode>> = {
  // A protected alias: MLflow's word for "you may not", with Arca's message naming the approval to file.
  AliasProtected: 'PERMISSION_DENIED',
  PayloadTooLarge: 'INVALID_PARAMETER_VALUE',
  StorageFull: 'RESOURCE_EXHAUSTED',
};

/** By status, for every other Arca code (a 409 that says "already exists" is MLflow's RESOURCE_ALREADY_EXISTS). */
function byStatus(arca: ArcaError): MlflowErrorCode {
  switch (arca.status) {
    case 400:
    case 413:
    case 415:
    case 416:
    case 422:
      return 'INVALID_PARAMETER_VALUE';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
    case 410:
      return 'RESOURCE_DOES_NOT_EXIST';
    case 409:
      return arca.code.endsWith('AlreadyExists') ? 'RESOURCE_ALREADY_EXISTS' : 'RESOURCE_CONFLICT';
    case 429:
      return 'REQUEST_LIMIT_EXCEEDED';
    case 503:
    case 507:
      return 'TEMPORARILY_UNAVAILABLE';
    default:
      return 'INTERNAL_ERROR';
  }
}

/** Whether `message` has `word` standing on its own (`name` is not in `named`). */
function mentions(message: string, word: string): boolean {
  const at = message.indexOf(word);
  if (at < 0) return false;
  const edge = /[\w/.-]/;
  return !edge.test(message[at - 1] ?? ' ') && !edge.test(message[at + word.length] ?? ' ');
}

/** What an MLflow client receives for an Arca error: `{error_code, message}` and the status MLflow uses for the code. */
export function mlflowErrorOf(arca: ArcaError): {
  status: number;
  body: { error_code: MlflowErrorCode; message: string };
} {
  const code = byArcaCode[arca.code] ?? byStatus(arca);
  // The field at fault, unless the message already names it (a permission, a path).
  const target = arca.target === undefined || mentions(arca.message, arca.target) ? '' : ` (${arca.target})`;
  return {
    status: mlflowErrorStatus[code],
    body: { error_code: code, message: `${arca.message}${target} [${arca.code}]` },
  };
}
