import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Title2,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, dataOf, type Schemas } from '../api';
import { DataTable } from '../components/data-table';
import { GuardedButton } from '../components/guarded-button';
import { QueryState } from '../components/states';
import { useSession, type Allowance } from '../session';

type Token = Schemas['Token'];
type PrincipalKind = 'user' | 'service';

/** The tokens of a principal: a user's or a service principal's. */
async function tokensOf(kind: PrincipalKind, name: string): Promise<Token[]> {
  const path = { params: { path: { name } } };
  return kind === 'user'
    ? dataOf(await api.GET('/api/v1/users/{name}/tokens', path)).value
    : dataOf(await api.GET('/api/v1/service-principals/{name}/tokens', path)).value;
}

interface NewToken {
  name: string;
  read_only?: boolean;
  expires_at?: string;
  registry?: string;
  workspace?: string;
}

async function createToken(kind: PrincipalKind, name: string, body: NewToken): Promise<Token> {
  const init = { params: { path: { name } }, body };
  return kind === 'user'
    ? dataOf(await api.POST('/api/v1/users/{name}/tokens', init))
    : dataOf(await api.POST('/api/v1/service-principals/{name}/tokens', init));
}

function stateOf(token: Token): string {
  if (token.revoked_at !== null) return 'revoked';
  if (token.expires_at !== null && token.expires_at <= new Date().toISOString()) return 'expired';
  return 'active';
}

/**
 * The signed-in principal's tokens: create one (its secret shown once, never again), revoke one. The
 * token of this very session is marked: revoking it signs this browser out.
 */
export function TokensPage() {
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const principal = session?.principal;
  const kind: PrincipalKind = principal?.kind === 'service' ? 'service' : 'user';
  const name = principal?.name ?? '';
  const key = ['tokens', kind, name];
  const tokens = useQuery({ queryKey: key, queryFn: () => tokensOf(kind, name), enabled: name !== '' });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | undefined>();
  const [revoking, setRevoking] = useState<Token | undefined>();
  const write: Allowance = session?.token.read_only
    ? { allowed: false, reason: 'You signed in with a read-only token (principals/write)' }
    : { allowed: true };
  const revoke = useMutation({
    mutationFn: async (id: string) => dataOf(await api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  return (
    <section aria-labelledby="tokens-title">
      <Title2 as="h1" id="tokens-title" block>
        Tokens
      </Title2>
      <Text block>
        The tokens of {name} ({kind === 'service' ? 'service principal' : 'user'}). A token&apos;s secret is shown once,
        when it is created; Arca keeps only its hash.
      </Text>
      <div style={{ margin: '12px 0' }}>
        <GuardedButton allowance={write} appearance="primary" onClick={() => setCreating(true)}>
          New token
        </GuardedButton>
      </div>
      {secret && (
        <MessageBar intent="warning" data-testid="new-token-secret">
          <MessageBarBody>
            <MessageBarTitle>Copy the secret of {secret.name} now: it will not be shown again</MessageBarTitle>
            <code data-testid="token-secret">{secret.value}</code>{' '}
            <Button size="small" onClick={() => void navigator.clipboard?.writeText(secret.value)}>
              Copy
            </Button>{' '}
            <Button size="small" appearance="subtle" onClick={() => setSecret(undefined)}>
              Done
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      {revoke.error && (
        <MessageBar intent="error">
          <MessageBarBody>{revoke.error.message}</MessageBarBody>
        </MessageBar>
      )}
      <QueryState query={tokens}>
        {(items) => (
          <DataTable
            label="Tokens"
            rows={items}
            rowKey={(token) => token.id}
            empty="No tokens yet."
            columns={[
              { id: 'name', header: 'Name', cell: (token) => token.name },
              { id: 'state', header: 'State', cell: (token) => <Badge appearance="tint">{stateOf(token)}</Badge> },
              {
                id: 'access',
                header: 'Access',
                cell: (token) =>
                  [token.read_only ? 'read-only' : 'full', token.scope ? `narrowed to ${token.scope}` : '']
                    .filter(Boolean)
                    .join(', '),
              },
              { id: 'created', header: 'Created', cell: (token) => token.created_at },
              { id: 'expires', header: 'Expires', cell: (token) => token.expires_at ?? 'never' },
              { id: 'used', header: 'Last used', cell: (token) => token.last_used_at ?? 'never' },
              {
                id: 'actions',
                header: 'Actions',
                cell: (token) =>
                  token.revoked_at === null && (
                    <GuardedButton
                      allowance={write}
                      size="small"
                      aria-label={`Revoke ${token.name}`}
                      onClick={() => setRevoking(token)}
                    >
                      Revoke
                    </GuardedButton>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {creating && (
        <CreateTokenDialog
          onClose={() => setCreating(false)}
          create={async (body) => {
            const created = await createToken(kind, name, body);
            setSecret({ name: created.name, value: created.token ?? '' });
            setCreating(false);
            await queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      )}
      <Dialog open={revoking !== undefined} onOpenChange={(_, data) => !data.open && setRevoking(undefined)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Revoke {revoking?.name}?</DialogTitle>
            <DialogContent>
              Every client using this token is refused from its next request, in every replica.
              {revoking?.id === session?.token.id
                ? ' This is the token you signed in with: you will be signed out.'
                : ''}
              This cannot be undone.
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setRevoking(undefined)}>
                Cancel
              </Button>
              <Button
                appearance="primary"
                onClick={() => {
                  if (revoking) revoke.mutate(revoking.id);
                  setRevoking(undefined);
                }}
              >
                Revoke
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}

/** Name, read-only, expiry and narrowing of a new token; the server's refusal is shown in the dialog. */
function CreateTokenDialog({ onClose, create }: { onClose: () => void; create: (body: NewToken) => Promise<void> }) {
  const [name, setName] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [expires, setExpires] = useState('');
  const [narrowKind, setNarrowKind] = useState<'registry' | 'workspace'>('registry');
  const [narrowTo, setNarrowTo] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await create({
        name,
        ...(readOnly ? { read_only: true } : {}),
        ...(expires ? { expires_at: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
        ...(narrowTo ? { [narrowKind]: narrowTo } : {}),
      });
    } catch (caught) {
      setError(caught instanceof ApiError ? `${caught.code}: ${caught.message}` : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(event) => void submit(event)}>
          <DialogBody>
            <DialogTitle>New token</DialogTitle>
            <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              <Field label="Name" required>
                <Input value={name} onChange={(_, data) => setName(data.value)} maxLength={128} />
              </Field>
              <Checkbox
                checked={readOnly}
                onChange={(_, data) => setReadOnly(data.checked === true)}
                label="Read-only"
              />
              <Field label="Expires on (optional)">
                <Input type="date" value={expires} onChange={(_, data) => setExpires(data.value)} />
              </Field>
              <Field label="Narrow to one registry or workspace (optional)">
                <div style={{ display: 'flex', gap: 8 }}>
                  <Select
                    aria-label="Narrow to"
                    value={narrowKind}
                    onChange={(_, data) => setNarrowKind(data.value as 'registry' | 'workspace')}
                  >
                    <option value="registry">registry</option>
                    <option value="workspace">workspace</option>
                  </Select>
                  <Input
                    aria-label="Registry or workspace name"
                    value={narrowTo}
                    onChange={(_, data) => setNarrowTo(data.value)}
                  />
                </div>
              </Field>
              {error && (
                <MessageBar intent="error">
                  <MessageBarBody>{error}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button appearance="primary" type="submit" disabled={busy || name === ''}>
                Create
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
