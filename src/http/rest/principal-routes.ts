import { Type } from '@sinclair/typebox';
import { compact } from '../../core/compact.js';
import type { PrincipalService } from '../../services/access/principals.js';
import { accessOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { Name, PrincipalBody, PrincipalView } from './identity-schemas.js';
import { principalView } from './identity-views.js';

/** Users or service principals: where their routes live and how their operations are named. */
export interface PrincipalKindRoutes {
  r: TypedRouter;
  principals: PrincipalService;
  kind: 'user' | 'service';
  /** `users` or `service-principals`. */
  segment: string;
  /** `User` or `ServicePrincipal`, in operation ids. */
  tag: string;
}

/** List, show, create or update, and delete the principals of one kind. */
export function registerPrincipalRoutes(context: PrincipalKindRoutes): void {
  registerListAndGet(context);
  registerUpsert(context);
  registerDelete(context);
}

function registerListAndGet({ r, principals, kind, segment, tag }: PrincipalKindRoutes): void {
  r.get(
    `/api/v1/${segment}`,
    {
      schema: {
        tags: ['identity'],
        operationId: `list${tag}s`,
        summary: `List ${segment}`,
        response: { 200: Type.Object({ value: Type.Array(PrincipalView) }), ...errorResponses },
      },
      config: { access: { permission: 'principals/read' } },
    },
    async () => ({ value: (await principals.list(kind)).map(principalView) }),
  );
  r.get(
    `/api/v1/${segment}/:name`,
    {
      schema: {
        tags: ['identity'],
        operationId: `get${tag}`,
        summary: `Show a ${kind}`,
        params: Name,
        response: { 200: PrincipalView, ...errorResponses },
      },
      config: { access: { permission: 'principals/read' } },
    },
    async (request) => principalView(await principals.get(kind, request.params.name)),
  );
}

function registerUpsert({ r, principals, kind, segment, tag }: PrincipalKindRoutes): void {
  r.put(
    `/api/v1/${segment}/:name`,
    {
      schema: {
        tags: ['identity'],
        operationId: `createOrUpdate${tag}`,
        summary: `Create or update a ${kind}`,
        params: Name,
        body: PrincipalBody,
        response: { 200: PrincipalView, ...errorResponses },
      },
      config: { access: { filtered: 'principals/write' } },
    },
    async (request) =>
      principalView(
        await principals.upsert(
          kind,
          request.params.name,
          compact({
            email: request.body.email,
            displayName: request.body.display_name,
            disabled: request.body.disabled,
          }),
          accessOf(request),
        ),
      ),
  );
}

function registerDelete({ r, principals, kind, segment, tag }: PrincipalKindRoutes): void {
  r.delete(
    `/api/v1/${segment}/:name`,
    {
      schema: {
        tags: ['identity'],
        operationId: `delete${tag}`,
        summary: `Delete a ${kind} (never the last Owner)`,
        params: Name,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { access: { filtered: 'principals/write' } },
    },
    async (request, reply) => {
      await principals.remove(kind, request.params.name, accessOf(request));
      return reply.status(204).send(null);
    },
  );
}
