import { Type } from '@sinclair/typebox';
import type { PrincipalService } from '../../services/access/principals.js';
import { accessOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { GroupView, Name } from './identity-schemas.js';
import { groupView } from './identity-views.js';

/** Groups: list, show, create or update, delete, and add or remove members. */
export function registerGroupRoutes(r: TypedRouter, principals: PrincipalService): void {
  registerListAndGetGroups(r, principals);
  registerWriteGroups(r, principals);
  registerGroupMembers(r, principals);
}

function registerListAndGetGroups(r: TypedRouter, principals: PrincipalService): void {
  r.get(
    '/api/v1/groups',
    {
      schema: {
        tags: ['identity'],
        operationId: 'listGroups',
        summary: 'List groups',
        response: {
          200: Type.Object({
            value: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                description: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
      config: { access: { permission: 'principals/read' } },
    },
    async () => ({
      value: (await principals.groups()).map((g) => ({ id: g.id, name: g.name, description: g.description })),
    }),
  );
  r.get(
    '/api/v1/groups/:name',
    {
      schema: {
        tags: ['identity'],
        operationId: 'getGroup',
        summary: 'Show a group and its members',
        params: Name,
        response: { 200: GroupView, ...errorResponses },
      },
      config: { access: { permission: 'principals/read' } },
    },
    async (request) => groupView(await principals.group(request.params.name)),
  );
}

function registerWriteGroups(r: TypedRouter, principals: PrincipalService): void {
  r.put(
    '/api/v1/groups/:name',
    {
      schema: {
        tags: ['identity'],
        operationId: 'createOrUpdateGroup',
        summary: 'Create or update a group',
        params: Name,
        body: Type.Object(
          { description: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 200: GroupView, ...errorResponses },
      },
      config: { access: { filtered: 'principals/write' } },
    },
    async (request) =>
      groupView(await principals.upsertGroup(request.params.name, request.body.description, accessOf(request))),
  );
  r.delete(
    '/api/v1/groups/:name',
    {
      schema: {
        tags: ['identity'],
        operationId: 'deleteGroup',
        summary: 'Delete a group',
        params: Name,
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { access: { filtered: 'principals/write' } },
    },
    async (request, reply) => {
      await principals.removeGroup(request.params.name, accessOf(request));
      return reply.status(204).send(null);
    },
  );
}

function registerGroupMembers(r: TypedRouter, principals: PrincipalService): void {
  for (const [method, member] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    r[method](
      '/api/v1/groups/:name/members/:member',
      {
        schema: {
          tags: ['identity'],
          operationId: member ? 'addGroupMember' : 'removeGroupMember',
          summary: member ? 'Add a user or service principal to a group' : 'Remove a member from a group',
          params: Type.Object({ name: Type.String({ maxLength: 128 }), member: Type.String({ maxLength: 128 }) }),
          response: { 200: GroupView, ...errorResponses },
        },
        config: { access: { filtered: 'principals/write' } },
      },
      async (request) =>
        groupView(
          await principals.setMembership(request.params.name, request.params.member, member, accessOf(request)),
        ),
    );
  }
}
