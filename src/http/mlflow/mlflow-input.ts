import { arcaError } from '../../core/errors.js';

/**
 * Fields of an MLflow request, read from the query string (GET) or the JSON body: a missing required field or
 * one of the wrong type is `InvalidParameter` naming it (an MLflow client sees INVALID_PARAMETER_VALUE).
 */
export function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  const one = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
  if (typeof one === 'string') return one;
  if (typeof one === 'number' || typeof one === 'boolean') return String(one);
  throw arcaError(
    'InvalidParameter',
    { target: field, where: 'request', problem: 'must be a string' },
    { target: field },
  );
}

export function requiredString(input: Record<string, unknown>, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined || value === '')
    throw arcaError('InvalidParameter', 'required', { target: field, where: 'request' }, { target: field });
  return value;
}

/** A repeated field: a query string gives one value or several, a body an array. */
export function stringList(input: Record<string, unknown>, field: string): string[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.map((one) => {
    if (typeof one === 'string') return one;
    if (typeof one === 'number') return String(one);
    throw arcaError(
      'InvalidParameter',
      { target: field, where: 'request', problem: 'must be a list of strings' },
      { target: field },
    );
  });
}

/** An integer field (int32/int64 in the proto; a query string sends it as text). */
export function optionalInteger(
  input: Record<string, unknown>,
  field: string,
  bounds?: { min?: number; max?: number },
): number | undefined {
  const text = optionalString(input, field);
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds ?? {};
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw arcaError(
      'InvalidParameter',
      { target: field, where: 'request', problem: `must be an integer from ${min} to ${max}` },
      { target: field },
    );
  return value;
}
