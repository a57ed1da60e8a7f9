import { ArcaError, arcaError, type ArcaErrorOptions, type ErrorCode } from '../errors.js';

export { ArcaError };

/** A `FilterInvalid` syntax error pointing at a 1-based column. */
export function filterSyntaxError(column: number, problem: string): ArcaError {
  return arcaError('FilterInvalid', { column, problem }, atColumn('FilterInvalid', column, problem));
}

/** A semantic (field or type) error in a filter, pointing at a 1-based column. */
export function filterFieldError(code: ErrorCode, column: number, problem: string): ArcaError {
  return new ArcaError(code, `filter error at column ${column}: ${problem}`, atColumn(code, column, problem));
}

/** `target: 'filter'` and one detail giving the column. */
function atColumn(code: ErrorCode, column: number, problem: string): ArcaErrorOptions {
  return { target: 'filter', details: [{ code, message: problem, target: 'filter', column }] };
}
