import { Badge, Field, Input, Select, Text } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, dataOf, type Schemas } from '../api';
import { allowance, useSession } from '../session';
import { DataTable } from './data-table';
import { Failure } from './failure';
import { GuardedButton } from './guarded-button';
import { QueryState } from './states';

/** A registry or workspace whose members are shown; none means every assignment (the /access page). */
export interface AssignmentScope {
  kind: 'registry' | 'workspace';
  name: string;
}

type Assignment = Schemas['RoleAssignment'] & { inherited?: boolean };
type AssigneeKind = 'user' | 'service_principal' | 'group';
type ScopeKind = 'org' | 'registry' | 'workspace';

/**
 * Role assignments with the form to add one and a Remove per row. Without `scope`: every assignment, assigned
 * at any scope. With it: those at that registry or workspace, then the organisation's (which apply there too),
 * marked inherited and removed only from /access.
 */
export function RoleAssignments({ scope }: { scope?: AssignmentScope }) {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const write = allowance(session, 'roles/write', scope);
  const orgRead = allowance(session, 'roles/read');
  const query = scope === undefined ? {} : { [scope.kind]: scope.name };
  const assignments = useQuery({
    queryKey: ['role-assignments', query],
    queryFn: async () => dataOf(await api.GET('/api/v1/role-assignments', { params: { query } })).value,
  });
  // The organisation's assignments apply at every scope; listing them needs roles/read there.
  const inherited = useQuery({
    queryKey: ['role-assignments', {}],
    queryFn: async () => dataOf(await api.GET('/api/v1/role-assignments')).value,
    enabled: scope !== undefined && orgRead.allowed,
    select: (items) => items.filter((a) => a.scope === 'org').map((a): Assignment => ({ ...a, inherited: true })),
  });
  const remove = useMutation({
    mutationFn: async (id: string) =>
      dataOf(await api.DELETE('/api/v1/role-assignments/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['role-assignments'] }),
  });
  return (
    <>
      <AssignForm scope={scope} />
      <Failure error={remove.error} />
      {scope !== undefined && !orgRead.allowed && (
        <Text block>The organisation&apos;s assignments, which apply here too, are not listed: {orgRead.reason}.</Text>
      )}
      <QueryState query={assignments}>
        {(items) => (
          <DataTable<Assignment>
            label={scope === undefined ? 'Role assignments' : `Members of ${scope.name}`}
            rows={[...items, ...(scope === undefined ? [] : (inherited.data ?? []))]}
            rowKey={(assignment) => assignment.id}
            empty="No role is assigned here."
            columns={[
              { id: 'role', header: 'Role', cell: (assignment) => assignment.role },
              { id: 'assignee', header: 'Assignee', cell: (assignment) => assignment.assignee },
              {
                id: 'scope',
                header: 'At',
                cell: (assignment) =>
                  assignment.inherited ? (
                    <>
                      {assignment.scope} <Badge appearance="tint">inherited from the organisation</Badge>
                    </>
                  ) : (
                    assignment.scope
                  ),
              },
              {
                id: 'created',
                header: 'Created',
                cell: (assignment) => `${assignment.created_at} by ${assignment.created_by}`,
              },
              {
                id: 'actions',
                header: 'Actions',
                cell: (assignment) =>
                  assignment.inherited ? null : (
                    <GuardedButton
                      allowance={write}
                      size="small"
                      aria-label={`Remove ${assignment.role} of ${assignment.assignee} at ${assignment.scope}`}
                      onClick={() => remove.mutate(assignment.id)}
                    >
                      Remove
                    </GuardedButton>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
    </>
  );
}

/** Assign a role to a user, service principal or group: at the given scope, or at one picked in the form. */
function AssignForm({ scope }: { scope: AssignmentScope | undefined }) {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const write = allowance(session, 'roles/write', scope);
  const roles = useQuery({ queryKey: ['roles'], queryFn: async () => dataOf(await api.GET('/api/v1/roles')).value });
  const [role, setRole] = useState('Reader');
  const [assigneeKind, setAssigneeKind] = useState<AssigneeKind>('user');
  const [assignee, setAssignee] = useState('');
  const [scopeKind, setScopeKind] = useState<ScopeKind>('org');
  const [scopeName, setScopeName] = useState('');
  const at = scope ?? (scopeKind === 'org' ? undefined : { kind: scopeKind, name: scopeName });
  const assign = useMutation({
    mutationFn: async () =>
      dataOf(
        await api.POST('/api/v1/role-assignments', {
          body: { role, [assigneeKind]: assignee, ...(at === undefined ? {} : { [at.kind]: at.name }) },
        }),
      ),
    onSuccess: async () => {
      setAssignee('');
      await queryClient.invalidateQueries({ queryKey: ['role-assignments'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate();
  };
  return (
    <>
      <form
        onSubmit={submit}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'end', marginBottom: 12 }}
      >
        <Field label="Role">
          <Select value={role} onChange={(_, data) => setRole(data.value)}>
            {(roles.data ?? []).map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Assignee kind">
          <Select value={assigneeKind} onChange={(_, data) => setAssigneeKind(data.value as AssigneeKind)}>
            <option value="user">user</option>
            <option value="service_principal">service principal</option>
            <option value="group">group</option>
          </Select>
        </Field>
        <Field label="Assignee">
          <Input value={assignee} onChange={(_, data) => setAssignee(data.value)} maxLength={128} />
        </Field>
        {scope === undefined && (
          <Field label="At">
            <Select value={scopeKind} onChange={(_, data) => setScopeKind(data.value as ScopeKind)}>
              <option value="org">the organisation</option>
              <option value="registry">a registry</option>
              <option value="workspace">a workspace</option>
            </Select>
          </Field>
        )}
        {scope === undefined && scopeKind !== 'org' && (
          <Field label={`${scopeKind === 'registry' ? 'Registry' : 'Workspace'} name`}>
            <Input value={scopeName} onChange={(_, data) => setScopeName(data.value)} maxLength={64} />
          </Field>
        )}
        <GuardedButton
          allowance={write}
          type="submit"
          appearance="primary"
          disabled={assignee === '' || assign.isPending}
        >
          Assign
        </GuardedButton>
      </form>
      <Failure error={assign.error} />
    </>
  );
}
