import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** URL spaces of the server itself: a GET there that matches no route keeps answering the API's 404. */
const serverPrefixes = ['/api/', '/v2/', '/metrics', '/healthz', '/readyz', '/mlflow/'];
/** Vite writes content-hashed files here: their name changes with their bytes, so they are cached for good. */
const hashedAssets = '/assets/';

/**
 * What a page of the studio may do: scripts, styles, images and requests from this origin only; no inline
 * script, no plugin, no framing, no form posting elsewhere. Fluent UI (Griffel) adds empty `<style>`
 * elements and fills them through the CSSOM, which CSP does not govern: the one inline style allowed is the
 * empty one (the hash of ''), so no injected `<style>` text ever applies. Uploads hash files with SHA-256 in a
 * worker of this origin (`worker-src 'self'`), compiled from WebAssembly bundled in that worker's script:
 * `'wasm-unsafe-eval'` lets a page compile WebAssembly and nothing else (never `eval` or `new Function`).
 */
export const studioContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function withStudioHeaders(reply: FastifyReply, cacheControl: string): FastifyReply {
  return reply.headers({
    'content-security-policy': studioContentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': cacheControl,
  });
}

/** The file under `root` a URL path names, or undefined when it names none (or would leave `root`). */
function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return undefined;
  const full = resolve(root, `.${decoded}`);
  if (!full.startsWith(root + sep)) return undefined;
  try {
    return statSync(full).isFile() ? full.slice(root.length + 1) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built studio (`dist/studio`) at `/`: its files as they are (precompressed `.br`/`.gz` beside
 * them are sent to clients that accept them), and `index.html` for every other GET outside the server's
 * own URL spaces, so a deep link opens the page it names. Hashed assets are cached for a year, the page
 * never without asking. Without a build, `/` says how to make one.
 */
export function registerStudioRoutes(app: FastifyInstance, dir: string): void {
  const root = resolve(dir);
  const built = existsSync(join(root, 'index.html'));
  void app.register(async (scoped) => {
    if (built)
      await scoped.register(fastifyStatic, {
        root,
        serve: false,
        preCompressed: true,
        cacheControl: false,
        index: false,
        dotfiles: 'deny',
      });
    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (serverPrefixes.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix))
        return reply.callNotFound();
      if (!built)
        return withStudioHeaders(reply, 'no-cache')
          .status(503)
          .type('text/plain; charset=utf-8')
          .send(
            'Arca Studio is not built in this checkout: run `npm run build` (or `npm ci`), then reload. The API at /api/v1 works without it.\n',
          );
      const file = path === '/' ? undefined : fileUnder(root, path);
      if (file !== undefined)
        return withStudioHeaders(
          reply,
          path.startsWith(hashedAssets) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ).sendFile(file);
      // A missing script or style is a 404, not the page: a browser must never run HTML as code.
      if (path.startsWith(hashedAssets)) return reply.callNotFound();
      return withStudioHeaders(reply, 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
    };
    const route = { schema: { hide: true }, config: { access: { public: true as const } } };
    scoped.get('/', route, serve);
    scoped.get('/*', route, serve);
  });
}
