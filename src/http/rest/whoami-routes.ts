import { Type, type Static } from '@sinclair/typebox';
import type { AccessContext } from '../../services/access/access.js';
import type { PrincipalService } from '../../services/access/principals.js';
import type { RoleService } from '../../services/access/roles.js';
import { accessOf } from '../auth.js';
import type { TypedRouter } from '../typed-router.js';
import { errorResponses } from './http-schemas.js';
import { PrincipalView, WhoamiAssignment } from './identity-schemas.js';
import { assignmentView, principalView } from './identity-views.js';

/** The caller as `whoami` shows it: who, its token's narrowing and its roles. */
export const CallerView = Type.Object({
  principal: PrincipalView,
  token: Type.Object({
    id: Type.String(),
    read_only: Type.Boolean(),
    scope: Type.Union([Type.String(), Type.Null()]),
  }),
  assignments: Type.Array(WhoamiAssignment),
});

/** The caller, its token's narrowing and the assignments it can use (a narrowed token: those at the org and its scope). */
export async function callerView(
  access: AccessContext,
  principals: PrincipalService,
  roles: RoleService,
): Promise<Static<typeof CallerView>> {
  const me = await principals.get(access.principal.kind, access.principal.name);
  const token = access.principal.token;
  const tokenScope = token.scope ? `${token.scope.kind}:${token.scope.key}` : null;
  const mine = (await roles.assignmentsOf(me.id)).filter(
    (a) => tokenScope === null || a.scope === 'org' || a.scope === tokenScope,
  );
  return {
    principal: principalView(me),
    token: { id: token.id, read_only: token.readOnly, scope: tokenScope },
    assignments: mine.map((assignment) => ({ ...assignmentView(assignment), from_group: assignment.fromGroup })),
  };
}

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
          200: CallerView,
          ...errorResponses,
        },
      },
      config: { access: { filtered: 'principals/read' } },
    },
    async (request) => callerView(accessOf(request), principals, roles),
  );
}
