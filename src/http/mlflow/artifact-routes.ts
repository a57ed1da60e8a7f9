import { Readable } from 'node:stream';
import { servedRange } from '../../core/byte-ranges.js';
import { arcaError } from '../../core/errors.js';
import type { MlflowMultipartUploads } from '../../services/mlflow/artifact-multipart.js';
import type { MlflowArtifactService } from '../../services/mlflow/artifacts.js';
import { optionalInteger, optionalString, requiredString } from './mlflow-input.js';
import type { MlflowCall, MlflowRouter } from './mlflow-router.js';

const artifacts = 'mlflow-artifacts/artifacts';

/** The `*` of a byte route: the artifact path after `…/artifacts/` (find-my-way has decoded it). */
function starOf(call: MlflowCall): string {
  return (call.request.params as Record<string, string>)['*'] ?? '';
}

/** The raw request body; a request without one (`Content-Length: 0`) is an empty file. */
function bodyOf(call: MlflowCall): Readable {
  const body = call.request.body;
  return body instanceof Readable ? body : Readable.from([]);
}

/**
 * MLflow's artifact proxy (`mlflow/protos/mlflow_artifacts.proto`) over the scope's content-addressed store:
 * upload, download (ranged), list, delete, and the multipart upload of large files.
 */
export function artifactRoutes(files: MlflowArtifactService, multipart: MlflowMultipartUploads) {
  return (router: MlflowRouter): void => {
    router.raw('PUT', `${artifacts}/*`, 'write', async (call) => {
      await files.put(call.scope, starOf(call), bodyOf(call), call.principal);
      return {};
    });

    router.raw('GET', `${artifacts}/*`, 'read', async (call) => {
      const header = call.request.headers.range;
      const read = await files.open(
        call.scope,
        starOf(call),
        header === undefined ? undefined : (size) => servedRange(header, size, 'file'),
      );
      const name = starOf(call).split('/').at(-1) ?? 'artifact';
      void call.reply
        .header('etag', `"${read.digest}"`)
        .header('accept-ranges', 'bytes')
        .header('content-disposition', `attachment; filename="${name.replace(/["\\\r\n]/g, '_')}"`)
        .type('application/octet-stream');
      if (read.range)
        return call.reply
          .status(206)
          .header('content-range', `bytes ${read.range.start}-${read.range.end}/${read.size}`)
          .header('content-length', String(read.range.end - read.range.start + 1))
          .send(read.stream);
      return call.reply.status(200).header('content-length', String(read.size)).send(read.stream);
    });

    router.raw('DELETE', `${artifacts}/*`, 'delete', async (call) => {
      await files.delete(call.scope, starOf(call), call.principal);
      return {};
    });

    router.json('GET', artifacts, 'read', async (call) => {
      const listed = await files.list(call.scope, optionalString(call.input, 'path'));
      // proto3 JSON leaves an empty repeated field out: an empty directory is `{}`, as MLflow's server answers.
      return listed.length === 0 ? {} : { files: listed };
    });

    router.json('POST', 'mlflow-artifacts/mpu/create/*', 'write', async (call) => {
      const path = fileIn(starOf(call), requiredString(call.input, 'path'));
      const numParts = optionalInteger(call.input, 'num_parts') ?? 1;
      const id = await multipart.create(call.scope, path, numParts, call.principal);
      // The client PUTs each part to its URL with the headers given here and nothing else (no credentials of its
      // own): the caller's own Authorization goes back to it, so each part is an authenticated, authorised request.
      const authorization = call.request.headers.authorization;
      const headers = authorization === undefined ? {} : { Authorization: authorization };
      return {
        upload_id: id,
        credentials: Array.from({ length: numParts }, (_, i) => ({
          url: `${call.base}/api/2.0/mlflow-artifacts/mpu/parts/${id}/${i + 1}`,
          part_number: i + 1,
          headers,
        })),
      };
    });

    router.raw('PUT', 'mlflow-artifacts/mpu/parts/:upload/:part', 'write', async (call) => {
      const params = call.request.params as Record<string, string>;
      const part = optionalInteger(params, 'part', { min: 1 }) ?? 0;
      const digest = await multipart.putPart(call.scope, params['upload'] ?? '', part, bodyOf(call), call.principal);
      return call.reply.status(200).header('etag', `"${digest}"`).type('application/json').send({});
    });

    router.json('POST', 'mlflow-artifacts/mpu/complete/*', 'write', async (call) => {
      const path = fileIn(starOf(call), requiredString(call.input, 'path'));
      await multipart.complete(
        call.scope,
        path,
        requiredString(call.input, 'upload_id'),
        partsOf(call.input['parts']),
        call.principal,
      );
      return {};
    });

    router.json('POST', 'mlflow-artifacts/mpu/abort/*', 'write', async (call) => {
      const path = fileIn(starOf(call), requiredString(call.input, 'path'));
      await multipart.abort(call.scope, path, requiredString(call.input, 'upload_id'), call.principal);
      return {};
    });
  };
}

/**
 * The file a multipart call is about: the client names the directory in the URL and sends its local file's path
 * (`path`) in the body; the artifact keeps the file's name, whichever separator the client's system uses.
 */
function fileIn(dir: string, localPath: string): string {
  const name = localPath.split(/[\\/]/).at(-1) ?? '';
  if (name === '' || name === '.' || name === '..')
    throw arcaError(
      'InvalidParameter',
      { target: 'path', where: 'request', problem: 'names no file' },
      { target: 'path' },
    );
  const trimmed = dir.replace(/\/+$/, '');
  return trimmed === '' ? name : `${trimmed}/${name}`;
}

/** `parts` of `mpu/complete`: `[{part_number, etag, url}]`. */
function partsOf(value: unknown): { partNumber: number; etag: string | undefined }[] {
  if (!Array.isArray(value) || value.length === 0)
    throw arcaError(
      'InvalidParameter',
      { target: 'parts', where: 'request', problem: 'must be a non-empty list of parts' },
      { target: 'parts' },
    );
  return value.map((entry: unknown, i) => {
    const part = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const partNumber = optionalInteger(part, 'part_number', { min: 1 });
    if (partNumber === undefined)
      throw arcaError(
        'InvalidParameter',
        { target: `parts[${i}].part_number`, where: 'request', problem: 'is required' },
        { target: 'parts' },
      );
    return { partNumber, etag: optionalString(part, 'etag') };
  });
}
