import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { LabelledApproval } from '../../core/model/approvals.js';
import { assetTypeSegments, type AssetType } from '../../core/asset-types.js';
import type { AliasService } from '../../services/assets/aliases.js';
import { accessOf } from '../auth.js';
import { errorResponses } from './http-schemas.js';
import { AliasParams, type AliasRouteContext } from './asset-route-context.js';

const ApprovalParams = Type.Object({
  scope: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 512 }),
  id: Type.String({ maxLength: 64 }),
});
export const Reason = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2048 })) },
  { additionalProperties: false },
);
export const ApprovalView = Type.Object(
  {
    id: Type.String(),
    alias: Type.String(),
    version: Type.String(),
    state: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
    reason: Type.Union([Type.String(), Type.Null()]),
    requested_by: Type.String(),
    requested_at: Type.String(),
    decided_by: Type.Union([Type.String(), Type.Null()]),
    decided_at: Type.Union([Type.String(), Type.Null()]),
    decision_reason: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Approval' },
);

export function approvalView(a: LabelledApproval) {
  return {
    id: a.id,
    alias: a.alias,
    version: a.version,
    state: a.state,
    reason: a.reason,
    requested_by: a.requestedBy,
    requested_at: a.requestedAt,
    decided_by: a.decidedBy,
    decided_at: a.decidedAt,
    decision_reason: a.decisionReason,
  };
}

/** Ask for a protected alias to move. */
export function registerRequestApproval({
  r,
  aliases,
  family,
  segment,
  base,
  opId,
  access,
  locate,
}: AliasRouteContext): void {
  r.post(
    `${base}/aliases/:alias/approvals`,
    {
      schema: {
        tags: [segment],
        operationId: opId('requestApproval'),
        summary: 'Ask for a protected alias to move to a version',
        params: AliasParams,
        body: Type.Object(
          {
            version: Type.String({ minLength: 1, maxLength: 128 }),
            reason: Type.Optional(Type.String({ maxLength: 2048 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ApprovalView, ...errorResponses },
      },
      config: access(`${family}/assets/aliases/write`),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          approvalView(
            await aliases.request(
              locate(request.params),
              { alias: request.params.alias, label: request.body.version, reason: request.body.reason ?? null },
              accessOf(request),
            ),
          ),
        ),
  );
}

export function registerListApprovals({
  r,
  aliases,
  family,
  segment,
  base,
  opId,
  access,
  locate,
}: AliasRouteContext): void {
  r.get(
    `${base}/approvals`,
    {
      schema: {
        tags: [segment],
        operationId: opId('listApprovals'),
        summary: 'Approval requests of an asset, newest first',
        params: Type.Object({ scope: Type.String({ maxLength: 64 }), name: Type.String({ maxLength: 512 }) }),
        querystring: Type.Object(
          {
            state: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ value: Type.Array(ApprovalView) }), ...errorResponses },
      },
      config: access(`${family}/assets/read`),
    },
    async (request) => ({
      value: (await aliases.approvals(locate(request.params), request.query.state)).map(approvalView),
    }),
  );
}

/** Approve or reject a request (never by its requester). */
export function registerDecideApprovals({
  r,
  aliases,
  family,
  segment,
  base,
  opId,
  access,
  locate,
}: AliasRouteContext): void {
  for (const decision of ['approve', 'reject'] as const) {
    r.post(
      `${base}/approvals/:id/${decision}`,
      {
        schema: {
          tags: [segment],
          operationId: opId(`${decision}Approval`),
          summary:
            decision === 'approve' ? 'Grant a request: the alias moves (never by the requester)' : 'Reject a request',
          params: ApprovalParams,
          body: Reason,
          response: { 200: ApprovalView, ...errorResponses },
        },
        config: access(`${family}/assets/approve`),
      },
      async (request) =>
        approvalView(
          await aliases.decide(
            locate(request.params),
            { approvalId: request.params.id, approve: decision === 'approve', reason: request.body.reason ?? null },
            accessOf(request),
          ),
        ),
    );
  }
}

const InboxApprovalView = Type.Object(
  {
    ...ApprovalView.properties,
    scope_kind: Type.Union([Type.Literal('registry'), Type.Literal('workspace')]),
    scope: Type.String(),
    asset_type: Type.String({
      description: 'The URL segment of the asset type: `models`, `data`, `environments`, `components`.',
    }),
    asset: Type.String(),
  },
  { $id: 'InboxApproval' },
);

/** `GET /api/v1/approvals`: the caller's inbox — pending requests, anywhere, that the caller may decide. */
export function registerApprovalInbox(app: FastifyInstance, aliases: AliasService): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/v1/approvals',
    {
      schema: {
        tags: ['approvals'],
        operationId: 'listApprovalInbox',
        summary:
          'Pending approval requests the caller may decide (not their own), across every registry and workspace, newest first',
        response: { 200: Type.Object({ value: Type.Array(InboxApprovalView) }), ...errorResponses },
      },
      // Anyone signed in: the list holds only what the caller may approve.
      config: { access: { filtered: 'registries/assets/approve' } },
    },
    async (request) => ({
      value: (await aliases.inbox(accessOf(request))).map((approval) => ({
        ...approvalView(approval),
        scope_kind: approval.scopeKind,
        scope: approval.scope,
        asset_type: assetTypeSegments[approval.assetType as AssetType] ?? approval.assetType,
        asset: approval.asset,
      })),
    }),
  );
}
