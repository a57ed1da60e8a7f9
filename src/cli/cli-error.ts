/** Exit statuses of `arca`: 0 ok, 1 a request failed, 2 the command line or its input is wrong. */
export const exitStatus = { ok: 0, requestFailed: 1, usage: 2 } as const;

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
