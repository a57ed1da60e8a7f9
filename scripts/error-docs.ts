import { errorCatalogue } from '../src/core/errors.js';

/** docs/errors.md, rendered from the catalogue in src/core/errors.ts. */
export function renderErrorDocs(): string {
  const rows = Object.entries(errorCatalogue).map(([code, d]) => `| \`${code}\` | ${d.status} | ${d.description} |`);
  return [
    '# Error codes',
    '',
    'Every `/api/v1` error response has the body `{"error": {"code", "message", "target"?, "details"?}}`.',
    '`code` is stable and comes from this table; `message` is for people and may change; `target` names the',
    'field or parameter at fault. The CLI prints errors as `error <Code>: <message>` and exits with status 1.',
    '',
    'This file is generated from `src/core/errors.ts` by `npm run docs:errors`; a test fails when they differ.',
    '',
    '| code | HTTP status | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
