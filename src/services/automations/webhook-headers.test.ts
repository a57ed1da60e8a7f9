import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isArcaError } from '../../core/errors.js';
import { validateWebhookHeaders } from './webhook-headers.js';

describe('webhook headers check', () => {
  const refusedAs = (headers: Record<string, unknown>, target: string, says: RegExp) =>
    assert.throws(
      () => validateWebhookHeaders(headers),
      (error) => {
        assert.ok(isArcaError(error, 'WebhookHeaderInvalid'), String(error));
        assert.equal(error.status, 400);
        assert.equal(error.target, target);
        assert.match(error.message, says);
        return true;
      },
    );

  it('accepts 20 headers with token names and printable values (tabs and spaces too)', () => {
    const headers = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`X-Header-${i}`, `value ${i}\twith tab`]));
    validateWebhookHeaders({ ...headers });
    validateWebhookHeaders({ Authorization: 'Bearer abc', "X-A!#$%&'*+-.^_`|~1": 'x'.repeat(1024) });
  });

  it('refuses more than 20 headers', () => {
    const headers = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-Header-${i}`, 'v']));
    refusedAs(headers, 'webhook.headers', /at most 20 headers \(got 21\)/);
  });

  const reserved = [
    'Webhook-Id',
    'webhook-timestamp',
    'WEBHOOK-SIGNATURE',
    'webhook-anything',
    'Content-Type',
    'content-length',
    'Host',
    'Connection',
    'Transfer-Encoding',
    'TE',
    'Upgrade',
    'User-Agent',
    'Expect',
    'Trailer',
    'Keep-Alive',
    'Proxy-Authorization',
    'proxy-connection',
  ];
  for (const name of reserved) {
    it(`refuses the reserved header ${name}`, () => {
      refusedAs({ [name]: 'x' }, `webhook.headers.${name}`, /is set by Arca or by HTTP itself/);
    });
  }

  for (const name of ['X Team', 'X-Team:', '', 'X-Tëam', 'X/Team', 'x'.repeat(65), 'X-(Team)']) {
    it(`refuses the header name ${JSON.stringify(name.slice(0, 20))}`, () => {
      refusedAs({ [name]: 'x' }, `webhook.headers.${name}`, /is not an HTTP token of 1–64 characters/);
    });
  }

  const badValues: readonly [string, RegExp][] = [
    ['a\r\nX-Injected: 1', /a carriage return \(CR\) \(U\+000D\)/],
    ['a\nb', /a line feed \(LF\) \(U\+000A\)/],
    ['a\0b', /a NUL \(U\+0000\)/],
    ['caf\u00e9', /a character \(U\+00E9\)/],
    ['bell\u0007', /a character \(U\+0007\)/],
    ['del\u007f', /a character \(U\+007F\)/],
  ];
  for (const [value, says] of badValues) {
    it(`refuses the header value ${JSON.stringify(value)}`, () => {
      refusedAs({ 'X-Team': value }, 'webhook.headers.X-Team', says);
    });
  }

  it('refuses a value over 1024 characters and one that is not a string', () => {
    refusedAs({ 'X-Team': 'x'.repeat(1025) }, 'webhook.headers.X-Team', /1025 characters long; the most is 1024/);
    refusedAs({ 'X-Team': 7 }, 'webhook.headers.X-Team', /must be a string/);
  });

  it('refuses the same name twice in different case', () => {
    refusedAs({ 'X-Team': 'a', 'x-team': 'b' }, 'webhook.headers.x-team', /given twice/);
  });
});
