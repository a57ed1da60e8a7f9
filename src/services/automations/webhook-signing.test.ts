import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { isWebhookSecret, newWebhookSecret, signatureHeader, signWebhook } from './webhook-signing.js';

const body = JSON.stringify({ specversion: '1.0', type: 'dev.arca.alias.moved', data: { alias: 'production' } });

/** The headers a receiver gets, for the independent verifier. */
function headers(id: string, timestampSeconds: number, signature: string) {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': signature };
}

const now = () => Math.floor(Date.now() / 1000);

describe('Standard Webhooks signing', () => {
  it('makes secrets of whsec_ and 32 random bytes in base64, a new one each time', () => {
    const first = newWebhookSecret();
    assert.match(first, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(first.slice(6), 'base64').length, 32);
    assert.ok(isWebhookSecret(first));
    assert.notEqual(newWebhookSecret(), first);
  });

  it('tells a secret from what is not one', () => {
    const key = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;
    assert.equal(isWebhookSecret(key(24)), true);
    assert.equal(isWebhookSecret(key(64)), true);
    for (const text of [
      key(16),
      key(65),
      Buffer.alloc(32).toString('base64'),
      'whsec_',
      'whsec_not*base64',
      'whsec_abc',
    ]) {
      assert.equal(isWebhookSecret(text), false, text);
    }
  });

  it('matches the signature of the Standard Webhooks test vector', () => {
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    assert.equal(signature, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs so that the standardwebhooks package verifies it, and not with another secret or body', () => {
    const secret = newWebhookSecret();
    const at = now();
    const signature = signatureHeader([secret], 'msg_1', at, body);
    assert.match(signature, /^v1,[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual(new Webhook(secret).verify(body, headers('msg_1', at, signature)), JSON.parse(body));
    assert.throws(() => new Webhook(newWebhookSecret()).verify(body, headers('msg_1', at, signature)));
    assert.throws(() => new Webhook(secret).verify(`${body} `, headers('msg_1', at, signature)));
    assert.throws(() => new Webhook(secret).verify(body, headers('msg_2', at, signature)));
  });

  it('sends a signature per secret during a rotation, each verified by its own secret', () => {
    const [old, next] = [newWebhookSecret(), newWebhookSecret()];
    const at = now();
    const signature = signatureHeader([old, next], 'msg_rot', at, body);
    assert.equal(signature.split(' ').length, 2);
    assert.equal(signature.split(' ')[0], signWebhook(old, 'msg_rot', at, body));
    for (const secret of [old, next]) new Webhook(secret).verify(body, headers('msg_rot', at, signature));
    assert.throws(() => new Webhook(newWebhookSecret()).verify(body, headers('msg_rot', at, signature)));
  });

  it('signs the body as UTF-8 bytes (a non-ASCII body verifies)', () => {
    const secret = newWebhookSecret();
    const text = JSON.stringify({ note: 'modèle déployé ✓' });
    const at = now();
    new Webhook(secret).verify(text, headers('msg_u', at, signatureHeader([secret], 'msg_u', at, text)));
  });
});
