import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isArcaError } from '../errors.js';
import { modelVersionFilter, orderByOf, parseMlflowFilter, registeredModelFilter } from './mlflow-filter.js';

const refused = (run: () => unknown, message: RegExp) =>
  assert.throws(run, (error) => isArcaError(error, 'InvalidParameter') && message.test(error.message));

describe('MLflow filters read and written in Arca’s filter language', () => {
  it('reads clauses joined with AND in any case, with quoted, backticked and dotted keys', () => {
    const clauses = parseMlflowFilter("name = 'a' and tags.`mlflow.stage` != \"x\" AND tag.team LIKE 'r%'");
    assert.deepEqual(
      clauses.map(({ field, key, op, value }) => ({ field, key, op, value })),
      [
        { field: 'name', key: undefined, op: '=', value: 'a' },
        { field: 'tags', key: 'mlflow.stage', op: '!=', value: 'x' },
        { field: 'tag', key: 'team', op: 'LIKE', value: 'r%' },
      ],
    );
  });

  it('reads IN lists, numbers and quotes inside strings', () => {
    const [list, number, quoted] = parseMlflowFilter(
      "run_id IN ('a', \"b\") AND version_number = 3 AND name = 'it''s'",
    );
    assert.deepEqual(list?.value, ['a', 'b']);
    assert.equal(number?.value, 3);
    assert.equal(quoted?.value, "it's");
  });

  it('writes the prompt check so models without the tag match', () => {
    assert.equal(
      registeredModelFilter("tags.`mlflow.prompt.is_prompt` != 'true'"),
      `not tags."mlflow.prompt.is_prompt" = 'true'`,
    );
    assert.equal(
      registeredModelFilter("tag.`mlflow.prompt.is_prompt` = 'false'"),
      `not tags."mlflow.prompt.is_prompt" = 'true'`,
    );
  });

  it('escapes quotes and backslashes in values and keys', () => {
    assert.equal(registeredModelFilter(`tags.\`a"b\` = 'x\\\\y'`), `tags."a\\"b" = 'x\\\\y'`);
  });

  it('takes the model of a version search from name =, the rest as version fields', () => {
    assert.deepEqual(modelVersionFilter("name = 'fraud' AND run_id = 'r' AND version_number != 2"), {
      model: 'fraud',
      filter: `properties."mlflow.run_id" = 'r' and version != '2'`,
    });
    assert.deepEqual(modelVersionFilter(''), {});
  });

  for (const [filter, message] of [
    ["name = 'a' OR name = 'b'", /AND only/],
    ["name = 'a", /unclosed '/],
    ['name =', /quoted string or a number/],
    ["name ~ 'a'", /comparison/],
    ["= 'a'", /field name/],
    ["run_id IN ('a' 'b')", /, or \)/],
    ['run_id IN (a)', /quoted strings/],
    ['name = 3', /quoted string in "name = 3"/],
    ["name > 'a'", /cannot use >/],
    ["creation_timestamp > 'a'", /cannot search on/],
  ] as const)
    it(`refuses ${JSON.stringify(filter)} as INVALID_PARAMETER_VALUE on filter`, () =>
      refused(() => registeredModelFilter(filter), message));

  it('refuses a version filter on a field Arca cannot search, naming the clause', () =>
    refused(() => modelVersionFilter("name = 'm' AND version_number > 2"), /version_number > 2/));

  it('maps order_by entries and refuses unknown fields or directions', () => {
    assert.equal(
      orderByOf(['name', 'last_updated_timestamp DESC'], { name: 'name', last_updated_timestamp: 'updated' }),
      'name asc, updated desc',
    );
    assert.equal(orderByOf([], { name: 'name' }), undefined);
    refused(() => orderByOf(['size'], { name: 'name' }), /cannot order by "size"/);
    refused(() => orderByOf(['name sideways'], { name: 'name' }), /cannot order by/);
  });
});
