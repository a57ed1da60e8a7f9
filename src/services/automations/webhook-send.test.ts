import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { eventually } from '../../testing/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js';
import { addressPolicy, checkWebhookUrl, type Resolver } from './ssrf-guard.js';
import {
  maxRetryAfterMs,
  retryAfterMs,
  sendWebhook,
  truncationMarker,
  type WebhookLimits,
  type WebhookRequest,
  webhookUserAgent,
} from './webhook-send.js';
import { newWebhookSecret } from './webhook-signing.js';

const open: WebhookReceiver[] = [];
after(() => Promise.all(open.map((r) => r.close())));

async function receiver(answer: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(answer);
  open.push(r);
  return r;
}

/** Waits (bounded) until `condition` holds. */
const until = (condition: () => boolean, what: string) =>
  eventually(what, async () => (condition() ? true : undefined), 10_000, 10);

const loopbackAllowed = addressPolicy(['127.0.0.1']);
const limits: WebhookLimits = {
  connectTimeoutMs: 5000,
  totalTimeoutMs: 10_000,
  maxResponseBytes: 1024,
  policy: loopbackAllowed,
};
const secret = newWebhookSecret();
const event = JSON.stringify({
  specversion: '1.0',
  id: 'evt_1',
  type: 'dev.arca.alias.moved',
  data: { alias: 'prod' },
});

function webhook(url: string, changes: Partial<WebhookRequest> = {}): WebhookRequest {
  return {
    url,
    id: 'msg_2Jd5',
    timestampSeconds: Math.floor(Date.now() / 1000),
    body: event,
    contentType: 'application/cloudevents+json',
    headers: {},
    secrets: [secret],
    ...changes,
  };
}

/** A resolver answering a fixed address for every name. */
const answering =
  (address: string): Resolver =>
  async () => [{ address, family: 4 }];

