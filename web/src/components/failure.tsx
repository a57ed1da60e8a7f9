import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { ApiError } from '../api';

/** The error of a failed change, as the server worded it (code and message). */
export function Failure({ error }: { error: Error | null }): ReactNode {
  if (!error) return null;
  return (
    <MessageBar intent="error">
      <MessageBarBody>{error instanceof ApiError ? `${error.code}: ${error.message}` : error.message}</MessageBarBody>
    </MessageBar>
  );
}
