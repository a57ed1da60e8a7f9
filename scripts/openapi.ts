import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { startTestServer } from '../src/testing/server.js';

/** The OpenAPI document a real server serves at /api/v1/openapi.json. */
export async function fetchOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'arca-openapi-'));
  const server = await startTestServer({ dataDir });
  try {
    const { body } = await server.api('GET', '/api/v1/openapi.json');
    return body as Record<string, unknown>;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The SDK's types, generated from the document (src/sdk/openapi-types.ts is this, committed). */
export async function renderSdkSchema(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as never, { alphabetize: true });
  return `// Generated from /api/v1/openapi.json by \`npm run sdk:generate\`. Do not edit: a test fails when it drifts.\n${astToString(ast)}`;
}
