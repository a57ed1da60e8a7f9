import { MessageBar, MessageBarBody, MessageBarTitle, Text, Title2 } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, ApiError, dataOf } from '../api';
import { AuditEventsTable, AuditFilters } from '../components/audit-events';
import { GuardedButton } from '../components/guarded-button';
import { QueryState } from '../components/states';
import { allowance, useSession } from '../session';

/**
 * The audit log: filter by time, principal, action, target and outcome; page through it; export what the
 * filter's time range holds (NDJSON, as `arca audit export` writes); verify the hash chain and see the result.
 */
export function AuditPage() {
  const search = useSearch({ from: '/signed-in/audit' });
  const navigate = useNavigate({ from: '/audit' });
  const { data: session } = useSession();
  const read = allowance(session, 'audit/read');
  const events = useQuery({
    queryKey: ['audit', search],
    queryFn: async () =>
      dataOf(await api.GET('/api/v1/audit', { params: { query: { ...search, top: search.top ?? 50 } } })),
    enabled: read.allowed,
  });
  const verify = useMutation({ mutationFn: async () => dataOf(await api.POST('/api/v1/audit/verify')) });
  const [exportError, setExportError] = useState<string | undefined>();

  const exportLog = async () => {
    setExportError(undefined);
    const query = {
      ...(search.since ? { since: search.since } : {}),
      ...(search.until ? { until: search.until } : {}),
    };
    const result = await api.GET('/api/v1/audit/export', { params: { query }, parseAs: 'blob' });
    if (result.error !== undefined || result.data === undefined) {
      setExportError(`the server answered ${result.response.status}`);
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(result.data as Blob);
    link.download = `arca-audit${search.since ? `-${search.since}` : ''}.ndjson`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };

  return (
    <section aria-labelledby="audit-title">
      <Title2 as="h1" id="audit-title" block>
        Audit log
      </Title2>
      <Text block>
        Every change and every refusal, in a hash chain: an edited, deleted or inserted row breaks it, and verifying
        says where.
      </Text>
      {!read.allowed && (
        <MessageBar intent="info">
          <MessageBarBody>{read.reason}</MessageBarBody>
        </MessageBar>
      )}
      <AuditFilters key={JSON.stringify(search)} current={search} apply={(next) => void navigate({ search: next })} />
      <div style={{ display: 'flex', gap: 8, margin: '12px 0' }}>
        <GuardedButton allowance={read} onClick={() => void exportLog()}>
          Export (NDJSON)
        </GuardedButton>
        <GuardedButton allowance={read} onClick={() => verify.mutate()} disabled={verify.isPending}>
          Verify the chain
        </GuardedButton>
      </div>
      {exportError && (
        <MessageBar intent="error">
          <MessageBarBody>Export failed: {exportError}</MessageBarBody>
        </MessageBar>
      )}
      {verify.data && (
        <MessageBar intent={verify.data.ok ? 'success' : 'error'} data-testid="verify-result">
          <MessageBarBody>
            <MessageBarTitle>{verify.data.ok ? 'The chain holds' : 'The chain is broken'}</MessageBarTitle>
            {verify.data.ok
              ? `${verify.data.events} events verified; head hash ${verify.data.head_hash ?? ''}`
              : `${verify.data.events} events verified before event ${verify.data.first_broken?.seq ?? '?'}: ${verify.data.first_broken?.reason ?? ''}`}
          </MessageBarBody>
        </MessageBar>
      )}
      {verify.error && (
        <MessageBar intent="error">
          <MessageBarBody>
            {verify.error instanceof ApiError ? verify.error.code : ''} {verify.error.message}
          </MessageBarBody>
        </MessageBar>
      )}
      {read.allowed && (
        <QueryState query={events}>
          {(page) => (
            <AuditEventsTable
              page={page}
              search={search}
              onPage={({ cursor, top }) => void navigate({ search: { ...search, cursor, top } })}
            />
          )}
        </QueryState>
      )}
    </section>
  );
}
