/**
 * The one place that prints errors and picks exit codes (the changesets pattern: commands throw,
 * the runner reports). Every line the CLI writes to stderr starts with the same prefix; with
 * `--json` a failure is still exactly one JSON document on stdout.
 */
import { CliError, EXIT_FAILED, type ErrorKind } from './errors.ts';
import type { Io } from './io.ts';

export const PREFIX = 'incident-bridge: ';

/** A diagnostic for people (progress, warning, error) on stderr: every line prefixed. */
export function diagnostic(io: Pick<Io, 'stderr'>, text: string): void {
  for (const line of text.split('\n')) io.stderr.write(PREFIX + line + '\n');
}

export interface CommandContext {
  /** Name in the JSON document, e.g. "deploy genesys". */
  command: string;
  /** The command was asked for --json: a failure becomes one JSON document on stdout. */
  json?: boolean;
  /** Print stack traces of unexpected errors. */
  debug?: boolean;
}

interface Failure {
  kind: ErrorKind | 'unexpected';
  exitCode: number;
  message: string;
}

function failureOf(error: unknown): Failure {
  if (error instanceof CliError)
    return { kind: error.kind, exitCode: error.exitCode, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'unexpected', exitCode: EXIT_FAILED, message: `unexpected error: ${message}` };
}

/** Prints one error the one way and returns its exit code. */
export function reportError(io: Io, context: CommandContext, error: unknown): number {
  const failure = failureOf(error);
  if (context.json) {
    const cli = error instanceof CliError ? error : undefined;
    const problems = (error as { problems?: unknown }).problems;
    const document = {
      command: context.command,
      ...cli?.report,
      ok: false,
      exitCode: failure.exitCode,
      error: {
        kind: failure.kind,
        message: failure.message,
        ...cli?.data,
        ...(Array.isArray(problems) ? { problems } : {}),
      },
    };
    io.stdout.write(JSON.stringify(document, null, 2) + '\n');
  }
  diagnostic(io, failure.message);
  if (failure.kind === 'unexpected' && context.debug && error instanceof Error && error.stack)
    io.stderr.write(error.stack + '\n');
  return failure.exitCode;
}

/** Runs one command: its exit code, or the reported error's. */
export async function runCommand(
  io: Io,
  context: CommandContext,
  action: () => Promise<number>,
): Promise<number> {
  try {
    return await action();
  } catch (error) {
    return reportError(io, context, error);
  }
}
