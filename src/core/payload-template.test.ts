import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CloudEvent, EventType } from './events.js';
import { compilePayloadTemplate, payloadVariables } from './payload-template.js';

function event(type: EventType, data: Record<string, unknown> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: 'e-1',
    source: 'arca://registries/shared',
    type,
    subject: 'arca://registries/shared/models/fraud/aliases/production',
    time: '2026-12-04T10:00:00.000Z',
    datacontenttype: 'application/json',
    position: 7,
    data: {
      actor: { name: 'alice', requestId: 'req-1' },
      reference: 'arca://registries/shared/models/fraud/aliases/production',
      scope: { kind: 'registry', name: 'shared' },
      asset: { type: 'model', name: 'fraud' },
      ...data,
    },
  };
}

const moved = event('dev.arca.alias.moved', {
  alias: 'production',
  from: { version: '2', reference: 'arca://registries/shared/models/fraud/versions/2' },
  to: { version: '3', reference: 'arca://registries/shared/models/fraud/versions/3' },
  via: 'set',
  protected: true,
});
const tagSet = event('dev.arca.tag.set', { on: 'version', version: '3', key: 'stage', value: 'prod', previous: null });
const replicated = event('dev.arca.replication.completed', { version: '3', region: 'westeurope' });

function render(template: unknown, subject: CloudEvent = moved): unknown {
  return compilePayloadTemplate(template).render(subject);
}

function invalid(template: unknown, path: string, message: RegExp) {
  assert.throws(
    () => compilePayloadTemplate(template),
    (e: any) => {
      assert.equal(e.code, 'AutomationPayloadInvalid');
      assert.equal(e.status, 400);
      assert.equal(e.target, 'payload');
      assert.equal(e.details[0].target, path);
      assert.ok(e.message.startsWith(`the payload template at ${path} `), e.message);
      assert.match(e.message, message);
      return true;
    },
  );
}

describe('payload templates: rendering', () => {
  it('fills every named variable from an alias event', () => {
    const names = [
      'id',
      'type',
      'time',
      'source',
      'subject',
      'actor',
      'reference',
      'scope',
      'scope_kind',
      'asset',
      'asset_type',
      'version',
      'alias',
      'from_version',
      'to_version',
    ];
    assert.deepEqual(render(Object.fromEntries(names.map((name) => [name, `\${${name}}`]))), {
      id: 'e-1',
      type: 'dev.arca.alias.moved',
      time: '2026-12-04T10:00:00.000Z',
      source: 'arca://registries/shared',
      subject: 'arca://registries/shared/models/fraud/aliases/production',
      actor: 'alice',
      reference: 'arca://registries/shared/models/fraud/aliases/production',
      scope: 'shared',
      scope_kind: 'registry',
      asset: 'fraud',
      asset_type: 'models',
      version: '3',
      alias: 'production',
      from_version: '2',
      to_version: '3',
    });
  });

  it('fills tag, tag_value and region from tag and replication events, null when the event lacks them', () => {
    const template = { tag: '${tag}', value: '${tag_value}', region: '${region}' };
    assert.deepEqual(render(template, tagSet), { tag: 'stage', value: 'prod', region: null });
    assert.deepEqual(render(template, replicated), { tag: null, value: null, region: 'westeurope' });
  });

  it('gives a lone ${var} its JSON value: numbers, booleans, objects, null', () => {
    const created = event('dev.arca.version.created', { version: '3', via: 'commit', files: 2, size: 1024 });
    assert.deepEqual(
      render({ files: '${data.files}', actor: '${data.actor}', previous: '${data.previous}' }, created),
      {
        files: 2,
        actor: { name: 'alice', requestId: 'req-1' },
        previous: null,
      },
    );
    assert.deepEqual(render(['${data.protected}', '${data.to.version}', '${data.nothing.here}']), [true, '3', null]);
    assert.equal(render('${data.previous}', tagSet), null);
  });

  it('interpolates variables inside text: objects as JSON, absent and null as nothing', () => {
    assert.equal(
      render('${asset}@${alias} moved ${from_version} → ${to_version} by ${actor}'),
      'fraud@production moved 2 → 3 by alice',
    );
    assert.equal(
      render('to=${data.to}'),
      `to={"version":"3","reference":"arca://registries/shared/models/fraud/versions/3"}`,
    );
    assert.equal(render('[${region}|${data.previous}]', tagSet), '[|]');
    assert.equal(render('n=${data.protected}'), 'n=true');
  });

  it('templates keys (as text) and keeps literals, nesting and arrays', () => {
    assert.deepEqual(
      render({
        text: 'Alias ${alias}',
        '${asset}-${version}': { ok: true, n: 1.5, none: null, list: ['${scope}', 2] },
      }),
      { text: 'Alias production', 'fraud-3': { ok: true, n: 1.5, none: null, list: ['shared', 2] } },
    );
    assert.deepEqual(render({ '${data.to}': 1 }), {
      '{"version":"3","reference":"arca://registries/shared/models/fraud/versions/3"}': 1,
    });
  });

  it('writes $${ as a literal ${, in values and keys', () => {
    assert.equal(render('$${alias} is ${alias}'), '${alias} is production');
    assert.deepEqual(render({ '$${x}': '$${nope}' }), { '${x}': '${nope}' });
    assert.equal(render('cost: $5 and $'), 'cost: $5 and $');
  });

  it('reads data paths through arrays by index and only own fields', () => {
    const deleted = event('dev.arca.version.deleted', {
      version: '3',
      force: true,
      aliasesRemoved: ['production', 'canary'],
    });
    assert.deepEqual(
      render(['${data.aliasesRemoved.1}', '${data.aliasesRemoved.length}', '${data.version.length}'], deleted),
      ['canary', null, null],
    );
    assert.equal(render('${data.actor.constructor}'), null);
  });

  it('renders a fresh document each time: changing one render leaves the next and the event alone', () => {
    const template = compilePayloadTemplate({ to: '${data.to}' });
    const first = template.render(moved) as { to: { version: string } };
    first.to.version = 'changed';
    assert.deepEqual((template.render(moved) as { to: { version: string } }).to.version, '3');
    assert.equal((moved.data.to as { version: string }).version, '3');
  });

  it('takes a plain literal template: a number, null, a string without variables', () => {
    assert.equal(render(42), 42);
    assert.equal(render(null), null);
    assert.equal(render(''), '');
    assert.equal(render('plain'), 'plain');
  });
});

