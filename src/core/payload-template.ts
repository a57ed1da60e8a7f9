/** Automation payload templates: a JSON document with `${…}` variables, filled from one event. */

import { arcaError } from './errors.js';
import { eventFactsOf, type EventFacts } from './event-filter.js';
import type { CloudEvent } from './events.js';

/** The largest template accepted, in bytes of its JSON. */
export const maxPayloadTemplateBytes = 16 * 1024;
/** The deepest nesting of arrays and objects accepted. */
export const maxPayloadTemplateDepth = 16;

/** What a variable reads from an event and its facts (undefined: the event has no such value). */
const variables = {
  id: (event) => event.id,
  type: (event) => event.type,
  time: (event) => event.time,
  source: (event) => event.source,
  subject: (event) => event.subject,
  actor: (_, facts) => facts.actor,
  reference: (event) => event.data.reference,
  scope: (_, facts) => facts.scope,
  scope_kind: (_, facts) => facts.scopeKind,
  asset: (_, facts) => facts.asset,
  asset_type: (_, facts) => facts.assetType,
  version: (_, facts) => facts.version,
  alias: (_, facts) => facts.alias,
  from_version: (event) => member(event.data.from, 'version'),
  to_version: (event) => member(event.data.to, 'version'),
  tag: (_, facts) => facts.tag,
  tag_value: (_, facts) => (facts.tag === undefined ? undefined : member(facts.tags, facts.tag)),
  region: (_, facts) => facts.region,
} satisfies Record<string, (event: CloudEvent, facts: EventFacts) => unknown>;

type VariableName = keyof typeof variables;

/** The variables a template may name, as the error messages list them. */
export const payloadVariables: readonly string[] = [...Object.keys(variables), 'data.<path>'];

/** A variable: one of `variables`, or a dotted path into `data`. */
type Variable = { name: VariableName } | { data: string[] };

/** A string of a template: literal text and variables, in order. */
type TextPart = string | Variable;

type Compiled =
  | { kind: 'literal'; value: null | boolean | number }
  | { kind: 'text'; parts: TextPart[] }
  | { kind: 'variable'; variable: Variable }
  | { kind: 'array'; items: Compiled[] }
  | { kind: 'object'; entries: [key: TextPart[], value: Compiled][] };

/** A checked payload template. */
export interface PayloadTemplate {
  /** The payload for one event: the template with its variables filled in. */
  render(event: CloudEvent): unknown;
}

/**
 * Checks a payload template: JSON values only, at most 16 KiB as JSON, nested at most 16 deep, and every
 * `${…}` naming a known variable (`$${` writes a literal `${`). A string that is exactly one `${var}`
 * becomes the variable's JSON value (null when the event lacks it); elsewhere, in keys too, variables
 * are interpolated as text (objects as JSON, absent or null as nothing). Faults throw
 * `AutomationPayloadInvalid` with the JSON path.
 */
export function compilePayloadTemplate(template: unknown): PayloadTemplate {
  const compiled = compileValue(template, '$', 0);
  const size = Buffer.byteLength(JSON.stringify(template), 'utf8');
  if (size > maxPayloadTemplateBytes)
    throw payloadError('$', `is ${size} bytes as JSON; the limit is ${maxPayloadTemplateBytes}`);
  return {
    render(event) {
      return renderValue(compiled, event, eventFactsOf(event));
    },
  };
}

function compileValue(value: unknown, path: string, depth: number): Compiled {
  if (value === null || typeof value === 'boolean') return { kind: 'literal', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw payloadError(path, `is ${value}, which JSON cannot hold`);
    return { kind: 'literal', value };
  }
  if (typeof value === 'string') {
    const parts = compileText(value, path);
    const [only] = parts;
    return parts.length === 1 && typeof only === 'object'
      ? { kind: 'variable', variable: only }
      : { kind: 'text', parts };
  }
  if (Array.isArray(value)) {
    checkDepth(path, depth);
    return { kind: 'array', items: value.map((item, i) => compileValue(item, `${path}[${i}]`, depth + 1)) };
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    checkDepth(path, depth);
    return {
      kind: 'object',
      entries: Object.entries(value).map(([key, item]) => {
        const itemPath = `${path}${pathSegment(key)}`;
        return [compileText(key, `${itemPath} (its key)`), compileValue(item, itemPath, depth + 1)];
      }),
    };
  }
  throw payloadError(path, `is ${describe(value)}, which JSON cannot hold`);
}

function checkDepth(path: string, depth: number): void {
  if (depth >= maxPayloadTemplateDepth)
    throw payloadError(path, `nests arrays and objects deeper than ${maxPayloadTemplateDepth} levels`);
}

/** Splits a string into text and variables; `$${` is a literal `${`. */
function compileText(text: string, path: string): TextPart[] {
  const parts: TextPart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      literal += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const close = text.indexOf('}', i + 2);
      if (close === -1) throw variableError(path, `opens \${ at character ${i + 1} and never closes it`);
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push(variableOf(text.slice(i + 2, close), path));
      i = close + 1;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal !== '' || parts.length === 0) parts.push(literal);
  return parts;
}

function variableOf(name: string, path: string): Variable {
  if (Object.hasOwn(variables, name)) return { name: name as VariableName };
  if (/^data(\.[A-Za-z0-9_-]+)+$/.test(name)) return { data: name.split('.').slice(1) };
  throw variableError(path, `names the unknown variable ${JSON.stringify(name)}`);
}

function renderValue(compiled: Compiled, event: CloudEvent, facts: EventFacts): unknown {
  switch (compiled.kind) {
    case 'literal':
      return compiled.value;
    case 'text':
      return renderText(compiled.parts, event, facts);
    case 'variable': {
      const value = valueOf(compiled.variable, event, facts);
      return value === undefined ? null : structuredClone(value);
    }
    case 'array':
      return compiled.items.map((item) => renderValue(item, event, facts));
    case 'object':
      return Object.fromEntries(
        compiled.entries.map(([key, item]) => [renderText(key, event, facts), renderValue(item, event, facts)]),
      );
  }
}

function renderText(parts: readonly TextPart[], event: CloudEvent, facts: EventFacts): string {
  return parts.map((part) => (typeof part === 'string' ? part : asText(valueOf(part, event, facts)))).join('');
}

function valueOf(variable: Variable, event: CloudEvent, facts: EventFacts): unknown {
  if ('name' in variable) return variables[variable.name](event, facts);
  let value: unknown = event.data;
  for (const segment of variable.data) value = member(value, segment);
  return value;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `value[name]` as JSON sees it: an object's own field, or an array's item by index (not `length`). */
function member(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) return /^(0|[1-9][0-9]*)$/.test(name) ? (value[Number(name)] as unknown) : undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}

/** How a JSON path writes a key: `.name`, or `["a key"]`. */
function pathSegment(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function payloadError(path: string, problem: string) {
  return arcaError('AutomationPayloadInvalid', { path, problem }, options(path, problem));
}

function variableError(path: string, problem: string) {
  const known = payloadVariables.join(', ');
  return arcaError('AutomationPayloadInvalid', 'variable', { path, problem, known }, options(path, problem));
}

function options(path: string, problem: string) {
  return { target: 'payload', details: [{ code: 'AutomationPayloadInvalid', message: problem, target: path }] };
}
