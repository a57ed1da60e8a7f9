import { Type } from '@sinclair/typebox';
import type { PrincipalService } from '../../services/access/principals.js';
import type { RoleService } from '../../services/access/roles.js';
import { accessOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { PrincipalView, WhoamiAssignment } from './identity-schemas.js';
import { assignmentView, principalView } from './identity-views.js';

/** `GET /api/v1/whoami`: the caller, its token's narrowing and the roles it holds. */
export function registerWhoamiRoute(r: TypedRouter, principals: PrincipalService, roles: RoleService): void {
  r.get(
    '/api/v1/whoami',
    {
      schema: {
        tags: ['identity'],
        operationId: 'whoami',
        summary: 'The caller, its token narrowing and its role assignments: its own and those its groups hold',
        response: {
          200: Type.Object({
            principal: PrincipalView,
            token: Type.Object({
              id: Type.String(),
              read_only: Type.Boolean(),
              scope: Type.Union([Type.String(), Type.Null()]),
            }),
            assignments: Type.Array(WhoamiAssignment),
          }),
          ...errorResponses,
        },
      },
      config: { access: { filtered: 'principals/read' } },
    },
    async (request) => {
      const access = accessOf(request);
      const me = await principals.get(access.principal.kind, access.principal.name);
      const token = access.principal.token;
      // A narrowed token shows only what it can use: the assignments at the organisation and at its scope.
      const tokenScope = token.scope ? `${token.scope.kind}:${token.scope.key}` : null;
      const mine = (await roles.assignmentsOf(me.id)).filter(
        (a) => tokenScope === null || a.scope === 'org' || a.scope === tokenScope,
      );
      return {
        principal: principalView(me),
        token: { id: token.id, read_only: token.readOnly, scope: tokenScope },
        assignments: mine.map((assignment) => ({ ...assignmentView(assignment), from_group: assignment.fromGroup })),
      };
    },
  );
}
