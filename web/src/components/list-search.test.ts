import { describe, expect, it } from 'vitest';
import { validateAuditSearch } from './audit-search';
import { defaultTop, listQueryOf, validateListSearch } from './list-search';
import { validateScopeSearch } from './scope-search';

/** What the router does with a search: values to URL parameters and back (every value arrives as JSON or text). */
function throughUrl(search: object): Record<string, unknown> {
  const params = new URLSearchParams(
    Object.entries(search).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
  return Object.fromEntries(
    [...params].map(([key, value]) => {
      try {
        return [key, JSON.parse(value) as unknown];
      } catch {
        return [key, value];
      }
    }),
  );
}

describe('validateListSearch', () => {
  it('keeps a well-formed list view through the URL', () => {
    const view = { filter: "tags.team = 'vision'", orderBy: 'created desc', top: 50, cursor: 'abc' };
    expect(validateListSearch(throughUrl(view))).toEqual(view);
  });

  it('drops bad values and unknown keys', () => {
    expect(validateListSearch({ filter: '', orderBy: 3, top: 0, cursor: ['a'], page: 2, evil: '<script>' })).toEqual(
      {},
    );
    expect(validateListSearch({ top: 1001 })).toEqual({});
    expect(validateListSearch({ top: 2.5 })).toEqual({});
    expect(validateListSearch({ top: 'many' })).toEqual({});
    expect(validateListSearch({ top: '1000' })).toEqual({ top: 1000 });
  });

  it('gives the API’s list query with top defaulted and empty params left out', () => {
    expect(listQueryOf({})).toEqual({ top: defaultTop });
    expect(listQueryOf({ filter: 'size > 1', cursor: 'c', top: 10 })).toEqual({
      top: 10,
      filter: 'size > 1',
      cursor: 'c',
    });
  });
});

describe('validateAuditSearch', () => {
  it('keeps a well-formed audit view through the URL', () => {
    const view = {
      since: '2026-01-01T00:00:00Z',
      until: '2026-02-01T00:00:00Z',
      principal: 'alice',
      action: 'asset.version.commit',
      target: 'registry:reg1',
      outcome: 'denied' as const,
      cursor: 'c1',
      top: 100,
    };
    expect(validateAuditSearch(throughUrl(view))).toEqual(view);
  });

  it('drops an unknown outcome, a bad top and empty or non-text filters', () => {
    expect(validateAuditSearch({ outcome: 'maybe', top: -1, principal: '', action: 42, target: null })).toEqual({});
  });
});

describe('validateScopeSearch', () => {
  it('keeps the audit filters on the Activity tab only, never its own target', () => {
    expect(
      validateScopeSearch(throughUrl({ tab: 'activity', principal: 'bob', target: 'registry:other', top: 10 })),
    ).toEqual({
      tab: 'activity',
      principal: 'bob',
      top: 10,
    });
    expect(validateScopeSearch({ tab: 'members', principal: 'bob' })).toEqual({ tab: 'members' });
    expect(validateScopeSearch({ tab: 'automations', cursor: 'x' })).toEqual({ tab: 'automations' });
    expect(validateScopeSearch({ tab: 'overview', principal: 'bob' })).toEqual({});
    expect(validateScopeSearch({ tab: 'settings' })).toEqual({});
  });
});
