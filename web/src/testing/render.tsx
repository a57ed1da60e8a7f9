// How a component test renders: inside the providers the studio has (Fluent UI, React Query), with a user to act.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import type { StudioSession } from '../api';
import { sessionQueryKey } from '../session';

/**
 * Renders `ui` as the studio would. A `session` is put in the query cache as the signed-in session (as the
 * studio holds it after `GET /api/v1/sessions/current`), so nothing asks a server for it.
 */
export function renderInStudio(ui: ReactElement, options: { session?: StudioSession } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  if (options.session !== undefined) queryClient.setQueryData(sessionQueryKey, options.session);
  const user = userEvent.setup();
  const rendered = render(
    <QueryClientProvider client={queryClient}>
      <FluentProvider theme={webLightTheme}>{ui}</FluentProvider>
    </QueryClientProvider>,
  );
  return { user, queryClient, ...rendered };
}

/** A signed-in session of `name` as `GET /api/v1/sessions/current` answers it, with the permissions given. */
export function sessionOf(name: string, over: Partial<StudioSession> = {}): StudioSession {
  return {
    assignments: [],
    credential: 'a full token',
    csrf_token: 'csrf-of-test',
    expires_at: '2030-01-01T00:00:00.000Z',
    idle_timeout_seconds: 3600,
    permissions: { org: [], scopes: {} },
    principal: {
      id: `id-${name}`,
      kind: 'user',
      name,
      display_name: null,
      email: null,
      disabled: false,
      created_at: '2026-01-01T00:00:00.000Z',
      created_by: 'admin',
    },
    token: { id: `token-${name}`, read_only: false, scope: null },
    ...over,
  };
}
