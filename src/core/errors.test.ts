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
  variantsOf,
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

  it('gives every named variant a one-line template whose braces are placeholders or regex counts', () => {
    for (const code of codes)
      for (const [variant, template] of Object.entries(variantsOf(code))) {
        assert.match(variant, /^[a-z][A-Za-z0-9]*$/, `${code}.${variant}`);
        assert.ok(template.length > 0 && !template.includes('\n'), `${code}.${variant}`);
        const braces = template.match(/\{[^{}]*\}/g) ?? [];
        const counts = braces.filter((b) => b.includes(',')).length;
        assert.equal(templatePlaceholders(template).length + counts, braces.length, `${code}.${variant}: ${template}`);
      }
  });

  it('renders every named variant from its own placeholders, each one filled and none left over', () => {
    const variants = codes.flatMap((code) =>
      Object.entries(variantsOf(code)).map(([name, t]) => [code, name, t] as const),
    );
    assert.ok(variants.length > 0, 'the catalogue has no variants to check');
    for (const [code, variant, template] of variants) {
      const names = templatePlaceholders(template).map((p) => p.name);
      const values = Object.fromEntries(names.map((name) => [name, `<${name}>`]));
      const error = (arcaError as (c: ErrorCode, v: string, values: object) => ArcaError)(code, variant, values);
      assert.equal(error.code, code);
      assert.ok(!/\{[A-Za-z][A-Za-z0-9]*(:json)?\}/.test(error.message), `${code}.${variant}: ${error.message}`);
      for (const name of names) assert.ok(error.message.includes(`<${name}>`), `${code}.${variant} lacks ${name}`);
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

describe('messages from named variants', () => {
  it('fills the named variant instead of the usual template, keeping the options', () => {
    const cause = new Error('53200');
    const error = arcaError(
      'StorageUnavailable',
      'outOfResources',
      { what: 'the metadata database', code: '53200' },
      { cause, target: 'db' },
    );
    assert.equal(error.code, 'StorageUnavailable');
    assert.equal(error.status, 503);
    assert.equal(error.message, 'the metadata database is out of resources (PostgreSQL 53200); retry later');
    assert.equal(error.cause, cause);
    assert.equal(error.target, 'db');
  });

  it('still renders the usual template of a code that has variants', () => {
    assert.equal(arcaError('StorageUnavailable', { region: 'eu' }).message, 'region eu has no blob store configured');
  });

  it('refuses a variant the code does not have (a defect of ours)', () => {
    // @ts-expect-error -- StorageUnavailable has no variant "elsewhere"
    assert.throws(() => arcaError('StorageUnavailable', 'elsewhere', {}), /has no variant elsewhere/);
    // @ts-expect-error -- JobNotFound has no variants at all
    assert.throws(() => arcaError('JobNotFound', 'other', {}), /has no variant other/);
  });

  it("type-checks the values: each one the variant names is required, and no other (not the usual template's)", () => {
    // @ts-expect-error -- outOfResources names {code}
    assert.throws(() => arcaError('StorageUnavailable', 'outOfResources', { what: 'db' }), /needs a value for code/);
    assert.equal(
      // @ts-expect-error -- outOfResources names no {region} (the usual template does)
      arcaError('StorageUnavailable', 'outOfResources', { what: 'db', code: 1, region: 'eu' }).code,
      'StorageUnavailable',
    );
  });
});
