import { Badge, MessageBar, MessageBarBody, Title3 } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, dataOf, type ApiPaths, type StudioSession } from '../api';
import { ChoiceFilter } from '../components/choice-filter';
import { DataTable } from '../components/data-table';
import { GuardedButton } from '../components/guarded-button';
import { QueryState } from '../components/states';
import { allowance, useSession, type Allowance } from '../session';

type Operation = ApiPaths['/api/v1/operations/{id}']['get']['responses'][200]['content']['application/json'];
type OperationStatus = Operation['status'];
const statuses: OperationStatus[] = ['Running', 'Succeeded', 'Failed', 'Canceled'];

const statusColour: Record<OperationStatus, 'informative' | 'success' | 'danger' | 'warning'> = {
  Running: 'informative',
  Succeeded: 'success',
  Failed: 'danger',
  Canceled: 'warning',
};

/**
 * What the user may do to an operation: retry a failed or cancelled one, cancel a running provisioning (a
 * deletion is one step), each taking the permission that started it on its registry or workspace.
 */
export function operationActions(
  session: StudioSession | null | undefined,
  operation: Pick<Operation, 'kind' | 'status' | 'target'>,
): { retry?: Allowance; cancel?: Allowance } {
  const kind = operation.target.kind;
  if (kind !== 'registry' && kind !== 'workspace') return {};
  const verb = operation.kind === 'scope.delete' ? 'delete' : 'write';
  const allowed = allowance(session, `${kind === 'registry' ? 'registries' : 'workspaces'}/${verb}`, {
    kind,
    name: operation.target.name,
  });
  if (operation.status === 'Failed' || operation.status === 'Canceled') return { retry: allowed };
  if (operation.status === 'Running' && operation.kind !== 'scope.delete') return { cancel: allowed };
  return {};
}

function TargetLink({ operation }: { operation: Operation }) {
  const { kind, name } = operation.target;
  // A deleted scope has no page left to open.
  if (operation.kind === 'scope.delete' && operation.status === 'Succeeded') return <>{`${kind} ${name}`}</>;
  if (kind === 'registry')
    return (
      <Link to="/registries/$name" params={{ name }}>
        {`registry ${name}`}
      </Link>
    );
  if (kind === 'workspace')
    return (
      <Link to="/workspaces/$name" params={{ name }}>
        {`workspace ${name}`}
      </Link>
    );
  return <>{`${kind} ${name}`}</>;
}

/**
 * Long-running operations (creating a registry or workspace, adding or removing a region, deleting one) the
 * user may see, newest first: retry a failed or cancelled one, cancel a running provisioning. Polls while
 * any is running, so a retry is seen to finish.
 */
export function OperationsSection() {
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<OperationStatus | ''>('');
  const operations = useQuery({
    queryKey: ['operations', status],
    queryFn: async () =>
      dataOf(await api.GET('/api/v1/operations', { params: { query: { top: 100, ...(status ? { status } : {}) } } }))
        .value,
    refetchInterval: (query) => (query.state.data?.some((op) => op.status === 'Running') ? 1_000 : 5_000),
  });
  const act = useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'retry' | 'cancel' }) =>
      action === 'retry'
        ? dataOf(await api.POST('/api/v1/operations/{id}/retry', { params: { path: { id } } }))
        : dataOf(await api.POST('/api/v1/operations/{id}/cancel', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['operations'] }),
  });
  return (
    <section aria-labelledby="operations-title" style={{ marginTop: 24 }}>
      <Title3 as="h2" id="operations-title" block>
        Operations
      </Title3>
      <ChoiceFilter label="Status" choices={statuses} value={status} onChange={setStatus} />
      {act.error && (
        <MessageBar intent="error">
          <MessageBarBody>{act.error.message}</MessageBarBody>
        </MessageBar>
      )}
      <QueryState query={operations}>
        {(items) => (
          <DataTable
            label="Operations"
            rows={items}
            rowKey={(operation) => operation.id}
            empty="No operations."
            columns={[
              { id: 'kind', header: 'Kind', cell: (operation) => operation.kind },
              { id: 'target', header: 'Target', cell: (operation) => <TargetLink operation={operation} /> },
              {
                id: 'status',
                header: 'Status',
                cell: (operation) => (
                  <Badge appearance="tint" color={statusColour[operation.status]}>
                    {operation.status}
                  </Badge>
                ),
              },
              { id: 'attempts', header: 'Attempts', cell: (operation) => operation.attempts },
              {
                id: 'created',
                header: 'Started',
                cell: (operation) => `${operation.created_at} by ${operation.created_by}`,
              },
              {
                id: 'error',
                header: 'Error',
                cell: (operation) => (operation.error ? `${operation.error.code}: ${operation.error.message}` : ''),
              },
              {
                id: 'actions',
                header: 'Actions',
                cell: (operation) => {
                  const { retry, cancel } = operationActions(session, operation);
                  const label = `${operation.kind} of ${operation.target.kind} ${operation.target.name}`;
                  return (
                    <>
                      {retry && (
                        <GuardedButton
                          allowance={retry}
                          size="small"
                          aria-label={`Retry ${label}`}
                          disabled={act.isPending}
                          onClick={() => act.mutate({ id: operation.id, action: 'retry' })}
                        >
                          Retry
                        </GuardedButton>
                      )}
                      {cancel && (
                        <GuardedButton
                          allowance={cancel}
                          size="small"
                          aria-label={`Cancel ${label}`}
                          disabled={act.isPending}
                          onClick={() => act.mutate({ id: operation.id, action: 'cancel' })}
                        >
                          Cancel
                        </GuardedButton>
                      )}
                    </>
                  );
                },
              },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
