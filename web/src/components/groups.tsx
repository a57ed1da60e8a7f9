import { Button, Field, Input, Text, Title3 } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, dataOf, doneOf } from '../api';
import { allowance, useSession } from '../session';
import { ConfirmButton } from './confirm-button';
import { DataTable } from './data-table';
import { Failure } from './failure';
import { GuardedButton } from './guarded-button';
import { QueryState } from './states';

/** Groups: list them, create one, delete one, and open one to add or remove its members (users and service principals). */
export function Groups() {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const write = allowance(session, 'principals/write');
  const groups = useQuery({ queryKey: ['groups'], queryFn: async () => dataOf(await api.GET('/api/v1/groups')).value });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [open, setOpen] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: async () =>
      dataOf(
        await api.PUT('/api/v1/groups/{name}', {
          params: { path: { name } },
          body: description === '' ? {} : { description },
        }),
      ),
    onSuccess: async (group) => {
      setName('');
      setDescription('');
      setOpen(group.name);
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <form onSubmit={submit} style={{ display: 'flex', gap: 8, alignItems: 'end', marginBottom: 12 }}>
        <Field label="New group's name">
          <Input value={name} onChange={(_, data) => setName(data.value)} maxLength={128} />
        </Field>
        <Field label="Group description">
          <Input value={description} onChange={(_, data) => setDescription(data.value)} maxLength={1024} />
        </Field>
        <GuardedButton allowance={write} type="submit" appearance="primary" disabled={name === '' || create.isPending}>
          Create group
        </GuardedButton>
      </form>
      <Failure error={create.error} />
      <QueryState query={groups}>
        {(items) => (
          <DataTable
            label="Groups"
            rows={items}
            rowKey={(group) => group.id}
            empty="No groups yet."
            columns={[
              { id: 'name', header: 'Name', cell: (group) => group.name },
              { id: 'description', header: 'Description', cell: (group) => group.description ?? '' },
              {
                id: 'actions',
                header: 'Actions',
                cell: (group) => (
                  <>
                    <Button
                      size="small"
                      aria-label={`Members of ${group.name}`}
                      aria-pressed={open === group.name}
                      onClick={() => setOpen(open === group.name ? undefined : group.name)}
                    >
                      Members
                    </Button>
                    <ConfirmButton
                      allowance={write}
                      size="small"
                      label={`Delete group ${group.name}`}
                      title={`Delete group ${group.name}?`}
                      consequence={`Its members stay, but lose the roles assigned to ${group.name}; those assignments are removed with it. The server refuses if that would leave no Owner.`}
                      confirmLabel="Delete group"
                      action={async () => {
                        doneOf(await api.DELETE('/api/v1/groups/{name}', { params: { path: { name: group.name } } }));
                        // The group's own page is gone: close it and forget it rather than fetch a 404.
                        if (open === group.name) setOpen(undefined);
                        queryClient.removeQueries({ queryKey: ['groups', group.name] });
                        await queryClient.invalidateQueries({ queryKey: ['groups'], exact: true });
                      }}
                    >
                      Delete…
                    </ConfirmButton>
                  </>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {open !== undefined && <GroupMembers key={open} group={open} />}
    </>
  );
}

/** One group's members, with a form to add one and a Remove per member. */
function GroupMembers({ group }: { group: string }) {
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const write = allowance(session, 'principals/write');
  const key = ['groups', group];
  const detail = useQuery({
    queryKey: key,
    queryFn: async () => dataOf(await api.GET('/api/v1/groups/{name}', { params: { path: { name: group } } })),
  });
  const [member, setMember] = useState('');
  const change = useMutation({
    mutationFn: async ({ name, add }: { name: string; add: boolean }) => {
      const init = { params: { path: { name: group, member: name } } };
      return add
        ? dataOf(await api.PUT('/api/v1/groups/{name}/members/{member}', init))
        : dataOf(await api.DELETE('/api/v1/groups/{name}/members/{member}', init));
    },
    onSuccess: (updated, { add }) => {
      queryClient.setQueryData(key, updated);
      if (add) setMember('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ name: member, add: true });
  };
  return (
    <section aria-labelledby="group-members-title" style={{ marginTop: 16 }}>
      <Title3 as="h2" id="group-members-title" block>
        Members of {group}
      </Title3>
      <Text block>A role assigned to the group applies to each member.</Text>
      <form onSubmit={submit} style={{ display: 'flex', gap: 8, alignItems: 'end', margin: '8px 0' }}>
        <Field label="User or service principal">
          <Input value={member} onChange={(_, data) => setMember(data.value)} maxLength={128} />
        </Field>
        <GuardedButton allowance={write} type="submit" disabled={member === '' || change.isPending}>
          Add member
        </GuardedButton>
      </form>
      <Failure error={change.error} />
      <QueryState query={detail}>
        {(g) => (
          <DataTable
            label={`Members of ${group}`}
            rows={g.members}
            rowKey={(m) => `${m.kind}:${m.name}`}
            empty="No members yet."
            columns={[
              { id: 'name', header: 'Name', cell: (m) => m.name },
              { id: 'kind', header: 'Kind', cell: (m) => m.kind },
              {
                id: 'actions',
                header: 'Actions',
                cell: (m) => (
                  <GuardedButton
                    allowance={write}
                    size="small"
                    aria-label={`Remove ${m.name} from ${group}`}
                    disabled={change.isPending}
                    onClick={() => change.mutate({ name: m.name, add: false })}
                  >
                    Remove
                  </GuardedButton>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
