/**
 * The blocks of a POSIX tar archive (ustar, with PAX extended headers where ustar cannot say it): pure
 * byte-building, no I/O. A caller writes `tarEntryHeader`, the file's bytes, `tarPadding(size)` per
 * file, then `tarEnd()`.
 */

const block = 512;
/** The largest size the 11 octal digits of a ustar header hold (8 GiB - 1). */
const maxOctalSize = 0o77777777777;

export interface TarEntry {
  /** The path inside the archive, `/`-separated, relative. */
  path: string;
  size: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
}

/** The header block(s) of one regular file: a PAX header first when the path or size does not fit ustar. */
export function tarEntryHeader(entry: TarEntry): Buffer {
  const pathBytes = Buffer.byteLength(entry.path, 'utf8');
  const fitsName = pathBytes <= 100 && /^[\x20-\x7e]*$/.test(entry.path);
  const fitsSize = entry.size <= maxOctalSize;
  const ustarName = fitsName ? entry.path : asciiName(entry.path);
  const main = ustarHeader({ name: ustarName, size: fitsSize ? entry.size : 0, mtime: entry.mtime, type: '0' });
  if (fitsName && fitsSize) return main;
  const records = Buffer.concat([
    ...(fitsName ? [] : [paxRecord('path', entry.path)]),
    ...(fitsSize ? [] : [paxRecord('size', String(entry.size))]),
  ]);
  const pax = ustarHeader({
    name: `PaxHeaders/${ustarName}`.slice(0, 100),
    size: records.length,
    mtime: entry.mtime,
    type: 'x',
  });
  return Buffer.concat([pax, records, tarPadding(records.length), main]);
}

/** The zero bytes that round a file of `size` bytes up to whole blocks. */
export function tarPadding(size: number): Buffer {
  const rest = size % block;
  return Buffer.alloc(rest === 0 ? 0 : block - rest);
}

/** The end of an archive: two zero blocks. */
export function tarEnd(): Buffer {
  return Buffer.alloc(2 * block);
}

/** A PAX record: `<length> <key>=<value>\n`, where length counts its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  let digits = 1;
  while (String(bodyBytes + digits).length !== digits) digits++;
  return Buffer.from(`${bodyBytes + digits}${body}`, 'utf8');
}

/** A ustar-safe stand-in name for readers that ignore PAX: printable ASCII, its last 100 bytes. */
function asciiName(path: string): string {
  const ascii = path.replace(/[^\x20-\x7e]/g, '_');
  return ascii.length <= 100 ? ascii : ascii.slice(ascii.length - 100);
}

function ustarHeader(fields: { name: string; size: number; mtime: number; type: '0' | 'x' }): Buffer {
  const header = Buffer.alloc(block);
  header.write(fields.name, 0, 100, 'ascii');
  writeOctal(header, 0o644, 100, 8);
  writeOctal(header, 0, 108, 8);
  writeOctal(header, 0, 116, 8);
  writeOctal(header, fields.size, 124, 12);
  writeOctal(header, Math.max(0, Math.floor(fields.mtime)), 136, 12);
  header.write(fields.type, 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  // The checksum is computed with its own field read as eight spaces.
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** An octal number, zero-padded, NUL-terminated, filling `length` bytes at `offset`. */
function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}
