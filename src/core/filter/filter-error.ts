import { ArcaError, type ErrorCode } from '../errors.js';

export { ArcaError };

/** A `FilterInvalid` syntax error pointing at a 1-based column. */
export function filterSyntaxError(column: number, problem: string): ArcaError {
  return filterError('FilterInvalid', column, `filter syntax error at column ${column}: ${problem}`, problem);
}

/** A semantic (field or type) error in a filter, pointing at a 1-based column. */
export function filterFieldError(code: ErrorCode, column: number, problem: string): ArcaError {
  return filterError(code, column, `filter error at column ${column}: ${problem}`, problem);
}

function filterError(code: ErrorCode, column: number, message: string, problem: string): ArcaError {
  return new ArcaError(code, message, {
    target: 'filter',
    details: [{ code, message: problem, target: 'filter', column }],
  });
}