describe('webhook delivery attempt: what the receiver gets', () => {
  it('POSTs the body with the Standard Webhooks headers, content type, user agent and the automation headers', async () => {
    const r = await receiver((res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok, thanks'));
    const request = webhook(r.url, { headers: { Authorization: 'Bearer deploy-token', 'X-Team': 'ml platform' } });
    const outcome = await sendWebhook(request, limits);
    assert.equal(outcome.kind, 'delivered');
    assert.equal(outcome.status, 200);
    assert.equal(outcome.response, 'ok, thanks');
    assert.equal(outcome.error, undefined);
    assert.ok(outcome.latencyMs >= 0);
    const [got] = r.received;
    assert.ok(got);
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/hook');
    assert.equal(got.body, event);
    assert.equal(got.headers['content-type'], 'application/cloudevents+json');
    assert.equal(got.headers['user-agent'], webhookUserAgent);
    assert.equal(got.headers['webhook-id'], 'msg_2Jd5');
    assert.equal(got.headers['webhook-timestamp'], String(request.timestampSeconds));
    assert.equal(got.headers.authorization, 'Bearer deploy-token');
    assert.equal(got.headers['x-team'], 'ml platform');
    const verified = new Webhook(secret).verify(got.body, got.headers as Record<string, string>);
    assert.deepEqual(verified, JSON.parse(event));
  });

  it('signs with both secrets during a rotation, each verifying on its own', async () => {
    const next = newWebhookSecret();
    const r = await receiver((res) => res.writeHead(204).end());
    const outcome = await sendWebhook(webhook(r.url, { secrets: [secret, next] }), limits);
    assert.equal(outcome.kind, 'delivered');
    const got = r.received[0];
    assert.ok(got);
    assert.equal(String(got.headers['webhook-signature']).split(' ').length, 2);
    for (const key of [secret, next]) new Webhook(key).verify(got.body, got.headers as Record<string, string>);
  });

  it('connects to the address the resolver answered, keeping the host name in the request', async () => {
    const r = await receiver((res) => res.writeHead(200).end());
    const outcome = await sendWebhook(webhook(`http://hooks.arca.test:${r.port}/hook`), {
      ...limits,
      policy: addressPolicy(['hooks.arca.test']),
      resolve: answering('127.0.0.1'),
    });
    assert.equal(outcome.kind, 'delivered');
    assert.equal(r.received[0]?.headers.host, `hooks.arca.test:${r.port}`);
  });
});

describe('webhook delivery attempt: outcomes by status', () => {
  for (const status of [200, 201, 204]) {
    it(`counts ${status} as delivered`, async () => {
      const r = await receiver((res) => res.writeHead(status).end());
      const outcome = await sendWebhook(webhook(r.url), limits);
      assert.deepEqual([outcome.kind, outcome.status, outcome.response], ['delivered', status, '']);
    });
  }

  for (const status of [500, 502, 503, 408]) {
    it(`retries after ${status}, keeping the body the receiver sent`, async () => {
      const r = await receiver((res) => res.writeHead(status).end('try later'));
      const outcome = await sendWebhook(webhook(r.url), limits);
      assert.deepEqual([outcome.kind, outcome.status, outcome.response], ['retry', status, 'try later']);
      assert.equal(outcome.retryAfterMs, undefined);
    });
  }

  it('retries after 429 honouring Retry-After in seconds', async () => {
    const r = await receiver((res) => res.writeHead(429, { 'retry-after': '3' }).end());
    const outcome = await sendWebhook(webhook(r.url), limits);
    assert.deepEqual([outcome.kind, outcome.status, outcome.retryAfterMs], ['retry', 429, 3000]);
  });

  it('retries after 429 honouring Retry-After as an HTTP-date', async () => {
    const r = await receiver((res) =>
      res.writeHead(429, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }).end(),
    );
    const outcome = await sendWebhook(webhook(r.url), limits);
    assert.equal(outcome.kind, 'retry');
    // The date has whole seconds and the clock moves on: between 100 and 120 s from now.
    assert.ok(outcome.retryAfterMs !== undefined && outcome.retryAfterMs > 100_000 && outcome.retryAfterMs <= 120_000);
  });

  it('caps Retry-After at an hour, never negative, and ignores what is neither seconds nor a date', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    assert.equal(retryAfterMs('0', now), 0);
    assert.equal(retryAfterMs(' 120 ', now), 120_000);
    assert.equal(retryAfterMs('86400', now), maxRetryAfterMs);
    assert.equal(retryAfterMs('Fri, 04 Dec 2026 12:01:30 GMT', now), 90_000);
    assert.equal(retryAfterMs('Fri, 04 Dec 2026 11:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('Sat, 05 Dec 2026 12:00:00 GMT', now), maxRetryAfterMs);
    for (const value of [undefined, '', '-5', '1.5', 'soon', '2e3']) assert.equal(retryAfterMs(value, now), undefined);
  });

  it('fails on a redirect without following it, saying so, and the Location is never requested', async () => {
    const target = await receiver((res) => res.writeHead(200).end());
    const r = await receiver((res) => res.writeHead(301, { location: target.url }).end());
    const outcome = await sendWebhook(webhook(r.url), limits);
    assert.deepEqual([outcome.kind, outcome.status], ['failed', 301]);
    assert.equal(outcome.error?.code, 'WebhookRedirected');
    assert.match(outcome.error.message, /answered 301 redirecting to "http:\/\/127\.0\.0\.1:\d+\/hook"/);
    assert.match(outcome.error.message, /redirects are never followed/);
    assert.equal(target.received.length, 0);
  });

  for (const status of [400, 404, 410]) {
    it(`fails on ${status} (a retry would not change it)`, async () => {
      const r = await receiver((res) => res.writeHead(status).end('{"error":"no"}'));
      const outcome = await sendWebhook(webhook(r.url), limits);
      assert.deepEqual([outcome.kind, outcome.status, outcome.response], ['failed', status, '{"error":"no"}']);
      assert.equal(r.received.length, 1);
    });
  }
});

describe('webhook delivery attempt: network failures and limits', () => {
  it(
    'retries with WebhookTimeout when the receiver never answers, ending at the total timeout',
    { timeout: 20_000 },
    async () => {
      const r = await receiver(() => undefined);
      const outcome = await sendWebhook(webhook(r.url), { ...limits, totalTimeoutMs: 300 });
      assert.equal(outcome.kind, 'retry');
      assert.equal(outcome.status, undefined);
      assert.equal(outcome.error?.code, 'WebhookTimeout');
      assert.match(outcome.error.message, /did not answer within 300 ms \(the total timeout\)/);
      await until(() => r.closed() === 1, 'the connection to close');
    },
  );

  it(
    'lets an answer slower than the connect timeout through once the connection is open',
    { timeout: 20_000 },
    async () => {
      const held: http.ServerResponse[] = [];
      const r = await receiver((res) => held.push(res));
      const started = performance.now();
      const pending = sendWebhook(webhook(r.url), { ...limits, connectTimeoutMs: 100 });
      await until(() => held.length === 1 && performance.now() - started > 300, 'the connect timeout to pass');
      held[0]?.writeHead(202).end();
      const outcome = await pending;
      assert.deepEqual([outcome.kind, outcome.status, outcome.error], ['delivered', 202, undefined]);
    },
  );

  it(
    'retries with WebhookTimeout when no connection opens within the connect timeout',
    { timeout: 20_000 },
    async () => {
      const never: Resolver = () => new Promise(() => undefined);
      const outcome = await sendWebhook(webhook('http://slow-dns.arca.test/hook'), {
        ...limits,
        connectTimeoutMs: 200,
        resolve: never,
      });
      assert.equal(outcome.kind, 'retry');
      assert.equal(outcome.error?.code, 'WebhookTimeout');
      assert.match(outcome.error.message, /within 200 ms \(the connect timeout\)/);
    },
  );

  it(
    'reads an endless body up to the limit, marks it truncated and closes the connection',
    { timeout: 20_000 },
    async () => {
      const r = await receiver((res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const pump = () => {
          while (!res.destroyed && res.write('é'.repeat(512))) {
            /* fill the socket */
          }
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      });
      const outcome = await sendWebhook(webhook(r.url), { ...limits, maxResponseBytes: 1001 });
      assert.equal(outcome.kind, 'delivered');
      assert.equal(outcome.responseTruncated, true);
      assert.equal(outcome.error, undefined);
      // 1001 bytes hold 500 two-byte characters; the half character at the limit is dropped, not mangled.
      assert.equal(outcome.response, 'é'.repeat(500) + truncationMarker);
      await until(() => r.closed() === 1, 'the receiver to see the connection closed');
    },
  );

  it(
    'ends an answer whose body never finishes at the total timeout, keeping what arrived',
    { timeout: 20_000 },
    async () => {
      const r = await receiver((res) => {
        res.writeHead(503, { 'retry-after': '7' });
        res.write('partial');
      });
      const outcome = await sendWebhook(webhook(r.url), { ...limits, totalTimeoutMs: 300 });
      assert.deepEqual([outcome.kind, outcome.status, outcome.retryAfterMs], ['retry', 503, 7000]);
      assert.equal(outcome.response, `partial${truncationMarker}`);
      assert.equal(outcome.responseTruncated, true);
    },
  );

  it('keeps a body of exactly the limit whole, unmarked', async () => {
    const r = await receiver((res) => res.writeHead(200).end('x'.repeat(1024)));
    const outcome = await sendWebhook(webhook(r.url), limits);
    assert.equal(outcome.response, 'x'.repeat(1024));
    assert.equal(outcome.responseTruncated, undefined);
  });

  it('retries with WebhookConnectFailed when the connection is refused', async () => {
    const r = await receiver(() => undefined);
    await r.close();
    const outcome = await sendWebhook(webhook(r.url), limits);
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.error?.code, 'WebhookConnectFailed');
    assert.match(outcome.error.message, /127\.0\.0\.1 could not be reached: ECONNREFUSED/);
  });

  it('retries with WebhookConnectFailed when the receiver drops the connection without answering', async () => {
    const r = await receiver((res) => res.socket?.destroy());
    const outcome = await sendWebhook(webhook(r.url), limits);
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.error?.code, 'WebhookConnectFailed');
    assert.match(outcome.error.message, /closed the connection without an answer/);
  });

  it('retries with WebhookConnectFailed when the name does not resolve', async () => {
    const gone: Resolver = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    const outcome = await sendWebhook(webhook('http://gone.arca.test/hook'), { ...limits, resolve: gone });
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.error?.code, 'WebhookConnectFailed');
    assert.match(outcome.error.message, /does not resolve \(ENOTFOUND\)/);
  });

  it('stops when its signal aborts, as a retry with WebhookAborted', { timeout: 20_000 }, async () => {
    const r = await receiver(() => undefined);
    const controller = new AbortController();
    const pending = sendWebhook(webhook(r.url), { ...limits, signal: controller.signal });
    await until(() => r.received.length === 1, 'the request to arrive');
    controller.abort(new Error('server shutting down'));
    const outcome = await pending;
    assert.equal(outcome.kind, 'retry');
    assert.equal(outcome.error?.code, 'WebhookAborted');
    assert.match(outcome.error.message, /server shutting down/);
    await until(() => r.closed() === 1, 'the connection to close');
  });

  it('sends nothing when its signal has aborted already', async () => {
    const r = await receiver((res) => res.writeHead(200).end());
    const outcome = await sendWebhook(webhook(r.url), { ...limits, signal: AbortSignal.abort(new Error('stop')) });
    assert.deepEqual([outcome.kind, outcome.error?.code], ['retry', 'WebhookAborted']);
    assert.equal(r.received.length, 0);
  });

  it('fails without sending when the URL is not an http(s) URL', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/hook', 'file:///etc/passwd']) {
      const outcome = await sendWebhook(webhook(url), limits);
      assert.deepEqual([outcome.kind, outcome.error?.code], ['failed', 'WebhookUrlInvalid'], url);
    }
  });

  it('rejects, as a defect of the caller, a secret that is not whsec_', async () => {
    const r = await receiver((res) => res.writeHead(200).end());
    await assert.rejects(sendWebhook(webhook(r.url, { secrets: ['plain-password'] }), limits), /whsec_/);
    await assert.rejects(sendWebhook(webhook(r.url, { secrets: [] }), limits), /at least one secret/);
    assert.equal(r.received.length, 0);
  });

  it('fails without sending when the automation headers are invalid', async () => {
    const r = await receiver((res) => res.writeHead(200).end());
    const outcome = await sendWebhook(webhook(r.url, { headers: { 'Webhook-Id': 'forged' } }), limits);
    assert.deepEqual([outcome.kind, outcome.error?.code], ['failed', 'WebhookHeaderInvalid']);
    assert.equal(r.received.length, 0);
  });
});

