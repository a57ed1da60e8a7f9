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

/** What a person can do about an answer that is not their input's fault (storage faults and limits). */
const hints: Readonly<Record<string, string>> = {
  StorageFull: 'the server is out of storage space, not your request: tell its operator (docs/operations.md, "Storage faults"); retry once space is freed',
  StorageReadOnly: 'the server\'s storage refuses writes (read-only disk or database): tell its operator; reads still work, retry the change later',
  StorageUnavailable: 'the server cannot reach its storage right now: retry later, or tell its operator if it lasts',
  TooManyRequests: 'too many requests without a valid token from this address: wait and retry, and check that your token (--token, ARCA_TOKEN or `arca login`) is valid',
  UploadSessionLimit: 'you hold the most open upload sessions the server allows: let running uploads finish or cancel stale ones, then retry',
};

/** A hint line for a server error code, when there is one worth giving. */
export function hintFor(code: string): string | undefined {
  return Object.hasOwn(hints, code) ? hints[code] : undefined;
}
