import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  OptionGroup,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { Failure } from '../failure';
import { eventFamilies, fieldOfError, subscribableEventTypes, type AutomationDraft } from './automation-form';

/** A refusal the server placed at one field of the form, or at none (shown under the form). */
interface Refusal {
  field: string | undefined;
  error: Error;
}

/**
 * The create and edit form of an automation: name, description, events (families or types), filter, URL, header
 * rows and enabled. `save` sends it; the server's refusal shows at the field it names, the dialog staying open.
 */
export function AutomationDialog({
  title,
  initial,
  editing,
  save,
  onClose,
}: {
  title: string;
  initial: AutomationDraft;
  /** An existing automation: its header values are not shown, and rows typed here replace them all. */
  editing: boolean;
  save: (draft: AutomationDraft) => Promise<void>;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [refusal, setRefusal] = useState<Refusal | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<AutomationDraft>) => setDraft((d) => ({ ...d, ...change }));
  const at = (field: string) => {
    if (refusal?.field !== field) return { validationState: 'none' as const };
    const { error } = refusal;
    const text = error instanceof ApiError ? `${error.code}: ${error.message}` : error.message;
    return { validationState: 'error' as const, validationMessage: text };
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRefusal(undefined);
    try {
      await save(draft);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      setRefusal({
        field: error instanceof ApiError ? fieldOfError(error.code, error.where.target) : undefined,
        error,
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(event) => void submit(event)}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
              <Field label="Name" required {...at('name')}>
                <Input value={draft.name} maxLength={64} onChange={(_e, d) => set({ name: d.value })} />
              </Field>
              <Field label="Description" {...at('description')}>
                <Textarea value={draft.description} onChange={(_e, d) => set({ description: d.value })} />
              </Field>
              <Field
                label="Events"
                required
                hint="A family (dev.arca.alias.*), single types, or * for every event"
                {...at('events')}
              >
                <Dropdown
                  multiselect
                  placeholder="Pick events"
                  value={draft.events.join(', ')}
                  selectedOptions={draft.events}
                  onOptionSelect={(_e, d) => set({ events: d.selectedOptions })}
                >
                  <OptionGroup label="Families">
                    {eventFamilies.map((family) => (
                      <Option key={family} value={family}>
                        {family}
                      </Option>
                    ))}
                  </OptionGroup>
                  <OptionGroup label="Types">
                    {subscribableEventTypes.map((type) => (
                      <Option key={type} value={type}>
                        {type}
                      </Option>
                    ))}
                  </OptionGroup>
                </Dropdown>
              </Field>
              <Field
                label="Filter"
                hint="Arca's filter language over the event, e.g. alias ~ '^prod'"
                {...at('filter')}
              >
                <Input value={draft.filter} onChange={(_e, d) => set({ filter: d.value })} />
              </Field>
              <Field
                label="URL"
                required
                hint="Where the signed webhook is sent (http or https)"
                {...at('webhook.url')}
              >
                <Input value={draft.url} onChange={(_e, d) => set({ url: d.value })} />
              </Field>
              <HeaderRows draft={draft} set={set} editing={editing} state={at('webhook.headers')} />
              <Checkbox
                label="Enabled"
                checked={draft.enabled}
                onChange={(_e, d) => set({ enabled: d.checked === true })}
              />
              {refusal && refusal.field === undefined && <Failure error={refusal.error} />}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={busy || draft.name.trim() === ''}>
                {editing ? 'Save' : 'Create'}
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** The headers sent with every delivery, as name/value rows (values are stored sealed, never shown again). */
function HeaderRows({
  draft,
  set,
  editing,
  state,
}: {
  draft: AutomationDraft;
  set: (change: Partial<AutomationDraft>) => void;
  editing: boolean;
  state: { validationState: 'none' | 'error'; validationMessage?: string };
}) {
  const rows = draft.headers;
  const change = (index: number, row: Partial<{ name: string; value: string }>) =>
    set({ headers: rows.map((r, i) => (i === index ? { ...r, ...row } : r)) });
  return (
    <Field
      label="Headers"
      data-testid="headers-field"
      hint={editing ? 'Rows typed here replace every header sent now (their values are never shown)' : undefined}
      {...state}
    >
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        {rows.map((row, index) => (
          <div key={index} style={{ display: 'flex', gap: 4 }}>
            <Input
              aria-label={`Header ${index + 1} name`}
              value={row.name}
              onChange={(_e, d) => change(index, { name: d.value })}
            />
            <Input
              aria-label={`Header ${index + 1} value`}
              type="password"
              value={row.value}
              onChange={(_e, d) => change(index, { value: d.value })}
            />
            <Button
              aria-label={`Remove header ${index + 1}`}
              onClick={() => set({ headers: rows.filter((_r, i) => i !== index) })}
            >
              ×
            </Button>
          </div>
        ))}
        {rows.length === 0 && <Text size={200}>No headers.</Text>}
        <Button size="small" onClick={() => set({ headers: [...rows, { name: '', value: '' }] })}>
          Add header
        </Button>
      </div>
    </Field>
  );
}
