import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileEventFilter, eventFactsOf, eventFilterFields, type EventFacts } from './event-filter.js';
import type { CloudEvent, EventType } from './events.js';

/** An event as the emitter builds it: the common data, and the type's own fields. */
function event(
  type: EventType,
  data: Record<string, unknown> = {},
  asset = { type: 'model', name: 'fraud' },
): CloudEvent {
  return {
    specversion: '1.0',
    id: '6f1c2a47-0000-4000-8000-000000000001',
    source: 'arca://registries/shared',
    type,
    subject: `arca://registries/shared/models/${asset.name}`,
    time: '2026-12-04T10:00:00.000Z',
    datacontenttype: 'application/json',
    position: 7,
    data: {
      actor: { name: 'alice', requestId: 'req-1' },
      reference: `arca://registries/shared/models/${asset.name}`,
      scope: { kind: 'registry', name: 'shared' },
      asset,
      ...data,
    },
  };
}

const created = eventFactsOf(event('dev.arca.version.created', { version: '3', via: 'commit', files: 2, size: 10 }));

/** Facts beside `created`'s, with some replaced. */
function facts(changes: Partial<EventFacts> = {}): EventFacts {
  return { ...created, ...changes };
}

function matches(filter: string, subject: EventFacts = created): boolean {
  return compileEventFilter(filter).matches(subject);
}

describe('event facts', () => {
  it('reads the common fields of every event, the asset type as URLs write it', () => {
    assert.deepEqual(created, {
      type: 'dev.arca.version.created',
      scope: 'shared',
      scopeKind: 'registry',
      assetType: 'models',
      asset: 'fraud',
      version: '3',
      actor: 'alice',
      tags: {},
    });
    assert.equal(
      eventFactsOf(event('dev.arca.version.created', {}, { type: 'environment', name: 'e' })).assetType,
      'environments',
    );
    assert.equal(eventFactsOf(event('dev.arca.version.created', {}, { type: 'data', name: 'd' })).assetType, 'data');
  });

  it('reads the alias of alias events and the version it names now (none once removed)', () => {
    const moved = eventFactsOf(
      event('dev.arca.alias.moved', {
        alias: 'production',
        from: { version: '2', reference: 'r2' },
        to: { version: '3', reference: 'r3' },
        via: 'set',
      }),
    );
    assert.equal(moved.alias, 'production');
    assert.equal(moved.version, '3');
    const removed = eventFactsOf(
      event('dev.arca.alias.removed', {
        alias: 'production',
        from: { version: '3', reference: 'r3' },
        to: null,
        via: 'delete',
      }),
    );
    assert.equal(removed.alias, 'production');
    assert.equal(removed.version, undefined);
  });

  it('reads the key of a tag event as tag, and its new value under tags', () => {
    const set = eventFactsOf(
      event('dev.arca.tag.set', { on: 'version', version: '3', key: 'stage', value: 'prod', previous: null }),
    );
    assert.deepEqual([set.tag, set.tags, set.version], ['stage', { stage: 'prod' }, '3']);
    const removed = eventFactsOf(event('dev.arca.tag.removed', { on: 'asset', key: 'stage', previous: 'prod' }));
    assert.deepEqual([removed.tag, removed.tags, removed.version], ['stage', {}, undefined]);
  });

  it('keeps a tag key named like a property of Object as a plain key', () => {
    const set = eventFactsOf(event('dev.arca.tag.set', { on: 'asset', key: '__proto__', value: 'x', previous: null }));
    assert.equal(Object.hasOwn(set.tags, '__proto__'), true);
    assert.equal(compileEventFilter("tags.__proto__ = 'x'").matches(set), true);
    assert.equal(compileEventFilter("tags.constructor = 'x'").matches(created), false);
  });

  it('reads the region of replication events, and no tag from an OCI push', () => {
    const replicated = eventFactsOf(event('dev.arca.replication.completed', { version: '3', region: 'westeurope' }));
    assert.deepEqual([replicated.region, replicated.version], ['westeurope', '3']);
    const pushed = eventFactsOf(
      event('dev.arca.image.pushed', { digest: 'sha256:00', mediaType: 'm', tag: 'v1', new: true }),
    );
    assert.deepEqual([pushed.tag, pushed.version, pushed.tags], [undefined, undefined, {}]);
  });

  it('reads the alias and version of approval events', () => {
    const requested = eventFactsOf(
      event('dev.arca.approval.requested', { approval: 'a1', alias: 'prod', version: '4', reason: null }),
    );
    assert.deepEqual([requested.alias, requested.version], ['prod', '4']);
  });
});

