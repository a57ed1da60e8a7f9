/** A failed request: the `{error: {code, message, target}}` envelope, or a transport failure (status 0). */
export class ArcaApiError extends Error {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;

  constructor(status: number, code: string, message: string, target?: string) {
    super(message);
    this.name = 'ArcaApiError';
    this.status = status;
    this.code = code;
    this.target = target;
  }
}

/** The error for a response that is not a success, from its envelope when it has one. */
export function apiErrorFrom(
  server: string,
  response: { status: number; statusText?: string },
  body: unknown,
): ArcaApiError {
  const envelope = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof envelope === 'object' && envelope !== null) {
    const { code, message, target } = envelope as { code?: unknown; message?: unknown; target?: unknown };
    if (typeof code === 'string' && typeof message === 'string')
      return new ArcaApiError(response.status, code, message, typeof target === 'string' ? target : undefined);
  }
  // Not our envelope: a proxy or another service answered.
  const statusText = response.statusText === undefined || response.statusText === '' ? '' : ` ${response.statusText}`;
  return new ArcaApiError(
    response.status,
    'UnexpectedResponse',
    `the server answered ${response.status}${statusText} without an Arca error body (is ${server} an Arca server?)`,
  );
}

/** The error for a request that got no answer (refused, reset, timed out). */
export function unreachable(server: string, error: unknown): ArcaApiError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
  return new ArcaApiError(0, 'ServerUnreachable', `cannot reach the Arca server at ${server} (${reason})`);
}
