import { writeFile } from 'node:fs/promises';
import { fetchOpenApiDocument, renderSdkSchema } from './openapi.js';

const document = await fetchOpenApiDocument();
await writeFile(new URL('../src/sdk/openapi-types.ts', import.meta.url), await renderSdkSchema(document));
await writeFile(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
console.log('wrote src/sdk/openapi-types.ts and docs/openapi.json');