describe('event filter: compiling', () => {
  it('offers the fields of the brief, with ~ on every text field', () => {
    assert.deepEqual(Object.keys(eventFilterFields).sort(), [
      'actor',
      'alias',
      'asset',
      'asset_type',
      'region',
      'scope',
      'scope_kind',
      'tag',
      'tags',
      'type',
      'version',
    ]);
    for (const [name, definition] of Object.entries(eventFilterFields))
      assert.equal(definition.regex === true, definition.type === 'text', name);
  });

  it('names an unknown field with its column and the known fields', () => {
    assert.throws(() => compileEventFilter("type = 'x' and label = '1'"), {
      code: 'FilterFieldUnknown',
      message:
        /column 16: unknown field 'label'; known fields: actor, alias, asset, asset_type, region, scope, scope_kind, tag, tags\.<key>, type, version$/,
    });
  });

  it('refuses an enum value outside its list, naming the values', () => {
    assert.throws(() => compileEventFilter("asset_type = 'model'"), {
      code: 'FilterInvalid',
      message: /column 14: asset_type is one of 'models', 'data', 'environments', 'components', not "model"/,
    });
    assert.throws(() => compileEventFilter("scope_kind = 'org'"), {
      code: 'FilterInvalid',
      message: /'registry', 'workspace'/,
    });
  });

  it('refuses ~ on an enum field, and an unsafe pattern, with the column', () => {
    assert.throws(() => compileEventFilter("scope_kind ~ 'reg'"), { code: 'FilterInvalid', message: /column 1: '~'/ });
    assert.throws(() => compileEventFilter("alias ~ '(a+)+'"), {
      code: 'FilterInvalid',
      message: /column 9: .*nested quantifiers/,
    });
  });

  it('refuses tags without a key and a syntax error, with the column', () => {
    assert.throws(() => compileEventFilter("tags = 'x'"), {
      code: 'FilterInvalid',
      message: /column 1: 'tags' needs a key/,
    });
    assert.throws(() => compileEventFilter('type = '), {
      code: 'FilterInvalid',
      message: /column 8: expected a value/,
    });
  });

  it('keeps the validated tree, numbers for text fields as written', () => {
    assert.deepEqual(compileEventFilter('version = 1.10').node, {
      kind: 'compare',
      field: { name: 'version' },
      op: '=',
      value: '1.10',
      numberText: '1.10',
      position: 1,
      valuePosition: 11,
    });
  });
});

