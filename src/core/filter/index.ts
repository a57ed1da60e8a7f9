/** The filter language of list endpoints: parse, validate against a list's fields, and `orderBy`. */
export * from './ast.js';
export { parseFilter } from './parse-filter.js';
export { parseOrderBy } from './order-by.js';
export { validateFilter, formatField } from './validate-filter.js';
export { normaliseTimestamp } from './timestamps.js';
export { filterPredicate, compareCodePoints, type FilterPredicate, type FilterValueOf } from './evaluate-filter.js';
export { regexProblem, maxRegexLength } from './regex-safety.js';
