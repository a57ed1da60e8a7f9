import { exitStatus, exitStatusMeanings } from '../src/cli/cli-error.js';
import { errorCatalogue } from '../src/core/errors.js';

/** docs/errors.md, rendered from the catalogue in src/core/errors.ts. */
export function renderErrorDocs(): string {
  const rows = Object.entries(errorCatalogue).map(([code, d]) => `| \`${code}\` | ${d.status} | ${d.description} |`);
  return [
    '# Error codes',
    '',
    'Every `/api/v1` error response has the body `{"error": {"code", "message", "target"?, "details"?}}`.',
    '`code` is stable and comes from this table; `message` is for people and may change; `target` names the',
    'field or parameter at fault.',
    '',
    "The CLI prints an error as `error <Code>: <message>`, the server's API phrasing said the CLI way (`force=true` is",
    '`--force`), and then, when there is something to do about it, a `hint:` line. It exits with:',
    '',
    '| exit status | meaning |',
    '| --- | --- |',
    ...Object.entries(exitStatus).map(
      ([name, status]) => `| ${status} | ${exitStatusMeanings[name as keyof typeof exitStatus]} |`,
    ),
    '',
    'This file is generated from `src/core/errors.ts` (and the exit statuses from `src/cli/cli-error.ts`) by',
    '`npm run docs:errors`; a test fails when they differ.',
    '',
    '| code | HTTP status | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
