import type { FilterComparison, FilterField, FilterFieldDefinition, FilterFieldSpec, FilterNode } from './ast.js';
import { filterFieldError } from './filter-error.js';
import { regexProblem } from './regex-safety.js';
import { normaliseTimestamp } from './timestamps.js';

/**
 * Checks a parsed filter against the fields a list offers and returns it normalised: timestamps
 * become ISO-8601 UTC with milliseconds, numbers written for text or keyed fields become text.
 * An unknown field throws `FilterFieldUnknown`; a value of the wrong type, an operator the field
 * does not support, a malformed `like` pattern or an unsafe `~` pattern throws `FilterInvalid` with the column.
 */
export function validateFilter(node: FilterNode, spec: FilterFieldSpec): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, items: node.items.map((item) => validateFilter(item, spec)) };
    case 'not':
      return { kind: 'not', item: validateFilter(node.item, spec) };
    case 'compare':
      return validateComparison(node, spec);
  }
}

/** How a field is written in messages: `name`, `tags.team`, `properties."learning rate"`. */
export function formatField(field: FilterField): string {
  if (field.key === undefined) return field.name;
  return /^[A-Za-z0-9_.-]+$/.test(field.key)
    ? `${field.name}.${field.key}`
    : `${field.name}.${JSON.stringify(field.key)}`;
}

function validateComparison(node: FilterComparison, spec: FilterFieldSpec): FilterComparison {
  const { field, op } = node;
  const definition = Object.hasOwn(spec, field.name) ? spec[field.name] : undefined;
  const written = formatField(field);
  if (definition === undefined || (!definition.keyed && field.key !== undefined)) {
    throw filterFieldError(
      'FilterFieldUnknown',
      node.position,
      `unknown field '${written}'; known fields: ${knownFields(spec)}`,
    );
  }
  if (definition.keyed && field.key === undefined) {
    throw filterFieldError(
      'FilterInvalid',
      node.position,
      `'${field.name}' needs a key, as in ${field.name}.team or ${field.name}."a key"`,
    );
  }
  const value =
    op === '~'
      ? regexPattern(node, definition, written)
      : op === 'like'
        ? likePattern(node, definition, written)
        : typedValue(node, definition, written);
  // Key/value tables hold text: a keyed number compares with the number as written.
  return { ...node, value: definition.keyed && typeof value === 'number' ? (node.numberText ?? String(value)) : value };
}

/** The value as text: a number literal as it was written. */
function text(node: FilterComparison): string {
  return typeof node.value === 'number' ? (node.numberText ?? String(node.value)) : node.value;
}

function likePattern(node: FilterComparison, definition: FilterFieldDefinition, written: string): string {
  if (definition.type !== 'text' && !definition.keyed) {
    throw filterFieldError(
      'FilterInvalid',
      node.position,
      `'like' compares text; ${written} is ${article(definition.type)}, compare it with =, !=, <, >, <= or >=`,
    );
  }
  const pattern = text(node);
  const trailingBackslashes = /\\*$/.exec(pattern)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) {
    throw filterFieldError(
      'FilterInvalid',
      node.valuePosition,
      `the like pattern ends with '\\', which escapes nothing; write '\\\\\\\\' to match a backslash`,
    );
  }
  return pattern;
}

function regexPattern(node: FilterComparison, definition: FilterFieldDefinition, written: string): string {
  if (definition.regex !== true) {
    throw filterFieldError(
      'FilterInvalid',
      node.position,
      `'~' (regular expression match) is not available on ${written} here; use = or like with % and _`,
    );
  }
  const pattern = text(node);
  const problem = regexProblem(pattern);
  if (problem !== undefined)
    throw filterFieldError(
      'FilterInvalid',
      node.valuePosition,
      `the regular expression ${JSON.stringify(pattern)} ${problem}`,
    );
  return pattern;
}

function typedValue(node: FilterComparison, definition: FilterFieldDefinition, written: string): string | number {
  const { value, op } = node;
  switch (definition.type) {
    case 'text':
      return text(node);
    case 'number':
      if (typeof value !== 'number') {
        throw filterFieldError(
          'FilterInvalid',
          node.valuePosition,
          `${written} is a number; compare it with a number, as in ${written} > 1000, not ${JSON.stringify(value)}`,
        );
      }
      return value;
    case 'timestamp': {
      const normalised = typeof value === 'string' ? normaliseTimestamp(value) : undefined;
      if (normalised === undefined) {
        throw filterFieldError(
          'FilterInvalid',
          node.valuePosition,
          `${written} is a timestamp; compare it with an ISO-8601 date such as '2026-01-01' or '2026-01-01T10:00:00Z', not ${JSON.stringify(value)}`,
        );
      }
      return normalised;
    }
    case 'enum': {
      const allowed = definition.values ?? [];
      if (op !== '=' && op !== '!=') {
        throw filterFieldError(
          'FilterInvalid',
          node.position,
          `${written} takes one of ${allowed.join(', ')}; compare it with = or !=, not ${op}`,
        );
      }
      if (typeof value !== 'string' || !allowed.includes(value)) {
        throw filterFieldError(
          'FilterInvalid',
          node.valuePosition,
          `${written} is one of ${allowed.map((v) => `'${v}'`).join(', ')}, not ${JSON.stringify(value)}`,
        );
      }
      return value;
    }
  }
}

function knownFields(spec: FilterFieldSpec): string {
  return Object.keys(spec)
    .sort()
    .map((name) => (spec[name]?.keyed ? `${name}.<key>` : name))
    .join(', ');
}

function article(type: string): string {
  return type === 'enum' ? 'an enumeration' : type === 'timestamp' ? 'a timestamp' : `a ${type}`;
}
