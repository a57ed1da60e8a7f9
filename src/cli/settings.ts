import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { usageError } from './cli-error.js';

/** What `arca login` saves: where the server is and the token to use there. */
export interface Login {
  server: string;
  token: string;
}

/** The directory of the CLI's own settings: `$XDG_CONFIG_HOME/arca`, else `~/.config/arca`. */
export function settingsDir(env: NodeJS.ProcessEnv): string {
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.config');
  return join(base, 'arca');
}

/** Path of the saved login. */
export function loginFile(env: NodeJS.ProcessEnv): string {
  return join(settingsDir(env), 'config.json');
}

/** The saved login, or undefined when there is none. A file that is not a login is a usage error. */
export function readSavedLogin(env: NodeJS.ProcessEnv): Partial<Login> | undefined {
  const file = loginFile(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageError('LoginFileUnreadable', `cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw usageError('LoginFileInvalid', `${file} is not valid JSON; run arca login --server URL --token TOKEN again`);
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw usageError('LoginFileInvalid', `${file} must hold {"server": …, "token": …}`);
  const { server, token } = parsed as Record<string, unknown>;
  return { ...(typeof server === 'string' ? { server } : {}), ...(typeof token === 'string' ? { token } : {}) };
}

/** Saves the login readable only by its owner: directory 0700, file 0600, written atomically. */
export function saveLogin(env: NodeJS.ProcessEnv, login: Login): string {
  const dir = settingsDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone; the token must not sit in a readable one.
  chmodSync(dir, 0o700);
  const file = loginFile(env);
  const temp = `${file}.${process.pid}.tmp`;
  // Created 0600 from the start, so the token is never readable by others, not even briefly.
  writeFileSync(temp, `${JSON.stringify({ server: login.server, token: login.token }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return file;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Checks a server URL given on the command line, in the environment or in the login file. */
export function checkServerUrl(server: string, from: string): string {
  if (!/^https?:\/\//i.test(server) || !URL.canParse(server)) {
    throw usageError(
      'ServerUrlInvalid',
      `the server ${JSON.stringify(server)} (from ${from}) is not an http:// or https:// URL`,
    );
  }
  return server.replace(/\/+$/, '');
}

/**
 * Where to connect and with which token: `--server`/`--token`, else `ARCA_SERVER`/`ARCA_TOKEN`,
 * else the saved login; each value on its own. Nothing at all is the `NotLoggedIn` usage error.
 */
export function resolveLogin(
  flags: { server?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv,
): Login {
  const flagServer = nonEmpty(flags.server);
  const flagToken = nonEmpty(flags.token);
  const envServer = nonEmpty(env['ARCA_SERVER']);
  const envToken = nonEmpty(env['ARCA_TOKEN']);
  const saved = flagServer !== undefined && flagToken !== undefined ? undefined : readSavedLogin(env);
  const server = flagServer ?? envServer ?? saved?.server;
  const token = flagToken ?? envToken ?? saved?.token;
  if (server === undefined || token === undefined) {
    throw usageError('NotLoggedIn', 'run arca login --server URL --token TOKEN (or set ARCA_SERVER and ARCA_TOKEN)');
  }
  const from = flagServer !== undefined ? '--server' : envServer !== undefined ? 'ARCA_SERVER' : loginFile(env);
  return { server: checkServerUrl(server, from), token };
}
