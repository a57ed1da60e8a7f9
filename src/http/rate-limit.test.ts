import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from './errors.js';
import { installUnauthenticatedRateLimit, sourceOf } from './rate-limit.js';

/** An app whose one route answers 200 without a token (a public route, counted) and the limiter in front. */
async function appWith(options: {
  perMinute: number;
  maxSources?: number;
  now: () => number;
}): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandling(app);
  installUnauthenticatedRateLimit(app, options);
  app.get('/open', async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('unauthenticated rate limit', () => {
  it('refuses the request past the limit in the window with 429 TooManyRequests and the seconds left, then lets the next window in', async () => {
    let now = 1_000_000;
    const app = await appWith({ perMinute: 2, now: () => now });
    const get = () => app.inject({ method: 'GET', url: '/open', remoteAddress: '192.0.2.1' });
    assert.equal((await get()).statusCode, 200);
    assert.equal((await get()).statusCode, 200);
    now += 15_000;
    const refused = await get();
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'TooManyRequests');
    assert.equal(refused.headers['retry-after'], '45');
    // Another address has a window of its own.
    assert.equal((await app.inject({ method: 'GET', url: '/open', remoteAddress: '192.0.2.2' })).statusCode, 200);
    now += 45_000;
    assert.equal((await get()).statusCode, 200);
    await app.close();
  });

  it('keeps at most maxSources windows, dropping the oldest', async () => {
    const app = await appWith({ perMinute: 1, maxSources: 2, now: () => 0 });
    const from = (ip: string) =>
      app.inject({ method: 'GET', url: '/open', remoteAddress: ip }).then((r) => r.statusCode);
    assert.equal(await from('198.51.100.1'), 200);
    assert.equal(await from('198.51.100.1'), 429);
    assert.equal(await from('198.51.100.2'), 200);
    assert.equal(await from('198.51.100.3'), 200);
    // The first address's window was the oldest and was dropped: memory stayed at two windows.
    assert.equal(await from('198.51.100.1'), 200);
    await app.close();
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not reset the window', () => {
    assert.equal(sourceOf({ ip: '2001:db8:1:2:aaaa::1' }), '2001:db8:1:2::/64');
    assert.equal(sourceOf({ ip: '2001:db8:1:2:bbbb:cccc:dddd:eeee' }), '2001:db8:1:2::/64');
    assert.equal(sourceOf({ ip: '2001:db8::1' }), '2001:db8:0:0::/64');
    assert.equal(sourceOf({ ip: '::ffff:192.0.2.1' }), '::ffff:192.0.2.1');
    assert.equal(sourceOf({ ip: '192.0.2.1' }), '192.0.2.1');
  });

  it('lets a studio session cookie that authenticated through, and never counts the studio files', async () => {
    const app = Fastify();
    installErrorHandling(app);
    installUnauthenticatedRateLimit(app, { perMinute: 1, now: () => 0 });
    app.decorateRequest('principal', undefined);
    app.get('/api/v1/thing', async (request) => {
      // Stands in for installAuth: the cookie authenticated.
      (request as { principal?: unknown }).principal = { id: 'p' };
      return { ok: true };
    });
    app.get('/*', async () => 'page');
    await app.ready();
    const withCookie = () =>
      app.inject({ method: 'GET', url: '/api/v1/thing', headers: { cookie: 'arca_session=s3cret' } });
    for (let i = 0; i < 3; i++) assert.equal((await withCookie()).statusCode, 200);
    for (let i = 0; i < 3; i++)
      assert.equal((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode, 200);
    // A request with neither is still counted (the window allows one).
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/thing' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/thing' })).statusCode, 429);
    await app.close();
  });

  it('is off at 0', async () => {
    const app = await appWith({ perMinute: 0, now: () => 0 });
    for (let i = 0; i < 5; i++) assert.equal((await app.inject({ method: 'GET', url: '/open' })).statusCode, 200);
    await app.close();
  });
});
