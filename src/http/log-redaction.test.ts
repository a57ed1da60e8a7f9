import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { redactedPath } from './log-redaction.js';

describe('request paths fit for logs', () => {
  it('drops the query string, which may carry a ?token=', () => {
    assert.equal(redactedPath('/api/v1/registries?token=arca_x&top=5'), '/api/v1/registries');
    assert.equal(redactedPath('/v2/?access_token=abc'), '/v2/');
  });

  it('redacts a segment holding an Arca token, encoded or not', () => {
    assert.equal(redactedPath('/api/v1/registries/arca_secret/models'), '/api/v1/registries/[redacted]/models');
    assert.equal(redactedPath('/api/v1/x/Bearer%20arca_secret'), '/api/v1/x/[redacted]');
  });

  it('redacts anything but a token id after /api/v1/tokens/', () => {
    assert.equal(redactedPath('/api/v1/tokens/s3cr3t-pasted-here'), '/api/v1/tokens/[redacted]');
    assert.equal(redactedPath('/api/v1/tokens/0f8fad5b-d9cb-469f-a165-70867728950e'), '/api/v1/tokens/0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('leaves ordinary paths alone', () => {
    for (const path of ['/api/v1/workspaces/ws/models/fraud/versions/3', '/v2/reg/environments/base/manifests/sha256:abc', '/api/v1/users/alice/tokens']) {
      assert.equal(redactedPath(path), path);
    }
  });
});
