import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, dataOf, useCsrfToken } from '../api';
import { sessionQueryKey } from '../session';

const route = getRouteApi('/sign-in');
const useStyles = makeStyles({
  page: { display: 'grid', placeItems: 'center', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  card: { width: '420px', padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
});

/** Sign in with an Arca token: the server keeps the session, the browser keeps only an HttpOnly cookie. */
export function SignInPage() {
  const styles = useStyles();
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const signIn = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const session = dataOf(await api.POST('/api/v1/sessions', { body: { token: token.trim() } }));
      useCsrfToken(session.csrf_token);
      setToken('');
      queryClient.setQueryData(sessionQueryKey, session);
      await navigate({ to: redirect ?? '/' });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">Sign in to Arca Studio</Title2>
        <Text>
          Paste an Arca token (the admin token is in <code>&lt;dataDir&gt;/admin-token</code> after the first start).
          The page never stores it.
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void signIn();
          }}
          style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
        >
          <Field label="Token" required>
            <Input
              type="password"
              value={token}
              onChange={(_e, d) => setToken(d.value)}
              autoComplete="off"
              name="token"
            />
          </Field>
          {error ? (
            <MessageBar intent="error">
              <MessageBarBody>{error}</MessageBarBody>
            </MessageBar>
          ) : null}
          <Button appearance="primary" type="submit" disabled={busy || token.trim() === ''}>
            Sign in
          </Button>
        </form>
      </Card>
    </main>
  );
}
