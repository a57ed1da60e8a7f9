import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { AccessContext, Permission } from '../../services/access/access.js';
import type { Principal } from '../../services/access/identity.js';
import { acceptRawBodies } from '../byte-body.js';
import { accessOf, principalOf } from '../auth.js';
import { baseUrlOf } from '../rest/views.js';

/** What an MLflow endpoint needs on the scope of the tracking URI: its assets' read, write or delete permission. */
export type MlflowVerb = 'read' | 'write' | 'delete' | 'aliases/write';
export type MlflowMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'HEAD';

/** One call of an MLflow endpoint, authenticated and authorised for `verb` on `scope` before the handler runs. */
export interface MlflowCall {
  scope: { kind: ScopeKind; name: string };
  /** GET: the query string (a repeated field is an array); every other method: the JSON body (`{}` when none). */
  input: Record<string, unknown>;
  principal: Principal;
  access: AccessContext;
  /** The tracking URI as the client addresses it, e.g. `http://127.0.0.1:8600/mlflow/workspaces/team-a`. */
  base: string;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type MlflowHandler = (call: MlflowCall) => Promise<unknown>;

/** Where MLflow endpoints are added: under `<base>/api/2.0/<path>` of both scope kinds. */
export interface MlflowRouter {
  /** A JSON endpoint: the handler's result is the response body. */
  json(method: MlflowMethod, path: string, verb: MlflowVerb, handler: MlflowHandler): void;
  /**
   * A byte endpoint (artifacts): the body is left as the raw stream (`call.request.body`), and the handler
   * sends the reply itself (or returns a body). `path` may end in `*` (the rest is `request.params['*']`).
   */
  raw(method: MlflowMethod, path: string, verb: MlflowVerb, handler: MlflowHandler): void;
}

/** The path prefix of the tracking URI for one scope kind: `/mlflow/workspaces/:scope`. */
export function mlflowPrefix(kind: ScopeKind): string {
  return `/mlflow/${scopeSegments[kind]}/:scope`;
}

export function isMlflowRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/mlflow/');
}

interface Pending {
  method: MlflowMethod;
  path: string;
  verb: MlflowVerb;
  handler: MlflowHandler;
  raw: boolean;
}

/**
 * Registers the MLflow endpoints `modules` add, once per scope kind. Each is an ordinary route with an access
 * rule (`…/assets/<verb>` on the URI's scope, Bearer or Basic with an Arca token as the password), so the
 * route × role matrix and the audit of refusals cover them like every other route.
 */
export function registerMlflowRoutes(
  app: FastifyInstance,
  modules: ((router: MlflowRouter) => void)[],
  publicUrl: string | undefined,
): void {
  const pending: Pending[] = [];
  const router: MlflowRouter = {
    json: (method, path, verb, handler) => pending.push({ method, path, verb, handler, raw: false }),
    raw: (method, path, verb, handler) => pending.push({ method, path, verb, handler, raw: true }),
  };
  for (const add of modules) add(router);
  const register = (scoped: FastifyInstance, raw: boolean) => {
    for (const kind of ['registry', 'workspace'] as const) {
      for (const endpoint of pending.filter((p) => p.raw === raw)) {
        const permission = `${scopeSegments[kind]}/assets/${endpoint.verb}` as Permission;
        scoped.route({
          method: endpoint.method,
          url: `${mlflowPrefix(kind)}/api/2.0/${endpoint.path}`,
          schema: { hide: true },
          config: { access: { permission, scope: { kind, param: 'scope' }, basic: true } },
          handler: async (request, reply) => {
            const params = request.params as Record<string, string>;
            const name = params['scope'] ?? '';
            const input =
              (request.method === 'GET' || request.method === 'HEAD' || raw ? request.query : request.body) ?? {};
            const result = await endpoint.handler({
              scope: { kind, name },
              input: input as Record<string, unknown>,
              principal: principalOf(request),
              access: accessOf(request),
              base: `${baseUrlOf(request, publicUrl).replace(/\/+$/, '')}/mlflow/${scopeSegments[kind]}/${encodeURIComponent(name)}`,
              request,
              reply,
            });
            if (reply.sent) return reply;
            return reply.type('application/json').send(result ?? {});
          },
        });
      }
    }
  };
  void app.register(async (scoped) => register(scoped, false));
  void app.register(async (scoped) => {
    acceptRawBodies(scoped);
    register(scoped, true);
  });
}
