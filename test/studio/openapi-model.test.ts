import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  exampleOf,
  fillRequest,
  operationMatches,
  operationsByTag,
  resolveRef,
  type OpenApiDocument,
  type Operation,
  type Schema,
} from '../../web/src/components/api-reference/openapi-model.js';

/** Issue 17: what the studio's API reference reads of the server's own OpenAPI document (docs/openapi.json). */
const document = JSON.parse(
  readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'),
) as OpenApiDocument;
const groups = operationsByTag(document);
const operations = groups.flatMap((group) => group.operations);
const byId = (id: string): Operation => {
  const operation = operations.find((candidate) => candidate.id === id);
  assert.ok(operation, id);
  return operation;
};

describe('the API reference model of the OpenAPI document', () => {
  it('lists every operation of the document once, under its tag, with a unique id', () => {
    const inDocument = Object.values(document.paths).flatMap((item) => Object.keys(item)).length;
    assert.equal(operations.length, inDocument);
    assert.equal(new Set(operations.map((operation) => operation.id)).size, operations.length);
    assert.ok(groups.find((group) => group.tag === 'registries')?.operations.some((op) => op.id === 'listRegistries'));
  });

  it('resolves every local $ref the document holds', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] ?? '');
    assert.ok(refs.length > 0);
    for (const ref of new Set(refs)) assert.ok(resolveRef(document, ref), ref);
    assert.equal(resolveRef(document, '#/components/schemas/NoSuchSchema'), undefined);
  });

  it('finds operations by every word typed, in summary, method or path', () => {
    const found = operations.filter((operation) => operationMatches(operation, 'PUT /api/v1/workspaces/{name}'));
    assert.deepEqual(
      found.map((operation) => operation.id),
      ['createOrUpdateWorkspace'],
    );
    assert.ok(operationMatches(byId('listRegistries'), 'list REGISTRIES'));
    assert.equal(operationMatches(byId('listRegistries'), 'list workspaces'), false);
  });

  it('starts a body from the required properties, following references', () => {
    assert.deepEqual(exampleOf(document, byId('createOrUpdateWorkspace').requestBody?.schema), { location: 'string' });
    const cyclic: Schema = { $ref: '#/components/schemas/Loop' };
    const withLoop = {
      ...document,
      components: { schemas: { Loop: { type: 'object', required: ['next'], properties: { next: cyclic } } } },
    };
    assert.deepEqual(exampleOf(withLoop, cyclic), { next: {} });
  });

  it('fills the path (encoded), repeats an array query parameter, and names the required values left empty', () => {
    const put = byId('createOrUpdateWorkspace');
    assert.deepEqual(fillRequest(put, {}), { missing: ['name'] });
    assert.deepEqual(
      fillRequest(put, { 'path:name': 'a b/c', 'query:remove_region': 'westus, lab-a', 'header:if-none-match': '*' }),
      {
        request: {
          path: '/api/v1/workspaces/a%20b%2Fc',
          query: { remove_region: ['westus', 'lab-a'] },
          headers: { 'if-none-match': '*' },
        },
      },
    );
  });
});
