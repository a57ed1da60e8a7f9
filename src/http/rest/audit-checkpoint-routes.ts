import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { checkpointOf, maxCheckpointsPerVerify } from '../../core/audit-checkpoint.js';
import type { AuditCheckpointService } from '../../services/audit/audit-checkpoints.js';
import { accessOf } from '../auth.js';
import { errorResponses } from './http-schemas.js';

export const AuditCheckpointView = Type.Object(
  {
    seq: Type.Integer({
      minimum: 0,
      description: "The number of events in the chain when it was signed (the last event's `seq`).",
    }),
    head_hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The `hash` of event `seq`.' }),
    at: Type.String({ description: 'When it was signed (ISO-8601 UTC).' }),
    key_id: Type.String({
      pattern: '^ed25519:[0-9a-f]{32}$',
      description: '`ed25519:` and the first 32 hex digits of sha256 of the public key (SPKI DER).',
    }),
    algorithm: Type.Literal('Ed25519'),
    public_key: Type.String({
      description:
        "The signing key's public half, SPKI DER in base64 (informational: verification uses the key the verifier trusts).",
    }),
    signature: Type.String({
      description:
        'Ed25519 signature, base64, of the text `arca-audit-checkpoint/1\\n` followed by the JSON array [seq, head_hash, at, key_id].',
    }),
  },
  { $id: 'AuditCheckpoint' },
);

const SigningKeyView = Type.Object(
  {
    key_id: Type.String(),
    algorithm: Type.Literal('Ed25519'),
    public_key: Type.String({ description: 'SPKI DER, base64.' }),
    public_key_pem: Type.String({
      description:
        'SPKI PEM: save it somewhere the server cannot write, and pass it to `arca audit verify --public-key`.',
    }),
  },
  { $id: 'AuditSigningKey' },
);

const CheckpointCheck = Type.Object({
  seq: Type.Integer(),
  head_hash: Type.String(),
  at: Type.String(),
  ok: Type.Boolean(),
  problem: Type.Optional(
    Type.Union(
      [
        Type.Literal('signature-invalid'),
        Type.Literal('chain-shorter'),
        Type.Literal('event-missing'),
        Type.Literal('hash-differs'),
      ],
      {
        description:
          '`signature-invalid`: the checkpoint was altered or forged; `chain-shorter`: events were cut from the end; `event-missing`: the event was deleted; `hash-differs`: it or an earlier event was rewritten.',
      },
    ),
  ),
  message: Type.Optional(Type.String()),
});

const CheckpointVerdictView = Type.Object(
  {
    ok: Type.Boolean({ description: 'The chain holds and so does every checkpoint.' }),
    events: Type.Integer({ description: 'Events verified (before the break, when there is one).' }),
    head_hash: Type.Optional(Type.String()),
    first_broken: Type.Optional(Type.Object({ seq: Type.Integer(), id: Type.String(), reason: Type.String() })),
    checkpoints: Type.Array(CheckpointCheck),
  },
  { $id: 'AuditCheckpointVerdict' },
);

const VerifyBody = Type.Object(
  {
    checkpoints: Type.Array(
      Type.Unknown({ description: 'An AuditCheckpoint, as `POST /api/v1/audit/checkpoints` answered it.' }),
      {
        minItems: 1,
        maxItems: maxCheckpointsPerVerify,
        description: 'Checkpoints kept outside the server (a malformed one is refused with CheckpointInvalid).',
      },
    ),
  },
  { additionalProperties: false },
);

const access = { access: { permission: 'audit/read' } } as const;

/** `/api/v1/audit/checkpoints` and `/api/v1/audit/signing-key`: signed heads of the audit chain, and checking a chain against them. */
export function registerAuditCheckpointRoutes(app: FastifyInstance, checkpoints: AuditCheckpointService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/api/v1/audit/checkpoints',
    {
      schema: {
        tags: ['audit'],
        operationId: 'createAuditCheckpoint',
        summary:
          'Sign the head of the audit chain now (after verifying it); keep the answer outside the server, e.g. `arca audit checkpoint --output FILE`',
        response: { 201: AuditCheckpointView, ...errorResponses },
      },
      config: access,
    },
    async (request, reply) => reply.status(201).send(await checkpoints.create(accessOf(request).principal)),
  );

  r.get(
    '/api/v1/audit/signing-key',
    {
      schema: {
        tags: ['audit'],
        operationId: 'getAuditSigningKey',
        summary:
          'The public key that signs audit checkpoints (its private half is a file on the server, never in the database)',
        response: { 200: SigningKeyView, ...errorResponses },
      },
      config: access,
    },
    async () => checkpoints.signingKey(),
  );

  r.post(
    '/api/v1/audit/checkpoints/verify',
    {
      schema: {
        tags: ['audit'],
        operationId: 'verifyAuditCheckpoints',
        summary:
          'Recompute the hash chain and check it against checkpoints kept elsewhere: fails when it is shorter than one, differs at its seq, or a signature does not verify',
        body: VerifyBody,
        response: { 200: CheckpointVerdictView, ...errorResponses },
      },
      config: access,
    },
    async (request) => {
      const given = request.body.checkpoints.map((value, index) => checkpointOf(value, `checkpoints[${index}]`));
      const verdict = await checkpoints.verify(given);
      const chain = verdict.chain.ok
        ? { events: verdict.chain.events, head_hash: verdict.chain.head }
        : { events: verdict.chain.events, first_broken: verdict.chain.firstBroken };
      return { ok: verdict.ok, ...chain, checkpoints: verdict.checkpoints };
    },
  );
}
