import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** What the OpenAPI document says of the API as a whole (the routes say the rest). */
export interface OpenApiInfo {
  version: string;
}

function swaggerOptions(info: OpenApiInfo): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Arca API',
        version: info.version,
        description: 'Self-hosted registry for machine-learning assets.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  };
}

/**
 * Keeps every route `app` registers and returns the OpenAPI document of them, built by @fastify/swagger
 * on the first call (then kept): the document, swagger and the yaml package under it (a hundred modules)
 * are for the few processes that serve /api/v1/openapi.json, not for every start. It is built in an
 * instance of its own that holds the same routes, in the same order, with the same schemas, so it is the
 * document swagger would have built inside `app`. Call it before the routes are registered.
 */
export function collectOpenApiDocument(app: FastifyInstance, info: OpenApiInfo): () => Promise<unknown> {
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    // swagger leaves HEAD routes out of the document (explicit ones and GET's twins alike).
    if (route.method !== 'HEAD') routes.push(route);
  });
  let document: Promise<unknown> | undefined;
  const build = async (): Promise<unknown> => {
    const { default: swagger } = await import('@fastify/swagger');
    const describer = Fastify({
      exposeHeadRoutes: false,
      routerOptions: app.initialConfig.routerOptions ?? {},
    });
    // It only describes the routes: nothing is compiled.
    describer.setValidatorCompiler(() => () => true);
    describer.setSerializerCompiler(() => (data) => JSON.stringify(data));
    await describer.register(swagger, swaggerOptions(info));
    for (const { method, url, schema, config } of routes) {
      describer.route({ method, url, ...(schema ? { schema } : {}), ...(config ? { config } : {}), handler: noop });
    }
    await describer.ready();
    return describer.swagger();
  };
  return () => {
    document ??= build().catch((error: unknown) => {
      document = undefined;
      throw error;
    });
    return document;
  };
}

async function noop(): Promise<void> {}
