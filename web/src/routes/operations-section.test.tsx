import { describe, expect, it } from 'vitest';
import { sessionOf } from '../testing/render';
import { operationActions } from './operations-section';

const target = { kind: 'registry', name: 'reg1', id: 'id-reg1' };

describe('operationActions', () => {
  const contributorAtReg1 = sessionOf('cody', {
    permissions: { org: [], scopes: { 'registry:reg1': ['registries/write'] } },
  });

  it('offers retry for a failed or cancelled operation and cancel for a running provisioning only', () => {
    expect(operationActions(contributorAtReg1, { kind: 'scope.provision', status: 'Failed', target })).toEqual({
      retry: { allowed: true },
    });
    expect(operationActions(contributorAtReg1, { kind: 'scope.provision', status: 'Canceled', target })).toEqual({
      retry: { allowed: true },
    });
    expect(operationActions(contributorAtReg1, { kind: 'scope.provision', status: 'Running', target })).toEqual({
      cancel: { allowed: true },
    });
    expect(operationActions(contributorAtReg1, { kind: 'scope.provision', status: 'Succeeded', target })).toEqual({});
    // A deletion is one step: nothing to cancel while it runs.
    expect(operationActions(contributorAtReg1, { kind: 'scope.delete', status: 'Running', target })).toEqual({});
  });

  it('asks for the permission that started the operation, on its own scope', () => {
    expect(operationActions(contributorAtReg1, { kind: 'scope.delete', status: 'Failed', target })).toEqual({
      retry: { allowed: false, reason: 'You need the permission registries/delete on registry reg1' },
    });
    const elsewhere = { kind: 'workspace', name: 'lab', id: 'id-lab' };
    expect(
      operationActions(contributorAtReg1, { kind: 'scope.provision', status: 'Failed', target: elsewhere }),
    ).toEqual({
      retry: { allowed: false, reason: 'You need the permission workspaces/write on workspace lab' },
    });
  });
});
