import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Text,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, dataOf, type AssetSegment, type ScopeFamily } from '../api';
import { allowance, useSession } from '../session';
import { assetPath } from './asset-params';
import { GuardedButton } from './guarded-button';

/** Which version the actions act on. */
export interface VersionTarget {
  family: ScopeFamily;
  kind: 'registry' | 'workspace';
  scope: string;
  segment: AssetSegment;
  asset: string;
  version: string;
}

const cliNoun: Record<AssetSegment, string> = {
  models: 'model',
  data: 'data',
  environments: 'environment',
  components: 'component',
};

/** The `arca` command that downloads this version (a registry's short form; a workspace is named by its flag). */
export function cliCommand(t: VersionTarget): string {
  const ref = t.kind === 'registry' ? `${t.scope}/${t.asset}:${t.version}` : `${t.asset}:${t.version}`;
  const where = t.kind === 'workspace' ? ` --workspace ${t.scope}` : '';
  return `arca ${cliNoun[t.segment]} download ${ref}${where} --path ./${t.asset}-${t.version}`;
}

/** Saves JSON as a file through an object URL (no request of its own: the data came through the typed client). */
function saveJson(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copy as `arca …`, evidence, share, archive/restore and delete. */
export function VersionActions({ target, state }: { target: VersionTarget; state: string }) {
  const { family, kind, scope, segment, asset, version } = target;
  const path = { scope, name: asset, version };
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [copied, setCopied] = useState(false);
  // The dialogs stay mounted and open or close (Fluent restores the page's focus and aria-hidden on close).
  const [open, setOpen] = useState<'share' | 'lifecycle' | undefined>();
  const [action, setAction] = useState<'archive' | 'restore' | 'delete'>('archive');
  const ask = (next: 'archive' | 'restore' | 'delete') => {
    lifecycle.reset();
    setAction(next);
    setOpen('lifecycle');
  };
  const key = [family, scope, segment, asset];
  const evidence = useMutation({
    mutationFn: async () =>
      dataOf(await api.GET(assetPath(family, segment, '/versions/{version}/evidence'), { params: { path } })),
    onSuccess: (data) => saveJson(`${asset}-${version}-evidence.json`, data),
  });
  const lifecycle = useMutation({
    mutationFn: async (action: 'archive' | 'restore' | 'delete') => {
      if (action === 'delete') {
        // 204: no body to return; an error answer still throws with its code.
        const result = await api.DELETE(assetPath(family, segment, '/versions/{version}'), { params: { path } });
        if (!result.response.ok) dataOf(result);
        return undefined;
      }
      const suffix = action === 'archive' ? '/versions/{version}/archive' : '/versions/{version}/restore';
      return dataOf(await api.POST(assetPath(family, segment, suffix), { params: { path } }));
    },
    onSuccess: async (_data, done) => {
      setOpen(undefined);
      // A deleted version's page goes first, so nothing asks for the version again (it would answer 404).
      if (done === 'delete') {
        await navigate({
          to: family === 'registries' ? '/registries/$name/$segment/$asset' : '/workspaces/$name/$segment/$asset',
          params: { name: scope, segment, asset },
        });
        queryClient.removeQueries({ queryKey: [...key, 'versions', version] });
      }
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const canWrite = allowance(session, `${family}/assets/write`, { kind, name: scope });
  const canDelete = allowance(session, `${family}/assets/delete`, { kind, name: scope });
  const canAudit = allowance(session, 'audit/read', { kind, name: scope });
  const command = cliCommand(target);
  const title = { archive: 'Archive', restore: 'Restore', delete: 'Delete' };
  const what = {
    archive: `Archiving ${asset}:${version} hides it from version lists and alias targets; its files stay downloadable and it can be restored.`,
    restore: `Restoring ${asset}:${version} makes it a listed version again, one aliases may point at.`,
    delete: `Deleting ${asset}:${version} removes the version for good (its files go at the next garbage collection). The server refuses while an alias other than latest points at it or other versions derive from it; latest moves back to the version before.`,
  };
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', margin: '12px 0' }}>
      <Button
        onClick={() => {
          void navigator.clipboard?.writeText(command).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
        title={command}
      >
        {copied ? 'Copied' : 'Copy as arca …'}
      </Button>
      <Text font="monospace" size={200} data-testid="cli-command">
        {command}
      </Text>
      <GuardedButton allowance={canAudit} onClick={() => evidence.mutate()} disabled={evidence.isPending}>
        Download evidence
      </GuardedButton>
      <GuardedButton
        allowance={
          state === 'ready' ? { allowed: true } : { allowed: false, reason: 'Only a ready version can be shared' }
        }
        onClick={() => setOpen('share')}
      >
        Share into registry…
      </GuardedButton>
      {state === 'archived' ? (
        <GuardedButton allowance={canWrite} onClick={() => ask('restore')}>
          Restore…
        </GuardedButton>
      ) : (
        <GuardedButton
          allowance={state === 'ready' ? canWrite : { allowed: false, reason: 'Only a ready version can be archived' }}
          onClick={() => ask('archive')}
        >
          Archive…
        </GuardedButton>
      )}
      <GuardedButton allowance={canDelete} onClick={() => ask('delete')}>
        Delete…
      </GuardedButton>
      {evidence.error ? (
        <MessageBar intent="error">
          <MessageBarBody>{evidence.error.message}</MessageBarBody>
        </MessageBar>
      ) : null}
      <ShareDialog target={target} open={open === 'share'} onClose={() => setOpen(undefined)} />
      <Dialog open={open === 'lifecycle'} onOpenChange={(_e, d) => (d.open ? undefined : setOpen(undefined))}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{`${title[action]} ${asset}:${version}?`}</DialogTitle>
            <DialogContent>
              <Text block>{what[action]}</Text>
              {lifecycle.error ? (
                <MessageBar intent="error">
                  <MessageBarBody>{lifecycle.error.message}</MessageBarBody>
                </MessageBar>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabled={lifecycle.isPending} onClick={() => lifecycle.mutate(action)}>
                {title[action]}
              </Button>
              <Button onClick={() => setOpen(undefined)}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}

/** Pick a registry the caller may write and share the version into it (no bytes copied in the same region). */
function ShareDialog({ target, open, onClose }: { target: VersionTarget; open: boolean; onClose: () => void }) {
  const { family, scope, segment, asset, version } = target;
  const { data: session } = useSession();
  const registries = useQuery({
    queryKey: ['registries', 'share-targets'],
    queryFn: async () => dataOf(await api.GET('/api/v1/registries', { params: { query: { top: 100 } } })),
    enabled: open,
  });
  const writable = (registries.data?.value ?? []).filter(
    (r) =>
      !(target.kind === 'registry' && r.name === scope) &&
      allowance(session, 'registries/assets/write', { kind: 'registry', name: r.name }).allowed,
  );
  const [picked, setPicked] = useState<string | undefined>();
  const share = useMutation({
    mutationFn: async (registry: string) =>
      dataOf(
        await api.POST(assetPath(family, segment, '/versions/{version}/share'), {
          params: { path: { scope, name: asset, version } },
          body: { registry },
        }),
      ),
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(_e, d) => {
        if (d.open) return;
        share.reset();
        onClose();
      }}
    >
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{`Share ${asset}:${version} into a registry`}</DialogTitle>
          <DialogContent>
            {share.data ? (
              <MessageBar intent="success">
                <MessageBarBody>{`Shared: ${share.data.reference}`}</MessageBarBody>
              </MessageBar>
            ) : (
              <Field
                label="Registry"
                hint={
                  registries.isPending
                    ? 'Loading registries…'
                    : writable.length === 0
                      ? 'No registry you may write.'
                      : undefined
                }
                validationMessage={share.error?.message}
              >
                <Dropdown
                  placeholder="Pick a registry"
                  value={picked ?? ''}
                  onOptionSelect={(_e, d) => setPicked(d.optionValue)}
                >
                  {writable.map((r) => (
                    <Option key={r.name} value={r.name}>
                      {r.name}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            )}
          </DialogContent>
          <DialogActions>
            {share.data ? null : (
              <Button
                appearance="primary"
                disabled={picked === undefined || share.isPending}
                onClick={() => picked !== undefined && share.mutate(picked)}
              >
                Share
              </Button>
            )}
            <Button
              onClick={() => {
                share.reset();
                onClose();
              }}
            >
              {share.data ? 'Close' : 'Cancel'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
