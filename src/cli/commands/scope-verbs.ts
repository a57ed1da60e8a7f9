import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { ApplyResult, Operation, Page, ScopeClient, ScopePatch } from '../../sdk/client.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { collect, pageSize } from '../options.js';
import type { Column } from '../output.js';
import { withFilePosition, type SpecFile } from '../spec-file.js';
import { operationColumns } from './operation.js';

/** What the registry and workspace command groups differ in. */
export interface ScopeVerbs<T, Spec> {
  /** `registry` or `workspace`, as the user types it. */
  noun: string;
  /** `registries` or `workspaces`. */
  plural: string;
  client(context: CommandContext): ScopeClient<T, Spec>;
  columns: readonly Column<T>[];
}

/** How a definition is sent: `create` only creates (one that exists and differs is refused); `replace` applies it. */
export interface ApplyDefinitionOptions {
  mode: 'create' | 'replace';
  wait: boolean;
  file?: SpecFile | undefined;
  /** Regions the definition leaves out on purpose (`replace` only; the user has confirmed removing them). */
  removeRegions?: string[];
}

/**
 * Sends a definition (PUT), then waits and shows the result, or with `--no-wait` shows the operation.
 * One that already exists exactly as described is shown with a notice that nothing changed.
 */
export async function applyDefinition<T, Spec>(
  context: CommandContext,
  verbs: ScopeVerbs<T, Spec>,
  name: string,
  spec: Spec,
  options: ApplyDefinitionOptions,
): Promise<void> {
  const scopes = verbs.client(context);
  const { removeRegions } = options;
  let result: ApplyResult<T>;
  try {
    result =
      options.mode === 'create'
        ? await scopes.create(name, spec)
        : await scopes.put(name, spec, removeRegions === undefined ? {} : { removeRegions });
  } catch (error) {
    throw options.file === undefined ? error : withFilePosition(error, options.file);
  }
  if (result.kind === 'unchanged') {
    context.note(`${verbs.noun} ${name} already exists as described; nothing changed`);
    await context.print(result.resource, verbs.columns);
    return;
  }
  await finish(context, verbs, {
    name,
    operation: result.operation,
    wait: options.wait,
    label: `Provisioning ${verbs.noun} ${name}`,
  });
}

/** Applies a PATCH; a 202 is waited for (unless `--no-wait`) and the resource shown afterwards. */
export async function applyPatch<T, Spec>(
  context: CommandContext,
  verbs: ScopeVerbs<T, Spec>,
  name: string,
  patch: ScopePatch,
  wait: boolean,
): Promise<void> {
  if (Object.keys(patch).length === 0)
    throw usageError(
      'NothingToUpdate',
      `say what to change: --set tags.<key>=<value>, --remove tags.<key>, --description, or see arca ${verbs.noun} update --help`,
    );
  const result = await verbs.client(context).patch(name, patch);
  if (result.kind === 'updated') {
    await context.print(result.resource, verbs.columns);
    return;
  }
  await finish(context, verbs, { name, operation: result.operation, wait, label: `Updating ${verbs.noun} ${name}` });
}

/** The operation a change of scope `name` started; with `wait`, followed under `label` until it ends. */
interface StartedOperation {
  name: string;
  operation: Operation;
  wait: boolean;
  label: string;
}

async function finish<T, Spec>(
  context: CommandContext,
  verbs: ScopeVerbs<T, Spec>,
  { name, operation, wait, label }: StartedOperation,
): Promise<void> {
  if (!wait) {
    await context.print(operation, operationColumns);
    return;
  }
  await context.waitFor(operation, label);
  await context.print(await verbs.client(context).get(name), verbs.columns);
}

/** What a confirmation says: the action (after "pass --yes to"), what it costs, the question, the answer to "no". */
export interface ConfirmationPrompt {
  action: string;
  consequence?: string;
  question: string;
  declined: string;
}

/**
 * Lets a destructive change go ahead: at once with `--yes`, else when the person at the terminal agrees;
 * off a terminal without `--yes` it is a usage error saying to pass --yes.
 */
export async function confirmOrYes(
  context: CommandContext,
  io: CliIo,
  yes: boolean | undefined,
  prompt: ConfirmationPrompt,
): Promise<void> {
  if (yes === true) return;
  if (!context.interactive) {
    const consequence = prompt.consequence === undefined ? '' : ` (${prompt.consequence})`;
    const message = `not a terminal: pass --yes to ${prompt.action} without confirmation${consequence}`;
    throw usageError('ConfirmationRequired', message);
  }
  if (!(await confirm(io, prompt.question))) throw usageError('Cancelled', prompt.declined);
}

/** Asks a yes/no question on the terminal; only "y" or "yes" agrees. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const prompt = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

/** Adds `list`, `show` and `delete`, which read the same for both kinds. */
export function addReadAndDeleteVerbs<T, Spec>(group: Command, io: CliIo, verbs: ScopeVerbs<T, Spec>): void {
  group
    .command('list')
    .description(`List ${verbs.plural} (the first page, or every page with --all)`)
    .option('--tag <key[=value]>', 'only those with this tag (repeatable; all must match)', collect)
    .option('--top <n>', 'page size, 1 to 1000', pageSize)
    .option('--all', 'follow the pages to the end')
    .action(async (options: { tag?: string[]; top?: number; all?: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const scopes = verbs.client(context);
      const items: T[] = [];
      let page: Page<T> | undefined;
      do {
        page = await scopes.list({
          ...compact({ top: options.top }),
          ...(options.tag ? { tags: options.tag } : {}),
          ...compact({ cursor: page?.next }),
        });
        items.push(...page.value);
      } while (options.all === true && page.next !== undefined);
      await context.print(items, verbs.columns);
      if (page.next !== undefined) context.note(`warning: more ${verbs.plural} exist; pass --all to list them all`);
    });

  group
    .command('show')
    .description(`Show a ${verbs.noun}`)
    .requiredOption('-n, --name <name>', `${verbs.noun} name`)
    .action(async (options: { name: string }, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await verbs.client(context).get(options.name), verbs.columns);
    });

  group
    .command('delete')
    .description(`Delete a ${verbs.noun} (refused while it holds assets, unless --force)`)
    .requiredOption('-n, --name <name>', `${verbs.noun} name`)
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--force', 'delete even while it holds assets')
    .option('--no-wait', 'return the operation instead of waiting for it')
    .action(async (options: { name: string; yes?: boolean; force?: boolean; wait: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      await confirmOrYes(context, io, options.yes, {
        action: `delete ${verbs.noun} ${options.name}`,
        question: `Delete ${verbs.noun} ${options.name}${options.force === true ? ' and every asset in it' : ''}?`,
        declined: `${verbs.noun} ${options.name} was not deleted`,
      });
      const operation = await verbs.client(context).delete(options.name, { force: options.force === true });
      if (!options.wait) {
        await context.print(operation, operationColumns);
        return;
      }
      await context.waitFor(operation, `Deleting ${verbs.noun} ${options.name}`);
    });
}
