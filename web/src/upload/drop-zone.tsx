import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { PickedFile } from './hash-files';
import { byPath, filesFromDrop, filesFromInput } from './pick-files';

const useStyles = makeStyles({
  zone: {
    display: 'grid',
    gap: '8px',
    justifyItems: 'start',
    padding: '20px',
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  over: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorNeutralBackground2 },
  buttons: { display: 'flex', gap: '8px' },
  hidden: { display: 'none' },
});

/**
 * Where files come in: a folder or files dropped (folders walked, paths kept relative to what was dropped), or
 * chosen with the folder and file pickers.
 */
export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles(files: PickedFile[]): void }) {
  const styles = useStyles();
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement | null>(null);
  const filesInput = useRef<HTMLInputElement | null>(null);
  const take = (files: PickedFile[]) => {
    if (files.length > 0) onFiles(byPath(files));
  };
  return (
    <div
      className={over ? `${styles.zone} ${styles.over}` : styles.zone}
      data-testid="drop-zone"
      onDragOver={(event) => {
        if (disabled) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (!disabled) void filesFromDrop(event.dataTransfer).then(take);
      }}
    >
      <Text>Drop a folder or files here, or choose them.</Text>
      <div className={styles.buttons}>
        <Button disabled={disabled} onClick={() => folderInput.current?.click()}>
          Choose folder…
        </Button>
        <Button disabled={disabled} onClick={() => filesInput.current?.click()}>
          Choose files…
        </Button>
      </div>
      <input
        ref={(input) => {
          folderInput.current = input;
          // Not in React's attribute types; every current browser reads it.
          input?.setAttribute('webkitdirectory', '');
        }}
        className={styles.hidden}
        type="file"
        multiple
        aria-label="Folder to upload"
        data-testid="folder-input"
        onChange={(event) => {
          take(filesFromInput(event.target.files, true));
          event.target.value = '';
        }}
      />
      <input
        ref={filesInput}
        className={styles.hidden}
        type="file"
        multiple
        aria-label="Files to upload"
        data-testid="files-input"
        onChange={(event) => {
          take(filesFromInput(event.target.files, false));
          event.target.value = '';
        }}
      />
    </div>
  );
}
