import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Textarea,
  Title2,
  makeStyles,
} from '@fluentui/react-components';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api';
import { ScopeCrumb } from '../../components/scope-crumb';
import { useAssetParams } from '../../components/asset-params';
import { tagsOf } from '../../components/tag-text';
import { allowance, useSession } from '../../session';
import { DropZone } from '../../upload/drop-zone';
import { hashFiles, type HashedFile, type PickedFile } from '../../upload/hash-files';
import { matchPending, readPendingUpload, type PendingUpload, type UploadTarget } from '../../upload/pending-upload';
import { abandonUpload, pushUpload, type UploadOutcome } from '../../upload/push-upload';
import { UploadProgress, useUploadTally } from '../../upload/upload-progress';
import { formatBytes } from './$asset';

const useStyles = makeStyles({
  form: { display: 'grid', gap: '12px', maxWidth: '720px', marginTop: '16px' },
  buttons: { display: 'flex', gap: '8px' },
});

type Phase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** Whether an interrupted upload went to this page's scope and asset type. */
const uploadsHere = (pending: PendingUpload, here: Omit<UploadTarget, 'asset'>) =>
  pending.family === here.family &&
  pending.segment === here.segment &&
  pending.scope.toLowerCase() === here.scope.toLowerCase();

/** The interrupted upload's files with their digests, when the files just picked are the same ones. */
function resumable(pending: PendingUpload | undefined, here: Omit<UploadTarget, 'asset'>, files: PickedFile[]) {
  return pending !== undefined && uploadsHere(pending, here) ? matchPending(pending, files) : undefined;
}

/**
 * Upload a folder or files as a new model or data version, through the CLI's protocol: hashed in a worker,
 * only the blobs the server lacks sent, chunked and resumable after a reload, cancellable.
 */
export function UploadPage() {
  const { family, kind, scope } = useAssetParams();
  const { segment } = useParams({ strict: false }) as { segment?: string };
  if (segment !== 'models' && segment !== 'data')
    return (
      <MessageBar intent="error">
        <MessageBarBody>Only models and data are uploaded from the browser, not “{segment}”.</MessageBarBody>
      </MessageBar>
    );
  return <Upload here={{ family, scope, segment }} kind={kind} />;
}

function Upload({ here, kind }: { here: Omit<UploadTarget, 'asset'>; kind: 'registry' | 'workspace' }) {
  const { family, scope, segment } = here;
  const search = useSearch({ strict: false }) as { asset?: string };
  const { data: session } = useSession();
  const canWrite = allowance(session, `${family}/assets/write`, { kind, name: scope });
  const styles = useStyles();
  const user = session?.principal.name ?? '';
  const [pending, setPending] = useState(() => readPendingUpload(user));
  useEffect(() => setPending(readPendingUpload(user)), [user]);
  const [asset, setAsset] = useState(search.asset ?? '');
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [resume, setResume] = useState<HashedFile[] | undefined>();
  const { tally, update, show, reset } = useUploadTally();
  const [phase, setPhase] = useState<Phase>('idle');
  const [outcome, setOutcome] = useState<UploadOutcome | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  const running = useRef<AbortController | undefined>(undefined);

  const pick = (picked: PickedFile[]) => {
    const same = resumable(pending, here, picked);
    setFiles(picked);
    setResume(same);
    if (same !== undefined && pending !== undefined) setAsset(pending.asset);
    reset(picked.length);
    setPhase('idle');
    setOutcome(undefined);
    setFailure(undefined);
  };

  const start = async () => {
    const controller = new AbortController();
    running.current = controller;
    const resuming = resume !== undefined ? pending : undefined;
    const target: UploadTarget = { ...here, asset: resuming?.asset ?? asset.trim() };
    let begun: string | undefined;
    setPhase('running');
    setFailure(undefined);
    try {
      const hashed =
        resume ??
        (await hashFiles(files, {
          signal: controller.signal,
          onBytes: (index, bytes) =>
            update((t) => {
              t.hashed[index] = bytes;
            }),
        }));
      update((t) => {
        t.digests = hashed.map((h) => h.digest);
      });
      const result = await pushUpload(
        target,
        hashed,
        { ...(label.trim() ? { version: label.trim() } : {}), description, tags: tagsOf(tags) },
        {
          user,
          ...(resuming ? { resume: resuming } : {}),
          signal: controller.signal,
          progress: {
            onBegun: (version, missing) => {
              begun = version;
              update((t) => {
                t.missing = missing;
              });
            },
            onBlobBytes: (digest, held) =>
              update((t) => {
                t.held[digest] = held;
              }),
          },
        },
      );
      setOutcome(result);
      setPhase('done');
    } catch (error) {
      if (controller.signal.aborted) {
        // The version stays pending (never listed, removed when it expires); its sessions and their bytes go now.
        const left = readPendingUpload(user);
        if (left !== undefined && left.version === (begun ?? resuming?.version) && left.asset === target.asset)
          await abandonUpload(left);
        setPhase('cancelled');
      } else {
        setFailure(error instanceof Error ? error : new Error(String(error)));
        setPhase('failed');
      }
    } finally {
      running.current = undefined;
      show();
      // After a failure the same files resume what the server holds (pressing the button again continues).
      const left = readPendingUpload(user);
      setPending(left);
      setResume(resumable(left, here, files));
    }
  };

  const totalBytes = files.reduce((sum, f) => sum + f.file.size, 0);
  const busy = phase === 'running';
  return (
    <section aria-labelledby="upload-title">
      <ScopeCrumb family={family} scope={scope} segment={segment} />
      <Title2 as="h1" id="upload-title" block>
        Upload {segment === 'models' ? 'a model' : 'data'}
      </Title2>
      {!canWrite.allowed && (
        <MessageBar intent="warning">
          <MessageBarBody>You cannot upload here: {canWrite.reason}.</MessageBarBody>
        </MessageBar>
      )}
      {!busy && pending !== undefined && (
        <Interrupted
          pending={pending}
          here={uploadsHere(pending, here)}
          onDiscard={() => {
            void abandonUpload(pending).then(() => setPending(undefined));
            setResume(undefined);
          }}
        />
      )}
      <div className={styles.form}>
        <Field
          label={segment === 'models' ? 'Model name' : 'Data name'}
          required
          hint="An existing name adds a version to it."
        >
          <Input value={asset} disabled={busy || resume !== undefined} onChange={(_, d) => setAsset(d.value)} />
        </Field>
        <Field label="Version (optional)" hint="Leave empty for the next number.">
          <Input value={label} disabled={busy || resume !== undefined} onChange={(_, d) => setLabel(d.value)} />
        </Field>
        <Field label="Description (optional)">
          <Textarea value={description} disabled={busy} onChange={(_, d) => setDescription(d.value)} />
        </Field>
        <Field label="Tags (optional)" hint="One key=value a line.">
          <Textarea value={tags} disabled={busy} onChange={(_, d) => setTags(d.value)} />
        </Field>
        <DropZone disabled={busy || !canWrite.allowed} onFiles={pick} />
        {files.length > 0 && (
          <Text data-testid="picked">
            {files.length} files, {formatBytes(totalBytes)}
            {resume !== undefined && ' — the files of the interrupted upload: it continues where the server stands.'}
          </Text>
        )}
        <div className={styles.buttons}>
          <Button
            appearance="primary"
            disabled={busy || files.length === 0 || (asset.trim() === '' && resume === undefined) || !canWrite.allowed}
            onClick={() => void start()}
          >
            {resume !== undefined ? 'Resume upload' : 'Upload'}
          </Button>
          {busy && <Button onClick={() => running.current?.abort()}>Cancel</Button>}
        </div>
        {files.length > 0 && phase !== 'idle' && <UploadProgress files={files} tally={tally} />}
        {phase === 'cancelled' && (
          <MessageBar intent="info">
            <MessageBarBody>Upload cancelled: no version was made.</MessageBarBody>
          </MessageBar>
        )}
        {phase === 'failed' && failure !== undefined && (
          <MessageBar intent="error">
            <MessageBarBody>
              <MessageBarTitle>{failure instanceof ApiError ? failure.code : 'Upload failed'}</MessageBarTitle>
              {failure.message}
            </MessageBarBody>
          </MessageBar>
        )}
        {phase === 'done' && outcome !== undefined && <UploadResult outcome={outcome} {...here} />}
      </div>
    </section>
  );
}

