import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { parseRepositoryName, type RepositoryName } from '../../core/oci/oci-manifests.js';
import type { OciRepository, OciService } from '../../services/oci/oci-service.js';
import type { TypedRouter } from '../typed-router.js';

/** What every OCI route module registers with: the scoped router, the service, and the request's repository. */
export interface OciRouteContext {
  r: TypedRouter;
  oci: OciService;
  /** The repository the request names (resolved by the auth hook when it ran, otherwise from the path). */
  repository(request: FastifyRequest): Promise<OciRepository>;
}

const RepoParams = {
  scope: Type.String({ maxLength: 128 }),
  segment: Type.String({ maxLength: 32 }),
  name: Type.String({ maxLength: 255 }),
};
export const BlobParams = Type.Object({ ...RepoParams, digest: Type.String({ maxLength: 135 }) });
export const UploadParams = Type.Object({ ...RepoParams, id: Type.String({ maxLength: 64 }) });
export const ManifestParams = Type.Object({ ...RepoParams, reference: Type.String({ maxLength: 135 }) });
export const RepositoryParams = Type.Object(RepoParams);
export const tags = ['oci'];

export function repositoryOf(oci: OciService): (request: FastifyRequest) => Promise<OciRepository> {
  return (request) => {
    const params = request.params as Record<string, string>;
    const name =
      request.ociName ?? parseRepositoryName(params['scope'] ?? '', params['segment'] ?? '', params['name'] ?? '');
    return oci.repository(name, request.ociScope);
  };
}

export function repositoryPath(name: RepositoryName): string {
  return `/v2/${name.full}`;
}
