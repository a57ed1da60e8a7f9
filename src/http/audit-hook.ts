import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maxDeniedTargetLength, type AuditService } from '../services/audit/audit.js';
import { redactedPath } from './log-redaction.js';
import { routeConfigOf } from './route-config.js';

/** What a 401/403 body said, read while it is sent and recorded once the response is out. */
interface Refusal {
  permission?: string;
  reason?: string;
}

const refusals = new WeakMap<FastifyRequest, Refusal>();

/**
 * Records every refused request (401, 403) in the audit log: who (when known), the permission that
 * was missing (`authenticate` for 401), `METHOD /path` (never the query string, which may carry
 * secrets; at most 256 characters), the request id and the client address. Anyone can be refused,
 * so repeats are aggregated (`AuditService.recordDenied`): a flood writes one event per source,
 * principal and action per interval, with a count. The record is written after the response has
 * gone, so it never slows or breaks it; a failure to write is logged. Install it before the routes.
 */
export function installDeniedAudit(app: FastifyInstance, audit: AuditService): void {
  const pending = new Set<Promise<void>>();

  const recordRefusal = async (request: FastifyRequest, status: number): Promise<void> => {
    // An OCI client's first, anonymous `GET /v2/` is how it discovers the auth flow, not a refusal.
    if (
      status === 401 &&
      request.headers.authorization === undefined &&
      (request.url === '/v2/' || request.url === '/v2')
    )
      return;
    const refusal = refusals.get(request) ?? {};
    const write = audit
      .recordDenied({
        principal: request.principal?.name ?? null,
        action: status === 401 ? 'authenticate' : (refusal.permission ?? declaredPermission(request) ?? 'unknown'),
        target: `${request.method} ${redactedPath(request.url)}`.slice(0, maxDeniedTargetLength),
        requestId: request.id,
        source: request.ip,
        reason: refusal.reason ?? (status === 401 ? 'unauthenticated' : 'forbidden'),
      })
      .then(
        () => undefined,
        (error: unknown) => {
          request.server.arcaMetrics?.recordUnstoredAuditEvent('denied');
          request.log.error({ err: error }, 'could not record the refused request in the audit log');
        },
      );
    pending.add(write);
    try {
      await write;
    } finally {
      pending.delete(write);
    }
  };

  // Callback hooks: every response passes here, and only refusals have work to do.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 401 || reply.statusCode === 403) refusals.set(request, refusalIn(payload));
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode !== 401 && reply.statusCode !== 403) done();
    else void recordRefusal(request, reply.statusCode).then(() => done());
  });

  // Shutdown closes the database after the app: let the last records land first, counted repeats too.
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending]);
    await audit.closeDenied();
  });
}

/** The catalogue envelope `{error: {code, message, target}}`: a 403's target names the missing permission. */
function refusalIn(payload: unknown): Refusal {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
  if (text === undefined) return {};
  try {
    const body = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown; target?: unknown };
      errors?: { code?: unknown; message?: unknown; detail?: { target?: unknown } }[];
    };
    // The catalogue envelope, or the OCI one (`/v2/`) with the target in `detail`.
    const oci = body.errors?.[0];
    const error =
      body.error ??
      (oci === undefined ? undefined : { code: oci.code, message: oci.message, target: oci.detail?.target });
    return {
      ...(typeof error?.target === 'string' ? { permission: error.target } : {}),
      ...(typeof error?.message === 'string'
        ? { reason: error.message }
        : typeof error?.code === 'string'
          ? { reason: error.code }
          : {}),
    };
  } catch {
    return {};
  }
}

function declaredPermission(request: FastifyRequest): string | undefined {
  const rule = routeConfigOf(request).access;
  if (rule === undefined || 'public' in rule) return undefined;
  if ('oci' in rule) return `oci/${rule.oci}`;
  return 'filtered' in rule ? rule.filtered : rule.permission;
}
