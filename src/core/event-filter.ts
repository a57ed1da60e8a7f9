/** Automation filters: the filter language over one event, evaluated in memory. */

import { assetTypeSegments } from './asset-types.js';
import type { CloudEvent } from './events.js';
import {
  filterPredicate,
  parseFilter,
  validateFilter,
  type FilterField,
  type FilterFieldSpec,
  type FilterNode,
} from './filter/index.js';
import type { ScopeKind } from './names.js';

/** The fields an automation filter may name. Every text field takes `~` as well as `like`. */
export const eventFilterFields: FilterFieldSpec = {
  type: { type: 'text', regex: true },
  scope: { type: 'text', regex: true },
  scope_kind: { type: 'enum', values: ['registry', 'workspace'] },
  asset_type: { type: 'enum', values: Object.values(assetTypeSegments) },
  asset: { type: 'text', regex: true },
  version: { type: 'text', regex: true },
  alias: { type: 'text', regex: true },
  tag: { type: 'text', regex: true },
  actor: { type: 'text', regex: true },
  region: { type: 'text', regex: true },
  tags: { type: 'text', keyed: true, regex: true },
};

/** What an automation filter sees of one event. An absent fact compares like SQL's NULL. */
export interface EventFacts {
  type: string;
  /** The registry or workspace name (absent for an event of the organisation). */
  scope?: string;
  scopeKind: ScopeKind | 'organization';
  /** The asset type as URLs write it: `models`, `data`, `environments`, `components` (absent: no asset). */
  assetType?: string;
  asset?: string;
  version?: string;
  alias?: string;
  /** The key of a tag event. */
  tag?: string;
  actor: string;
  region?: string;
  /** A tag event's key with its new value (none for a removal). */
  tags: Record<string, string>;
}

/** A compiled automation filter. */
export interface EventFilter {
  /** The validated syntax tree (timestamps and numbers normalised), for showing or storing. */
  readonly node: FilterNode;
  matches(facts: EventFacts): boolean;
}

/**
 * Parses and validates an automation filter over `eventFilterFields`: errors are the usual
 * `FilterInvalid` / `FilterFieldUnknown` with the column. Its semantics are those of list filters in SQL.
 */
export function compileEventFilter(text: string): EventFilter {
  const node = validateFilter(parseFilter(text), eventFilterFields);
  const predicate = filterPredicate(node);
  return { node, matches: (facts) => predicate((field) => factOf(facts, field)) };
}

function factOf(facts: EventFacts, field: FilterField): string | undefined {
  switch (field.name) {
    case 'type':
      return facts.type;
    case 'scope':
      return facts.scope;
    case 'scope_kind':
      return facts.scopeKind;
    case 'asset_type':
      return facts.assetType;
    case 'asset':
      return facts.asset;
    case 'version':
      return facts.version;
    case 'alias':
      return facts.alias;
    case 'tag':
      return facts.tag;
    case 'actor':
      return facts.actor;
    case 'region':
      return facts.region;
    case 'tags':
      return field.key !== undefined && Object.hasOwn(facts.tags, field.key) ? facts.tags[field.key] : undefined;
    default:
      return undefined;
  }
}

/**
 * The facts of an event, read from its `data` (src/core/events.ts): `version` from `data.version`
 * (for alias events, the version the alias names now), `alias` from `data.alias`, `tag` and `tags`
 * from a tag event's `data.key` and `data.value`, `region` from `data.region`.
 */
export function eventFactsOf(event: CloudEvent): EventFacts {
  const data = event.data;
  const isTagEvent = event.type === 'dev.arca.tag.set' || event.type === 'dev.arca.tag.removed';
  const isAliasEvent = event.type.startsWith('dev.arca.alias.');
  const key = isTagEvent ? text(data.key) : undefined;
  const value = isTagEvent ? text(data.value) : undefined;
  const version = text(data.version) ?? (isAliasEvent ? text(field(data.to, 'version')) : undefined);
  const alias = text(data.alias);
  const region = text(data.region);
  const scope = 'name' in data.scope ? data.scope.name : undefined;
  return {
    type: event.type,
    ...(scope === undefined ? {} : { scope }),
    scopeKind: data.scope.kind,
    ...(data.asset === undefined ? {} : { assetType: segmentOf(data.asset.type), asset: data.asset.name }),
    ...(version === undefined ? {} : { version }),
    ...(alias === undefined ? {} : { alias }),
    ...(key === undefined ? {} : { tag: key }),
    actor: data.actor.name,
    ...(region === undefined ? {} : { region }),
    tags: key !== undefined && value !== undefined ? { [key]: value } : {},
  };
}

/** `model` → `models`; a type outside the catalogue is kept as written. */
export function segmentOf(assetType: string): string {
  return Object.hasOwn(assetTypeSegments, assetType)
    ? assetTypeSegments[assetType as keyof typeof assetTypeSegments]
    : assetType;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value[name]` when `value` is an object holding it. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}
