import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { stringifyResponses } from './lazy-schemas.js';

export interface ReadinessCheck {
  name: string;
  /** True when ready; false, or the reason, when not (shown as `failing: <reason>`). */
  check(): Promise<boolean | { failing: string }>;
}

const Health = Type.Object(
  { status: Type.String(), checks: Type.Optional(Type.Object({}, { additionalProperties: Type.String() })) },
  { $id: 'Health' },
);

/** `/healthz` (the process answers) and `/readyz` (it can serve: database reachable and writable, not shutting down). */
export function registerHealthRoutes(
  app: FastifyInstance,
  checks: ReadinessCheck[],
  isShuttingDown: () => boolean,
): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        operationId: 'healthz',
        summary: 'Liveness',
        security: [],
        response: { 200: Health },
      },
      config: { access: { public: true } },
      serializerCompiler: stringifyResponses,
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        operationId: 'readyz',
        summary: 'Readiness',
        security: [],
        response: { 200: Health, 503: Health },
      },
      config: { access: { public: true } },
      serializerCompiler: stringifyResponses,
    },
    async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async (c) => [c.name, stateOf(await c.check().catch(() => false))] as const),
      );
      if (isShuttingDown()) results.push(['shutdown', 'failing']);
      const ready = results.every(([, state]) => state === 'ok');
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
    },
  );
}

function stateOf(result: boolean | { failing: string }): string {
  return result === true ? 'ok' : result === false ? 'failing' : `failing: ${result.failing}`;
}
