import type { JSONValue } from '@jmespath-community/jmespath';
import type Table from 'cli-table3';
import { usageError } from './cli-error.js';
import type { OutputFormat } from './output-formats.js';

export { outputFormats, type OutputFormat } from './output-formats.js';

/** One column of a resource's table: a header and how to show an item in it. */
export interface Column<T> {
  header: string;
  cell(item: T): string;
}

export interface RenderOptions<T> {
  format: OutputFormat;
  /** JMESPath applied before formatting, as `az --query` does. */
  query?: string | undefined;
  /** Columns for the table format; used only when no query reshaped the result. */
  columns?: readonly Column<T>[] | undefined;
}

/** `table` on a terminal, `json` when the output goes to a pipe or file (so scripts get JSON). */
export function defaultFormat(stdoutIsTty: boolean): OutputFormat {
  return stdoutIsTty ? 'table' : 'json';
}

/** Applies the JMESPath query (its library loads only for a command given --query); a malformed expression is a usage error. */
export async function applyQuery(value: unknown, query: string): Promise<unknown> {
  const { search } = await import('@jmespath-community/jmespath');
  try {
    return search(value as JSONValue, query);
  } catch (error) {
    throw usageError('QueryInvalid', `--query ${JSON.stringify(query)}: ${(error as Error).message}`);
  }
}

/** Renders a result (one resource or a list) in the chosen format; the text ends with a newline unless empty. */
export async function render<T>(value: T | T[], options: RenderOptions<T>): Promise<string> {
  const shaped = options.query === undefined ? value : await applyQuery(value, options.query);
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(shaped, null, 2)}\n`;
    case 'yaml':
      // yaml and cli-table3 load only for the formats that need them: every command starts faster.
      return (await import('yaml')).stringify(shaped);
    case 'tsv':
      return toTsv(shaped);
    case 'dot':
      // The commands that answer a graph (`lineage`) draw it themselves; nothing else is a graph.
      throw usageError(
        'OutputFormatUnsupported',
        '-o dot draws lineage graphs (arca model lineage …); this command prints json, yaml, table or tsv',
      );
    case 'table': {
      const { default: Table } = await import('cli-table3');
      const newTable = (head: string[]): Table.Table => new Table({ head, style: { head: [], border: [] } });
      return options.query === undefined && options.columns !== undefined
        ? resourceTable(newTable, value, options.columns)
        : genericTable(newTable, shaped);
    }
  }
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One TSV line: the scalar values of an object (nested objects and lists left out, as az does). */
function tsvLine(value: unknown): string {
  if (isRecord(value)) {
    return Object.values(value)
      .filter((v) => v === null || typeof v !== 'object')
      .map((v) => scalarText(v).replace(/[\t\n]/g, ' '))
      .join('\t');
  }
  if (Array.isArray(value))
    return value
      .filter((v) => v === null || typeof v !== 'object')
      .map(scalarText)
      .join('\t');
  return scalarText(value);
}

/** Tab-separated values without headers: one line per list item, one line for anything else. */
export function toTsv(value: unknown): string {
  if (value === null || value === undefined) return '';
  const lines = Array.isArray(value) ? value.map(tsvLine) : [tsvLine(value)];
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Makes an empty table with these headers (no colours: tables are pasted into tickets as often as read). */
type TableMaker = (head: string[]) => Table.Table;

function resourceTable<T>(newTable: TableMaker, value: T | T[], columns: readonly Column<T>[]): string {
  const table = newTable(columns.map((c) => c.header));
  for (const item of Array.isArray(value) ? value : [value]) table.push(columns.map((c) => c.cell(item)));
  return `${table.toString()}\n`;
}

/** A table of whatever shape a query produced: keys become columns. */
function genericTable(newTable: TableMaker, value: unknown): string {
  if (value === null || value === undefined) return '';
  const rows = Array.isArray(value) ? value : [value];
  if (rows.length === 0) return '';
  if (!rows.every(isRecord)) {
    const table = newTable(['Result']);
    for (const row of rows) table.push([scalarText(row)]);
    return `${table.toString()}\n`;
  }
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const table = newTable(keys);
  for (const row of rows) table.push(keys.map((key) => scalarText(row[key])));
  return `${table.toString()}\n`;
}

/** `k=v, k2=v2`, for tag columns. */
export function formatTags(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
