import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FilterNode } from './ast.js';
import { parseFilter } from './parse-filter.js';

/** The tree without columns, written compactly: `a=1` → ['a', '=', 1]. */
function shape(node: FilterNode): unknown {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { [node.kind]: node.items.map(shape) };
    case 'not':
      return { not: shape(node.item) };
    case 'compare':
      return [
        node.field.key === undefined ? node.field.name : `${node.field.name}[${node.field.key}]`,
        node.op,
        node.value,
      ];
  }
}

function syntaxError(filter: string, column: number, message: RegExp) {
  assert.throws(
    () => parseFilter(filter),
    (e: any) => {
      assert.equal(e.code, 'FilterInvalid');
      assert.equal(e.target, 'filter');
      assert.match(e.message, new RegExp(`^filter syntax error at column ${column}: `));
      assert.match(e.message, message);
      assert.equal(e.details[0].column, column);
      return true;
    },
  );
}

describe('filter parsing: structure', () => {
  it('binds and tighter than or', () => {
    assert.deepEqual(shape(parseFilter('a=1 or b=2 and c=3')), {
      or: [
        ['a', '=', 1],
        {
          and: [
            ['b', '=', 2],
            ['c', '=', 3],
          ],
        },
      ],
    });
    assert.deepEqual(shape(parseFilter('a=1 and b=2 or c=3')), {
      or: [
        {
          and: [
            ['a', '=', 1],
            ['b', '=', 2],
          ],
        },
        ['c', '=', 3],
      ],
    });
  });

  it('lets parentheses override precedence and flattens chains of one operator', () => {
    assert.deepEqual(shape(parseFilter('(a=1 or b=2) and c=3')), {
      and: [
        {
          or: [
            ['a', '=', 1],
            ['b', '=', 2],
          ],
        },
        ['c', '=', 3],
      ],
    });
    assert.deepEqual(shape(parseFilter('a=1 and b=2 and ((c=3))')), {
      and: [
        ['a', '=', 1],
        ['b', '=', 2],
        ['c', '=', 3],
      ],
    });
  });

  it('applies not to the comparison or group right after it', () => {
    assert.deepEqual(shape(parseFilter('not a=1 and b=2')), { and: [{ not: ['a', '=', 1] }, ['b', '=', 2]] });
    assert.deepEqual(shape(parseFilter('not (a=1 or b=2)')), {
      not: {
        or: [
          ['a', '=', 1],
          ['b', '=', 2],
        ],
      },
    });
    assert.deepEqual(shape(parseFilter('not not a=1')), { not: { not: ['a', '=', 1] } });
  });

  it('reads keywords in any case', () => {
    assert.deepEqual(shape(parseFilter("a=1 AND NOT b=2 Or c LIKE 'x%'")), {
      or: [{ and: [['a', '=', 1], { not: ['b', '=', 2] }] }, ['c', 'like', 'x%']],
    });
  });

  it('parses the example of the issue with columns of field and value', () => {
    const tree = parseFilter(
      "tags.team = 'vision' and (size > 1000000 or not state = 'archived') and name like 'fraud%'",
    );
    assert.deepEqual(shape(tree), {
      and: [
        ['tags[team]', '=', 'vision'],
        { or: [['size', '>', 1000000], { not: ['state', '=', 'archived'] }] },
        ['name', 'like', 'fraud%'],
      ],
    });
    assert.equal(tree.kind, 'and');
    const first = tree.kind === 'and' ? tree.items[0] : undefined;
    assert.deepEqual(first, {
      kind: 'compare',
      field: { name: 'tags', key: 'team' },
      op: '=',
      value: 'vision',
      position: 1,
      valuePosition: 13,
    });
  });

  it('knows every comparison operator, with or without spaces', () => {
    for (const op of ['=', '!=', '<', '>', '<=', '>='] as const) {
      assert.deepEqual(shape(parseFilter(`size${op}5`)), ['size', op, 5]);
      assert.deepEqual(shape(parseFilter(`size ${op} 5`)), ['size', op, 5]);
    }
  });
});

describe('filter parsing: literals and fields', () => {
  for (const [literal, value] of [
    [`'it''s'`, "it's"],
    [`"it's"`, "it's"],
    [String.raw`'it\'s'`, "it's"],
    [String.raw`"say \"hi\""`, 'say "hi"'],
    [`"a""b"`, 'a"b'],
    [String.raw`'back\\slash'`, String.raw`back\slash`],
    [String.raw`'50\%'`, String.raw`50\%`],
    [String.raw`'a\_b'`, String.raw`a\_b`],
    [`''`, ''],
    [`'  spaced  '`, '  spaced  '],
    [`'naïve ünïcode'`, 'naïve ünïcode'],
    [`'and or not'`, 'and or not'],
  ]) {
    it(`reads the string ${literal} as ${JSON.stringify(value)}`, () => {
      assert.deepEqual(shape(parseFilter(`name = ${literal}`)), ['name', '=', value]);
    });
  }

  it('reads integers, decimals and negative numbers, keeping the text as written', () => {
    assert.deepEqual(shape(parseFilter('size > -5')), ['size', '>', -5]);
    assert.deepEqual(shape(parseFilter('size>-5')), ['size', '>', -5]);
    const decimal = parseFilter('version = 1.10');
    assert.equal(decimal.kind === 'compare' && decimal.numberText, '1.10');
    assert.equal(decimal.kind === 'compare' && decimal.value, 1.1);
  });

  it('reads keys after a dot, bare or quoted', () => {
    assert.deepEqual(shape(parseFilter("tags.a-b.c_1 = 'x'")), ['tags[a-b.c_1]', '=', 'x']);
    assert.deepEqual(shape(parseFilter('properties."learning rate" >= 0.01')), [
      'properties[learning rate]',
      '>=',
      0.01,
    ]);
    assert.deepEqual(shape(parseFilter("properties.'it''s' = 1")), ["properties[it's]", '=', 1]);
    assert.deepEqual(shape(parseFilter("tags.and = 'x'")), ['tags[and]', '=', 'x']);
  });
});

