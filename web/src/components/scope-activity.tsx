import { MessageBar, MessageBarBody, Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { api, dataOf, type ScopeFamily } from '../api';
import { allowance, useSession } from '../session';
import { AuditEventsTable, AuditFilters } from './audit-events';
import { auditFilterKeys } from './audit-search';
import type { ScopeSearch } from './scope-search';
import { QueryState } from './states';

const filterKeys = auditFilterKeys.filter((key) => key !== 'target');

/**
 * The audit log of one registry or workspace: the API's target filter takes a reference and matches the events
 * about it and about everything under it (its assets, versions, aliases, uploads).
 */
export function ScopeActivity({
  family,
  name,
  search,
  onSearch,
}: {
  family: ScopeFamily;
  name: string;
  search: ScopeSearch;
  onSearch: (next: ScopeSearch) => void;
}) {
  const { data: session } = useSession();
  const read = allowance(session, 'audit/read');
  const { tab: _tab, ...filters } = search;
  const target = `arca://${family}/${name}`;
  const events = useQuery({
    queryKey: ['audit', { ...filters, target }],
    queryFn: async () =>
      dataOf(await api.GET('/api/v1/audit', { params: { query: { ...filters, target, top: filters.top ?? 50 } } })),
    enabled: read.allowed,
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
        Events about <code>{target}</code> and everything in it, oldest first. Role assignments are logged at the
        organisation&apos;s audit log (<code>arca://role-assignments/…</code>).
      </Text>
      <AuditFilters
        key={JSON.stringify(filters)}
        current={filters}
        keys={filterKeys}
        apply={(next) => onSearch({ ...next, tab: 'activity' })}
      />
      <QueryState query={events}>
        {(page) => (
          <AuditEventsTable
            page={page}
            search={filters}
            onPage={({ cursor, top }) => onSearch({ ...search, cursor, top })}
          />
        )}
      </QueryState>
    </>
  );
}
