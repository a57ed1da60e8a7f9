/** Exit statuses of `arca`: 0 ok, 1 a request failed, 2 the command line or its input is wrong. */
export const exitStatus = { ok: 0, requestFailed: 1, usage: 2 } as const;

/** What each exit status means, as docs/errors.md states it (generated from here). */
export const exitStatusMeanings: Readonly<Record<keyof typeof exitStatus, string>> = {
  ok: 'success',
  requestFailed:
    'the request failed: the server answered an error (a code below), could not be reached, or an operation or check ended failed',
  usage:
    'usage error: a wrong or missing flag or argument, or wrong input the CLI checks before sending anything (a file, a path, a YAML ' +
    'spec, a reference); such errors carry a code below when the server would answer the same (`ComponentSpecInvalid`, `ReferenceInvalid`), ' +
    "or one of the CLI's own (`UsageError`, `UsageInvalid`, `NotLoggedIn`, `TokenEmpty`, `ConfirmationRequired`, …)",
};

/**
 * A failure the CLI reports itself (not one the server sent): a usage error (exit 2) by default,
 * or a failed operation (exit 1). Printed as `error <code>: <message>`.
 */
export class CliError extends Error {
  readonly code: string;
  readonly exitStatus: number;
  /** Already printed where it happened (in another module's format); `main` only exits with the status. */
  readonly reported: boolean;

  constructor(code: string, message: string, status: number = exitStatus.usage, options: { reported?: boolean } = {}) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitStatus = status;
    this.reported = options.reported ?? false;
  }
}

/** A usage error: bad flags or input the command cannot use; exit status 2. */
export function usageError(code: string, message: string): CliError {
  return new CliError(code, message, exitStatus.usage);
}

/**
 * How the CLI tells a server error: the server's message is written for API callers, so phrases that
 * name an API parameter are said the way the CLI spells them (`force=true` is `--force`), and a hint
 * line says what to do from the command line. One table, by error code.
 */
interface CliAdvice {
  /** API phrasing in the server's message, and what the CLI says instead. */
  phrases?: Readonly<Record<string, string>>;
  hint?: string;
}

const forceFlag = { 'force=true': '--force' } as const;

const advice: Readonly<Record<string, CliAdvice>> = {
  ScopeNotEmpty: { phrases: forceFlag },
  VersionInUse: { phrases: forceFlag },
  VersionProtected: { phrases: forceFlag },
  Unauthenticated: {
    phrases: { 'send `Authorization: Bearer <token>`': 'give one' },
    hint: 'the server did not accept the token (from --token, ARCA_TOKEN or the saved login): run `arca login --server URL --token TOKEN` with a valid one',
  },
  StorageFull: {
    hint: 'the server is out of storage space, not your request: tell its operator (docs/operations.md, "Storage faults"); retry once space is freed',
  },
  StorageReadOnly: {
    hint: "the server's storage refuses writes (read-only disk or database): tell its operator; reads still work, retry the change later",
  },
  StorageUnavailable: {
    hint: 'the server cannot reach its storage right now: retry later, or tell its operator if it lasts',
  },
  TooManyRequests: {
    hint: 'too many requests without a valid token from this address: wait and retry, and check that your token (--token, ARCA_TOKEN or `arca login`) is valid',
  },
  UploadSessionLimit: {
    hint: 'you hold the most open upload sessions the server allows: let running uploads finish or cancel stale ones, then retry',
  },
};

function adviceFor(code: string): CliAdvice | undefined {
  return Object.hasOwn(advice, code) ? advice[code] : undefined;
}

/** The server's message for a code, with its API phrasing said as the CLI spells it. */
export function cliMessage(code: string, message: string): string {
  return Object.entries(adviceFor(code)?.phrases ?? {}).reduce(
    (text, [api, cli]) => text.replaceAll(api, cli),
    message,
  );
}

/** A hint line for a server error code, when there is one worth giving. */
export function hintFor(code: string): string | undefined {
  return adviceFor(code)?.hint;
}
