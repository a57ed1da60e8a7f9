import { compact } from '../core/compact.js';
/**
 * The shell commands a Markdown page shows, in order, with what the page says about running them.
 *
 * Every fenced block tagged `sh`, `bash` or `shell` is runnable; each logical command in it (a line,
 * with its `\` continuations and here-documents) becomes one `DocCommand`. HTML comments right before a
 * block tell a runner what it cannot see from the text:
 *
 *     <!-- tour: skip "the test starts the server itself" -->       every command of the next block
 *     <!-- tour: skip "a placeholder job id" for "3f1c" -->         only commands containing the text
 *     <!-- tour: needs dot -->                                       skipped when `dot` is not installed
 *     <!-- tour: expect-exit 1 VersionInUse for "data delete" -->   must fail so, printing that code
 *     <!-- tour: expect-output "fraud" for "--filter" -->            its stdout must contain the text
 *     <!-- tour: run
 *     arca registry create --file shared.yml                        hidden set-up commands, run in place
 *     -->
 *
 * A `for` that matches no command of its block is an error, so a marker cannot outlive its command.
 */

export interface DocCommand {
  /** The command as bash runs it (continuations and here-documents included). */
  script: string;
  /** One line naming the command: its text without a trailing comment, continuations joined. */
  name: string;
  /** 1-based line of the page where the command starts. */
  line: number;
  /** Set when the page says the command cannot run in a test, with the reason. */
  skip?: string;
  /** Programs the command needs; it is skipped (by name) when one is not installed. */
  needs: string[];
  /** The exit status the page promises (0 unless marked) and the error code it prints, if any. */
  expectExit: number;
  expectCode?: string;
  /** Texts the command's stdout must contain (what the page says it shows). */
  expectOutput: string[];
  /** True for a hidden `tour: run` command of a comment rather than a visible block. */
  hidden: boolean;
}

interface Directive {
  kind: 'skip' | 'needs' | 'expect-exit' | 'expect-output';
  args: string[];
  /** Only commands whose text contains this; every command of the block when absent. */
  target?: string;
  line: number;
}

const runnableLanguages = new Set(['sh', 'bash', 'shell']);

/** Splits `skip "two words" for "x"` into words, keeping quoted phrases whole. */
function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

function parseDirective(body: string, line: number, source: string): Directive {
  const parts = words(body);
  const forAt = parts.indexOf('for');
  const target = forAt >= 0 ? parts[forAt + 1] : undefined;
  const [kind, ...args] = forAt >= 0 ? parts.slice(0, forAt) : parts;
  if (kind !== 'skip' && kind !== 'needs' && kind !== 'expect-exit' && kind !== 'expect-output') {
    const known = 'skip, needs, expect-exit, expect-output, run';
    throw new Error(`${source}:${line}: unknown tour directive "${body}" (${known})`);
  }
  if (forAt >= 0 && (target === undefined || parts.length !== forAt + 2)) {
    throw new Error(`${source}:${line}: "for" takes one quoted text, at the end: "${body}"`);
  }
  if (kind === 'skip' && args.length !== 1) {
    throw new Error(`${source}:${line}: skip takes one quoted reason: "${body}"`);
  }
  if (kind === 'expect-output' && args.length !== 1) {
    throw new Error(`${source}:${line}: expect-output takes one quoted text: "${body}"`);
  }
  if (kind === 'needs' && args.length === 0) throw new Error(`${source}:${line}: needs names a program: "${body}"`);
  if (kind === 'expect-exit' && (args.length < 1 || args.length > 2 || !/^\d+$/.test(args[0] ?? ''))) {
    throw new Error(`${source}:${line}: expect-exit takes a status and an optional error code: "${body}"`);
  }
  return { kind, args, line, ...compact({ target }) };
}

/** The text of a command line up to a trailing `# comment` (a `#` outside quotes, after a space). */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

