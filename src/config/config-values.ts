import { regionNamePattern } from '../core/names.js';
import { invalidValue, type ValueSource } from './config-error.js';

// Environment values and string flags arrive as text and are parsed strictly ('12abc' is not 12);
// values from the YAML file already carry their type, so a quoted "8600" there is a type error.
const integerText = /^\d+$/;
const decimalText = /^\d+(?:\.\d+)?$/;

function numberFrom(value: unknown, source: ValueSource, pattern: RegExp): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && source.text && pattern.test(value)) return Number(value);
  return undefined;
}

/** The bounds a number must lie in, `[min, max]`, and the sentence an error shows when it does not. */
export interface NumberRange {
  min: number;
  max: number;
  rule: string;
}

/** A non-empty string. */
export function parseText(key: string, value: unknown, source: ValueSource): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidValue(key, 'must be a non-empty string', value, source);
  return value;
}

/**
 * A list of non-empty strings: a YAML sequence, or (from a variable or flag) text separated by commas;
 * an empty string is the empty list.
 */
export function parseTextList(key: string, value: unknown, source: ValueSource): string[] {
  const items =
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : value;
  if (
    !Array.isArray(items) ||
    items.some((item) => typeof item !== 'string' || item.trim() === '' || item.length > 256)
  )
    throw invalidValue(
      key,
      'must be a list of host names, addresses or CIDRs (comma-separated in a variable)',
      value,
      source,
    );
  if (items.length > 1_000) throw invalidValue(key, 'may hold at most 1000 entries', value, source);
  return (items as string[]).map((item) => item.trim());
}

/** An integer in `[min, max]`; `rule` is the sentence the error shows. */
export function parseInteger(
  key: string,
  value: unknown,
  source: ValueSource,
  { min, max, rule }: NumberRange,
): number {
  const n = numberFrom(value, source, integerText);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) throw invalidValue(key, rule, value, source);
  return n;
}

/** A finite number greater than zero (fractions allowed). */
export function parsePositiveNumber(key: string, value: unknown, source: ValueSource, rule: string): number {
  const n = numberFrom(value, source, decimalText);
  if (n === undefined || !Number.isFinite(n) || n <= 0) throw invalidValue(key, rule, value, source);
  return n;
}

/** A number in `[min, max]` (fractions allowed). */
export function parseNumberIn(
  key: string,
  value: unknown,
  source: ValueSource,
  { min, max, rule }: NumberRange,
): number {
  const n = numberFrom(value, source, decimalText);
  if (n === undefined || !Number.isFinite(n) || n < min || n > max) throw invalidValue(key, rule, value, source);
  return n;
}

/** One of a fixed set of strings. */
export function parseChoice<T extends string>(
  key: string,
  value: unknown,
  source: ValueSource,
  choices: readonly T[],
): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw invalidValue(key, `must be one of ${choices.join(', ')}`, value, source);
  }
  return value as T;
}

/** An absolute `http:` or `https:` URL, returned without trailing slashes so paths can be appended. */
export function parseHttpUrl(key: string, value: unknown, source: ValueSource): string {
  const rule = 'must be an absolute http:// or https:// URL';
  if (typeof value !== 'string' || !URL.canParse(value)) throw invalidValue(key, rule, value, source);
  const url = new URL(value);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    throw invalidValue(key, rule, value, source);
  return value.replace(/\/+$/, '');
}

/** A region name, `[a-z][a-z0-9-]{1,31}`. */
export function parseRegionName(key: string, value: unknown, source: ValueSource): string {
  if (typeof value !== 'string' || !regionNamePattern.test(value)) {
    throw invalidValue(
      key,
      "must be a region name: 2–32 characters of lowercase letters, digits and '-', starting with a letter",
      value,
      source,
    );
  }
  return value;
}
