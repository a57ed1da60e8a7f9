import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Tab,
  TabList,
  Text,
  Title2,
  Title3,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, dataOf, doneOf } from '../api';
import { ConfirmButton } from '../components/confirm-button';
import { DataTable } from '../components/data-table';
import { Failure } from '../components/failure';
import { Groups } from '../components/groups';
import { GuardedButton } from '../components/guarded-button';
import { RoleAssignments } from '../components/role-assignments';
import { QueryState } from '../components/states';
import { allowance, useSession, type Allowance } from '../session';

type Tabs = 'principals' | 'groups' | 'assignments' | 'roles';

/** Who may do what: users and service principals, role assignments, roles (with a custom role editor). */
export function AccessPage() {
  const [tab, setTab] = useState<Tabs>('principals');
  const { data: session } = useSession();
  const write = allowance(session, 'principals/write');
  const rolesWrite = allowance(session, 'roles/write');
  return (
    <section aria-labelledby="access-title">
      <Title2 as="h1" id="access-title" block>
        Access
      </Title2>
      <TabList selectedValue={tab} onTabSelect={(_, data) => setTab(data.value as Tabs)} aria-label="Access">
        <Tab value="principals">Users and service principals</Tab>
        <Tab value="groups">Groups</Tab>
        <Tab value="assignments">Role assignments</Tab>
        <Tab value="roles">Roles</Tab>
      </TabList>
      <div style={{ marginTop: 16 }}>
        {tab === 'principals' && <Principals write={write} />}
        {tab === 'groups' && <Groups />}
        {tab === 'assignments' && <RoleAssignments />}
        {tab === 'roles' && <Roles write={rolesWrite} />}
      </div>
    </section>
  );
}

function Principals({ write }: { write: Allowance }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => dataOf(await api.GET('/api/v1/users')).value });
  const services = useQuery({
    queryKey: ['service-principals'],
    queryFn: async () => dataOf(await api.GET('/api/v1/service-principals')).value,
  });
  const [kind, setKind] = useState<'user' | 'service'>('user');
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: async () => {
      const init = { params: { path: { name } }, body: {} };
      return kind === 'user'
        ? dataOf(await api.PUT('/api/v1/users/{name}', init))
        : dataOf(await api.PUT('/api/v1/service-principals/{name}', init));
    },
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: [kind === 'user' ? 'users' : 'service-principals'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <form onSubmit={submit} style={{ display: 'flex', gap: 8, alignItems: 'end', marginBottom: 12 }}>
        <Field label="Kind">
          <Select value={kind} onChange={(_, data) => setKind(data.value as 'user' | 'service')}>
            <option value="user">user</option>
            <option value="service">service principal</option>
          </Select>
        </Field>
        <Field label="New principal's name">
          <Input value={name} onChange={(_, data) => setName(data.value)} maxLength={128} />
        </Field>
        <GuardedButton allowance={write} type="submit" appearance="primary" disabled={name === '' || create.isPending}>
          Add
        </GuardedButton>
      </form>
      <Failure error={create.error} />
      <QueryState query={users}>
        {(userList) => (
          <QueryState query={services}>
            {(serviceList) => (
              <DataTable
                label="Principals"
                rows={[...userList, ...serviceList]}
                rowKey={(principal) => principal.id}
                columns={[
                  { id: 'name', header: 'Name', cell: (principal) => principal.name },
                  { id: 'kind', header: 'Kind', cell: (principal) => principal.kind },
                  { id: 'display', header: 'Display name', cell: (principal) => principal.display_name ?? '' },
                  {
                    id: 'state',
                    header: 'State',
                    cell: (principal) => <Badge appearance="tint">{principal.disabled ? 'disabled' : 'active'}</Badge>,
                  },
                  { id: 'created', header: 'Created', cell: (principal) => principal.created_at },
                  {
                    id: 'actions',
                    header: 'Actions',
                    cell: (principal) => {
                      const what = principal.kind === 'user' ? 'user' : 'service principal';
                      return (
                        <ConfirmButton
                          allowance={write}
                          size="small"
                          label={`Delete ${what} ${principal.name}`}
                          title={`Delete ${what} ${principal.name}?`}
                          consequence={`Its tokens stop working at once, its role assignments are removed and it leaves its groups. What it did stays in the audit log. The server refuses if that would leave no Owner.`}
                          confirmLabel={`Delete ${what}`}
                          action={async () => {
                            const init = { params: { path: { name: principal.name } } };
                            if (principal.kind === 'user') doneOf(await api.DELETE('/api/v1/users/{name}', init));
                            else doneOf(await api.DELETE('/api/v1/service-principals/{name}', init));
                            await queryClient.invalidateQueries({
                              queryKey: [principal.kind === 'user' ? 'users' : 'service-principals'],
                            });
                          }}
                        >
                          Delete…
                        </ConfirmButton>
                      );
                    },
                  },
                ]}
              />
            )}
          </QueryState>
        )}
      </QueryState>
    </>
  );
}

