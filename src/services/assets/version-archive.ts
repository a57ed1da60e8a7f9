import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { arcaError } from '../../core/errors.js';
import type { VersionFile } from '../../core/model/assets.js';
import { tarEnd, tarEntryHeader, tarPadding } from '../../core/tar.js';

/**
 * A version's files as one tar stream, file after file: each file is opened only when the archive reaches
 * it and read as the consumer pulls (backpressure), so memory stays constant whatever the version's size.
 * Every file's bytes are hashed as they pass; a file whose bytes do not match its digest (or size) ends the
 * stream with `BlobDamaged` instead of completing an archive that holds wrong bytes.
 */
export function versionArchive(
  files: readonly VersionFile[],
  mtime: number,
  open: (file: VersionFile) => Promise<Readable>,
): Readable {
  return Readable.from(archiveChunks(files, mtime, open), { objectMode: false });
}

async function* archiveChunks(
  files: readonly VersionFile[],
  mtime: number,
  open: (file: VersionFile) => Promise<Readable>,
): AsyncGenerator<Buffer> {
  for (const file of files) {
    const size = Number(file.size);
    yield tarEntryHeader({ path: file.path, size, mtime });
    const stream = await open(file);
    const hash = createHash('sha256');
    let seen = 0;
    try {
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        seen += bytes.length;
        // Never write past the size the header announced: the archive would be unreadable from here on.
        if (seen > size) throw damaged(file, `more than its ${size} bytes`);
        hash.update(bytes);
        yield bytes;
      }
    } finally {
      stream.destroy();
    }
    if (seen !== size) throw damaged(file, `${seen} of its ${size} bytes`);
    const actual = `sha256:${hash.digest('hex')}`;
    if (actual !== file.digest) throw damaged(file, `bytes that hash to ${actual}`);
    yield tarPadding(size);
  }
  yield tarEnd();
}

function damaged(file: VersionFile, problem: string) {
  return arcaError('BlobDamaged', { path: file.path, digest: file.digest, problem }, { target: 'version' });
}
