import { Command, CommanderError, Option } from 'commander';
import { packageVersion } from '../package-info.js';
import { ArcaApiError } from '../sdk/errors.js';
import { CliError, cliMessage, exitStatus, hintFor, usageError } from './cli-error.js';
import { processIo, type CliIo } from './io.js';
import { outputFormats } from './output-formats.js';

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

type AddCommands = (program: Command, io: CliIo) => void;

/**
 * The modules that add the top-level commands, in the order `arca --help` lists them, with the names each
 * adds: a command line names one, and only that module (and what it imports) is loaded.
 */
export const commandModules: readonly { names: readonly string[]; load: () => Promise<AddCommands> }[] = [
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).addServeCommand },
  { names: ['login'], load: async () => (await import('./commands/login.js')).addLoginCommand },
  { names: ['registry'], load: async () => (await import('./commands/registry.js')).addRegistryCommands },
  { names: ['workspace'], load: async () => (await import('./commands/workspace.js')).addWorkspaceCommands },
  { names: ['operation'], load: async () => (await import('./commands/operation.js')).addOperationCommands },
  {
    names: ['model', 'data', 'environment', 'component'],
    load: async () => (await import('./commands/asset.js')).addAssetCommands,
  },
  {
    names: ['whoami', 'user', 'sp', 'group', 'token', 'role', 'audit'],
    load: async () => (await import('./commands/access.js')).addAccessCommands,
  },
  { names: ['job'], load: async () => (await import('./commands/job.js')).addJobCommands },
  { names: ['event'], load: async () => (await import('./commands/event.js')).addEventCommands },
  { names: ['gc'], load: async () => (await import('./commands/gc.js')).addGcCommands },
  { names: ['retention'], load: async () => (await import('./commands/retention.js')).addRetentionCommands },
  { names: ['automation'], load: async () => (await import('./commands/automation.js')).addAutomationCommands },
  { names: ['fsck'], load: async () => (await import('./commands/fsck.js')).addFsckCommand },
  { names: ['admin'], load: async () => (await import('./commands/admin.js')).addAdminCommands },
];

/** The program's own options that take a value: the word after them is that value, not a command. */
const programOptionsWithValue = new Set(['-o', '--output', '--query', '--server', '--token']);

/** The first word of the command line that is not a program option or its value: the command commander runs. */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i] ?? '';
    if (word === '--') return argv[i + 1];
    if (programOptionsWithValue.has(word)) i += 1;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/** Every command module, or only the one that adds the named command (help and unknown commands need them all). */
async function commandsFor(argv: readonly string[]): Promise<AddCommands[]> {
  const word = commandWord(argv);
  const named = commandModules.find((module) => word !== undefined && module.names.includes(word));
  return Promise.all((named === undefined ? commandModules : [named]).map((module) => module.load()));
}

/** The whole `arca` command tree, writing through `io` (the command line loads only what it runs: see main). */
export async function buildProgram(io: CliIo, argv?: readonly string[]): Promise<Command> {
  return programWith(io, argv === undefined ? await commandsFor([]) : await commandsFor(argv));
}

/** The `arca` program with the given commands; errors are thrown, never turned into `process.exit`. */
function programWith(io: CliIo, commands: readonly AddCommands[]): Command {
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
  for (const addCommands of commands) addCommands(program, io);
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
    await (await buildProgram(io, args)).parseAsync(args, { from: 'user' });
    return exitStatus.ok;
  } catch (error) {
    return report(error, io);
  }
}
