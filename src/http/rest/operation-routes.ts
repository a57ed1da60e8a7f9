import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OperationRunner } from '../../services/scopes/operations.js';
import { accessOf } from '../auth.js';
import { OperationView, errorResponses } from './http-schemas.js';
import { operationView } from './views.js';

/** `GET /api/v1/operations/{id}`: where a 202's `Location` points. */
export function registerOperationRoutes(app: FastifyInstance, operations: OperationRunner): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/v1/operations/:id',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getOperation',
        summary: 'Show a long-running operation',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: OperationView, ...errorResponses },
      },
      // operations/read at the organisation shows any operation; a token narrowed to a registry or
      // workspace (or a role held there) shows the operations of that scope only.
      config: { access: { filtered: 'operations/read' } },
    },
    async (request) => {
      const access = accessOf(request);
      if (access.allows('operations/read')) return operationView(await operations.get(request.params.id));
      const operation = await operations.get(request.params.id);
      const kind = operation.targetKind;
      if (kind === 'registry' || kind === 'workspace')
        access.requireAbout('operations/read', { kind, name: operation.targetName });
      else access.require('operations/read');
      return operationView(operation);
    },
  );
}
