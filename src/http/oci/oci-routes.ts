import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { IdentityService } from '../../services/access/identity.js';
import type { OciService } from '../../services/oci/oci-service.js';
import { acceptRawBodies } from '../byte-body.js';
import { registerBlobRoutes } from './blob-routes.js';
import { registerBlobUploadRoutes } from './blob-upload-routes.js';
import { registerBaseRoute, registerCatalogRoute } from './catalog-routes.js';
import { registerManifestRoutes } from './manifest-routes.js';
import { repositoryOf, type OciRouteContext } from './oci-route-context.js';
import { registerReferrerRoutes } from './referrer-routes.js';
import { registerTagRoutes } from './tag-routes.js';
import { registerTokenRoute } from './token-routes.js';

/**
 * The OCI Distribution API (v1.1) at `/v2/`: repositories are `<registry-or-workspace>/<type>/<name>`;
 * errors use the spec's envelope and codes; every route is guarded by the OCI rule of `auth.ts`.
 */
export function registerOciRoutes(
  app: FastifyInstance,
  services: { oci: OciService; identity: IdentityService; publicUrl: string | undefined },
): void {
  const { oci } = services;
  void app.register(async (scoped) => {
    // Blob chunks and manifests arrive as raw bytes of any content type; they are never parsed as JSON here.
    acceptRawBodies(scoped);
    scoped.addHook('onRequest', async (_request, reply) => {
      void reply.header('docker-distribution-api-version', 'registry/2.0');
    });
    const context: OciRouteContext = {
      r: scoped.withTypeProvider<TypeBoxTypeProvider>(),
      oci,
      repository: repositoryOf(oci),
    };
    // The registration order is the order of the paths in the OpenAPI document.
    registerBaseRoute(context);
    registerCatalogRoute(context);
    registerTokenRoute(context, services.identity);
    registerBlobRoutes(context);
    registerBlobUploadRoutes(context);
    registerManifestRoutes(context);
    registerTagRoutes(context);
    registerReferrerRoutes(context);
  });
}