/** Built-in and custom roles; a custom role is edited by picking permissions from the catalogue. */
function Roles({ write }: { write: Allowance }) {
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: ['roles'], queryFn: async () => dataOf(await api.GET('/api/v1/roles')).value });
  // The catalogue: every permission there is (the Owner role holds them all).
  const catalogue = roles.data?.find((r) => r.name === 'Owner')?.permissions ?? [];
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const save = useMutation({
    mutationFn: async () =>
      dataOf(
        await api.PUT('/api/v1/roles/{name}', {
          params: { path: { name } },
          body: { description, actions: [...picked].sort() },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['roles'] }),
  });
  const edit = (role: { name: string; description: string | null; actions: string[] }) => {
    setName(role.name);
    setDescription(role.description ?? '');
    setPicked(new Set(role.actions));
  };
  const toggle = (permission: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(permission);
    else next.delete(permission);
    setPicked(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <>
      <QueryState query={roles}>
        {(items) => (
          <DataTable
            label="Roles"
            rows={items}
            rowKey={(role) => role.name}
            columns={[
              { id: 'name', header: 'Name', cell: (role) => role.name },
              { id: 'kind', header: 'Kind', cell: (role) => (role.built_in ? 'built-in' : 'custom') },
              { id: 'description', header: 'Description', cell: (role) => role.description ?? '' },
              { id: 'permissions', header: 'Permissions', cell: (role) => role.permissions.length },
              {
                id: 'actions',
                header: 'Actions',
                cell: (role) =>
                  !role.built_in && (
                    <Button size="small" aria-label={`Edit ${role.name}`} onClick={() => edit(role)}>
                      Edit
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      <form onSubmit={submit} aria-labelledby="role-editor-title" style={{ marginTop: 16 }}>
        <Title3 as="h2" id="role-editor-title" block>
          Custom role
        </Title3>
        <Text block>Pick the permissions the role grants; assign it like any other role.</Text>
        <div style={{ display: 'flex', gap: 8, margin: '8px 0' }}>
          <Field label="Role name">
            <Input value={name} onChange={(_, data) => setName(data.value)} maxLength={128} />
          </Field>
          <Field label="Role description">
            <Input value={description} onChange={(_, data) => setDescription(data.value)} maxLength={1024} />
          </Field>
        </div>
        <fieldset style={{ border: 'none', padding: 0, display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)' }}>
          <legend>Permissions</legend>
          {catalogue.map((permission) => (
            <Checkbox
              key={permission}
              label={permission}
              checked={picked.has(permission)}
              onChange={(_, data) => toggle(permission, data.checked === true)}
            />
          ))}
        </fieldset>
        <Failure error={save.error} />
        {save.isSuccess && (
          <MessageBar intent="success">
            <MessageBarBody>Saved {name}.</MessageBarBody>
          </MessageBar>
        )}
        <GuardedButton
          allowance={write}
          type="submit"
          appearance="primary"
          disabled={name === '' || picked.size === 0 || save.isPending}
        >
          Save role
        </GuardedButton>
      </form>
    </>
  );
}
