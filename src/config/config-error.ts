/**
 * Configuration problems. Deliberately not an `ArcaError`: a bad configuration stops the process
 * before any request is served, so it has no HTTP status; `serve` prints it and exits with status 2.
 */
export class ConfigError extends Error {
  /** The dotted config key at fault (`port`, `regions.eastus.driver`), or `(file)` for the file itself. */
  readonly key: string;

  /** `detail` says what is wrong and where the value came from; the message is prefixed with the key. */
  constructor(key: string, detail: string) {
    super(`config key '${key}': ${detail}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}

/** The one line `serve` prints before exiting with status 2. */
export function formatConfigError(e: ConfigError): string {
  return `error ConfigInvalid: ${e.message}`;
}

/** Where a value came from: `ARCA_PORT`, `flag --port`, `/etc/arca.yaml:3:7`; `text` when it arrived as a string to parse. */
export interface ValueSource {
  readonly from: string;
  readonly text: boolean;
}

/** A short, single-line rendering of a rejected value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}..."` : shown;
}

/** The error for a value that breaks its key's rule, e.g. `must be an integer … (got "abc" from ARCA_PORT)`. */
export function invalidValue(key: string, rule: string, value: unknown, source: ValueSource): ConfigError {
  return new ConfigError(key, `${rule} (got ${describeValue(value)} from ${source.from})`);
}
