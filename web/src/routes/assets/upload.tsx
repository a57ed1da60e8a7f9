import {
  Button,
  Caption1,
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
import { Link, useSearch } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { ApiError } from '../../api';
import { useAssetParams } from '../../components/asset-params';
import { tagsOf } from '../../components/tag-text';
import { allowance, useSession } from '../../session';
import { DropZone } from '../../upload/drop-zone';
import { hashFiles, type HashedFile, type PickedFile } from '../../upload/hash-files';
import {
  matchPending,
  readPendingUpload,
  type PendingUpload,
  type UploadSegment,
  type UploadTarget,
} from '../../upload/pending-upload';
import { abandonUpload, pushUpload, type UploadOutcome } from '../../upload/push-upload';
import { emptyTally, UploadProgress, type UploadTally } from '../../upload/upload-progress';
import { formatBytes } from './$asset';

const useStyles = makeStyles({
  form: { display: 'grid', gap: '12px', maxWidth: '720px', marginTop: '16px' },
  buttons: { display: 'flex', gap: '8px' },
});

type Phase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

/** The interrupted upload's files with their digests, when the files just picked are the same ones. */
function resumable(pending: PendingUpload | undefined, target: Omit<UploadTarget, 'asset'>, files: PickedFile[]) {
  if (pending === undefined || pending.family !== target.family || pending.segment !== target.segment) return;
  if (pending.scope.toLowerCase() !== target.scope.toLowerCase()) return;
  return matchPending(pending, files);
}

/**
 * Upload a folder or files as a new model or data version, through the CLI's protocol: hashed in a worker,
 * only the blobs the server lacks sent, chunked and resumable after a reload, cancellable.
 */
export function UploadPage() {
  const { family, kind, scope, segment } = useAssetParams();
  const search = useSearch({ strict: false }) as { asset?: string };
  const { data: session } = useSession();
  const canWrite = allowance(session, `${family}/assets/write`, { kind, name: scope });
  const styles = useStyles();
  const [pending, setPending] = useState(readPendingUpload);
  const [asset, setAsset] = useState(search.asset ?? '');
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  const [tags, setTags] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [resume, setResume] = useState<HashedFile[] | undefined>();
  const [tally, setTally] = useState<UploadTally>(emptyTally(0));
  const [phase, setPhase] = useState<Phase>('idle');
  const [outcome, setOutcome] = useState<UploadOutcome | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  const running = useRef<AbortController | undefined>(undefined);
  const uploadSegment = segment as UploadSegment;
  const noun = segment === 'models' ? 'model' : 'data';

  if (segment !== 'models' && segment !== 'data')
    return (
      <MessageBar intent="error">
        <MessageBarBody>Only models and data are uploaded from the browser.</MessageBarBody>
      </MessageBar>
    );

  const pick = (picked: PickedFile[]) => {
    const same = resumable(pending, { family, scope, segment: uploadSegment }, picked);
    setFiles(picked);
    setResume(same);
    if (same !== undefined && pending !== undefined) setAsset(pending.asset);
    setTally(emptyTally(picked.length));
    setPhase('idle');
    setOutcome(undefined);
    setFailure(undefined);
  };

  const start = async () => {
    const controller = new AbortController();
    running.current = controller;
    const target: UploadTarget = {
      family,
      scope,
      segment: uploadSegment,
      asset: resume ? (pending?.asset ?? asset) : asset,
    };
    setPhase('running');
    setFailure(undefined);
    try {
      const hashed =
        resume ??
        (await hashFiles(files, {
          signal: controller.signal,
          onBytes: (index, bytes) =>
            setTally((t) => ({ ...t, hashed: t.hashed.map((b, i) => (i === index ? bytes : b)) })),
        }));
      setTally((t) => ({ ...t, digests: hashed.map((h) => h.digest) }));
      const result = await pushUpload(
        target,
        hashed,
        { ...(label ? { version: label } : {}), description, tags: tagsOf(tags) },
        {
          ...(resume && pending ? { resume: pending } : {}),
          signal: controller.signal,
          progress: {
            onBegun: (missing) => setTally((t) => ({ ...t, missing })),
            onBlobBytes: (digest, held) => setTally((t) => ({ ...t, held: { ...t.held, [digest]: held } })),
          },
        },
      );
      setOutcome(result);
      setPhase('done');
    } catch (error) {
      if (controller.signal.aborted) {
        // The version stays pending (never listed, removed when it expires); its sessions and their bytes go now.
        const left = readPendingUpload();
        if (left !== undefined && left.asset === target.asset && left.scope === scope) await abandonUpload(left);
        setPhase('cancelled');
      } else {
        setFailure(error instanceof Error ? error : new Error(String(error)));
        setPhase('failed');
      }
    } finally {
      running.current = undefined;
      setPending(readPendingUpload());
      setResume(undefined);
    }
  };

  const totalBytes = files.reduce((sum, f) => sum + f.file.size, 0);
  const busy = phase === 'running';
  const interrupted = !busy && pending !== undefined;
  return (
    <section aria-labelledby="upload-title">
      <Caption1>
        <Link to={family === 'registries' ? '/registries/$name' : '/workspaces/$name'} params={{ name: scope }}>
          {scope}
        </Link>{' '}
        / {segment}
      </Caption1>
      <Title2 as="h1" id="upload-title" block>
        Upload {segment === 'models' ? 'a model' : 'data'}
      </Title2>
      {!canWrite.allowed && (
        <MessageBar intent="warning">
          <MessageBarBody>You cannot upload here: {canWrite.reason}.</MessageBarBody>
        </MessageBar>
      )}
      {interrupted && (
        <MessageBar intent="warning" data-testid="interrupted">
          <MessageBarBody>
            <MessageBarTitle>Interrupted upload</MessageBarTitle>
            An upload of {pending.scope}/{pending.asset} (version {pending.version}, {pending.files.length} files) was
            interrupted — drop the same folder to resume.
          </MessageBarBody>
          <MessageBarActions>
            <Button
              onClick={() => {
                void abandonUpload(pending).then(() => setPending(undefined));
                setResume(undefined);
              }}
            >
              Discard it
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <div className={styles.form}>
        <Field
          label={`${noun === 'model' ? 'Model' : 'Data'} name`}
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
        {phase === 'done' && outcome !== undefined && (
          <UploadResult outcome={outcome} family={family} scope={scope} segment={uploadSegment} asset={asset} />
        )}
      </div>
    </section>
  );
}

function UploadResult({ outcome, ...target }: UploadTarget & { outcome: UploadOutcome }) {
  const v = outcome.version;
  const link = (
    <Link
      to={
        target.family === 'registries'
          ? '/registries/$name/$segment/$asset/versions/$version'
          : '/workspaces/$name/$segment/$asset/versions/$version'
      }
      params={{ name: target.scope, segment: target.segment, asset: v.name, version: v.version }}
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
