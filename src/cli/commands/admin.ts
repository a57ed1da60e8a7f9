import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import { CliError, exitStatus } from '../cli-error.js';
import type { CliIo } from '../context.js';

interface RecoverOptions {
  config?: string;
  dataDir?: string;
  database?: string;
  user: string;
  newToken?: boolean;
}

/**
 * `arca admin …`: commands for the operator of the server host. They read the configuration
 * `arca serve` reads and open its metadata store directly (no server, no token), so they are imported
 * only when run.
 */
export function addAdminCommands(program: Command, io: CliIo): void {
  const admin = program
    .command('admin')
    .description('Server-host commands that work on the data directory or database directly');
  admin
    .command('recover')
    .description('Break-glass: make a user an org Owner again (re-enabled, assigned Owner), audited as (host)')
    .requiredOption(
      '--user <name>',
      'the user (or service principal) to restore; a user of that name is created if none exists',
    )
    .option('--new-token', 'also issue a new token for it, printed once')
    .option('-c, --config <file>', 'arca.yaml that arca serve reads (default: ./arca.yaml when present)')
    .option('--data-dir <dir>', 'data directory (default ./.arca; ARCA_DATA_DIR)')
    .option('--database <url>', 'SQLite file or postgres:// URL (ARCA_DATABASE_URL)')
    .action(async (options: RecoverOptions) => {
      const { ConfigError, formatConfigError, loadConfig, isPostgresUrl } = await import('../../config/config.js');
      const flags = Object.fromEntries(
        Object.entries({ dataDir: options.dataDir, database: options.database }).filter(
          ([, value]) => value !== undefined,
        ),
      );
      let config;
      try {
        config = loadConfig({
          ...compact({ configPath: options.config }),
          env: io.env,
          flags,
        });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        io.stderr.write(`${formatConfigError(error)}\n`);
        throw new CliError('ConfigInvalid', error.message, exitStatus.usage, { reported: true });
      }
      // A mistyped data directory must not quietly create a fresh, empty organisation.
      if (!isPostgresUrl(config.database) && !existsSync(config.database)) {
        throw new CliError(
          'DatabaseNotFound',
          `no Arca database at ${config.database}: pass the --data-dir (or --database, --config) that arca serve uses`,
          exitStatus.usage,
        );
      }
      const { recoverOwner } = await import('../../recover.js');
      const { ArcaError } = await import('../../core/errors.js');
      let result;
      try {
        result = await recoverOwner(config, { name: options.user, issueToken: options.newToken === true });
      } catch (error) {
        if (error instanceof ArcaError)
          throw new CliError(
            error.code,
            error.message,
            error.status === 400 ? exitStatus.usage : exitStatus.requestFailed,
          );
        throw new CliError(
          'RecoverFailed',
          error instanceof Error ? error.message : String(error),
          exitStatus.requestFailed,
        );
      }
      const { principal } = result;
      const changes = [
        result.created ? 'created' : '',
        result.reenabled ? 're-enabled' : '',
        result.assigned ? 'assigned org Owner' : '',
      ].filter((c) => c !== '');
      io.stdout.write(
        `${principal.kind === 'user' ? 'user' : 'service principal'} ${principal.name} is an org Owner (${changes.length > 0 ? changes.join(', ') : 'no change was needed'}); recorded in the audit log as admin/recover by (host) in ${result.database}\n`,
      );
      if (result.token !== undefined) io.stdout.write(`Its new token, shown once:\n  ${result.token}\n`);
    });
}
