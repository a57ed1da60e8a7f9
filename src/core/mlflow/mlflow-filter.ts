import { arcaError, type ArcaError } from '../errors.js';

/**
 * MLflow's search filters (`name LIKE 'fr%' AND tags.\`team\` = 'risk'`) and `order_by` entries, read and
 * rewritten in Arca's filter language (src/core/filter/) so searches run through Arca's own lists. What has
 * no faithful Arca counterpart is refused, naming the clause, rather than answered approximately.
 */

/** One comparison of an MLflow filter as written: `tags.team = 'risk'` is field `tags`, key `team`. */
export interface MlflowClause {
  field: string;
  key?: string;
  op: string;
  value: string | number | string[];
  /** The clause as written, for error messages. */
  text: string;
}

/** The tag MLflow's 3.x client filters on to keep prompts out of model searches. */
export const promptTagKey = 'mlflow.prompt.is_prompt';

export function filterError(problem: string): ArcaError {
  return arcaError('InvalidParameter', { target: 'filter', where: 'request', problem }, { target: 'filter' });
}

/** Splits a filter into its AND-joined comparisons (MLflow has no OR). */
export function parseMlflowFilter(filter: string): MlflowClause[] {
  const reader = new ClauseReader(filter);
  const clauses: MlflowClause[] = [];
  reader.skipSpace();
  if (reader.done()) return clauses;
  for (;;) {
    clauses.push(reader.clause());
    reader.skipSpace();
    if (reader.done()) return clauses;
    if (!reader.keyword('and'))
      throw filterError(`joins clauses with AND only; cannot read ${JSON.stringify(reader.rest())}`);
  }
}

class ClauseReader {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }
  rest(): string {
    return this.text.slice(this.at);
  }
  skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }
  keyword(word: string): boolean {
    const match = new RegExp(`^${word}(?![\\w.])`, 'i').exec(this.rest());
    if (match === null) return false;
    this.at += match[0].length;
    return true;
  }

  clause(): MlflowClause {
    this.skipSpace();
    const start = this.at;
    const { field, key } = this.identifier();
    this.skipSpace();
    const op = this.operator();
    this.skipSpace();
    const value = this.value();
    return { field, ...(key === undefined ? {} : { key }), op, value, text: this.text.slice(start, this.at).trim() };
  }

  private identifier(): { field: string; key?: string } {
    if (this.text[this.at] === '`') return { field: this.quoted('`') };
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.rest());
    if (word === null) throw filterError(`expects a field name at ${JSON.stringify(this.rest())}`);
    this.at += word[0].length;
    if (this.text[this.at] !== '.') return { field: word[0].toLowerCase() };
    this.at++;
    const quote = this.text[this.at];
    if (quote === '`' || quote === '"' || quote === "'")
      return { field: word[0].toLowerCase(), key: this.quoted(quote) };
    const key = /^[^\s=!<>]+/.exec(this.rest());
    if (key === null) throw filterError(`expects a key after ${JSON.stringify(`${word[0]}.`)}`);
    this.at += key[0].length;
    return { field: word[0].toLowerCase(), key: key[0] };
  }

  private operator(): string {
    const symbol = /^(!=|<=|>=|=|<|>)/.exec(this.rest());
    if (symbol !== null) {
      this.at += symbol[0].length;
      return symbol[0];
    }
    for (const word of ['like', 'ilike', 'in']) if (this.keyword(word)) return word.toUpperCase();
    if (this.keyword('not')) {
      this.skipSpace();
      if (this.keyword('in')) return 'NOT IN';
    }
    throw filterError(`expects a comparison (=, !=, <, >, LIKE, ILIKE, IN) at ${JSON.stringify(this.rest())}`);
  }

  private value(): string | number | string[] {
    const ch = this.text[this.at];
    if (ch === "'" || ch === '"') return this.quoted(ch);
    if (ch === '(') {
      this.at++;
      const values: string[] = [];
      for (;;) {
        this.skipSpace();
        const quote = this.text[this.at];
        if (quote !== "'" && quote !== '"') throw filterError('expects quoted strings in a list');
        values.push(this.quoted(quote));
        this.skipSpace();
        const next = this.text[this.at++];
        if (next === ')') return values;
        if (next !== ',') throw filterError('expects , or ) in a list');
      }
    }
    const number = /^-?[0-9]+(\.[0-9]+)?/.exec(this.rest());
    if (number !== null) {
      this.at += number[0].length;
      return Number(number[0]);
    }
    throw filterError(`expects a quoted string or a number at ${JSON.stringify(this.rest())}`);
  }

  /** A quoted string or name; a backslash or a doubled quote stands for the quote. */
  private quoted(quote: string): string {
    let value = '';
    for (let i = this.at + 1; i < this.text.length; i++) {
      const ch = this.text[i];
      if (ch === '\\' && i + 1 < this.text.length) {
        value += this.text[++i];
      } else if (ch === quote && this.text[i + 1] === quote) {
        value += quote;
        i++;
      } else if (ch === quote) {
        this.at = i + 1;
        return value;
      } else value += ch;
    }
    throw filterError(`has an unclosed ${quote}`);
  }
}