describe('payload templates: validation', () => {
  it('refuses an unknown variable, with its JSON path and the known variables', () => {
    invalid(
      { text: { items: ['ok', 'hello ${user}'] } },
      '$.text.items[1]',
      /names the unknown variable "user"; known variables: id, type, time, source, subject, actor, reference, scope, scope_kind, asset, asset_type, version, alias, from_version, to_version, tag, tag_value, region, data\.<path>$/,
    );
    assert.deepEqual(payloadVariables.slice(-2), ['region', 'data.<path>']);
  });

  it('refuses an empty variable, data without a path, a malformed data path and an unclosed ${', () => {
    invalid('${}', '$', /names the unknown variable ""/);
    invalid('${data}', '$', /names the unknown variable "data"/);
    invalid('${data..x}', '$', /unknown variable "data\.\.x"/);
    invalid('${ alias }', '$', /unknown variable " alias "/);
    invalid({ a: 'x ${alias' }, '$.a', /opens \$\{ at character 3 and never closes it; known variables: /);
  });

  it('refuses a bad variable in a key, naming the key', () => {
    invalid({ 'a b': { '${nope}': 1 } }, '$["a b"]["${nope}"] (its key)', /unknown variable "nope"/);
  });

  it('refuses values JSON cannot hold, at their path', () => {
    invalid({ a: [1, undefined] }, '$.a[1]', /is undefined, which JSON cannot hold/);
    invalid({ a: Number.NaN }, '$.a', /is NaN/);
    invalid({ a: Number.POSITIVE_INFINITY }, '$.a', /is Infinity/);
    invalid({ when: new Date(0) }, '$.when', /is a Date/);
    invalid({ f: () => 1 }, '$.f', /is a function/);
    invalid({ n: 1n }, '$.n', /is a bigint/);
    invalid(new Map(), '$', /is a Map/);
  });

  it('refuses nesting deeper than 16, and accepts 16', () => {
    const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
    assert.deepEqual(compilePayloadTemplate(nested(16)) !== undefined, true);
    invalid(nested(17), `$${'.a'.repeat(16)}`, /nests arrays and objects deeper than 16 levels/);
    invalid([[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]], `$${'[0]'.repeat(16)}`, /deeper than 16/);
  });

  it('refuses a cyclic object as too deep, not with a stack overflow', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    invalid(cyclic, `$${'.self'.repeat(16)}`, /deeper than 16/);
  });

  it('refuses a template over 16 KiB as JSON, and accepts one of exactly 16 KiB', () => {
    const fits = 'x'.repeat(16 * 1024 - 2);
    assert.equal(render(fits), fits);
    invalid(`${fits}x`, '$', /is 16385 bytes as JSON; the limit is 16384/);
    invalid({ text: 'é'.repeat(8200) }, '$', /is 16411 bytes as JSON/);
  });
});
