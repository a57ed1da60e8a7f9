import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ArcaApiError } from '../sdk/client.js';
import { CliError, cliMessage, exitStatus, hintFor, usageError } from './cli-error.js';
import { addAccessCommands } from './commands/access.js';
import { addAdminCommands } from './commands/admin.js';
import { addAssetCommands } from './commands/asset.js';
import { addFsckCommand } from './commands/fsck.js';
import { addGcCommands } from './commands/gc.js';
import { addJobCommands } from './commands/job.js';
import { addLoginCommand } from './commands/login.js';
import { addOperationCommands } from './commands/operation.js';
import { addRegistryCommands } from './commands/registry.js';
import { addServeCommand } from './commands/serve.js';
import { addWorkspaceCommands } from './commands/workspace.js';
import { processIo, type CliIo } from './context.js';
import { outputFormats } from './output.js';

function packageVersion(): string {
  try {
    // Two levels up from both src/cli and dist/cli.
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/**
 * A flag given empty (`--token "$UNSET"`) is a mistake to report, not a reason to fall back silently
 * to ARCA_TOKEN or the saved login, which may be someone else's.
 */
function given(flag: string, code: string, what: string): (value: string) => string {
  return (value) => {
    if (value.trim() === '') {
      throw usageError(
        code,
        `${flag} is empty (an unset shell variable?): give ${what}, or leave ${flag} out to use the environment or \`arca login\``,
      );
    }
    return value;
  };
}

/** The `arca` command tree, writing through `io`; errors are thrown, never turned into `process.exit`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('arca')
    .description('Arca: a self-hosted registry for models, data, environments and components')
    // Only -V is the program's own flag: commander would take `--version` anywhere on the line,
    // where `model create --version 3` means the version label. `arca --version` still works (see main).
    .version(packageVersion(), '-V', 'output the version number (also --version as the first argument)')
    .addOption(
      new Option('-o, --output <format>', 'output format (default: table on a terminal, json otherwise)').choices(
        outputFormats,
      ),
    )
    .option('--query <jmespath>', 'JMESPath query applied to the result before formatting')
    .option(
      '--server <url>',
      'Arca server URL (overrides ARCA_SERVER and the saved login)',
      given('--server', 'ServerUrlInvalid', 'a URL'),
    )
    .option(
      '--token <token>',
      'access token (overrides ARCA_TOKEN and the saved login)',
      given('--token', 'TokenEmpty', 'a token'),
    )
    // Set before any subcommand exists: commander copies these settings into each one.
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // main prints usage errors itself, as `error UsageError: …`.
      outputError: () => {},
    });
  addServeCommand(program, io);
  addLoginCommand(program, io);
  addRegistryCommands(program, io);
  addWorkspaceCommands(program, io);
  addOperationCommands(program, io);
  addAssetCommands(program, io);
  addAccessCommands(program, io);
  addJobCommands(program, io);
  addGcCommands(program, io);
  addFsckCommand(program, io);
  addAdminCommands(program, io);
  return program;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Prints an error as `error <Code>: <message>` and returns the exit status it means. */
function report(error: unknown, io: CliIo): number {
  const print = (code: string, message: string): void => {
    io.stderr.write(`error ${code}: ${oneLine(message)}\n`);
  };
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return exitStatus.ok;
    // A group without its verb: commander has already shown the group's help on stderr.
    if (error.code === 'commander.help') return exitStatus.usage;
    print('UsageError', error.message.replace(/^error:\s*/, ''));
    return exitStatus.usage;
  }
  if (error instanceof CliError) {
    if (!error.reported) print(error.code, error.message);
    return error.exitStatus;
  }
  if (error instanceof ArcaApiError) {
    print(error.code, cliMessage(error.code, error.message));
    const hint = hintFor(error.code);
    if (hint !== undefined) io.stderr.write(`hint: ${hint}\n`);
    return exitStatus.requestFailed;
  }
  print('InternalError', error instanceof Error ? `${error.message} (a bug in arca; please report it)` : String(error));
  return exitStatus.requestFailed;
}

/** Runs `arca` with the arguments after the program name; resolves to the exit status. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const args = argv[0] === '--version' ? ['-V', ...argv.slice(1)] : argv;
    await buildProgram(io).parseAsync(args, { from: 'user' });
    return exitStatus.ok;
  } catch (error) {
    return report(error, io);
  }
}