describe('webhook delivery attempt: https', () => {
  /** A self-signed certificate for hooks.arca.test, made by openssl for this run. */
  function selfSigned(): { key: string; cert: string } {
    const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    const subject = ['-subj', '/CN=hooks.arca.test', '-addext', 'subjectAltName=DNS:hooks.arca.test'];
    const output = ['-days', '1', '-keyout', '-', '-out', '-'];
    const pem = execFileSync('openssl', ['req', '-x509', ...key, ...subject, ...output], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const privateKey = /-----BEGIN PRIVATE KEY-----[^]*?-----END PRIVATE KEY-----/.exec(pem)?.[0];
    const cert = /-----BEGIN CERTIFICATE-----[^]*?-----END CERTIFICATE-----/.exec(pem)?.[0];
    assert.ok(privateKey !== undefined && cert !== undefined, 'openssl made a key and a certificate');
    return { key: privateKey, cert };
  }

  it('retries with WebhookConnectFailed naming the TLS failure when the certificate is not trusted', async () => {
    let requests = 0;
    const server = https.createServer(selfSigned(), (_req, res) => {
      requests++;
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await sendWebhook(webhook(`https://hooks.arca.test:${port}/hook`), {
        ...limits,
        policy: addressPolicy(['hooks.arca.test']),
        resolve: answering('127.0.0.1'),
      });
      assert.equal(outcome.kind, 'retry');
      assert.equal(outcome.error?.code, 'WebhookConnectFailed');
      assert.match(
        outcome.error.message,
        /TLS handshake with the webhook receiver hooks\.arca\.test failed: .*self-signed/,
      );
      assert.equal(requests, 0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses an https IP literal in a refused range before any handshake', async () => {
    const outcome = await sendWebhook(webhook('https://169.254.169.254/latest/meta-data'), limits);
    assert.deepEqual([outcome.kind, outcome.error?.code], ['failed', 'WebhookTargetRefused']);
  });
});

describe('webhook delivery attempt: SSRF guard', () => {
  it('refuses the IP literal 127.0.0.1 unless allowed, and the receiver sees no request', async () => {
    const r = await receiver((res) => res.writeHead(200).end());
    const outcome = await sendWebhook(webhook(r.url), { ...limits, policy: addressPolicy([]) });
    assert.deepEqual([outcome.kind, outcome.error?.code], ['failed', 'WebhookTargetRefused']);
    assert.match(outcome.error?.message ?? '', /127\.0\.0\.1, which is loopback \(127\.0\.0\.0\/8\)/);
    assert.equal(r.received.length, 0);
  });

  it('refuses a name rebound to 127.0.0.1 after the check passed, and the receiver sees no request', async () => {
    const r = await receiver((res) => res.writeHead(200).end());
    const answers = ['93.184.215.14', '127.0.0.1'];
    const rebinding: Resolver = async () => [{ address: answers.shift() ?? '127.0.0.1', family: 4 }];
    const url = `http://rebind.arca.test:${r.port}/hook`;
    const policy = addressPolicy([]);
    await checkWebhookUrl(url, policy, rebinding);
    const outcome = await sendWebhook(webhook(url), { ...limits, policy, resolve: rebinding });
    assert.deepEqual([outcome.kind, outcome.error?.code], ['failed', 'WebhookTargetRefused']);
    assert.match(outcome.error?.message ?? '', /"rebind\.arca\.test" has the address 127\.0\.0\.1/);
    assert.equal(answers.length, 0, 'the send resolved the name itself');
    assert.equal(r.received.length, 0);
    assert.equal(r.closed(), 0, 'no connection was opened');
  });

  it('refuses a name with one refused address among allowed ones at send time', async () => {
    const r = await receiver((res) => res.writeHead(200).end());
    const mixed: Resolver = async () => [
      { address: '127.0.0.1', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    const outcome = await sendWebhook(webhook(`http://mixed.arca.test:${r.port}/`), {
      ...limits,
      resolve: mixed,
    });
    assert.deepEqual([outcome.kind, outcome.error?.code], ['failed', 'WebhookTargetRefused']);
    assert.match(outcome.error?.message ?? '', /169\.254\.169\.254, which is link-local \/ cloud metadata/);
    assert.equal(r.received.length, 0);
  });
});
