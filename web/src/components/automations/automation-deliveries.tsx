import { Badge, Button, Caption1, Text, Title3 } from '@fluentui/react-components';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Allowance } from '../../session';
import { DataTable } from '../data-table';
import { Failure } from '../failure';
import { GuardedButton } from '../guarded-button';
import { LiveStatus, pollWhile } from '../live-status';
import { QueryState } from '../states';
import type { AutomationCalls } from './automation-api';
import type { Delivery } from './automation-form';

type Attempt = Delivery['attempts'][number];

/** One attempt in a line: outcome, status, latency, and the start of the response or the error. */
export function AttemptLine({ attempt }: { attempt: Attempt }) {
  return (
    <Text block size={200}>
      #{attempt.attempt} {attempt.started_at}: <Badge appearance="tint">{attempt.outcome}</Badge>
      {attempt.status_code !== undefined ? ` HTTP ${attempt.status_code}` : ''} in {attempt.latency_ms} ms
      {attempt.error ? ` — ${attempt.error.code}: ${attempt.error.message}` : ''}
      {attempt.response ? (
        <>
          {' '}
          — response: <code>{attempt.response}</code>
        </>
      ) : null}
    </Text>
  );
}

/**
 * An automation's delivery log, newest first: each delivery's time, webhook-id, event type, state and attempts
 * (a row opens to its attempts), with Redeliver. It is refreshed every 2 s while a delivery is pending.
 */
export function AutomationDeliveries({
  calls,
  name,
  write,
}: {
  calls: AutomationCalls;
  name: string;
  write: Allowance;
}) {
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<string | undefined>();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const key = [...calls.queryKey, name, 'deliveries', cursor];
  const deliveries = useQuery({
    queryKey: key,
    queryFn: () => calls.deliveries(name, cursor),
    placeholderData: keepPreviousData,
    refetchInterval: pollWhile((page: { value: Delivery[] }) => page.value.some((d) => d.state === 'pending')),
  });
  const redeliver = useMutation({
    mutationFn: (delivery: string) => calls.redeliver(name, delivery),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...calls.queryKey, name, 'deliveries'] }),
  });
  const toggle = (id: string) =>
    setOpen((before) => {
      const next = new Set(before);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <section aria-label={`Deliveries of ${name}`}>
      <Title3 as="h3" block style={{ marginTop: 16 }}>
        Deliveries of {name}
      </Title3>
      <Caption1 block>
        Each delivery keeps its webhook-id across attempts and redeliveries, so a receiver can drop duplicates.
      </Caption1>
      <Failure error={redeliver.error} />
      <QueryState query={deliveries}>
        {(page) => (
          <>
            <LiveStatus updatedAt={deliveries.dataUpdatedAt} live={page.value.some((d) => d.state === 'pending')} />
            <DataTable
              label={`Deliveries of ${name}`}
              rows={page.value}
              rowKey={(d) => d.id}
              empty="No deliveries yet."
              paging={{ cursor, next: page.next, top: 25, onChange: (p) => setCursor(p.cursor) }}
              columns={[
                { id: 'time', header: 'Time', cell: (d) => d.created_at },
                { id: 'id', header: 'webhook-id', cell: (d) => <code>{d.id}</code> },
                { id: 'type', header: 'Event type', cell: (d) => d.event.type },
                { id: 'state', header: 'State', cell: (d) => <Badge appearance="tint">{d.state}</Badge> },
                {
                  id: 'attempts',
                  header: 'Attempts',
                  cell: (d) => (
                    <>
                      <Button
                        size="small"
                        appearance="subtle"
                        aria-expanded={open.has(d.id)}
                        aria-label={`Attempts of ${d.id}`}
                        onClick={() => toggle(d.id)}
                      >
                        {d.attempts.length} {open.has(d.id) ? '▾' : '▸'}
                      </Button>
                      {open.has(d.id) && d.attempts.map((a) => <AttemptLine key={a.attempt} attempt={a} />)}
                    </>
                  ),
                },
                {
                  id: 'actions',
                  header: 'Actions',
                  cell: (d) => (
                    <GuardedButton
                      allowance={write}
                      size="small"
                      aria-label={`Redeliver ${d.id}`}
                      disabled={redeliver.isPending}
                      onClick={() => redeliver.mutate(d.id)}
                    >
                      Redeliver
                    </GuardedButton>
                  ),
                },
              ]}
            />
          </>
        )}
      </QueryState>
    </section>
  );
}