/** What the browser remembers of an upload a reload (or a failure) interrupted, and how to go on with it. */
function Interrupted({ pending, here, onDiscard }: { pending: PendingUpload; here: boolean; onDiscard(): void }) {
  return (
    <MessageBar intent="warning" data-testid="interrupted">
      <MessageBarBody>
        <MessageBarTitle>Interrupted upload</MessageBarTitle>
        An upload of {pending.scope}/{pending.asset} (version {pending.version}, {pending.files.length} files) was
        interrupted —{' '}
        {here ? 'drop the same folder to resume.' : 'open its upload page and drop the same folder to resume.'}
      </MessageBarBody>
      <MessageBarActions>
        {!here && (
          <Link
            to={
              pending.family === 'registries'
                ? '/registries/$name/upload/$segment'
                : '/workspaces/$name/upload/$segment'
            }
            params={{ name: pending.scope, segment: pending.segment }}
            search={{ asset: pending.asset }}
          >
            Its upload page
          </Link>
        )}
        <Button onClick={onDiscard}>Discard it</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function UploadResult({ outcome, ...here }: Omit<UploadTarget, 'asset'> & { outcome: UploadOutcome }) {
  const v = outcome.version;
  const link = (
    <Link
      to={
        here.family === 'registries'
          ? '/registries/$name/$segment/$asset/versions/$version'
          : '/workspaces/$name/$segment/$asset/versions/$version'
      }
      params={{ name: here.scope, segment: here.segment, asset: v.name, version: v.version }}
    >
      {v.name}:{v.version}
    </Link>
  );
  if (outcome.kind === 'unchanged')
    return (
      <MessageBar intent="info" data-testid="upload-result">
        <MessageBarBody>The latest version {link} already has these files: no new version was made.</MessageBarBody>
      </MessageBar>
    );
  return (
    <MessageBar intent="success" data-testid="upload-result">
      <MessageBarBody>
        <MessageBarTitle>Version {link} is ready</MessageBarTitle>
        {outcome.skipped} files already stored, skipped; {formatBytes(outcome.sentBytes)} sent
        {outcome.resumedBytes > 0 && `; ${formatBytes(outcome.resumedBytes)} had been sent before the interruption`}.
      </MessageBarBody>
    </MessageBar>
  );
}
