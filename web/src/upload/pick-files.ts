import type { PickedFile } from './hash-files';

/**
 * Paths of picked files, relative to what was picked: a single folder's own name is dropped (its contents are
 * the version's files, as `arca model create --path <folder>` gives them); several items keep their names.
 */
function relativeTo(paths: PickedFile[], singleFolder: boolean): PickedFile[] {
  if (!singleFolder) return paths;
  return paths.map((p) => ({ ...p, path: p.path.slice(p.path.indexOf('/') + 1) }));
}

/** The files of a file input: a folder input (`webkitdirectory`) gives each file's path inside the folder. */
export function filesFromInput(list: FileList | null, folder: boolean): PickedFile[] {
  const files = [...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  return relativeTo(files, folder && files.every((f) => f.path.includes('/')));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every file under an entry, with its path from the dropped item (a directory reader answers in batches). */
async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ path: entry.fullPath.replace(/^\//, ''), file: await fileOf(entry as FileSystemFileEntry) });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader))
    for (const child of batch) await walk(child, out);
}

/** The files of a drop: folders are walked (`webkitGetAsEntry`), plain files taken as they are. */
export async function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  // Entries must be taken before the first await: the drop's item list is emptied once the event returns.
  const entries = [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  const out: PickedFile[] = [];
  for (const { entry, file } of entries) {
    if (entry !== null) await walk(entry, out);
    else if (file !== null) out.push({ path: file.name, file });
  }
  const singleFolder = entries.length === 1 && entries[0]?.entry?.isDirectory === true;
  return relativeTo(out, singleFolder);
}

/** Files in the order they are listed and sent (by path), so a second drop of the same folder matches the first. */
export function byPath(files: PickedFile[]): PickedFile[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
