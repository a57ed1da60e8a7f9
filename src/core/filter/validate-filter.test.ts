import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FilterComparison, FilterFieldSpec, FilterNode } from './ast.js';
import { parseFilter } from './parse-filter.js';
import { normaliseTimestamp } from './timestamps.js';
import { validateFilter } from './validate-filter.js';

const spec: FilterFieldSpec = {
  name: { type: 'text' },
  version: { type: 'text' },
  size: { type: 'number' },
  created: { type: 'timestamp' },
  state: { type: 'enum', values: ['pending', 'ready', 'archived'] },
  tags: { type: 'text', keyed: true },
  properties: { type: 'text', keyed: true },
};

function check(filter: string): FilterNode {
  return validateFilter(parseFilter(filter), spec);
}

function value(filter: string): unknown {
  return (check(filter) as FilterComparison).value;
}

function rejects(filter: string, code: 'FilterInvalid' | 'FilterFieldUnknown', column: number, message: RegExp) {
  assert.throws(
    () => check(filter),
    (e: any) => {
      assert.equal(e.code, code);
      assert.equal(e.target, 'filter');
      assert.match(e.message, new RegExp(`^filter error at column ${column}: `));
      assert.match(e.message, message);
      assert.equal(e.details[0].column, column);
      return true;
    },
  );
}

describe('filter validation: fields', () => {
  it('names an unknown field and lists the known ones, keyed fields with <key>', () => {
    rejects(
      "team = 'x'",
      'FilterFieldUnknown',
      1,
      /unknown field 'team'; known fields: created, name, properties\.<key>, size, state, tags\.<key>, version$/,
    );
  });

  it('finds unknown fields inside groups and not, at their column', () => {
    rejects("name = 'a' and not (sise > 1)", 'FilterFieldUnknown', 21, /unknown field 'sise'/);
  });

  it('does not take properties of Object for fields', () => {
    rejects('constructor = 1', 'FilterFieldUnknown', 1, /unknown field 'constructor'/);
    rejects("__proto__ = 'x'", 'FilterFieldUnknown', 1, /unknown field '__proto__'/);
  });

  it('refuses a key on a plain field and a keyed field without a key', () => {
    rejects("name.first = 'x'", 'FilterFieldUnknown', 1, /unknown field 'name\.first'/);
    rejects("tags = 'x'", 'FilterInvalid', 1, /'tags' needs a key, as in tags\.team/);
  });
});

describe('filter validation: types', () => {
  it('refuses text for a number, at the column of the value', () => {
    rejects(
      "size = 'big'",
      'FilterInvalid',
      8,
      /size is a number; compare it with a number, as in size > 1000, not "big"/,
    );
  });

  it('refuses a timestamp that is not an ISO date, or a number', () => {
    rejects(
      "created > 'yesterday'",
      'FilterInvalid',
      11,
      /created is a timestamp; compare it with an ISO-8601 date such as '2026-01-01'/,
    );
    rejects("created > '2026-02-30'", 'FilterInvalid', 11, /not "2026-02-30"/);
    rejects('created > 20260101', 'FilterInvalid', 11, /created is a timestamp/);
  });

  it('refuses an enum value outside the list, naming the allowed ones, and ordering operators on enums', () => {
    rejects("state = 'deleted'", 'FilterInvalid', 9, /state is one of 'pending', 'ready', 'archived', not "deleted"/);
    rejects("state = 'Ready'", 'FilterInvalid', 9, /not "Ready"/);
    rejects("state < 'ready'", 'FilterInvalid', 1, /compare it with = or !=, not </);
    assert.equal(value("state != 'archived'"), 'archived');
  });

  it('allows like on text and keyed fields only', () => {
    assert.equal(value("name like 'fraud%'"), 'fraud%');
    assert.equal(value("tags.team like 'vis%'"), 'vis%');
    rejects("size like '1%'", 'FilterInvalid', 1, /'like' compares text; size is a number/);
    rejects("created like '2026%'", 'FilterInvalid', 1, /created is a timestamp/);
    rejects("state like 'r%'", 'FilterInvalid', 1, /state is an enumeration/);
  });

  it('refuses a like pattern ending in a lone escape, and accepts an escaped backslash', () => {
    rejects(String.raw`name like 'abc\\'`, 'FilterInvalid', 11, /ends with '\\', which escapes nothing/);
    assert.equal(value(String.raw`name like 'abc\\\\'`), String.raw`abc\\`);
  });

  it('turns numbers written for text and keyed fields into the text as written', () => {
    assert.equal(value('version = 1.10'), '1.10');
    assert.equal(value('version = 3'), '3');
    assert.equal(value('properties."learning rate" = 0.010'), '0.010');
    assert.equal(value('size = 10'), 10);
  });
});

describe('filter validation: timestamps are normalised to ISO-8601 UTC with milliseconds', () => {
  for (const [written, stored] of [
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T10:00:00Z', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01T10:00Z', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01T10:00:00', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01 10:00:00z', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01T12:00:00+02:00', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01T01:30:00+0200', '2025-12-31T23:30:00.000Z'],
    ['2025-12-31T23:00:00-05:00', '2026-01-01T04:00:00.000Z'],
    ['2026-01-01T10:00:00.5Z', '2026-01-01T10:00:00.500Z'],
    ['2026-01-01T10:00:00.123456789Z', '2026-01-01T10:00:00.123Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['0050-06-01', '0050-06-01T00:00:00.000Z'],
  ] as const) {
    it(`${written} → ${stored}`, () => {
      assert.equal(normaliseTimestamp(written), stored);
      assert.equal(value(`created >= '${written}'`), stored);
    });
  }

  it('refuses impossible or partial dates', () => {
    for (const text of [
      '2026-13-01',
      '2026-00-10',
      '2025-02-29',
      '2026-04-31',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00:00+25:00',
      '20260101',
      '2026-1-1',
      '2026-01-01T10',
      '2026-01-01Z',
      'now',
      '',
      '9999-12-31T23:00:00-05:00',
    ]) {
      assert.equal(normaliseTimestamp(text), undefined, text);
    }
  });

  it('normalises values inside and, or and not', () => {
    const tree = check("not (created < '2026-01-01' or created > '2026-02-01T00:00:00+01:00') and name = 1");
    assert.deepEqual(
      JSON.parse(
        JSON.stringify(tree, (key, v) =>
          key === 'position' || key === 'valuePosition' || key === 'numberText' ? undefined : v,
        ),
      ),
      {
        kind: 'and',
        items: [
          {
            kind: 'not',
            item: {
              kind: 'or',
              items: [
                { kind: 'compare', field: { name: 'created' }, op: '<', value: '2026-01-01T00:00:00.000Z' },
                { kind: 'compare', field: { name: 'created' }, op: '>', value: '2026-01-31T23:00:00.000Z' },
              ],
            },
          },
          { kind: 'compare', field: { name: 'name' }, op: '=', value: '1' },
        ],
      },
    );
  });
});
