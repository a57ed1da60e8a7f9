import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Select,
  Text,
  Title3,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, dataOf, type Schemas, type ScopeFamily } from '../api';
import { formatBytes } from '../routes/assets/$asset';
import { allowance, useSession } from '../session';
import { DataTable } from './data-table';
import { Failure } from './failure';
import { GuardedButton } from './guarded-button';

type Scope = Schemas['Registry'] | Schemas['Workspace'];
type Holding = Schemas['RegionHoldings'];
type RegionRow = Schemas['RegionView'] & Partial<Holding>;

function stateBadge(state: string) {
  const color = state === 'Succeeded' ? 'success' : state === 'Failed' ? 'danger' : 'informative';
  return (
    <Badge appearance="outline" color={color}>
      {state}
    </Badge>
  );
}

/** Waits for a provisioning operation to end (adding or removing a region), and fails with its error. */
async function operationDone(id: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const operation = dataOf(await api.GET('/api/v1/operations/{id}', { params: { path: { id } } }));
    if (operation.status === 'Succeeded') return;
    if (operation.status === 'Failed' || operation.status === 'Canceled')
      throw new ApiError(
        409,
        operation.error?.code ?? 'OperationFailed',
        `${operation.error?.message ?? `it ended ${operation.status}`} (the Jobs page can retry it)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the operation is still running; reload the page later');
}

/**
 * A registry's regions (the primary and its replicas) with their state, replication progress and lag, and what
 * each holds; adding and removing a replica for who may write the registry. A workspace's one region.
 */
export function ScopeRegions({ family, scope: s }: { family: ScopeFamily; scope: Scope }) {
  const overview = useQuery({
    queryKey: ['registry-regions', s.name],
    queryFn: async () =>
      dataOf(await api.GET('/api/v1/registries/{name}/regions', { params: { path: { name: s.name } } })),
    enabled: family === 'registries',
    refetchInterval: (query) =>
      query.state.data?.value.some((r) => r.replicated_versions < r.versions || r.provisioning_state !== 'Succeeded')
        ? 5000
        : false,
  });
  const [removing, setRemoving] = useState<RegionRow | undefined>();
  const { data: session } = useSession();
  const write = allowance(session, 'registries/write', { kind: 'registry', name: s.name });
  const rows: RegionRow[] =
    overview.data?.value ??
    ('replication_locations' in s
      ? s.replication_locations
      : [{ location: s.location, provisioning_state: s.provisioning_state, storage_config: {} }]);
  const registry = family === 'registries';
  return (
    <>
      <Title3 as="h2" block style={{ marginTop: 24 }}>
        Regions
      </Title3>
      <DataTable
        label="Regions"
        rows={rows}
        rowKey={(region) => region.location}
        columns={[
          { id: 'region', header: 'Region', cell: (region) => region.location },
          {
            id: 'role',
            header: 'Role',
            cell: (region) => (region.location === s.location ? 'primary' : 'replica'),
          },
          {
            id: 'state',
            header: 'State',
            cell: (region) => (
              <>
                {stateBadge(region.provisioning_state)} {region.error ?? ''}
              </>
            ),
          },
          ...(registry
            ? [
                {
                  id: 'replication',
                  header: 'Replication',
                  cell: (region: RegionRow) =>
                    region.versions === undefined
                      ? '—'
                      : `${region.replicated_versions} of ${region.versions} versions` +
                        (region.oldest_pending_at ? `; behind since ${region.oldest_pending_at}` : '; up to date'),
                },
                {
                  id: 'held',
                  header: 'Held',
                  cell: (region: RegionRow) =>
                    region.bytes === undefined ? '—' : `${region.blobs} files, ${formatBytes(region.bytes)}`,
                },
              ]
            : []),
          {
            id: 'storage',
            header: 'Storage',
            cell: (region) =>
              (region.storage_config as { storage_account_type?: string } | undefined)?.storage_account_type ?? '—',
          },
          ...(registry
            ? [
                {
                  id: 'actions',
                  header: 'Actions',
                  cell: (region: RegionRow) =>
                    region.location === s.location ? null : (
                      <GuardedButton
                        allowance={write}
                        size="small"
                        aria-label={`Remove region ${region.location}…`}
                        onClick={() => setRemoving(region)}
                      >
                        Remove…
                      </GuardedButton>
                    ),
                },
              ]
            : []),
        ]}
      />
      {registry && overview.data && (
        <AddRegion registry={s.name} addable={overview.data.addable} anyRegion={overview.data.any_region} />
      )}
      {removing && <RemoveRegionDialog registry={s.name} region={removing} onClose={() => setRemoving(undefined)} />}
    </>
  );
}

function useRegionChange(registry: string, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { add?: string; remove?: string }) => {
      const answer = dataOf(
        await api.PATCH('/api/v1/registries/{name}', {
          params: { path: { name: registry } },
          body: change.add
            ? { add_replication_locations: [{ location: change.add }] }
            : { remove_replication_locations: [change.remove ?? ''] },
        }),
      );
      if ('status' in answer) await operationDone(answer.id);
    },
    onSuccess: onDone,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['registries', registry] }),
        queryClient.invalidateQueries({ queryKey: ['registry-regions', registry] }),
      ]),
  });
}

/** Adds a replica: a configured region the registry lacks (or, in embedded mode, any region name). */
function AddRegion({ registry, addable, anyRegion }: { registry: string; addable: string[]; anyRegion: boolean }) {
  const { data: session } = useSession();
  const write = allowance(session, 'registries/write', { kind: 'registry', name: registry });
  const [region, setRegion] = useState(addable[0] ?? '');
  const add = useRegionChange(registry, () => setRegion(''));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ add: region });
  };
  if (!anyRegion && addable.length === 0)
    return <Text block>Every configured region already holds this registry.</Text>;
  return (
    <form onSubmit={submit} style={{ display: 'flex', gap: 8, alignItems: 'end', margin: '12px 0' }}>
      <Field
        label="Region to add"
        hint={anyRegion ? 'A configured region, or any region name (embedded mode makes its directory).' : undefined}
      >
        {anyRegion ? (
          <>
            <Input value={region} onChange={(_, d) => setRegion(d.value)} list="addable-regions" maxLength={32} />
            <datalist id="addable-regions">
              {addable.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </>
        ) : (
          <Select value={region} onChange={(_, d) => setRegion(d.value)}>
            {addable.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <GuardedButton allowance={write} type="submit" disabled={region === '' || add.isPending}>
        {add.isPending ? 'Adding…' : 'Add region'}
      </GuardedButton>
      <Failure error={add.error} />
    </form>
  );
}

/** Says what removing a replica drops, and acts only once the region's name is typed. */
function RemoveRegionDialog({
  registry,
  region,
  onClose,
}: {
  registry: string;
  region: RegionRow;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState('');
  const remove = useRegionChange(registry, onClose);
  const name = region.location;
  return (
    <Dialog open onOpenChange={(_e, d) => (d.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{`Remove region ${name} from ${registry}?`}</DialogTitle>
          <DialogContent>
            <Text block>
              {region.versions === undefined
                ? `The copies in ${name} of this registry's versions will be deleted.`
                : `The copies in ${name} of ${region.replicated_versions} of ${region.versions} versions will be deleted: ` +
                  `${region.blobs} files, ${formatBytes(region.bytes ?? 0)}.`}{' '}
              Files another registry in {name} also holds stay. Downloads asked of {name} are served from the primary
              region; the versions themselves are not touched.
            </Text>
            <Field label={`Type ${name} to confirm`} style={{ marginTop: 12 }}>
              <Input value={typed} onChange={(_, d) => setTyped(d.value)} />
            </Field>
            <Failure error={remove.error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={typed !== name || remove.isPending}
              onClick={() => remove.mutate({ remove: name })}
            >
              {remove.isPending ? 'Removing…' : `Remove ${name}`}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
