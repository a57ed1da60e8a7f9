import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OperationRunner } from '../../services/operations.js';
import { OperationView, errorResponses } from './schemas.js';
import { operationView } from './views.js';

/** `GET /api/v1/operations/{id}`: where a 202's `Location` points. */
export function registerOperationRoutes(app: FastifyInstance, operations: OperationRunner): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/v1/operations/:id', {
    schema: {
      tags: ['operations'], operationId: 'getOperation', summary: 'Show a long-running operation',
      params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: OperationView, ...errorResponses },
    },
    config: { access: { permission: 'operations/read' } },
  }, async (request) => operationView(await operations.get(request.params.id)));
}