describe('filter parsing: errors name the column and what was expected', () => {
  it('a trailing and', () =>
    syntaxError("name = 'x' and", 15, /expected a field, '\(' or 'not' after 'and', found the end of the filter/));
  it('a trailing or', () => syntaxError("name = 'x' or ", 15, /after 'or'/));
  it('a trailing comparison operator', () => syntaxError('size >', 7, /expected a value after '>'$/));
  it('a missing value before the next keyword', () =>
    syntaxError('tags.team = and size > 1', 13, /expected a value after '='$/));
  it('an unquoted word as value, with a hint', () =>
    syntaxError('state = archived', 9, /expected a value after '=': quote text, as in 'archived'/));
  it('an unclosed parenthesis', () =>
    syntaxError("(name = 'x'", 12, /expected '\)' to close the '\(' at column 1, found the end of the filter/));
  it('an unmatched closing parenthesis', () => syntaxError('a = 1)', 6, /unmatched '\)'/));
  it('an unclosed string, at its opening quote', () =>
    syntaxError("name = 'abc", 8, /unclosed string: the quote at column 8 is never closed/));
  it('a string whose closing quote is escaped', () => syntaxError(String.raw`name = 'abc\'`, 8, /unclosed string/));
  it('the operator ==', () => syntaxError("name == 'x'", 6, /unknown operator '=='; use '='/));
  it('the operator <>', () => syntaxError("name <> 'x'", 6, /unknown operator '<>'; use '!='/));
  it('the operator &&', () => syntaxError('a = 1 && b = 2', 7, /unknown operator '&&'; use 'and'/));
  it('a lone !', () => syntaxError('! a = 1', 1, /unknown operator '!'/));
  it('a missing operator', () =>
    syntaxError(
      "name 'x'",
      6,
      /expected an operator \(=, !=, <, >, <=, >=, like or ~\) after 'name', found the string "x"/,
    ));
  it('a keyword where a field belongs', () =>
    syntaxError('and = 1', 1, /expected a field, '\(' or 'not' at the start of the filter, found 'and'/));
  it('two comparisons without and/or', () =>
    syntaxError('a = 1 b = 2', 7, /expected 'and', 'or' or the end of the filter, found 'b'/));
  it('a stray character', () => syntaxError('a = 1; drop table x', 6, /unexpected character ";"/));
  it('a dot without a key', () => syntaxError('tags. = 1', 6, /expected a key after 'tags.'/));
  it('an empty quoted key', () => syntaxError("tags.'' = 1", 6, /the key after 'tags.' is empty/));
  it('letters glued to a number', () => syntaxError('a = 12ab', 7, /unexpected "a" after the number 12/));
  it('a number ending in a dot', () => syntaxError('a = 12.', 7, /expected digits after '.'/));
  it('an empty filter', () => syntaxError('', 1, /the filter is empty/));
  it('a filter of spaces', () => syntaxError('   ', 1, /the filter is empty/));

  it('a filter longer than 4,096 characters, and accepts one of exactly 4,096', () => {
    const fits = `name = '${'x'.repeat(4096 - 9)}'`;
    assert.equal(fits.length, 4096);
    assert.equal(parseFilter(fits).kind, 'compare');
    syntaxError(`${fits} `, 4097, /the filter is 4097 characters long; the limit is 4096/);
  });

  it('parentheses nested deeper than 32, and accepts 32', () => {
    assert.deepEqual(shape(parseFilter(`${'('.repeat(32)}a=1${')'.repeat(32)}`)), ['a', '=', 1]);
    syntaxError(`${'('.repeat(33)}a=1${')'.repeat(33)}`, 33, /nests deeper than 32 levels/);
  });

  it('not nested deeper than 32, counted with parentheses', () => {
    assert.equal(parseFilter(`${'not '.repeat(32)}a=1`).kind, 'not');
    syntaxError(`${'not '.repeat(33)}a=1`, 129, /nests deeper than 32 levels/);
    syntaxError(`${'not ('.repeat(17)}a=1${')'.repeat(17)}`, 16 * 5 + 1, /nests deeper/);
  });

  it('reports the leftmost error when a later string is unclosed', () => {
    syntaxError("a = = 'unclosed", 5, /expected a value after '='/);
  });
});