describe('event filter: matching', () => {
  it('compares type, scope, asset, actor and the enums exactly', () => {
    assert.equal(matches("type = 'dev.arca.version.created'"), true);
    assert.equal(matches("type = 'dev.arca.version.deleted'"), false);
    assert.equal(matches("scope = 'shared' and scope_kind = 'registry' and asset_type = 'models'"), true);
    assert.equal(matches("scope_kind = 'workspace'"), false);
    assert.equal(matches("asset_type != 'models'"), false);
    assert.equal(matches("asset = 'Fraud'"), false);
    assert.equal(matches("actor = 'alice'"), true);
  });

  it('matches like with % and _, folding ASCII case only', () => {
    assert.equal(matches("type like 'dev.arca.version.%'"), true);
    assert.equal(matches("type like 'DEV.ARCA.%'"), true);
    assert.equal(matches("asset like 'fr_ud'"), true);
    assert.equal(matches("asset like 'fr_d'"), false);
    assert.equal(matches("asset like 'É%'", facts({ asset: 'émile' })), false);
    assert.equal(matches("asset like 'é%'", facts({ asset: 'émile' })), true);
    assert.equal(matches("asset like '_'", facts({ asset: '😀' })), true);
    assert.equal(matches(String.raw`asset like 'a\_b'`, facts({ asset: 'a_b' })), true);
    assert.equal(matches(String.raw`asset like 'a\_b'`, facts({ asset: 'axb' })), false);
    assert.equal(matches(String.raw`asset like '100\%'`, facts({ asset: '100%' })), true);
  });

  it('orders text by code point, as SQL orders UTF-8 bytes', () => {
    assert.equal(matches("asset > 'z'", facts({ asset: 'é' })), true);
    assert.equal(matches("asset < 'a'", facts({ asset: 'Z' })), true);
    assert.equal(matches("asset > '\uffff'", facts({ asset: '😀' })), true);
    assert.equal(matches("version >= '3' and version <= '3'"), true);
  });

  it('compares a number with text fields as the text written: 10 < 9, 1.10 is not 1.1', () => {
    assert.equal(matches('version > 9', facts({ version: '10' })), false);
    assert.equal(matches('version = 1.10', facts({ version: '1.10' })), true);
    assert.equal(matches('version = 1.10', facts({ version: '1.1' })), false);
    assert.equal(matches('tags.n = 10', facts({ tags: { n: '10' } })), true);
    assert.equal(matches('tags.n > 9', facts({ tags: { n: '10' } })), false);
    assert.equal(matches('tags.n = 10.0', facts({ tags: { n: '10' } })), false);
  });

  it('treats an absent fact like SQL NULL: every comparison false, its not true', () => {
    for (const filter of ["region = 'eu'", "region != 'eu'", "region < 'zzz'", "region like '%'", "region ~ ''"]) {
      assert.equal(matches(filter), false, filter);
      assert.equal(matches(`not ${filter}`), true, `not ${filter}`);
    }
    assert.equal(matches("region = 'eu'", facts({ region: 'eu' })), true);
  });

  it('reads tags by key: != needs the key with another value, not = matches without it', () => {
    const prod = facts({ tag: 'stage', tags: { stage: 'prod' } });
    assert.equal(matches("tags.stage = 'prod'", prod), true);
    assert.equal(matches("tags.stage != 'dev'", prod), true);
    assert.equal(matches("tags.stage != 'dev'"), false);
    assert.equal(matches("not tags.stage = 'dev'"), true);
    assert.equal(matches("tags.team = 'prod'", prod), false);
    assert.equal(matches("tag = 'stage' and tags.stage like 'PR%'", prod), true);
  });

  it('matches ~ unanchored and case-sensitive, on text and keyed fields', () => {
    const moved = facts({ type: 'dev.arca.alias.moved', alias: 'production' });
    assert.equal(matches("alias ~ '^prod'", moved), true);
    assert.equal(matches("alias ~ 'prod|staging'", facts({ alias: 'staging' })), true);
    assert.equal(matches("alias ~ 'duct'", moved), true);
    assert.equal(matches("alias ~ '^Prod'", moved), false);
    assert.equal(matches("version ~ '^v[0-9]+$'", facts({ version: 'v12' })), true);
    assert.equal(matches("version ~ '^v[0-9]+$'", facts({ version: 'v12-rc' })), false);
    assert.equal(matches("tags.stage ~ 'rod$'", facts({ tags: { stage: 'prod' } })), true);
    assert.equal(matches("not (alias ~ '^prod')", moved), false);
  });

  it('combines and, or and not with the usual precedence', () => {
    assert.equal(matches("type like '%.alias.%' or asset = 'fraud' and version = '3'"), true);
    assert.equal(matches("(type like '%.alias.%' or asset = 'fraud') and version = '4'"), false);
    assert.equal(matches("not (scope = 'other' or actor = 'bob') and asset_type = 'models'"), true);
  });

  it('filters real events end to end: alias moves to production in models of registry shared', () => {
    const filter = compileEventFilter(
      "type = 'dev.arca.alias.moved' and scope_kind = 'registry' and scope = 'shared' and asset_type = 'models' and alias ~ '^prod'",
    );
    const move = (alias: string, type: EventType = 'dev.arca.alias.moved') =>
      eventFactsOf(event(type, { alias, from: null, to: { version: '5', reference: 'r5' }, via: 'set' }));
    assert.equal(filter.matches(move('production')), true);
    assert.equal(filter.matches(move('staging')), false);
    assert.equal(filter.matches(move('production', 'dev.arca.alias.set')), false);
  });
});
