import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { arcaError } from '../../core/errors.js';
import type { Operation } from '../../core/model/scopes.js';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { OperationRunner } from '../../services/scopes/operations.js';
import type { OperationVisibility } from '../../storage/metadata/operations-repository.js';
import { accessOf, principalOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { decodeCreatedCursor, encodeCreatedCursor } from './created-cursor.js';
import { OperationView, errorResponses } from './http-schemas.js';
import { operationLocation, operationView } from './views.js';

const tags = ['operations'];
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const OperationStatus = Type.Union([
  Type.Literal('Running'),
  Type.Literal('Succeeded'),
  Type.Literal('Failed'),
  Type.Literal('Canceled'),
]);

/**
 * `/api/v1/operations`: where a 202's `Location` points, the list of them, and retry / cancel.
 * `operations/read` at the organisation shows any operation; a token narrowed to a registry or workspace
 * (or a role held there) shows the operations of that scope only. Retrying or cancelling takes the
 * permission that started the operation (`write` or `delete` of its registry or workspace).
 */
export function registerOperationRoutes(app: FastifyInstance, operations: OperationRunner): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  registerListOperations(r, operations);
  r.get(
    '/api/v1/operations/:id',
    {
      schema: {
        tags,
        operationId: 'getOperation',
        summary: 'Show a long-running operation',
        params: IdParams,
        response: { 200: OperationView, ...errorResponses },
      },
      config: { access: { filtered: 'operations/read' } },
    },
    async (request) => {
      const operation = await operations.get(request.params.id);
      requireReadable(request, operation);
      return operationView(operation);
    },
  );
  r.post(
    '/api/v1/operations/:id/retry',
    {
      schema: {
        tags,
        operationId: 'retryOperation',
        summary:
          'Run a failed or cancelled operation again, under the same id (only the newest operation of its registry or workspace)',
        params: IdParams,
        response: { 202: OperationView, ...errorResponses },
      },
      config: { access: { filtered: 'operations/read' } },
    },
    async (request, reply) => {
      const operation = await operations.get(request.params.id);
      requireActing(request, operations, operation);
      const retried = await operations.retry(operation.id, principalOf(request));
      return reply.status(202).header('location', operationLocation(retried.id)).send(operationView(retried));
    },
  );
  r.post(
    '/api/v1/operations/:id/cancel',
    {
      schema: {
        tags,
        operationId: 'cancelOperation',
        summary: 'Cancel a running operation (provisioning stops at its next region; a deletion cannot be cancelled)',
        params: IdParams,
        response: { 200: OperationView, ...errorResponses },
      },
      config: { access: { filtered: 'operations/read' } },
    },
    async (request) => {
      const operation = await operations.get(request.params.id);
      requireActing(request, operations, operation);
      return operationView(await operations.cancel(operation.id, principalOf(request)));
    },
  );
}

function registerListOperations(r: TypedRouter, operations: OperationRunner): void {
  r.get(
    '/api/v1/operations',
    {
      schema: {
        tags,
        operationId: 'listOperations',
        summary: 'List operations you may see, newest first (filter by status and kind)',
        querystring: Type.Object(
          {
            status: Type.Optional(OperationStatus),
            kind: Type.Optional(Type.String({ maxLength: 64 })),
            top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 256 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ value: Type.Array(OperationView), next: Type.Optional(Type.String()) }),
          ...errorResponses,
        },
      },
      config: { access: { filtered: 'operations/read' } },
    },
    async (request) => {
      const { status, kind, cursor } = request.query;
      const top = request.query.top ?? 100;
      const access = accessOf(request);
      const visibleOf = (scope: ScopeKind): OperationVisibility[ScopeKind] => {
        if (access.allows('operations/read')) return 'all';
        const keys = access.visible(scope, 'operations/read');
        return keys === 'all' ? 'all' : [...keys];
      };
      const rows = await operations.list({
        visible: { registry: visibleOf('registry'), workspace: visibleOf('workspace') },
        status,
        kind,
        before: cursor === undefined ? undefined : decodeCreatedCursor(cursor),
        limit: top + 1,
      });
      const page = rows.slice(0, top);
      const last = page.at(-1);
      return {
        value: page.map(operationView),
        ...(rows.length > top && last ? { next: encodeCreatedCursor(last) } : {}),
      };
    },
  );
}

function scopeOf(operation: Operation): { kind: ScopeKind; name: string } | undefined {
  const kind = operation.targetKind;
  return kind === 'registry' || kind === 'workspace' ? { kind, name: operation.targetName } : undefined;
}

/** `operations/read` at the organisation, or about the operation's own registry or workspace. */
function requireReadable(request: FastifyRequest, operation: Operation): void {
  const access = accessOf(request);
  if (access.allows('operations/read')) return;
  const scope = scopeOf(operation);
  if (scope === undefined) access.require('operations/read');
  else access.requireAbout('operations/read', scope);
}

/** The permission that started the operation, on its registry or workspace (`registries/write`…). */
function requireActing(request: FastifyRequest, operations: OperationRunner, operation: Operation): void {
  const scope = scopeOf(operation);
  if (scope === undefined) throw arcaError('InternalError', 'noOperationHandler', { kind: operation.kind });
  accessOf(request).require(`${scopeSegments[scope.kind]}/${operations.permissionFor(operation)}`, scope);
}
