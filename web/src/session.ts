import { useQuery } from '@tanstack/react-query';
import { api, ApiError, dataOf, useCsrfToken, type StudioSession } from './api';

export const sessionQueryKey = ['session'] as const;

/** The signed-in session, or null when there is none (never signed in, signed out, expired). */
export async function fetchSession(): Promise<StudioSession | null> {
  try {
    const session = dataOf(await api.GET('/api/v1/sessions/current'));
    useCsrfToken(session.csrf_token);
    return session;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
      useCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionQueryKey, queryFn: fetchSession, staleTime: 60_000 });
}

/** What a permission check tells the page: allowed, or why not (shown on hover of a disabled action). */
export type Allowance = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the session may `permission` at the organisation or at one registry/workspace. The server decides
 * every request all the same: this only keeps the page from offering what would be refused.
 */
export function allowance(
  session: StudioSession | null | undefined,
  permission: string,
  scope?: { kind: 'registry' | 'workspace'; name: string },
): Allowance {
  if (!session) return { allowed: false, reason: 'Sign in first' };
  const held = (session.permissions.org as string[]).includes(permission);
  const atScope =
    scope !== undefined &&
    ((session.permissions.scopes[`${scope.kind}:${scope.name.toLowerCase()}`] ?? []) as string[]).includes(permission);
  if (held || atScope) return { allowed: true };
  if (session.token.read_only)
    return { allowed: false, reason: `You signed in with a read-only token (${permission})` };
  const where = scope ? `${scope.kind} ${scope.name}` : 'the organisation';
  return { allowed: false, reason: `You need the permission ${permission} on ${where}` };
}
