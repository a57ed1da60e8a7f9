import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { exitStatus } from '../src/cli/cli-error.js';
import { permissions } from '../src/core/permissions.js';

describe('what docs/access.md and docs/errors.md state', () => {
  it('lists every permission Arca checks, and no other, in its permissions table', async () => {
    const text = await readFile(new URL('../docs/access.md', import.meta.url), 'utf8');
    const start = text.indexOf('| permission | allows |');
    assert.ok(start >= 0, 'the permissions table is there');
    const table = text.slice(start, text.indexOf('\n\n', start));
    const listed = [...table.matchAll(/^\| `([a-z/]+)` \| /gm)].map((m) => m[1]);
    assert.deepEqual(listed, [...permissions]);
  });

  it("docs/errors.md gives the CLI's exit statuses: 1 for a failed request, 2 for a usage error", async () => {
    const text = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
    assert.match(text, new RegExp(`^\\| ${exitStatus.requestFailed} \\| the request failed`, 'm'));
    assert.match(text, new RegExp(`^\\| ${exitStatus.usage} \\| usage error`, 'm'));
    assert.doesNotMatch(text, /exits with status 1\./, 'not every error exits 1');
  });
});
