import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { exitStatus } from '../src/cli/cli-error.js';
import { errorCatalogue, type ErrorCode, ociCodeOf } from '../src/core/errors.js';
import { permissions } from '../src/core/permissions.js';

describe('what docs/access.md, docs/errors.md and docs/oci.md state', () => {
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

  it("docs/oci.md's error table names each Arca code under the OCI code the catalogue maps it to", async () => {
    const text = await readFile(new URL('../docs/oci.md', import.meta.url), 'utf8');
    const start = text.indexOf('| OCI code | status | when (Arca code) |');
    assert.ok(start >= 0, 'the error table is there');
    const table = text.slice(start, text.indexOf('\n\n', start));
    const named: string[] = [];
    for (const [, oci, when] of table.matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| (.*) \|$/gm)) {
      for (const [, code] of (when ?? '').matchAll(/`([A-Za-z]+)`/g)) {
        if (code === undefined || !(code in errorCatalogue)) continue;
        named.push(code);
        assert.equal(ociCodeOf(code as ErrorCode), oci, `${code} is listed under ${oci ?? '?'}`);
      }
    }
    assert.ok(named.length >= 20, `the table names Arca codes (${named.length} found)`);
  });
});
