import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { closestName } from '../core/did-you-mean.js';
import { ArcaError, arcaError, isArcaError } from '../core/errors.js';
import { redactedPath, withoutSecrets } from './log-redaction.js';
import { isOciRequest, sendOciError } from './oci/oci-errors.js';
import { isMlflowRequest } from './mlflow/mlflow-router.js';
import { mlflowErrorOf } from '../core/mlflow/mlflow-errors.js';
import { errnoOf, faultOfErrno, storageFaultError } from '../storage/storage-faults.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/replication_locations/0/location` → `replication_locations[0].location` */
function targetOf(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.reduce(
    (out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`),
    '',
  );
}

/** The value at an Ajv instance path (`/replication_locations/0`) in the body. */
function valueAt(body: unknown, instancePath: string): unknown {
  const parts = instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const step = (value: unknown, part: string) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return parts.reduce<unknown>(step, body);
}

/** The key (`locaton`) of the object lacking `missing` that looks like a misspelling of it, if any. */
function misspeltKey(body: unknown, instancePath: string, missing: string): string | undefined {
  const object = valueAt(body, instancePath);
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  return Object.keys(object).find((key) => closestName(key, [missing]) !== undefined);
}

/** Turns a schema-validation failure into a catalogue error naming the field (`body`: the request's, for hints). */
export function validationError(issues: AjvIssue[], context: string | undefined, body?: unknown): ArcaError {
  const issue = issues[0];
  const where =
    context === 'body'
      ? 'request body'
      : context === 'querystring'
        ? 'query parameter'
        : context === 'params'
          ? 'path parameter'
          : 'request';
  if (issue === undefined) return arcaError('BadRequest', 'invalid', { where });
  if (issue.keyword === 'additionalProperties' && typeof issue.params['additionalProperty'] === 'string') {
    const target = targetOf(issue.instancePath, issue.params['additionalProperty']);
    return context === 'body'
      ? arcaError('UnknownField', { target, where }, { target })
      : arcaError('InvalidParameter', 'unknownField', { target, where }, { target });
  }
  if (issue.keyword === 'required' && typeof issue.params['missingProperty'] === 'string') {
    const target = targetOf(issue.instancePath, issue.params['missingProperty']);
    if (context !== 'body') return arcaError('InvalidParameter', 'required', { target, where }, { target });
    const guess = misspeltKey(body, issue.instancePath, issue.params['missingProperty']);
    return guess === undefined
      ? arcaError('InvalidRequestBody', 'required', { target, where }, { target })
      : arcaError('InvalidRequestBody', 'requiredMisspelt', { target, where, guess }, { target });
  }
  const target = targetOf(issue.instancePath) || (context ?? 'body');
  const problem = issue.message ?? 'is invalid';
  return arcaError(
    context === 'body' ? 'InvalidRequestBody' : 'InvalidParameter',
    { target, where, problem },
    { target },
  );
}

/** Maps Fastify's own failures (body too large, wrong content type, bad JSON) onto the catalogue. */
function fromFastify(error: FastifyError): ArcaError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return arcaError('PayloadTooLarge', {});
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error.statusCode === 415
        ? arcaError('UnsupportedMediaType', { mediaType: 'application/json' })
        : new ArcaError('BadRequest', error.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return arcaError('BadRequest', 'emptyBody', {});
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return arcaError('BadRequest', { problem: error.message });
    default:
      break;
  }
  if (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))
    return new ArcaError('BadRequest', error.message);
  if (error instanceof SyntaxError && error.statusCode === 400)
    return arcaError('BadRequest', { problem: error.message });
  return undefined;
}

/**
 * One error path: every failure leaves as `{error: {code, message, target?}}`, or under `/v2/` in
 * the OCI envelope with the spec's codes.
 */
export function installErrorHandling(app: FastifyInstance, publicUrl?: string): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let arca: ArcaError | undefined = isArcaError(error) ? error : undefined;
    if (arca === undefined && error.validation) {
      arca = validationError(error.validation as AjvIssue[], error.validationContext, request.body);
    }
    arca ??= fromFastify(error);
    // A full or read-only disk under any other file the server writes: say so, not "unexpected".
    const errno = arca === undefined ? errnoOf(error) : undefined;
    if (errno !== undefined)
      arca = storageFaultError(faultOfErrno(errno) ?? 'full', "the server's storage", errno, error);
    if (arca === undefined) {
      request.log.error({ err: error }, 'unexpected error');
      arca = arcaError('InternalError', { requestId: request.id });
    } else if (arca.status >= 500) {
      request.log.error({ err: error }, arca.message);
    }
    arca = withoutSecrets(arca);
    // Limits (429): when to come back.
    const retryAfter = arca.context['retryAfter'];
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    if (isOciRequest(request)) return sendOciError(request, reply, arca, publicUrl);
    if (arca.code === 'Unauthenticated') void reply.header('www-authenticate', 'Bearer realm="arca"');
    if (isMlflowRequest(request)) {
      const mlflow = mlflowErrorOf(arca);
      return reply.status(mlflow.status).type('application/json').send(mlflow.body);
    }
    // Resumable uploads: tell the client where to resume. Ranged reads: tell it the size.
    const offset = arca.context['offset'];
    if (typeof offset === 'number')
      void reply.header('range', `0-${Math.max(0, offset - 1)}`).header('upload-offset', String(offset));
    const size = arca.context['size'];
    if (arca.code === 'RangeInvalid' && typeof size === 'number') void reply.header('content-range', `bytes */${size}`);
    return reply.status(arca.status).type('application/json; charset=utf-8').send(arca.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    if (isOciRequest(request)) {
      return sendOciError(
        request,
        reply,
        arcaError('NotFound', 'ociRoute', { method: request.method, path: redactedPath(request.url) }),
        publicUrl,
      );
    }
    const arca = arcaError('NotFound', { method: request.method, path: redactedPath(request.url) });
    // An MLflow endpoint Arca does not implement: the code an MLflow client expects for it.
    if (isMlflowRequest(request))
      return reply
        .status(404)
        .type('application/json')
        .send({ error_code: 'ENDPOINT_NOT_FOUND', message: arca.message });
    return reply.status(404).type('application/json; charset=utf-8').send(arca.toBody());
  });
}
