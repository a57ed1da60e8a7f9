/**
 * The request-path anchor: one bare Fastify route (the Fastify Arca runs, loaded from the path the
 * bench hands over), run as its own process beside `arca serve`. `GET /api/v1/registries/:name` checks
 * `Authorization: Bearer <token>` with `crypto.timingSafeEqual` and sends the JSON body Arca answered
 * for that registry (serialised per request, as Arca does; no logger, no other plugin).
 *
 * `node anchor-fastify.mjs '{"fastify":"<file URL>","token":"…","body":{…}}'` prints `{"port":N}`.
 */
import { timingSafeEqual } from 'node:crypto';

interface AnchorConfig {
  fastify: string;
  token: string;
  body: unknown;
}

interface Reply {
  code(status: number): Reply;
  send(body: unknown): void;
}

interface App {
  get(path: string, handler: (req: { headers: Record<string, string | undefined> }, reply: Reply) => void): void;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
  server: { address(): { port: number } | string | null };
}

const config = JSON.parse(process.argv[2] ?? '{}') as AnchorConfig;
const { default: fastify } = (await import(config.fastify)) as { default: (options: object) => App };
const expected = Buffer.from(`Bearer ${config.token}`);

function authorised(header: string | undefined): boolean {
  if (header === undefined) return false;
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const app = fastify({ logger: false });
app.get('/api/v1/registries/:name', (req, reply) => {
  if (!authorised(req.headers['authorization'])) reply.code(401).send({ error: { code: 'Unauthorized' } });
  else reply.send(config.body);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' ? address?.port : undefined })}\n`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
