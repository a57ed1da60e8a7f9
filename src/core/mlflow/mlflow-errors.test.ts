import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { arcaError } from '../errors.js';
import { mlflowErrorOf } from './mlflow-errors.js';

describe('Arca errors as an MLflow client reads them', () => {
  it('answers a name taken with RESOURCE_ALREADY_EXISTS and status 400, as MLflow does', () => {
    const mapped = mlflowErrorOf(
      arcaError(
        'AssetAlreadyExists',
        { kind: 'workspace', scope: 'a', type: 'model', name: 'fraud' },
        { target: 'name' },
      ),
    );
    assert.equal(mapped.status, 400);
    assert.equal(mapped.body.error_code, 'RESOURCE_ALREADY_EXISTS');
    assert.match(mapped.body.message, /"fraud" \(name\) \[AssetAlreadyExists\]$/);
  });

  it('answers a protected alias with PERMISSION_DENIED, naming the permission once', () => {
    const mapped = mlflowErrorOf(
      arcaError(
        'AliasProtected',
        { alias: 'production', permission: 'workspaces/assets/approve' },
        { target: 'workspaces/assets/approve' },
      ),
    );
    assert.equal(mapped.status, 403);
    assert.equal(mapped.body.error_code, 'PERMISSION_DENIED');
    assert.equal(mapped.body.message.split('workspaces/assets/approve').length, 2);
    assert.match(mapped.body.message, /file an approval request/);
  });

  it('maps by status what has no MLflow code of its own: 404, another 409, 400, 401', () => {
    const code = (error: ReturnType<typeof arcaError>) => mlflowErrorOf(error).body.error_code;
    assert.equal(
      code(arcaError('AliasNotFound', { type: 'model', asset: 'fraud', alias: 'x' })),
      'RESOURCE_DOES_NOT_EXIST',
    );
    assert.equal(code(arcaError('VersionInUse', { aliases: 'production', version: '1' })), 'RESOURCE_CONFLICT');
    assert.equal(
      code(arcaError('InvalidParameter', 'required', { target: 'name', where: 'request' })),
      'INVALID_PARAMETER_VALUE',
    );
    assert.equal(code(arcaError('Unauthenticated', {})), 'UNAUTHENTICATED');
  });
});
