import { closestName } from './did-you-mean.js';
import { arcaError } from './errors.js';
import { eventTypes, type EventType } from './events.js';

/** The body of `POST …/automations`: the JSON form of `automation.yml`. */
export interface AutomationSpec {
  $schema?: string;
  name: string;
  description?: string;
  /** Event types, `dev.arca.<noun>.*`, or `*` for every type. */
  events: string[];
  /** Arca's filter language over the event (`alias ~ '^prod' and asset_type = 'models'`). */
  filter?: string;
  webhook: { url: string; headers?: Record<string, string> };
  /** A JSON template with `${…}` variables: the body sent instead of the CloudEvent. */
  payload?: unknown;
  enabled?: boolean;
}

/** `PATCH …/automations/{id}`: the fields to change (`filter`/`payload` null removes them). */
export interface AutomationPatch {
  name?: string;
  description?: string;
  events?: string[];
  filter?: string | null;
  webhook?: { url?: string; headers?: Record<string, string> };
  payload?: unknown;
  enabled?: boolean;
}

/** Automation names: like scope names, 1–64 characters. */
export const automationNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const maxAutomationEvents = 50;
export const maxDescriptionLength = 1024;

/** The event types automations may be told of: the catalogue's (the ping goes only to the automation tested). */
export const subscribableEventTypes: readonly EventType[] = eventTypes.filter((t) => t !== 'dev.arca.automation.ping');

export function automationInvalid(target: string, problem: string) {
  return arcaError('AutomationInvalid', { target, problem }, { target });
}

/** Checks a name; throws `AutomationInvalid` naming the rule. */
export function checkAutomationName(name: string, target = 'name'): string {
  if (!automationNamePattern.test(name))
    throw automationInvalid(
      target,
      'must be 1–64 characters: letters, digits, `.`, `_` and `-`, starting with a letter or digit',
    );
  return name;
}

/**
 * Checks the `events` list: each entry a catalogue type, a `dev.arca.<noun>.*` family or `*`; answers
 * the entries without duplicates, in the order given.
 */
export function checkEventPatterns(events: readonly string[]): string[] {
  if (events.length === 0) throw automationInvalid('events', 'must name at least one event type (or `*` for all)');
  if (events.length > maxAutomationEvents)
    throw automationInvalid('events', `may name at most ${maxAutomationEvents} event types`);
  events.forEach((entry, index) => {
    if (entry === '*' || subscribableEventTypes.some((type) => eventPatternMatches(entry, type))) return;
    const near = closestName(entry, subscribableEventTypes);
    throw automationInvalid(
      `events[${index}]`,
      `names no event type: ${JSON.stringify(entry)}${near ? ` (did you mean ${near}?)` : ''}; see docs/events.md for the catalogue, or use a family such as dev.arca.alias.*`,
    );
  });
  return [...new Set(events)];
}

/** True when an `events` entry covers the type: equal, `*`, or a `prefix.*` family. */
export function eventPatternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
