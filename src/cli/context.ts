import type { Command } from 'commander';
import { createArcaClient, type ArcaClient, type Operation } from '../sdk/client.js';
import { nodeHttpFetch } from '../sdk/node-http-fetch.js';
import { CliError, exitStatus } from './cli-error.js';
import { defaultFormat, render, type Column, type OutputFormat } from './output.js';
import { resolveLogin } from './settings.js';
import { startSpinner } from './spinner.js';
import type { CliIo } from './io.js';

export { processIo, type CliIo, type TextStream } from './io.js';

/** The options every command accepts (`-o`, `--query`, `--server`, `--token`). */
export interface GlobalOptions {
  output?: OutputFormat;
  query?: string;
  server?: string;
  token?: string;
}

/** What a command's action works with: the streams, the global options, a client on demand. */
export class CommandContext {
  readonly io: CliIo;
  readonly globals: GlobalOptions;
  #client: ArcaClient | undefined;

  constructor(io: CliIo, globals: GlobalOptions) {
    this.io = io;
    this.globals = globals;
  }

  /** True when a person is at the terminal to answer a question and watch a spinner. */
  get interactive(): boolean {
    return this.io.stdin.isTTY === true && this.io.stderr.isTTY === true;
  }

  /** The client for the resolved login; not logged in is a usage error. */
  client(): ArcaClient {
    this.#client ??= createArcaClient({ ...resolveLogin(this.globals, this.io.env), fetch: nodeHttpFetch });
    return this.#client;
  }

  /** The output format: `-o`, else table on a terminal and json otherwise. */
  get format(): OutputFormat {
    return this.globals.output ?? defaultFormat(this.io.stdout.isTTY === true);
  }

  /** Writes a result to stdout in the chosen format, after `--query`. */
  async print<T>(value: T | T[], columns?: readonly Column<T>[]): Promise<void> {
    this.io.stdout.write(await render(value, { format: this.format, query: this.globals.query, columns }));
  }

  /** A warning or hint on stderr, where it never mixes with the result on stdout. */
  note(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  /**
   * Waits for an operation, with a spinner on stderr when it is a terminal; an operation that
   * ends `Failed` is reported with its own code and exit status 1.
   */
  async waitFor(operation: Operation, label: string): Promise<Operation> {
    const spinner = this.io.stderr.isTTY === true ? startSpinner(this.io.stderr, label) : undefined;
    try {
      const ended =
        operation.status === 'Running'
          ? await this.client().waitForOperation(operation.id, {
              onTick: (op) => spinner?.update(`${label} (${op.status})`),
            })
          : operation;
      spinner?.stop(ended.status === 'Succeeded' ? `${label}: done` : `${label}: ${ended.status}`);
      if (ended.status === 'Failed') {
        throw new CliError(
          ended.error?.code ?? 'OperationFailed',
          ended.error?.message ?? `operation ${ended.id} failed`,
          exitStatus.requestFailed,
        );
      }
      return ended;
    } finally {
      spinner?.stop();
    }
  }
}

/** The context of the command being run: its streams and the options given anywhere on the line. */
export function contextOf(io: CliIo, command: Command): CommandContext {
  return new CommandContext(io, command.optsWithGlobals<GlobalOptions>());
}
