import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ArcaError } from '../core/errors.js';
import { redactedPath, redactSecrets, withoutSecrets } from './log-redaction.js';

const secret = 'arca_7ByKRqyVPtWWR5vfiStXbGDorfZAg2NlyRgp4BspHR8';

describe('request paths fit for logs', () => {
  it('drops the query string, which may carry a ?token=', () => {
    assert.equal(redactedPath(`/api/v1/registries?token=${secret}&top=5`), '/api/v1/registries');
    assert.equal(redactedPath('/v2/?access_token=abc'), '/v2/');
  });

  it('redacts a segment holding an Arca token, encoded or not', () => {
    assert.equal(redactedPath(`/api/v1/registries/${secret}/models`), '/api/v1/registries/[redacted]/models');
    assert.equal(redactedPath(`/api/v1/x/Bearer%20${secret}`), '/api/v1/x/[redacted]');
    assert.equal(redactedPath(`/api/v1/x/${secret.replace('arca_', 'arca%5F')}/y`), '/api/v1/x/[redacted]/y');
  });

  it('redacts anything but a token id after /api/v1/tokens/', () => {
    assert.equal(redactedPath('/api/v1/tokens/s3cr3t-pasted-here'), '/api/v1/tokens/[redacted]');
    assert.equal(
      redactedPath('/api/v1/tokens/0f8fad5b-d9cb-469f-a165-70867728950e'),
      '/api/v1/tokens/0f8fad5b-d9cb-469f-a165-70867728950e',
    );
  });

  it('leaves ordinary paths alone', () => {
    for (const path of [
      '/api/v1/workspaces/ws/models/arca_baseline/versions/3',
      '/v2/reg/environments/base/manifests/sha256:abc',
      '/api/v1/users/alice/tokens',
    ]) {
      assert.equal(redactedPath(path), path);
    }
  });
});

describe('errors fit to send', () => {
  it('never quote a token, in the message, a detail or the target', () => {
    const error = withoutSecrets(
      new ArcaError('PrincipalNotFound', `no user is named "${secret}"`, {
        target: secret,
        details: [{ code: 'X', message: `line 1: ${secret}` }],
      }),
    );
    assert.equal(error.code, 'PrincipalNotFound');
    assert.equal(error.message, 'no user is named "arca_[redacted]"');
    assert.ok(!JSON.stringify(error.toBody()).includes(secret));
    assert.equal(redactSecrets('model arca_baseline'), 'model arca_baseline');
  });

  it('are left as they were when they quote no token', () => {
    const error = new ArcaError('NotFound', 'no such thing', { target: 'x' });
    assert.equal(withoutSecrets(error), error);
  });
});
