import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import { CliError, exitStatus } from '../cli-error.js';
import type { CliIo } from '../context.js';

interface ServeOptions {
  config?: string;
  host?: string;
  port?: string;
  dataDir?: string;
  database?: string;
  logLevel?: string;
}

/**
 * `arca serve`: loads the configuration and runs the server until a signal stops it. The server
 * and its dependencies are imported only here, so every other command starts fast.
 */
export function addServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Run the Arca server (embedded SQLite and directories by default)')
    .option('-c, --config <file>', 'arca.yaml to read (default: ./arca.yaml when present)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1; ARCA_HOST)')
    .option('--port <port>', 'TCP port (default 8600; ARCA_PORT)')
    .option('--data-dir <dir>', 'data directory (default ./.arca; ARCA_DATA_DIR)')
    .option('--database <url>', 'SQLite file or postgres:// URL (ARCA_DATABASE_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (ARCA_LOG_LEVEL)')
    .action(async (options: ServeOptions) => {
      const { ConfigError, formatConfigError, loadConfig } = await import('../../config/config.js');
      const { config: configPath, ...rest } = options;
      // Only the keys given: loadConfig treats every flag it receives as an explicit setting.
      const flags = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
      let config;
      try {
        config = loadConfig({ ...compact({ configPath }), env: io.env, flags });
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        io.stderr.write(`${formatConfigError(error)}\n`);
        throw new CliError('ConfigInvalid', error.message, exitStatus.usage, { reported: true });
      }
      const { serve } = await import('../../server.js');
      const adminToken = io.env['ARCA_ADMIN_TOKEN'];
      try {
        await serve({ config, ...(adminToken === undefined || adminToken === '' ? {} : { adminToken }) });
      } catch (error) {
        // A port in use, an unreachable database: the environment, not a bug in arca.
        throw new CliError(
          'ServeFailed',
          error instanceof Error ? error.message : String(error),
          exitStatus.requestFailed,
        );
      }
      // The server runs until SIGTERM/SIGINT, and its shutdown ends the process: never resolve.
      await new Promise<never>(() => {});
    });
}
