// The automation form's state and the request bodies it becomes: pure, so Vitest checks them without a page.
import type { Schemas } from '../../api';

export type Automation = Schemas['Automation'];
export type Delivery = Schemas['AutomationDelivery'];

/**
 * The event types an automation may be told of, as in src/core/events.ts (less the ping, which goes only to the
 * automation tested). A Vitest compares this list with the catalogue, so the two cannot drift apart.
 */
export const subscribableEventTypes = [
  'dev.arca.version.created',
  'dev.arca.version.archived',
  'dev.arca.version.restored',
  'dev.arca.version.deleted',
  'dev.arca.version.shared',
  'dev.arca.alias.set',
  'dev.arca.alias.moved',
  'dev.arca.alias.removed',
  'dev.arca.tag.set',
  'dev.arca.tag.removed',
  'dev.arca.approval.requested',
  'dev.arca.approval.decided',
  'dev.arca.image.pushed',
  'dev.arca.image.deleted',
  'dev.arca.replication.completed',
  'dev.arca.replication.failed',
  'dev.arca.automation.disabled',
] as const;

/** `*` and each `dev.arca.<noun>.*` family of the types above, in catalogue order. */
export const eventFamilies: string[] = [
  '*',
  ...new Set(subscribableEventTypes.map((type) => type.replace(/\.[^.]+$/, '.*'))),
];

export interface HeaderRow {
  name: string;
  value: string;
}

/** What the create and edit dialogs hold while the user types. */
export interface AutomationDraft {
  name: string;
  description: string;
  events: string[];
  filter: string;
  url: string;
  headers: HeaderRow[];
  enabled: boolean;
}

export const emptyDraft: AutomationDraft = {
  name: '',
  description: '',
  events: [],
  filter: '',
  url: '',
  headers: [],
  enabled: true,
};

/** An automation as the edit dialog starts: header values are never shown by the API, so they start empty. */
export function draftOf(automation: Automation): AutomationDraft {
  return {
    name: automation.name,
    description: automation.description,
    events: [...automation.events],
    filter: automation.filter ?? '',
    url: automation.webhook.url,
    headers: [],
    enabled: automation.enabled,
  };
}

/** The header rows with a name, as the API's map; rows left blank are dropped. */
function headersOf(rows: HeaderRow[]): Record<string, string> | undefined {
  const named = rows.filter((row) => row.name.trim() !== '');
  if (named.length === 0) return undefined;
  return Object.fromEntries(named.map((row) => [row.name.trim(), row.value]));
}

/** `POST …/automations`: the draft's fields, leaving out what is empty (the server's defaults apply). */
export function createBodyOf(draft: AutomationDraft) {
  const headers = headersOf(draft.headers);
  return {
    name: draft.name.trim(),
    ...(draft.description !== '' ? { description: draft.description } : {}),
    events: draft.events,
    ...(draft.filter.trim() !== '' ? { filter: draft.filter.trim() } : {}),
    webhook: { url: draft.url.trim(), ...(headers ? { headers } : {}) },
    enabled: draft.enabled,
  };
}

/**
 * `PATCH …/automations/{name}`: only what changed from `before`. A cleared filter is `null` (removed); headers
 * are sent only when rows were typed, since the old values cannot be shown and an empty form must not erase them.
 */
export function patchBodyOf(before: Automation, draft: AutomationDraft) {
  const headers = headersOf(draft.headers);
  const url = draft.url.trim();
  const filter = draft.filter.trim();
  const sameEvents =
    before.events.length === draft.events.length && before.events.every((e, i) => e === draft.events[i]);
  const webhook = {
    ...(url !== before.webhook.url ? { url } : {}),
    ...(headers ? { headers } : {}),
  };
  return {
    ...(draft.name.trim() !== before.name ? { name: draft.name.trim() } : {}),
    ...(draft.description !== before.description ? { description: draft.description } : {}),
    ...(sameEvents ? {} : { events: draft.events }),
    ...(filter !== (before.filter ?? '') ? { filter: filter === '' ? null : filter } : {}),
    ...(Object.keys(webhook).length > 0 ? { webhook } : {}),
    ...(draft.enabled !== before.enabled ? { enabled: draft.enabled } : {}),
  };
}

/** The fields of the form a refusal can be shown at, by the API's names. */
export const formFields = ['name', 'description', 'events', 'filter', 'webhook.url', 'webhook.headers'] as const;

/**
 * The form field a server refusal belongs to: the field its `target` names or lies under (`webhook.headers.host`,
 * `events[2]`), or, for the URL checks (which name no target), the URL.
 */
export function fieldOfError(code: string, target: string | undefined): string | undefined {
  const named = formFields.find((f) => target === f || target?.startsWith(`${f}.`) || target?.startsWith(`${f}[`));
  if (named !== undefined) return named;
  if (code.startsWith('WebhookUrl') || code === 'WebhookTargetRefused') return 'webhook.url';
  if (code.startsWith('WebhookHeader')) return 'webhook.headers';
  if (code === 'AutomationAlreadyExists') return 'name';
  return undefined;
}
