import type { Command } from 'commander';
import type { ArcaClient, ArcaClientOptions, Operation } from '../sdk/client.js';
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

/** Makes a client for a server and token. */
export type ClientFactory = (login: Pick<ArcaClientOptions, 'server' | 'token'>) => ArcaClient;

/** The SDK and its HTTP transport, loaded once a command runs: help and usage errors never load them. */
export async function arcaClientFactory(): Promise<ClientFactory> {
  const [{ createArcaClient }, { nodeHttpFetch }] = await Promise.all([
    import('../sdk/client.js'),
    import('../sdk/node-http-fetch.js'),
  ]);
  return (login) => createArcaClient({ ...login, fetch: nodeHttpFetch });
}

/** What a command's action works with: the streams, the global options, a client on demand. */
export class CommandContext {
  readonly io: CliIo;
  readonly globals: GlobalOptions;
  readonly #newClient: ClientFactory;
  #client: ArcaClient | undefined;

  constructor(io: CliIo, globals: GlobalOptions, newClient: ClientFactory) {
    this.io = io;
    this.globals = globals;
    this.#newClient = newClient;
  }

  /** True when a person is at the terminal to answer a question and watch a spinner. */
  get interactive(): boolean {
    return this.io.stdin.isTTY === true && this.io.stderr.isTTY === true;
  }

  /** The client for the resolved login; not logged in is a usage error. */
  client(): ArcaClient {
    this.#client ??= this.#newClient(resolveLogin(this.globals, this.io.env));
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
   * ends `Failed` or `Canceled` is reported with its own code and exit status 1.
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
      if (ended.status === 'Failed' || ended.status === 'Canceled') {
        throw new CliError(
          ended.error?.code ?? (ended.status === 'Failed' ? 'OperationFailed' : 'OperationCanceled'),
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
export async function contextOf(io: CliIo, command: Command): Promise<CommandContext> {
  return new CommandContext(io, command.optsWithGlobals<GlobalOptions>(), await arcaClientFactory());
}
