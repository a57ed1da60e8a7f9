import { describe, expect, it } from 'vitest';
import { eventTypes } from '../../../../src/core/events';
import {
  createBodyOf,
  draftOf,
  emptyDraft,
  eventFamilies,
  fieldOfError,
  patchBodyOf,
  subscribableEventTypes,
  type Automation,
} from './automation-form';

const saved: Automation = {
  id: 'a1',
  name: 'deploys',
  description: 'tell CI',
  scope: { kind: 'registry', name: 'reg1' },
  events: ['dev.arca.alias.*'],
  filter: "alias = 'production'",
  webhook: { url: 'https://ci.example.com/hook', headers: ['authorization'] },
  enabled: true,
  consecutive_failures: 0,
  created_at: '2026-12-04T10:00:00.000Z',
  created_by: 'admin',
  updated_at: '2026-12-04T10:00:00.000Z',
  updated_by: 'admin',
};

describe('the automation form', () => {
  it('offers every subscribable type of the catalogue (all but the ping), so the two cannot drift', () => {
    expect([...subscribableEventTypes]).toEqual(eventTypes.filter((t) => t !== 'dev.arca.automation.ping'));
    expect(eventFamilies).toEqual([
      '*',
      'dev.arca.version.*',
      'dev.arca.alias.*',
      'dev.arca.tag.*',
      'dev.arca.approval.*',
      'dev.arca.image.*',
      'dev.arca.replication.*',
      'dev.arca.automation.*',
    ]);
  });

  it('makes a create body of the filled fields, dropping empty ones and blank header rows', () => {
    expect(
      createBodyOf({
        ...emptyDraft,
        name: ' deploys ',
        events: ['dev.arca.alias.*', 'dev.arca.version.created'],
        filter: '  ',
        url: ' https://ci.example.com/hook ',
        headers: [
          { name: 'authorization', value: 'Bearer x' },
          { name: ' ', value: 'ignored' },
        ],
      }),
    ).toEqual({
      name: 'deploys',
      events: ['dev.arca.alias.*', 'dev.arca.version.created'],
      webhook: { url: 'https://ci.example.com/hook', headers: { authorization: 'Bearer x' } },
      enabled: true,
    });
    expect(
      createBodyOf({ ...emptyDraft, name: 'n', description: 'd', filter: "alias ~ '^prod'", enabled: false }),
    ).toEqual({
      name: 'n',
      description: 'd',
      events: [],
      filter: "alias ~ '^prod'",
      webhook: { url: '' },
      enabled: false,
    });
  });

  it('patches only what changed; a cleared filter is null and untouched headers are not sent', () => {
    expect(patchBodyOf(saved, draftOf(saved))).toEqual({});
    expect(patchBodyOf(saved, { ...draftOf(saved), filter: '', enabled: false })).toEqual({
      filter: null,
      enabled: false,
    });
    expect(
      patchBodyOf(saved, {
        ...draftOf(saved),
        events: ['*'],
        url: 'https://other.example.com/',
        headers: [{ name: 'x-token', value: 't' }],
      }),
    ).toEqual({ events: ['*'], webhook: { url: 'https://other.example.com/', headers: { 'x-token': 't' } } });
  });

  it('puts a refusal at its field: the target when named, else the URL or headers by the code', () => {
    expect(fieldOfError('AutomationInvalid', 'filter')).toBe('filter');
    expect(fieldOfError('WebhookHeaderInvalid', 'webhook.headers.host')).toBe('webhook.headers');
    expect(fieldOfError('AutomationInvalid', 'events[2]')).toBe('events');
    expect(fieldOfError('AutomationInvalid', 'payload')).toBeUndefined();
    expect(fieldOfError('WebhookTargetRefused', undefined)).toBe('webhook.url');
    expect(fieldOfError('WebhookUrlInvalid', undefined)).toBe('webhook.url');
    expect(fieldOfError('WebhookHeaderInvalid', undefined)).toBe('webhook.headers');
    expect(fieldOfError('AutomationAlreadyExists', undefined)).toBe('name');
    expect(fieldOfError('PermissionDenied', undefined)).toBeUndefined();
  });
});
