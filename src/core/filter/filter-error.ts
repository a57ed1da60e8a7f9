import { ArcaError, arcaError, type ArcaErrorOptions, type ErrorCode } from '../errors.js';

export { ArcaError };

/** A `FilterInvalid` syntax error pointing at a 1-based column. */
export function filterSyntaxError(column: number, problem: string): ArcaError {
  return arcaError('FilterInvalid', { column, problem }, atColumn('FilterInvalid', column, problem));
}

/** A semantic (field or type) error in a filter, pointing at a 1-based column. */
export function filterFieldError(
  code: 'FilterFieldUnknown' | 'FilterInvalid',
  column: number,
  problem: string,
): ArcaError {
  const options = atColumn(code, column, problem);
  return code === 'FilterInvalid'
    ? arcaError('FilterInvalid', 'semantic', { column, problem }, options)
    : arcaError('FilterFieldUnknown', { column, problem }, options);
}

/** `target: 'filter'` and one detail giving the column. */
function atColumn(code: ErrorCode, column: number, problem: string): ArcaErrorOptions {
  return { target: 'filter', details: [{ code, message: problem, target: 'filter', column }] };
}
