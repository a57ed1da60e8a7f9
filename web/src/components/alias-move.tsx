import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, dataOf, type AssetSegment, type ScopeFamily } from '../api';
import { allowance, useSession } from '../session';
import { assetPath } from './asset-params';
import { Failure } from './failure';
import { GuardedButton } from './guarded-button';

interface AliasTarget {
  family: ScopeFamily;
  segment: AssetSegment;
  scope: string;
  asset: string;
  alias: string;
}

/**
 * Moves an alias to another version. A protected alias is not moved from here: the form files an approval request
 * with a reason instead, which someone else decides in their inbox (the server refuses self-approval).
 */
export function AliasMove(target: AliasTarget & { current: string }) {
  const { family, scope, alias } = target;
  const { data: session } = useSession();
  const write = allowance(session, `${family}/assets/aliases/write`, {
    kind: family === 'registries' ? 'registry' : 'workspace',
    name: scope,
  });
  const [open, setOpen] = useState(false);
  return (
    <>
      <GuardedButton allowance={write} size="small" aria-label={`Move ${alias}…`} onClick={() => setOpen(true)}>
        Move…
      </GuardedButton>
      {open && <MoveDialog {...target} onClose={() => setOpen(false)} />}
    </>
  );
}

function MoveDialog({
  family,
  segment,
  scope,
  asset,
  alias,
  current,
  onClose,
}: AliasTarget & {
  current: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const path = { scope, name: asset, alias };
  const state = useQuery({
    queryKey: [family, scope, segment, asset, 'aliases', alias],
    queryFn: async () => dataOf(await api.GET(assetPath(family, segment, '/aliases/{alias}'), { params: { path } })),
  });
  // The title keeps the version the alias named when the dialog opened, also once the move has refreshed the page.
  const [from] = useState(current);
  const [version, setVersion] = useState('');
  const [reason, setReason] = useState('');
  const isProtected = state.data?.protected === true;
  const move = useMutation({
    mutationFn: async () =>
      isProtected
        ? dataOf(
            await api.POST(assetPath(family, segment, '/aliases/{alias}/approvals'), {
              params: { path },
              body: { version, ...(reason === '' ? {} : { reason }) },
            }),
          )
        : dataOf(
            await api.PUT(assetPath(family, segment, '/aliases/{alias}'), { params: { path }, body: { version } }),
          ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [family, scope, segment, asset] }),
        queryClient.invalidateQueries({ queryKey: ['approvals', family, scope, segment, asset] }),
      ]),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    move.mutate();
  };
  return (
    <Dialog open onOpenChange={(_e, d) => (d.open ? undefined : onClose())}>
      <DialogSurface>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{`Move ${alias} (now ${from})`}</DialogTitle>
            <DialogContent>
              {state.isPending ? (
                <Spinner label="Loading…" />
              ) : (
                <>
                  {isProtected && (
                    <Text block>
                      {alias} is protected: moving it files an approval request, and the alias moves once someone else
                      approves it.
                    </Text>
                  )}
                  <Field label="Version" required>
                    <Input value={version} onChange={(_, d) => setVersion(d.value)} maxLength={128} />
                  </Field>
                  {isProtected && (
                    <Field label="Reason for the request">
                      <Textarea value={reason} onChange={(_, d) => setReason(d.value)} maxLength={2048} />
                    </Field>
                  )}
                </>
              )}
              <Failure error={state.error ?? move.error} />
              {move.isSuccess && (
                <MessageBar intent="success">
                  <MessageBarBody>
                    {isProtected
                      ? `Requested: ${alias} → ${version} waits for approval.`
                      : `${alias} now points at ${version}.`}
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{move.isSuccess ? 'Close' : 'Cancel'}</Button>
              {!move.isSuccess && (
                <Button
                  appearance="primary"
                  type="submit"
                  disabled={state.isPending || version === '' || move.isPending}
                >
                  {isProtected ? 'Request approval' : 'Move'}
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
