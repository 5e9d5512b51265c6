/**
 * The CLI's one error family. Commands throw; `runCommand` (report.ts) is the one place that
 * prints an error and picks the exit code from its class:
 * - InputError (exit 2): the input is invalid — flags, an unreadable or oversize file, an invalid
 *   request body or deploy configuration, unset environment variables;
 * - OperationError (exit 1): the input was fine but the operation failed — a platform refused or
 *   could not be reached, a build or install failed, a check failed.
 * Anything else is a bug: printed as "unexpected error" with exit 1.
 */

export const EXIT_OK = 0;
/** The operation failed (a deploy, build, check or platform call); the message says which. */
export const EXIT_FAILED = 1;
/** The input is invalid: flags, files, request bodies, the deploy configuration, variables. */
export const EXIT_INVALID = 2;
/** Same as {@link EXIT_INVALID}: usage mistakes are invalid input too. */
export const EXIT_USAGE = EXIT_INVALID;
/** `--dry-run --exit-code`: the plan has changes. */
export const EXIT_PLAN_HAS_CHANGES = 3;

export type ErrorKind = 'invalid-input' | 'failed';

export interface CliErrorOptions {
  /**
   * With --json: fields of the command's own document known when it failed (the plan so far,
   * ...), printed with the error in the one JSON document. Must already be redacted.
   */
  report?: Readonly<Record<string, unknown>>;
  /** Extra machine-readable fields of the error object in the JSON document (status, code...). */
  data?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/** Base of the family; prefer {@link InputError} and {@link OperationError}. */
export class CliError extends Error {
  readonly report: Readonly<Record<string, unknown>> | undefined;
  readonly data: Readonly<Record<string, unknown>> | undefined;

  constructor(
    message: string,
    readonly exitCode: number = EXIT_INVALID,
    options: CliErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.report = options.report;
    this.data = options.data;
  }

  get kind(): ErrorKind {
    return this.exitCode === EXIT_FAILED ? 'failed' : 'invalid-input';
  }
}

/** Invalid input (exit 2). The message names the field or file and the reason, never a value. */
export class InputError extends CliError {
  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, EXIT_INVALID, options);
    this.name = 'InputError';
  }
}

/** The operation failed (exit 1): a platform answer, a build, an install. Redact before throwing. */
export class OperationError extends CliError {
  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, EXIT_FAILED, options);
    this.name = 'OperationError';
  }
}
