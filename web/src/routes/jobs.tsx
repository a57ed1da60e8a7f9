import { Badge, Button, Checkbox, MessageBar, MessageBarBody, Title2, Title3 } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, dataOf } from '../api';
import { ChoiceFilter } from '../components/choice-filter';
import { DataTable } from '../components/data-table';
import { GuardedButton } from '../components/guarded-button';
import { QueryState } from '../components/states';
import { OperationsSection } from './operations-section';
import { allowance, useSession, type Allowance } from '../session';

type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
const jobStates: JobState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/**
 * Background jobs (replication, backfills, garbage collection…): filter by state, retry a failed one, cancel
 * a queued one; the long-running operations of registries and workspaces (retry, cancel); and the maintenance runs — garbage collection (a dry run first) and the consistency check —
 * with their reports.
 */
export function JobsPage() {
  const { data: session } = useSession();
  const queryClient = useQueryClient();
  const read = allowance(session, 'jobs/read');
  const write = allowance(session, 'jobs/write');
  const [state, setState] = useState<JobState | ''>('');
  const jobs = useQuery({
    queryKey: ['jobs', state],
    queryFn: async () =>
      dataOf(await api.GET('/api/v1/jobs', { params: { query: { top: 100, ...(state ? { state } : {}) } } })).value,
    enabled: read.allowed,
    refetchInterval: 5_000,
  });
  const act = useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'retry' | 'cancel' }) =>
      action === 'retry'
        ? dataOf(await api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id } } }))
        : dataOf(await api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['jobs'] }),
  });
  return (
    <section aria-labelledby="jobs-title">
      <Title2 as="h1" id="jobs-title" block>
        Jobs
      </Title2>
      {!read.allowed && (
        <MessageBar intent="info">
          <MessageBarBody>{read.reason}</MessageBarBody>
        </MessageBar>
      )}
      <ChoiceFilter label="State" choices={jobStates} value={state} onChange={setState} />
      {act.error && (
        <MessageBar intent="error">
          <MessageBarBody>{act.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {read.allowed && (
        <QueryState query={jobs}>
          {(items) => (
            <DataTable
              label="Jobs"
              rows={items}
              rowKey={(job) => job.id}
              empty="No jobs."
              columns={[
                { id: 'kind', header: 'Kind', cell: (job) => job.kind },
                { id: 'state', header: 'State', cell: (job) => <Badge appearance="tint">{job.state}</Badge> },
                { id: 'attempts', header: 'Attempts', cell: (job) => `${job.attempts} / ${job.max_attempts}` },
                { id: 'created', header: 'Created', cell: (job) => job.created_at },
                {
                  id: 'error',
                  header: 'Last error',
                  cell: (job) => (job.last_error ? `${job.last_error.code}: ${job.last_error.message}` : ''),
                },
                {
                  id: 'actions',
                  header: 'Actions',
                  cell: (job) => (
                    <>
                      {job.state === 'failed' && (
                        <GuardedButton
                          allowance={write}
                          size="small"
                          aria-label={`Retry ${job.kind} job ${job.id}`}
                          onClick={() => act.mutate({ id: job.id, action: 'retry' })}
                        >
                          Retry
                        </GuardedButton>
                      )}
                      {job.state === 'queued' && (
                        <GuardedButton
                          allowance={write}
                          size="small"
                          aria-label={`Cancel ${job.kind} job ${job.id}`}
                          onClick={() => act.mutate({ id: job.id, action: 'cancel' })}
                        >
                          Cancel
                        </GuardedButton>
                      )}
                    </>
                  ),
                },
              ]}
            />
          )}
        </QueryState>
      )}
      <OperationsSection />
      <Maintenance readAllowed={read} writeAllowed={write} />
    </section>
  );
}

type GcReport = Awaited<ReturnType<typeof runGc>>;
type FsckReport = Awaited<ReturnType<typeof runFsck>>;

async function runGc(dryRun: boolean) {
  const result = dataOf(await api.POST('/api/v1/gc', { body: { dry_run: dryRun } }));
  if (!('regions' in result)) throw new Error('the server queued the collection instead of running it');
  return result;
}

async function runFsck(verify: boolean) {
  const result = dataOf(await api.POST('/api/v1/fsck', { body: { verify } }));
  if (!('findings' in result)) throw new Error('the server queued the check instead of running it');
  return result;
}

/** Garbage collection and the consistency check, run now, with their reports. */
function Maintenance({ readAllowed, writeAllowed }: { readAllowed: Allowance; writeAllowed: Allowance }) {
  const [verify, setVerify] = useState(false);
  const gc = useMutation({ mutationFn: runGc });
  const fsck = useMutation({ mutationFn: runFsck });
  return (
    <section aria-labelledby="maintenance-title" style={{ marginTop: 24 }}>
      <Title3 as="h2" id="maintenance-title" block>
        Maintenance
      </Title3>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', margin: '8px 0' }}>
        <GuardedButton allowance={readAllowed} onClick={() => gc.mutate(true)} disabled={gc.isPending}>
          Garbage collection: dry run
        </GuardedButton>
        <GuardedButton allowance={writeAllowed} onClick={() => gc.mutate(false)} disabled={gc.isPending}>
          Collect garbage now
        </GuardedButton>
        <GuardedButton allowance={readAllowed} onClick={() => fsck.mutate(verify)} disabled={fsck.isPending}>
          Check consistency
        </GuardedButton>
        <Checkbox
          checked={verify}
          onChange={(_, data) => setVerify(data.checked === true)}
          label="Hash every blob (reads all bytes)"
        />
      </div>
      {(gc.error ?? fsck.error) && (
        <MessageBar intent="error">
          <MessageBarBody>{(gc.error ?? fsck.error)?.message}</MessageBarBody>
        </MessageBar>
      )}
      {gc.data && <GcReportTable report={gc.data} />}
      {fsck.data && <FsckReportView report={fsck.data} />}
    </section>
  );
}

function GcReportTable({ report }: { report: GcReport }) {
  return (
    <DataTable
      label="Garbage collection report"
      rows={report.regions}
      rowKey={(region) => region.region}
      columns={[
        { id: 'region', header: 'Region', cell: (region) => region.region },
        { id: 'examined', header: 'Examined', cell: (region) => region.examined },
        {
          id: 'gone',
          header: report.dryRun ? 'Would remove' : 'Removed',
          cell: (region) => {
            const gone = report.dryRun ? region.reclaimable : region.removed;
            return `${gone.blobs} blobs, ${gone.bytes} bytes`;
          },
        },
        { id: 'young', header: `Kept (younger than ${report.graceSeconds} s)`, cell: (region) => region.young },
      ]}
    />
  );
}

function FsckReportView({ report }: { report: FsckReport }) {
  return (
    <div data-testid="fsck-report">
      <MessageBar intent={report.findings.length === 0 ? 'success' : 'warning'}>
        <MessageBarBody>
          {report.findings.length === 0
            ? `Consistent: ${report.regions.map((r) => `${r.region} ${r.indexed} indexed, ${r.stored} stored`).join('; ')}`
            : `${report.findings.length} findings`}
        </MessageBarBody>
      </MessageBar>
      {report.findings.length > 0 && (
        <DataTable
          label="Consistency findings"
          rows={report.findings}
          rowKey={(finding) => `${finding.region}/${finding.digest}/${finding.problem}`}
          columns={[
            { id: 'region', header: 'Region', cell: (finding) => finding.region },
            { id: 'digest', header: 'Digest', cell: (finding) => finding.digest },
            { id: 'problem', header: 'Problem', cell: (finding) => finding.problem },
            { id: 'detail', header: 'Detail', cell: (finding) => finding.detail },
          ]}
        />
      )}
      <Button appearance="subtle" onClick={() => void navigator.clipboard?.writeText(JSON.stringify(report, null, 2))}>
        Copy the report (JSON)
      </Button>
    </div>
  );
}
