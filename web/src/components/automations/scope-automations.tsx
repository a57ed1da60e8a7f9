import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ScopeFamily } from '../../api';
import { allowance, useSession } from '../../session';
import { ConfirmButton } from '../confirm-button';
import { DataTable } from '../data-table';
import { Failure } from '../failure';
import { GuardedButton } from '../guarded-button';
import { QueryState } from '../states';
import { automationCalls } from './automation-api';
import { AttemptLine, AutomationDeliveries } from './automation-deliveries';
import { AutomationDialog } from './automation-dialog';
import { createBodyOf, draftOf, emptyDraft, patchBodyOf, type Automation, type Delivery } from './automation-form';
import { SecretDialog } from './secret-dialog';

const kindOf = { registries: 'registry', workspaces: 'workspace' } as const;

/**
 * The Automations tab of a registry or workspace: its webhooks (events, URL, state, failures in a row), made,
 * changed, tested, re-keyed and deleted here, and a chosen one's delivery log.
 */
export function ScopeAutomations({ family, name }: { family: ScopeFamily; name: string }) {
  const { data: session } = useSession();
  const scope = { kind: kindOf[family], name };
  const read = allowance(session, 'automations/read', scope);
  const write = allowance(session, 'automations/write', scope);
  const calls = automationCalls(family, name);
  const queryClient = useQueryClient();
  const automations = useQuery({ queryKey: calls.queryKey, queryFn: calls.list, enabled: read.allowed });
  const [dialog, setDialog] = useState<{ editing?: Automation } | undefined>();
  const [secret, setSecret] = useState<{ title: string; value: string } | undefined>();
  const [tested, setTested] = useState<{ name: string; delivery: Delivery } | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: calls.queryKey });
  const toggle = useMutation({
    mutationFn: (a: Automation) => calls.update(a.name, { enabled: !a.enabled }),
    onSettled: refresh,
  });
  const test = useMutation({
    mutationFn: (a: Automation) => calls.test(a.name),
    onSuccess: (delivery, a) => setTested({ name: a.name, delivery }),
    onSettled: refresh,
  });
  if (!read.allowed)
    return (
      <MessageBar intent="info">
        <MessageBarBody>{read.reason}</MessageBarBody>
      </MessageBar>
    );
  return (
    <>
      <Text block>
        Webhooks told of the events in {kindOf[family]} {name}, signed with a secret of their own (docs/events.md).
      </Text>
      <div style={{ margin: '12px 0' }}>
        <GuardedButton allowance={write} appearance="primary" onClick={() => setDialog({})}>
          New automation
        </GuardedButton>
      </div>
      <Failure error={toggle.error ?? test.error} />
      {tested && (
        <MessageBar intent={tested.delivery.state === 'delivered' ? 'success' : 'warning'} data-testid="test-result">
          <MessageBarBody>
            <MessageBarTitle>
              Test of {tested.name}: {tested.delivery.state}
            </MessageBarTitle>
            {tested.delivery.attempts.map((a) => (
              <AttemptLine key={a.attempt} attempt={a} />
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      <QueryState query={automations}>
        {(items) => (
          <DataTable
            label={`Automations of ${name}`}
            rows={items}
            rowKey={(a) => a.id}
            empty="No automations yet."
            columns={[
              {
                id: 'name',
                header: 'Name',
                cell: (a) => (
                  <>
                    <Text weight="semibold">{a.name}</Text>
                    {a.description ? (
                      <Text block size={200}>
                        {a.description}
                      </Text>
                    ) : null}
                  </>
                ),
              },
              { id: 'events', header: 'Events', cell: (a) => a.events.join(', ') },
              { id: 'url', header: 'URL', cell: (a) => <code>{a.webhook.url}</code> },
              {
                id: 'state',
                header: 'State',
                cell: (a) =>
                  a.enabled ? (
                    <Badge appearance="tint" color="success">
                      enabled
                    </Badge>
                  ) : (
                    <>
                      <Badge appearance="tint" color="warning">
                        disabled
                      </Badge>
                      {a.disabled_reason ? (
                        <Text block size={200}>
                          {a.disabled_reason}
                        </Text>
                      ) : null}
                    </>
                  ),
              },
              { id: 'failures', header: 'Failures in a row', cell: (a) => String(a.consecutive_failures) },
              {
                id: 'actions',
                header: 'Actions',
                cell: (a) => (
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                    <Button
                      size="small"
                      aria-label={`Deliveries of ${a.name}`}
                      aria-pressed={selected === a.name}
                      onClick={() => setSelected(selected === a.name ? undefined : a.name)}
                    >
                      Deliveries
                    </Button>
                    <GuardedButton
                      allowance={write}
                      size="small"
                      aria-label={`Send test to ${a.name}`}
                      disabled={test.isPending}
                      onClick={() => test.mutate(a)}
                    >
                      Send test
                    </GuardedButton>
                    <GuardedButton
                      allowance={write}
                      size="small"
                      aria-label={`Edit ${a.name}`}
                      onClick={() => setDialog({ editing: a })}
                    >
                      Edit
                    </GuardedButton>
                    <GuardedButton
                      allowance={write}
                      size="small"
                      aria-label={`${a.enabled ? 'Disable' : 'Enable'} ${a.name}`}
                      disabled={toggle.isPending}
                      onClick={() => toggle.mutate(a)}
                    >
                      {a.enabled ? 'Disable' : 'Enable'}
                    </GuardedButton>
                    <ConfirmButton
                      allowance={write}
                      size="small"
                      label={`Rotate secret of ${a.name}`}
                      title={`Rotate the secret of ${a.name}?`}
                      consequence="A new secret is made and shown once. Deliveries carry both signatures for a day, so the receiver can switch over; then the old secret stops signing."
                      confirmLabel="Rotate"
                      action={async () => {
                        const rotated = await calls.rotateSecret(a.name);
                        setSecret({ title: `The new secret of ${a.name}`, value: rotated.secret });
                        await refresh();
                      }}
                    >
                      Rotate secret
                    </ConfirmButton>
                    <ConfirmButton
                      allowance={write}
                      size="small"
                      label={`Delete ${a.name}`}
                      title={`Delete ${a.name}?`}
                      consequence="The automation, its pending deliveries and its delivery log are deleted; its receiver is told of nothing more. This cannot be undone."
                      confirmLabel="Delete"
                      action={async () => {
                        await calls.remove(a.name);
                        if (selected === a.name) setSelected(undefined);
                        await refresh();
                      }}
                    >
                      Delete
                    </ConfirmButton>
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {selected && <AutomationDeliveries key={selected} calls={calls} name={selected} write={write} />}
      {dialog && (
        <AutomationDialog
          title={dialog.editing ? `Edit ${dialog.editing.name}` : 'New automation'}
          initial={dialog.editing ? draftOf(dialog.editing) : emptyDraft}
          editing={dialog.editing !== undefined}
          onClose={() => setDialog(undefined)}
          save={async (draft) => {
            if (dialog.editing) {
              const updated = await calls.update(dialog.editing.name, patchBodyOf(dialog.editing, draft));
              if (selected === dialog.editing.name) setSelected(updated.name);
            } else {
              const created = await calls.create(createBodyOf(draft));
              setSecret({ title: `The secret of ${created.automation.name}`, value: created.secret });
            }
            setDialog(undefined);
            await refresh();
          }}
        />
      )}
      {secret && <SecretDialog title={secret.title} secret={secret.value} onClose={() => setSecret(undefined)} />}
    </>
  );
}