/** Groups a block's lines into commands: `\` continuations and here-documents stay with their command. */
function splitCommands(lines: string[], firstLine: number): { script: string; name: string; line: number }[] {
  const out: { script: string; name: string; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const start = i;
    const nameParts = [withoutComment(text)];
    while (/\\$/.test(withoutComment(lines[i] ?? '')) && i + 1 < lines.length) {
      i++;
      nameParts.push(withoutComment(lines[i] ?? '').trim());
    }
    const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(withoutComment(lines[i] ?? ''));
    if (heredoc) {
      const end = lines.findIndex((l, at) => at > i && l.trim() === heredoc[1]);
      if (end < 0) throw new Error(`line ${firstLine + i}: here-document ${heredoc[1]} is not closed`);
      i = end;
    }
    const name = nameParts.map((p) => p.replace(/\\$/, '').trim()).join(' ');
    out.push({ script: lines.slice(start, i + 1).join('\n'), name, line: firstLine + start });
  }
  return out;
}

/** Every runnable command of a Markdown page, in page order (see the module comment). */
export function extractCommands(markdown: string, source = 'markdown'): DocCommand[] {
  const lines = markdown.split('\n');
  const commands: DocCommand[] = [];
  let pending: Directive[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const fence = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(text);
    if (fence) {
      const close = lines.findIndex((l, at) => at > i && l.trim().startsWith(fence[2] ?? '```'));
      if (close < 0) throw new Error(`${source}:${i + 1}: code block is not closed`);
      const body = lines.slice(i + 1, close);
      if (runnableLanguages.has(fence[3] ?? '')) {
        commands.push(...applyDirectives(splitCommands(body, i + 2), pending, source, i + 1, false));
      } else if (pending.length > 0) {
        throw new Error(`${source}:${pending[0]?.line}: tour directives before a block that is not sh`);
      }
      pending = [];
      i = close;
      continue;
    }
    const comment = /^\s*<!--\s*tour:\s*(.*)$/.exec(text);
    if (comment) {
      const end = lines.findIndex((l, at) => at >= i && l.includes('-->'));
      if (end < 0) throw new Error(`${source}:${i + 1}: tour comment is not closed`);
      const first = (comment[1] ?? '').replace(/-->.*$/, '').trim();
      if (first === 'run') {
        commands.push(...applyDirectives(splitCommands(lines.slice(i + 1, end), i + 2), pending, source, i + 1, true));
        pending = [];
      } else {
        if (end !== i) throw new Error(`${source}:${i + 1}: a tour directive fits on one line`);
        pending.push(parseDirective(first, i + 1, source));
      }
      i = end;
      continue;
    }
    if (text.trim() !== '' && pending.length > 0) {
      throw new Error(`${source}:${pending[0]?.line}: a tour directive must come right before its sh block`);
    }
  }
  if (pending.length > 0) throw new Error(`${source}:${pending[0]?.line}: a tour directive with no sh block after it`);
  return commands;
}

function applyDirectives(
  found: { script: string; name: string; line: number }[],
  directives: Directive[],
  source: string,
  blockLine: number,
  hidden: boolean,
): DocCommand[] {
  const commands: DocCommand[] = found.map((c) => ({ ...c, needs: [], expectExit: 0, expectOutput: [], hidden }));
  for (const directive of directives) {
    const targets =
      directive.target === undefined ? commands : commands.filter((c) => c.script.includes(directive.target ?? ''));
    if (targets.length === 0) {
      const where = `${source}:${directive.line}: no command of the block at line ${blockLine}`;
      throw new Error(`${where} contains "${directive.target}"`);
    }
    for (const command of targets) {
      if (directive.kind === 'skip') command.skip = directive.args[0];
      else if (directive.kind === 'needs') command.needs.push(...directive.args);
      else if (directive.kind === 'expect-output') command.expectOutput.push(directive.args[0] ?? '');
      else {
        command.expectExit = Number(directive.args[0]);
        if (directive.args[1] !== undefined) command.expectCode = directive.args[1];
      }
    }
  }
  return commands;
}
