import {
  Button,
  Link as FluentLink,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { Schemas } from '../api';
import { formatBytes } from '../routes/assets/$asset';

type FileEntry = Schemas['FileEntry'];

interface Folder {
  name: string;
  path: string;
  folders: Map<string, Folder>;
  files: FileEntry[];
  size: number;
  count: number;
}

/** The files of a version as folders: each folder's total size and file count, sorted by name. */
export function folderTree(files: FileEntry[]): Folder {
  const root: Folder = { name: '', path: '', folders: new Map(), files: [], size: 0, count: 0 };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = root;
    folder.size += file.size;
    folder.count++;
    for (const part of parts.slice(0, -1)) {
      let child = folder.folders.get(part);
      if (!child) {
        child = {
          name: part,
          path: folder.path ? `${folder.path}/${part}` : part,
          folders: new Map(),
          files: [],
          size: 0,
          count: 0,
        };
        folder.folders.set(part, child);
      }
      child.size += file.size;
      child.count++;
      folder = child;
    }
    folder.files.push(file);
  }
  return root;
}

/** A table of the files, folders collapsible (top-level open), each file with its size, digest and a download link. */
export function FileTree({ files, urlOf }: { files: FileEntry[]; urlOf: (path: string) => string }) {
  const root = folderTree(files);
  const [closed, setClosed] = useState<Set<string>>(
    () => new Set([...root.folders.values()].flatMap((f) => [...f.folders.values()].map((c) => c.path))),
  );
  const toggle = (path: string) =>
    setClosed((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const rows: React.ReactNode[] = [];
  const walk = (folder: Folder, depth: number) => {
    for (const child of [...folder.folders.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const open = !closed.has(child.path);
      rows.push(
        <TableRow key={`d:${child.path}`}>
          <TableCell>
            <span style={{ paddingLeft: depth * 20 }}>
              <Button
                appearance="subtle"
                size="small"
                aria-expanded={open}
                onClick={() => toggle(child.path)}
                aria-label={`${open ? 'Collapse' : 'Expand'} folder ${child.path}`}
              >
                {open ? '▾' : '▸'} {child.name}/
              </Button>
            </span>
          </TableCell>
          <TableCell>{formatBytes(child.size)}</TableCell>
          <TableCell>{`${child.count} ${child.count === 1 ? 'file' : 'files'}`}</TableCell>
          <TableCell />
        </TableRow>,
      );
      if (open) walk(child, depth + 1);
    }
    for (const file of [...folder.files].sort((a, b) => a.path.localeCompare(b.path))) {
      rows.push(
        <TableRow key={`f:${file.path}`}>
          <TableCell>
            <span style={{ paddingLeft: depth * 20 + 8 }}>{file.path.split('/').pop()}</span>
          </TableCell>
          <TableCell>{formatBytes(file.size)}</TableCell>
          <TableCell>
            <Text font="monospace" size={200} title={file.digest}>
              {file.digest.slice(0, 19)}…
            </Text>
          </TableCell>
          <TableCell>
            <FluentLink
              href={urlOf(file.path)}
              download={file.path.split('/').pop()}
              aria-label={`Download ${file.path}`}
            >
              Download
            </FluentLink>
          </TableCell>
        </TableRow>,
      );
    }
  };
  walk(root, 0);
  return (
    <Table aria-label="Files" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Path</TableHeaderCell>
          <TableHeaderCell>Size</TableHeaderCell>
          <TableHeaderCell>Digest</TableHeaderCell>
          <TableHeaderCell>Download</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>{rows}</TableBody>
    </Table>
  );
}
