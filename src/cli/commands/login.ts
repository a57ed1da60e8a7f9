import type { Command } from 'commander';
import { usageError } from '../cli-error.js';
import { arcaClientFactory, contextOf, type CliIo } from '../context.js';
import type { Column } from '../output.js';
import { checkServerUrl, saveLogin } from '../settings.js';

interface LoginResult {
  server: string;
  saved_to: string;
}

const loginColumns: readonly Column<LoginResult>[] = [
  { header: 'Server', cell: (r) => r.server },
  { header: 'Saved to', cell: (r) => r.saved_to },
];

/** `arca login --server URL --token T`: checks the token against the server, then saves both. */
export function addLoginCommand(program: Command, io: CliIo): void {
  program
    .command('login')
    .description(
      'Check a token against a server and save both for later commands (--server and --token, or ARCA_SERVER and ARCA_TOKEN)',
    )
    .action(async (_options: unknown, command: Command) => {
      const context = await contextOf(io, command);
      const given = context.globals.server || io.env['ARCA_SERVER'];
      const token = context.globals.token || io.env['ARCA_TOKEN'];
      if (!given || !token) throw usageError('LoginIncomplete', 'pass --server URL and --token TOKEN');
      const server = checkServerUrl(given, context.globals.server ? '--server' : 'ARCA_SERVER');
      // Any authenticated read proves the token; the cheapest is one registry.
      await (await arcaClientFactory())({ server, token }).registries.list({ top: 1 });
      await context.print({ server, saved_to: saveLogin(io.env, { server, token }) }, loginColumns);
    });
}
