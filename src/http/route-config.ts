import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A route's own config: its pattern (`url`), its `method` and what it declares (e.g. `access`). */
export type RouteConfig = FastifyRequest['routeOptions']['config'];

declare module 'fastify' {
  interface FastifyRequest {
    /** The matched route's config, read once per request (see `routeConfigOf`). */
    arcaRouteConfig: RouteConfig | null;
  }
}

/** Gives every request the slot `routeConfigOf` fills: requests keep one shape. Install it before any hook uses it. */
export function installRouteConfig(app: FastifyInstance): void {
  if (!app.hasRequestDecorator('arcaRouteConfig')) app.decorateRequest('arcaRouteConfig', null);
}

/**
 * The config of the route a request matched (pattern in `url`, `method`, `access`). Fastify's
 * `request.routeOptions` builds a new dozen-field object on every read, and every request has several
 * hooks asking: this reads it once and keeps it on the request.
 */
export function routeConfigOf(request: FastifyRequest): RouteConfig {
  return (request.arcaRouteConfig ??= request.routeOptions.config);
}

/** The pattern of the route a request matched; undefined for an unmatched one (a 404). */
export function routePatternOf(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : routeConfigOf(request).url;
}