/** A string literal of Arca's filter language. */
export function arcaString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A keyed field of Arca's filter language: `tags."mlflow.stage"`. */
export function arcaKeyed(field: string, key: string): string {
  return `${field}."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A text comparison (=, !=, LIKE, ILIKE: Arca's `like` folds ASCII case, so both become it). */
export function textComparison(arcaField: string, clause: MlflowClause): string {
  if (typeof clause.value !== 'string')
    throw filterError(`compares with a quoted string in ${JSON.stringify(clause.text)}`);
  switch (clause.op) {
    case '=':
    case '!=':
      return `${arcaField} ${clause.op} ${arcaString(clause.value)}`;
    case 'LIKE':
    case 'ILIKE':
      return `${arcaField} like ${arcaString(clause.value)}`;
    default:
      throw filterError(`cannot use ${clause.op} in ${JSON.stringify(clause.text)}`);
  }
}

/**
 * A tag comparison. `!=` keeps MLflow's meaning for the prompt tag (models without the tag are not prompts
 * and match `!= 'true'`), which is Arca's `not … = …`; `= 'false'` on it means the same.
 */
export function tagComparison(arcaField: string, clause: MlflowClause): string {
  const field = arcaKeyed(arcaField, clause.key ?? '');
  if (clause.key === promptTagKey && typeof clause.value === 'string') {
    if (clause.op === '!=') return `not ${field} = ${arcaString(clause.value)}`;
    if (clause.op === '=' && clause.value.toLowerCase() === 'false') return `not ${field} = 'true'`;
  }
  return textComparison(field, clause);
}

export const unsupportedClause = (clause: MlflowClause): ArcaError =>
  filterError(`cannot search on ${JSON.stringify(clause.text)}: see docs/mlflow.md for the fields Arca searches`);

/** A registered-model filter in Arca's language (undefined: no filter). */
export function registeredModelFilter(filter: string | undefined): string | undefined {
  const clauses = parseMlflowFilter(filter ?? '').map((clause) => {
    if ((clause.field === 'name' || clause.field === 'attribute') && (clause.key ?? 'name') === 'name')
      return textComparison('name', clause);
    if (clause.field === 'tags' || clause.field === 'tag') return tagComparison('tags', clause);
    throw unsupportedClause(clause);
  });
  return clauses.length === 0 ? undefined : clauses.join(' and ');
}

/** The property a version made through MLflow records a field in. */
export const versionProperty = {
  source: 'mlflow.source',
  runId: 'mlflow.run_id',
  modelId: 'mlflow.model_id',
  external: 'mlflow.source_external',
} as const;

/** A model-version filter in Arca's language, and the model it names (Arca searches one model's versions). */
export function modelVersionFilter(filter: string | undefined): { model?: string; filter?: string } {
  let model: string | undefined;
  const clauses: string[] = [];
  for (const clause of parseMlflowFilter(filter ?? '')) {
    const attribute = clause.field === 'attribute' ? (clause.key ?? '') : clause.key === undefined ? clause.field : '';
    if (clause.field === 'tags' || clause.field === 'tag') clauses.push(tagComparison('tags', clause));
    else if (attribute === 'name' && clause.op === '=' && typeof clause.value === 'string' && model === undefined)
      model = clause.value;
    else if (attribute === 'name') clauses.push(textComparison('name', clause));
    else if (attribute === 'run_id') clauses.push(runIdComparison(clause));
    else if (attribute === 'source_path')
      clauses.push(textComparison(arcaKeyed('properties', versionProperty.source), clause));
    else if (attribute === 'version_number' && (clause.op === '=' || clause.op === '!='))
      clauses.push(`version ${clause.op} ${arcaString(String(clause.value))}`);
    else throw unsupportedClause(clause);
  }
  return {
    ...(model === undefined ? {} : { model }),
    ...(clauses.length === 0 ? {} : { filter: clauses.join(' and ') }),
  };
}

function runIdComparison(clause: MlflowClause): string {
  const field = arcaKeyed('properties', versionProperty.runId);
  if (clause.op === 'IN' && Array.isArray(clause.value))
    return `(${clause.value.map((v) => `${field} = ${arcaString(v)}`).join(' or ')})`;
  // A version without a run: no run_id property at all (`not` matches a missing property).
  if (clause.op === '=' && clause.value === '') return `not ${field} like '_%'`;
  return textComparison(field, clause);
}

/** `order_by` entries (`name ASC`, `last_updated_timestamp DESC`) as Arca's `orderBy`, fields mapped by `fields`. */
export function orderByOf(entries: string[], fields: Record<string, string>): string | undefined {
  const terms = entries.map((entry) => {
    const match = /^\s*`?([A-Za-z_.]+)`?\s*(?:\s(asc|desc))?\s*$/i.exec(entry);
    const field = match === null ? undefined : fields[(match[1] ?? '').toLowerCase()];
    if (match === null || field === undefined)
      throw arcaError(
        'InvalidParameter',
        {
          target: 'order_by',
          where: 'request',
          problem: `cannot order by ${JSON.stringify(entry)}: use ${Object.keys(fields).join(', ')}, each with ASC or DESC`,
        },
        { target: 'order_by' },
      );
    return `${field} ${(match[2] ?? 'asc').toLowerCase()}`;
  });
  return terms.length === 0 ? undefined : terms.join(', ');
}
