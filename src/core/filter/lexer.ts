import { filterSyntaxError } from './filter-error.js';

export type Token =
  /** An identifier (keyword or field name), with the key of a `name.key` field. */
  | { kind: 'word'; text: string; key?: string; column: number }
  | { kind: 'string'; value: string; column: number }
  | { kind: 'number'; value: number; text: string; column: number }
  | { kind: 'op'; op: '=' | '!=' | '<' | '>' | '<=' | '>=' | '~'; column: number }
  | { kind: '(' | ')'; column: number }
  | { kind: 'end'; column: number };

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;
const keyPart = /[A-Za-z0-9_.-]/;
const digit = /[0-9]/;
/** Operators people bring from other languages, with the one to use instead. */
const misspelledOperators = new Map([
  ['==', '='],
  ['=>', '>='],
  ['=<', '<='],
  ['<>', '!='],
  ['&&', 'and'],
  ['||', 'or'],
  ['=~', '~'],
]);

/**
 * Splits a filter into tokens on demand, so that the leftmost error is the one reported (a parse
 * error before an unclosed string later on wins). Columns are 1-based.
 */
export class FilterLexer {
  private index = 0;
  private peeked: Token | undefined;

  constructor(private readonly text: string) {}

  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  private scan(): Token {
    const text = this.text;
    while (this.index < text.length && /\s/.test(text[this.index] ?? '')) this.index++;
    const column = this.index + 1;
    const ch = text[this.index];
    if (ch === undefined) return { kind: 'end', column };
    if (ch === '(' || ch === ')') {
      this.index++;
      return { kind: ch, column };
    }
    if (ch === "'" || ch === '"') return { kind: 'string', value: this.readString(), column };
    if (digit.test(ch) || (ch === '-' && digit.test(text[this.index + 1] ?? ''))) return this.readNumber();
    if (identifierStart.test(ch)) return this.readWord();
    return this.readOperator();
  }

  /** A quoted string: `\'`, `\"`, `\\` and a doubled quote stand for the character; any other `\x` is kept as is (for `like`). */
  private readString(): string {
    const text = this.text;
    const start = this.index;
    const quote = text[start];
    let value = '';
    this.index++;
    for (;;) {
      const ch = text[this.index];
      if (ch === undefined)
        throw filterSyntaxError(start + 1, `unclosed string: the quote at column ${start + 1} is never closed`);
      if (ch === quote) {
        if (text[this.index + 1] === quote) {
          value += quote;
          this.index += 2;
          continue;
        }
        this.index++;
        return value;
      }
      if (ch === '\\') {
        const escaped = text[this.index + 1];
        if (escaped === undefined) {
          this.index++;
          continue;
        }
        value += escaped === "'" || escaped === '"' || escaped === '\\' ? escaped : `\\${escaped}`;
        this.index += 2;
        continue;
      }
      value += ch;
      this.index++;
    }
  }

  private readNumber(): Token {
    const text = this.text;
    const column = this.index + 1;
    const match = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(this.index)) as RegExpExecArray;
    this.index += match[0].length;
    const after = text[this.index];
    if (after === '.') throw filterSyntaxError(this.index + 1, `expected digits after '.' in the number ${match[0]}`);
    if (after !== undefined && identifierPart.test(after)) {
      throw filterSyntaxError(this.index + 1, `unexpected ${JSON.stringify(after)} after the number ${match[0]}`);
    }
    return { kind: 'number', value: Number(match[0]), text: match[0], column };
  }

  private readWord(): Token {
    const text = this.text;
    const column = this.index + 1;
    const start = this.index;
    while (this.index < text.length && identifierPart.test(text[this.index] ?? '')) this.index++;
    const word = text.slice(start, this.index);
    if (text[this.index] !== '.') return { kind: 'word', text: word, column };
    this.index++;
    const keyColumn = this.index + 1;
    const first = text[this.index];
    if (first === "'" || first === '"') {
      const key = this.readString();
      if (key === '') throw filterSyntaxError(keyColumn, `the key after '${word}.' is empty`);
      return { kind: 'word', text: word, key, column };
    }
    const keyStart = this.index;
    while (this.index < text.length && keyPart.test(text[this.index] ?? '')) this.index++;
    if (this.index === keyStart)
      throw filterSyntaxError(keyColumn, `expected a key after '${word}.', as in ${word}.team or ${word}."a key"`);
    return { kind: 'word', text: word, key: text.slice(keyStart, this.index), column };
  }

  private readOperator(): Token {
    const text = this.text;
    const column = this.index + 1;
    const two = text.slice(this.index, this.index + 2);
    const ch = two[0] ?? '';
    if (two === '!=' || two === '<=' || two === '>=') {
      this.index += 2;
      return { kind: 'op', op: two, column };
    }
    const replacement = misspelledOperators.get(two);
    if (replacement !== undefined) throw filterSyntaxError(column, `unknown operator '${two}'; use '${replacement}'`);
    if (two === '!~') throw filterSyntaxError(column, `unknown operator '!~'; write not (field ~ '…')`);
    if (ch === '=' || ch === '<' || ch === '>' || ch === '~') {
      this.index++;
      return { kind: 'op', op: ch, column };
    }
    if (ch === '!') throw filterSyntaxError(column, `unknown operator '!'; use 'not' or '!='`);
    throw filterSyntaxError(column, `unexpected character ${JSON.stringify(ch)}`);
  }
}
