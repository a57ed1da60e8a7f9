import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  automationChangeFileShape,
  automationFileShape,
  registryFileShape,
  roleFileShape,
  workspaceFileShape,
  type MappingShape,
} from '../../src/core/file-shapes.js';
import { root } from './harness.js';

type Schema = { $ref?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema };

const openapi = JSON.parse(readFileSync(join(root, 'docs', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { requestBody: { content: { 'application/json': { schema: Schema } } } }>>;
  components: { schemas: Record<string, Schema> };
};

function resolved(schema: Schema): Schema {
  const ref = schema.$ref?.replace('#/components/schemas/', '');
  return ref === undefined ? schema : resolved(openapi.components.schemas[ref] ?? {});
}

function bodyOf(path: string, method = 'put'): Schema {
  return resolved(openapi.paths[path]?.[method]?.requestBody.content['application/json'].schema ?? {});
}

/** The CLI's shape knows exactly the fields the route's schema does, and requires at least what it requires. */
function assertSameFields(shape: MappingShape, schema: Schema, at: string): void {
  assert.deepEqual(Object.keys(shape.fields).sort(), Object.keys(schema.properties ?? {}).sort(), at);
  for (const required of schema.required ?? [])
    assert.ok(shape.required?.includes(required), `${at}: ${required} is required`);
  for (const [name, value] of Object.entries(shape.fields)) {
    if (value === null) continue;
    const inner = resolved(schema.properties?.[name] ?? {});
    if ('fields' in value) assertSameFields(value, inner, `${at}.${name}`);
    else assertSameFields(value.items, resolved(inner.items ?? {}), `${at}.${name}[]`);
  }
}

describe('the fields the CLI checks in resource files match the API schemas', () => {
  for (const [file, shape, path] of [
    ['registry.yml', registryFileShape, '/api/v1/registries/{name}'],
    ['workspace.yml', workspaceFileShape, '/api/v1/workspaces/{name}'],
    ['role.yml', roleFileShape, '/api/v1/roles/{name}'],
  ] as const) {
    test(`${file}: the same known fields (nested ones too) as the body of PUT ${path}`, () => {
      assertSameFields(shape, bodyOf(path), file);
    });
  }

  test('automation.yml: the same known fields as the body of POST …/automations', () => {
    assertSameFields(automationFileShape, bodyOf('/api/v1/registries/{scope}/automations', 'post'), 'automation.yml');
  });

  test('automation.yml read by update: the fields of PATCH …/automations/{name} and $schema, which it drops', () => {
    const patch = bodyOf('/api/v1/registries/{scope}/automations/{name}', 'patch');
    const withSchema = { ...patch, properties: { ...patch.properties, $schema: {} } };
    assertSameFields(automationChangeFileShape, withSchema, 'automation.yml (update)');
    assert.deepEqual(automationChangeFileShape.required ?? [], [], 'a change names only what it changes');
  });
});
