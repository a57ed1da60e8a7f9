import {
  Field,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes } from '../routes/assets/$asset';
import type { PickedFile } from './hash-files';

/** Where every file of an upload stands: hashed bytes, then (once the version is begun) bytes the server holds. */
export interface UploadTally {
  /** Bytes hashed, by file index. */
  hashed: number[];
  /** Digests, by file index, once hashed. */
  digests: (string | undefined)[];
  /** The blobs the server asked for; undefined until the version is begun. */
  missing?: ReadonlySet<string>;
  /** Bytes the server holds, by blob digest. */
  held: Record<string, number>;
}

export const emptyTally = (count: number): UploadTally => ({
  hashed: new Array<number>(count).fill(0),
  digests: new Array<string | undefined>(count).fill(undefined),
  held: {},
});

/**
 * The tally of an upload: changed in place as the worker and the server report, shown at most ten times a second
 * (a folder of thousands of small files reports thousands of times).
 */
export function useUploadTally() {
  const live = useRef<UploadTally>(emptyTally(0));
  const [shown, setShown] = useState<UploadTally>(live.current);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const show = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    setShown({ ...live.current });
  }, []);
  const update = useCallback(
    (change: (tally: UploadTally) => void) => {
      change(live.current);
      timer.current ??= setTimeout(show, 100);
    },
    [show],
  );
  const reset = useCallback(
    (count: number) => {
      live.current = emptyTally(count);
      show();
    },
    [show],
  );
  useEffect(() => () => clearTimeout(timer.current), []);
  return { tally: shown, update, show, reset };
}

function fileState(tally: UploadTally, index: number, size: number): { text: string; value: number } {
  const digest = tally.digests[index];
  const fraction = (bytes: number) => (size === 0 ? 1 : bytes / size);
  if (digest === undefined) return { text: 'Hashing', value: fraction(tally.hashed[index] ?? 0) };
  if (tally.missing === undefined) return { text: 'Hashed', value: 1 };
  if (!tally.missing.has(digest)) return { text: 'Already stored, skipped', value: 1 };
  const held = tally.held[digest] ?? 0;
  return { text: held >= size ? 'Sent' : held > 0 ? 'Uploading' : 'Waiting', value: fraction(held) };
}

/** The overall progress: hashing first, then the bytes of the missing blobs the server holds. */
function overall(files: readonly PickedFile[], tally: UploadTally): { label: string; value: number } {
  if (tally.missing === undefined) {
    const total = files.reduce((sum, f) => sum + f.file.size, 0);
    const done = tally.hashed.reduce((sum, b) => sum + b, 0);
    return { label: `Hashing: ${formatBytes(done)} of ${formatBytes(total)}`, value: total === 0 ? 1 : done / total };
  }
  const sizes = new Map(files.map((f, i) => [tally.digests[i], f.file.size]));
  let total = 0;
  let done = 0;
  for (const digest of tally.missing) {
    total += sizes.get(digest) ?? 0;
    done += tally.held[digest] ?? 0;
  }
  return { label: `Uploading: ${formatBytes(done)} of ${formatBytes(total)}`, value: total === 0 ? 1 : done / total };
}

/** Rows listed: beyond these a folder's files are only counted (a table of thousands of bars helps nobody). */
const shownRows = 500;

/** The overall bar and one row per file with its own bar. */
export function UploadProgress({ files, tally }: { files: readonly PickedFile[]; tally: UploadTally }) {
  const all = overall(files, tally);
  return (
    <>
      <Field label="Overall progress" validationMessage={all.label} validationState="none">
        <ProgressBar value={all.value} thickness="large" />
      </Field>
      <Table aria-label="Files to upload" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Path</TableHeaderCell>
            <TableHeaderCell>Size</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Progress</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {files.slice(0, shownRows).map((f, index) => {
            const state = fileState(tally, index, f.file.size);
            return (
              <TableRow key={f.path}>
                <TableCell>{f.path}</TableCell>
                <TableCell>{formatBytes(f.file.size)}</TableCell>
                <TableCell>{state.text}</TableCell>
                <TableCell>
                  <ProgressBar value={state.value} aria-label={`Progress of ${f.path}`} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {files.length > shownRows && (
        <Text>…and {files.length - shownRows} more files (counted in the overall progress).</Text>
      )}
    </>
  );
}
