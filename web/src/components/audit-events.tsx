import { Badge, Button, Field, Input, Select } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { ApiPaths } from '../api';
import { auditFilterKeys as filterKeys, validateAuditSearch, type AuditSearch } from './audit-search';
import { DataTable, type Paging } from './data-table';

type AuditPage = ApiPaths['/api/v1/audit']['get']['responses'][200]['content']['application/json'];

/** A page of audit events (who, action, target, outcome, details), with cursor paging. */
export function AuditEventsTable({
  page,
  search,
  onPage,
}: {
  page: AuditPage;
  search: AuditSearch;
  onPage: Paging['onChange'];
}) {
  return (
    <DataTable
      label="Audit events"
      rows={page.value}
      rowKey={(event) => event.id}
      empty="No events match."
      columns={[
        { id: 'seq', header: '#', cell: (event) => event.seq },
        { id: 'at', header: 'When', cell: (event) => event.at },
        { id: 'principal', header: 'Who', cell: (event) => event.principal },
        { id: 'action', header: 'Action', cell: (event) => event.action },
        { id: 'target', header: 'Target', cell: (event) => event.target },
        {
          id: 'outcome',
          header: 'Outcome',
          cell: (event) => (
            <Badge appearance="tint" color={event.outcome === 'succeeded' ? 'success' : 'danger'}>
              {event.outcome}
            </Badge>
          ),
        },
        { id: 'details', header: 'Details', cell: (event) => <code>{JSON.stringify(event.details)}</code> },
      ]}
      paging={{
        cursor: search.cursor,
        next: page.next,
        top: search.top ?? 50,
        onChange: onPage,
      }}
    />
  );
}

/** The filter form: applied on submit (a new first page), cleared with one button. */
export function AuditFilters({
  current,
  apply,
  keys = filterKeys,
}: {
  current: AuditSearch;
  apply: (next: AuditSearch) => void;
  /** The text filters offered (a scope's activity has its target fixed). */
  keys?: readonly (typeof filterKeys)[number][];
}) {
  const [draft, setDraft] = useState<AuditSearch>({ ...current, cursor: undefined });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(validateAuditSearch({ ...draft }));
  };
  const labels: Record<(typeof filterKeys)[number], string> = {
    since: 'Since (date or date-time)',
    until: 'Until (exclusive)',
    principal: 'Principal',
    action: 'Action',
    target: 'Target (arca:// reference)',
  };
  return (
    <form
      onSubmit={submit}
      aria-label="Filter the audit log"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'end' }}
    >
      {keys.map((key) => (
        <Field key={key} label={labels[key]}>
          <Input value={draft[key] ?? ''} onChange={(_, data) => setDraft({ ...draft, [key]: data.value })} />
        </Field>
      ))}
      <Field label="Outcome">
        <Select
          value={draft.outcome ?? ''}
          onChange={(_, data) =>
            setDraft({ ...draft, outcome: data.value === '' ? undefined : (data.value as AuditSearch['outcome']) })
          }
        >
          <option value="">any</option>
          <option value="succeeded">succeeded</option>
          <option value="denied">denied</option>
          <option value="failed">failed</option>
        </Select>
      </Field>
      <Button type="submit" appearance="primary">
        Apply
      </Button>
      <Button onClick={() => apply({})}>Clear</Button>
    </form>
  );
}
