import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FilterComparison, FilterFieldSpec } from './ast.js';
import { filterPredicate } from './evaluate-filter.js';
import { parseFilter } from './parse-filter.js';
import { regexProblem } from './regex-safety.js';
import { validateFilter } from './validate-filter.js';

const spec: FilterFieldSpec = {
  alias: { type: 'text', regex: true },
  name: { type: 'text' },
  stage: { type: 'enum', values: ['dev', 'prod'] },
  tags: { type: 'text', keyed: true, regex: true },
};

function check(filter: string) {
  return validateFilter(parseFilter(filter), spec);
}

/** Whether `alias ~ <pattern>` holds for `value`. */
function matches(pattern: string, value: string | undefined): boolean {
  const predicate = filterPredicate(check(`alias ~ ${JSON.stringify(pattern)}`));
  return predicate((field) => (field.name === 'alias' ? value : undefined));
}

function refused(filter: string, column: number, message: RegExp) {
  assert.throws(
    () => check(filter),
    (e: any) => {
      assert.equal(e.code, 'FilterInvalid');
      assert.equal(e.target, 'filter');
      assert.match(e.message, new RegExp(`^filter error at column ${column}: `));
      assert.match(e.message, message);
      assert.equal(e.details[0].column, column);
      return true;
    },
  );
}

describe('filter ~: parsing', () => {
  it("parses field ~ 'pattern' into a comparison with op ~", () => {
    const node = parseFilter("alias ~ '^prod'") as FilterComparison;
    assert.deepEqual([node.kind, node.field, node.op, node.value], ['compare', { name: 'alias' }, '~', '^prod']);
  });

  it('combines with and, or and not', () => {
    assert.equal(parseFilter("not (alias ~ 'x') and tags.team ~ 'a'").kind, 'and');
  });

  it("refuses !~ with a hint to write not (field ~ '…'), and suggests ~ for =~", () => {
    assert.throws(() => parseFilter("alias !~ 'x'"), {
      code: 'FilterInvalid',
      message: /column 7: unknown operator '!~'; write not \(field ~ '…'\)/,
    });
    assert.throws(() => parseFilter("alias =~ 'x'"), {
      code: 'FilterInvalid',
      message: /column 7: unknown operator '=~'; use '~'/,
    });
  });
});

describe('filter ~: validation', () => {
  it('accepts ordinary patterns on text fields that allow it, keyed ones included', () => {
    for (const pattern of [
      '^prod',
      'prod|staging',
      '^v[0-9]+$',
      '',
      String.raw`^\p{L}+$`,
      '(?<env>prod)-[a-z]{2,8}',
      'a+?b{1,3}c?',
      '^prod-.*-v[0-9]+$',
      'prod.*|staging.*|dev.*',
      String.raw`^v[0-9]{1,8}\.[0-9]{1,8}\.[0-9]+$`,
    ])
      assert.equal((check(`alias ~ ${JSON.stringify(pattern)}`) as FilterComparison).value, pattern);
    assert.equal((check("tags.team ~ '^vis'") as FilterComparison).value, '^vis');
  });

  it('keeps a number written as the pattern as the text written', () => {
    assert.equal((check('alias ~ 1.10') as FilterComparison).value, '1.10');
  });

  it('refuses ~ on a field whose definition does not allow it, at the column of the field', () => {
    refused(
      "alias = 'a' and name ~ 'x'",
      17,
      /'~' \(regular expression match\) is not available on name here; use = or like/,
    );
    refused("stage ~ 'p'", 1, /not available on stage/);
  });

  it('refuses a pattern longer than 256 characters, and accepts one of 256', () => {
    assert.equal(regexProblem('a'.repeat(256)), undefined);
    refused(`alias ~ '${'a'.repeat(257)}'`, 9, /is 257 characters long; the limit is 256/);
  });

  it('refuses a pattern that does not compile with flag u, at the column of the value', () => {
    refused("alias ~ '(prod'", 9, /the regular expression "\(prod" is not a valid regular expression: /);
    refused("alias ~ 'a{'", 9, /not a valid regular expression/);
    refused(String.raw`alias ~ '\q'`, 9, /not a valid regular expression/);
  });

  it('refuses nested quantifiers (star height above 1)', () => {
    for (const pattern of ['(a+)+', '(a*)*b', '(?:x|y+){2,}', String.raw`(\d{2})+`, '((a)?c)*', '(?<n>a+)+$'])
      refused(`alias ~ ${JSON.stringify(pattern)}`, 9, /nested quantifiers/);
  });

  it('refuses a repeated group holding an alternation', () => {
    for (const pattern of ['(a|a)*', '(prod|staging)+', '(x(a|b))+'])
      refused(`alias ~ ${JSON.stringify(pattern)}`, 9, /holds an alternation \(\|\)/);
  });

  it('refuses backreferences, numbered and named', () => {
    refused(String.raw`alias ~ '(a)\1'`, 9, /uses a backreference/);
    refused(String.raw`alias ~ '(?<x>a)\k<x>'`, 9, /uses a backreference/);
  });

  it('refuses quantifiers that multiply past two unbounded repetitions (polynomial backtracking)', () => {
    for (const pattern of [
      'a*a*a*!',
      '.*x.*y.*',
      String.raw`^v[0-9]+\.[0-9]+\.[0-9]+$`,
      'a?'.repeat(17),
      '[a-z]{0,300}[a-z]{0,300}',
      '(?:.*a)(?:.*b)(?:.*c)',
      `x{1,${'9'.repeat(60)}}`,
    ])
      refused(
        `alias ~ ${JSON.stringify(pattern)}`,
        9,
        /repeats too much in a row .*; bound some, as in \[0-9\]\{1,8\}/,
      );
    assert.equal(regexProblem('a?'.repeat(16)), undefined);
  });

  it('refuses lookahead and lookbehind, positive and negative', () => {
    for (const pattern of ['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b'])
      refused(`alias ~ ${JSON.stringify(pattern)}`, 9, /uses a lookahead or lookbehind/);
  });

  it('does not mistake escaped or bracketed characters for groups and quantifiers', () => {
    for (const pattern of [
      String.raw`\(a+\)+`,
      '[(+)]+',
      String.raw`[\]]+x`,
      String.raw`\u{1F600}+`,
      String.raw`\p{Lu}+`,
      '[|]+',
    ])
      assert.equal(regexProblem(pattern), undefined, pattern);
  });
});

describe('filter ~: evaluation', () => {
  it('is unanchored unless the pattern anchors', () => {
    assert.equal(matches('prod', 'preprod-eu'), true);
    assert.equal(matches('^prod', 'preprod-eu'), false);
    assert.equal(matches('^prod', 'production'), true);
  });

  it('matches alternatives and character classes', () => {
    assert.equal(matches('prod|staging', 'staging'), true);
    assert.equal(matches('prod|staging', 'dev'), false);
    assert.equal(matches('^v[0-9]+$', 'v12'), true);
    assert.equal(matches('^v[0-9]+$', 'v12a'), false);
  });

  it('is case-sensitive and reads code points (flag u)', () => {
    assert.equal(matches('^prod', 'Prod'), false);
    assert.equal(matches('^.$', '😀'), true);
  });

  it('is false for an absent value, and its negation true', () => {
    assert.equal(matches('', undefined), false);
    const negated = filterPredicate(check("not (alias ~ '')"));
    assert.equal(
      negated(() => undefined),
      true,
    );
    assert.equal(
      negated(() => 'x'),
      false,
    );
  });
});
