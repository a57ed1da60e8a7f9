import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { tarEnd, tarEntryHeader, tarPadding } from './tar.js';

/** The text of a header field: bytes up to the first NUL. */
const field = (header: Buffer, offset: number, length: number) =>
  header
    .subarray(offset, offset + length)
    .toString('latin1')
    .replace(/\0.*$/s, '');

describe('tar blocks', () => {
  it('writes a short ASCII path as one ustar block with a valid checksum', () => {
    const header = tarEntryHeader({ path: 'a/b.txt', size: 10, mtime: 1_700_000_000 });
    assert.equal(header.length, 512);
    assert.equal(field(header, 0, 100), 'a/b.txt');
    assert.equal(parseInt(field(header, 124, 12), 8), 10);
    assert.equal(field(header, 257, 6), 'ustar');
    const copy = Buffer.from(header);
    copy.fill(0x20, 148, 156);
    assert.equal(
      parseInt(field(header, 148, 8), 8),
      copy.reduce((sum, byte) => sum + byte, 0),
    );
  });

  it('puts a path over 100 bytes or not ASCII in a PAX record whose length counts its own digits', () => {
    for (const path of [`${'p'.repeat(150)}`, 'données/λ.bin', 'x'.repeat(88)]) {
      const header = tarEntryHeader({ path, size: 1, mtime: 0 });
      if (path.length <= 100 && /^[\x20-\x7e]*$/.test(path)) {
        assert.equal(header.length, 512, `${path} fits ustar`);
        continue;
      }
      assert.equal(field(header, 156, 1), 'x');
      const recordsSize = parseInt(field(header, 124, 12), 8);
      const record = header.subarray(512, 512 + recordsSize).toString('utf8');
      const [length] = record.split(' ');
      assert.equal(Buffer.byteLength(record, 'utf8'), Number(length));
      assert.equal(record, `${length} path=${path}\n`);
      assert.equal(header.length % 512, 0);
    }
  });

  it('pads a file to whole blocks and ends with two zero blocks', () => {
    assert.equal(tarPadding(0).length, 0);
    assert.equal(tarPadding(1).length, 511);
    assert.equal(tarPadding(512).length, 0);
    assert.deepEqual(tarEnd(), Buffer.alloc(1024));
  });
});
