import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  ArcaError,
  arcaError,
  errorCatalogue,
  type ErrorCode,
  ociCodeOf,
  ociErrorCodes,
  renderTemplate,
  templatePlaceholders,
} from './errors.js';

const codes = Object.keys(errorCatalogue) as ErrorCode[];
const known = new Set<string>(ociErrorCodes);

describe('the error catalogue', () => {
  it('gives every code an OCI mapping decision: a code of the OCI spec, or an explicit "none" naming what /v2/ answers', () => {
    for (const code of codes) {
      const oci: unknown = errorCatalogue[code].oci;
      const answered = typeof oci === 'string' ? oci : (oci as { unmapped?: unknown } | undefined)?.unmapped;
      assert.ok(typeof answered === 'string' && known.has(answered), `${code} has no OCI mapping decision`);
      assert.equal(ociCodeOf(code), answered, code);
    }
  });

  it('answers UNKNOWN under /v2/ only for codes whose entry decides so explicitly', () => {
    for (const code of codes.filter((c) => ociCodeOf(c) === 'UNKNOWN'))
      assert.equal(
        typeof errorCatalogue[code].oci,
        'object',
        `${code} maps to UNKNOWN without saying it has no OCI code`,
      );
  });

  it('keeps the OCI codes the /v2/ tests and docs/oci.md rely on', () => {
    assert.equal(ociCodeOf('Unauthenticated'), 'UNAUTHORIZED');
    assert.equal(ociCodeOf('RepositoryUnknown'), 'NAME_UNKNOWN');
    assert.equal(ociCodeOf('ManifestBlobUnknown'), 'MANIFEST_BLOB_UNKNOWN');
    assert.equal(ociCodeOf('UploadOutOfOrder'), 'BLOB_UPLOAD_INVALID');
    assert.equal(ociCodeOf('VersionImmutable'), 'DENIED');
    assert.equal(ociCodeOf('StorageFull'), 'UNKNOWN');
  });

  it('gives every code a one-line description and a template whose braces are placeholders or regex counts', () => {
    for (const code of codes) {
      const { description, template, status } = errorCatalogue[code];
      assert.ok(status >= 400 && status <= 599, code);
      assert.ok(description.length > 0 && !description.includes('\n'), code);
      assert.ok(template.length > 0 && !template.includes('\n'), code);
      const braces = template.match(/\{[^{}]*\}/g) ?? [];
      const placeholders = templatePlaceholders(template).length;
      const counts = braces.filter((b) => b.includes(',')).length;
      assert.equal(placeholders + counts, braces.length, `${code}: ${template}`);
    }
  });
});

describe('messages from templates', () => {
  it('fills {name} with the value as it is and {name:json} with the value quoted as JSON', () => {
    const error = arcaError('VersionNotFound', { type: 'model', asset: 'bert', version: 'v"1\n' });
    assert.ok(error instanceof ArcaError);
    assert.equal(error.code, 'VersionNotFound');
    assert.equal(error.status, 404);
    assert.equal(error.message, 'model bert has no version "v\\"1\\n"');
  });

  it('keeps the target, details and context given next to the values', () => {
    const error = arcaError('JobNotFound', { id: 'j1' }, { target: 'id', context: { retryAfter: 3 } });
    assert.equal(error.message, 'no job has the id "j1"');
    assert.deepEqual(error.toBody(), {
      error: { code: 'JobNotFound', message: 'no job has the id "j1"', target: 'id' },
    });
    assert.equal(error.context['retryAfter'], 3);
  });

  it('leaves regex counts such as {1,31} in a template as text', () => {
    const error = arcaError('RegistryNameInvalid', { name: 'a', problem: 'it is 1 character long' });
    assert.match(error.message, /\[A-Za-z0-9_-\]\{1,31\}\)$/);
  });

  it('repeats a value a template names twice', () => {
    const error = arcaError('UploadOutOfOrder', { start: 10, offset: 4 });
    assert.equal(error.message, 'the chunk starts at byte 10 but the server holds 4 bytes; resume at 4');
  });

  it('refuses to render a template without a value it names (a defect of ours, not a client error)', () => {
    assert.throws(() => renderTemplate('no job has the id {id:json}', {}), /needs a value for id/);
  });

  it('type-checks the values: each one the template names is required, and no other', () => {
    // These lines are checked by `npm run typecheck`; at run time they only build errors.
    // @ts-expect-error -- the template names {id}
    assert.throws(() => arcaError('JobNotFound', {}), /needs a value for id/);
    // @ts-expect-error -- the template names no {other}
    assert.equal(arcaError('JobNotFound', { id: 'x', other: 1 }).code, 'JobNotFound');
    // @ts-expect-error -- the template names no values at all
    assert.equal(arcaError('CursorInvalid', { other: 1 }).code, 'CursorInvalid');
    assert.equal(arcaError('CursorInvalid', {}).code, 'CursorInvalid');
  });
});
