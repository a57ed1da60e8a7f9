import { MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ApiError } from '../api';

/** Loading, error or the content of a query: one look for every page. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { isPending: boolean; error: Error | null; data: T | undefined };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Spinner label="Loading…" />;
  if (query.error || query.data === undefined) {
    const error = query.error;
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>{error instanceof ApiError ? error.code : 'Error'}</MessageBarTitle>
          {error?.message}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return <>{children(query.data)}</>;
}
