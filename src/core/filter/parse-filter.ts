import {
  maxFilterDepth,
  maxFilterLength,
  type ComparisonOperator,
  type FilterComparison,
  type FilterNode,
} from './ast.js';
import { filterSyntaxError } from './filter-error.js';
import { FilterLexer, type Token } from './lexer.js';

const operators = '=, !=, <, >, <=, >=, like or ~';

/**
 * Parses a filter such as `tags.team = 'vision' and (size > 1000000 or not state = 'archived')`
 * into a syntax tree; `and` binds tighter than `or`, keywords are case-insensitive. A syntax error
 * throws `FilterInvalid` naming the 1-based column and what was expected there.
 */
export function parseFilter(text: string): FilterNode {
  if (text.length > maxFilterLength) {
    throw filterSyntaxError(
      maxFilterLength + 1,
      `the filter is ${text.length} characters long; the limit is ${maxFilterLength}`,
    );
  }
  const lexer = new FilterLexer(text);
  if (lexer.peek().kind === 'end')
    throw filterSyntaxError(1, `the filter is empty; expected a comparison such as name = 'fraud'`);
  const node = parseOr(lexer, 0, 'at the start of the filter');
  const rest = lexer.peek();
  if (rest.kind === ')') throw filterSyntaxError(rest.column, `unmatched ')'`);
  if (rest.kind !== 'end')
    throw filterSyntaxError(rest.column, `expected 'and', 'or' or the end of the filter, found ${describe(rest)}`);
  return node;
}

function parseOr(lexer: FilterLexer, depth: number, after: string): FilterNode {
  const items = [parseAnd(lexer, depth, after)];
  while (isKeyword(lexer.peek(), 'or')) {
    lexer.next();
    items.push(parseAnd(lexer, depth, `after 'or'`));
  }
  return items.length === 1 ? (items[0] as FilterNode) : { kind: 'or', items };
}

function parseAnd(lexer: FilterLexer, depth: number, after: string): FilterNode {
  const items = [parseUnary(lexer, depth, after)];
  while (isKeyword(lexer.peek(), 'and')) {
    lexer.next();
    items.push(parseUnary(lexer, depth, `after 'and'`));
  }
  return items.length === 1 ? (items[0] as FilterNode) : { kind: 'and', items };
}

function parseUnary(lexer: FilterLexer, depth: number, after: string): FilterNode {
  const token = lexer.peek();
  if (isKeyword(token, 'not')) {
    lexer.next();
    checkDepth(token, depth);
    return { kind: 'not', item: parseUnary(lexer, depth + 1, `after 'not'`) };
  }
  if (token.kind === '(') {
    lexer.next();
    checkDepth(token, depth);
    const inner = parseOr(lexer, depth + 1, `after '('`);
    const close = lexer.next();
    if (close.kind !== ')') {
      throw filterSyntaxError(
        close.column,
        `expected ')' to close the '(' at column ${token.column}, found ${describe(close)}`,
      );
    }
    return inner;
  }
  return parseComparison(lexer, after);
}

function parseComparison(lexer: FilterLexer, after: string): FilterComparison {
  const field = lexer.next();
  if (field.kind !== 'word' || isKeyword(field)) {
    throw filterSyntaxError(field.column, `expected a field, '(' or 'not' ${after}, found ${describe(field)}`);
  }
  const fieldText = field.key === undefined ? field.text : `${field.text}.${field.key}`;
  const opToken = lexer.next();
  let op: ComparisonOperator;
  if (opToken.kind === 'op') op = opToken.op;
  else if (isKeyword(opToken, 'like')) op = 'like';
  else
    throw filterSyntaxError(
      opToken.column,
      `expected an operator (${operators}) after '${fieldText}', found ${describe(opToken)}`,
    );
  const value = lexer.next();
  if (value.kind !== 'string' && value.kind !== 'number') {
    const hint = value.kind === 'word' && !isKeyword(value) ? `: quote text, as in '${value.text}'` : '';
    throw filterSyntaxError(value.column, `expected a value after '${op}'${hint}`);
  }
  return {
    kind: 'compare',
    field: field.key === undefined ? { name: field.text } : { name: field.text, key: field.key },
    op,
    value: value.value,
    ...(value.kind === 'number' ? { numberText: value.text } : {}),
    position: field.column,
    valuePosition: value.column,
  };
}

function checkDepth(token: Token, depth: number): void {
  if (depth >= maxFilterDepth)
    throw filterSyntaxError(
      token.column,
      `the filter nests deeper than ${maxFilterDepth} levels of parentheses and 'not'`,
    );
}

const keywords = new Set(['and', 'or', 'not', 'like']);

/** True when the token is a keyword (the given one, or any). Keywords are case-insensitive and never carry a key. */
function isKeyword(token: Token, keyword?: string): boolean {
  if (token.kind !== 'word' || token.key !== undefined) return false;
  const word = token.text.toLowerCase();
  return keyword === undefined ? keywords.has(word) : word === keyword;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the filter';
    case 'word':
      return `'${token.key === undefined ? token.text : `${token.text}.${token.key}`}'`;
    case 'string':
      return `the string ${JSON.stringify(token.value)}`;
    case 'number':
      return `the number ${token.text}`;
    case 'op':
      return `'${token.op}'`;
    default:
      return `'${token.kind}'`;
  }
}
