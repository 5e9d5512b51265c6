/** The few error classes the CLI prints in one place, each with the exit code it means. */

export const EXIT_OK = 0;
/** The input was read but is invalid (validation failed). */
export const EXIT_INVALID = 1;
/** A deploy or check failed (the command still printed why). */
export const EXIT_FAILED = 1;
/** Usage or I/O error: bad flags, unreadable file, oversize input, invalid config. */
export const EXIT_USAGE = 2;
/** `--dry-run --exit-code`: the plan has changes. */
export const EXIT_PLAN_HAS_CHANGES = 3;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
