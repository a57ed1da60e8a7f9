import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { renderErrorDocs } from '../scripts/error-docs.js';
import { withEventCatalogue } from '../scripts/event-docs.js';
import { fetchOpenApiDocument, renderSdkSchema } from '../scripts/openapi.js';

describe('generated files stay in step with their sources', () => {
  it('docs/errors.md documents exactly the error catalogue (regenerate with npm run docs:errors)', async () => {
    const committed = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
    assert.equal(committed, renderErrorDocs());
  });

  it('docs/events.md documents exactly the event catalogue (regenerate with npm run docs:events)', async () => {
    const committed = await readFile(new URL('../docs/events.md', import.meta.url), 'utf8');
    assert.equal(committed, withEventCatalogue(committed));
  });

  it('the SDK types in src/sdk/openapi-types.ts and docs/openapi.json match the OpenAPI document the server serves (regenerate with npm run sdk:generate)', async () => {
    const served = await fetchOpenApiDocument();
    const committed = await readFile(new URL('../src/sdk/openapi-types.ts', import.meta.url), 'utf8');
    assert.equal(committed, await renderSdkSchema(served));
    const documented = await readFile(new URL('../docs/openapi.json', import.meta.url), 'utf8');
    assert.deepEqual(JSON.parse(documented), served);
  });
});
