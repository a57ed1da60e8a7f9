import { exitStatus, exitStatusMeanings } from '../src/cli/cli-error.js';
import { errorCatalogue, type ErrorDescriptor } from '../src/core/errors.js';

/** docs/errors.md, rendered from the catalogue in src/core/errors.ts. */
export function renderErrorDocs(): string {
  const rows = Object.entries(errorCatalogue).flatMap(([code, d]: [string, ErrorDescriptor]) => [
    `| \`${code}\` | ${d.status} | ${ociCell(d.oci)} | ${d.description} | ${codeSpan(d.template)} |`,
    ...Object.entries(d.variants ?? {}).map(
      ([variant, template]) => `| ↳ \`${code}\` variant \`${variant}\` | | | | ${codeSpan(template)} |`,
    ),
  ]);
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
    'Under `/v2/` an error leaves in the OCI envelope with the OCI code of its row ([oci.md](oci.md#errors));',
    '"none" marks a code the OCI spec has no counterpart for, answered as `UNKNOWN`. The message template shows',
    'the usual message of a code: `{name}` stands for a value, `{name:json}` for a value quoted as JSON. A code',
    'with several distinct situations lists its named variants (`arcaError(code, variant, values)`) in the rows',
    'under it.',
    '',
    '| code | HTTP status | OCI code | meaning | message template |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

function ociCell(oci: ErrorDescriptor['oci']): string {
  return typeof oci === 'string' ? `\`${oci}\`` : `none (\`${oci.unmapped}\`)`;
}

/** A template as inline code in a table cell: backticks inside need a longer fence, pipes an escape. */
function codeSpan(text: string): string {
  const escaped = text.replace(/\|/g, '\\|');
  return text.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}
