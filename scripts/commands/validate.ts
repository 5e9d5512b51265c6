/**
 * `incident-bridge validate <file|->`: normalizes a request body (flat Data Action body,
 * Genesys conversation object or event envelope) and prints it with PII masked, or prints
 * every error with its JSON Pointer path. Exit 0 valid, 2 invalid (the body, the file or flags).
 */
import { normalizeRequest } from '../../servicenow/src/server/core/normalize.ts';
import { maskedRequestView } from '../../servicenow/src/server/core/mapping.ts';
import { EXIT_INVALID, EXIT_OK } from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { diagnostic } from '../lib/report.ts';
import { readInput } from '../lib/read-input.ts';

export interface ValidateOptions {
  /** Print one JSON document on stdout instead of text. */
  json?: boolean;
}

/** Position of a JSON syntax error, without echoing the input (it may hold personal data). */
function syntaxErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(text);
  return position ? `invalid JSON at position ${position[1]}` : 'invalid JSON';
}

export async function validateCommand(
  source: string,
  options: ValidateOptions,
  io: Io,
): Promise<number> {
  const raw = await readInput(source, io.stdin);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    const errors = [{ path: '', message: syntaxErrorMessage(error) }];
    if (options.json)
      writeLine(io.stdout, JSON.stringify({ valid: false, errors, warnings: [] }, null, 2));
    else diagnostic(io, `invalid: ${errors[0]?.message}`);
    return EXIT_INVALID;
  }
  const result = normalizeRequest(body);
  if (options.json) {
    const document = result.ok
      ? {
          valid: true,
          shape: result.shape,
          request: maskedRequestView(result.request),
          warnings: result.warnings,
        }
      : { valid: false, shape: result.shape, errors: result.errors, warnings: result.warnings };
    writeLine(io.stdout, JSON.stringify(document, null, 2));
    return result.ok ? EXIT_OK : EXIT_INVALID;
  }
  for (const warning of result.warnings)
    diagnostic(io, `warning: ${warning.path || '(body)'}: ${warning.message}`);
  if (!result.ok) {
    for (const error of result.errors)
      diagnostic(io, `invalid: ${error.path || '(body)'}: ${error.message}`);
    return EXIT_INVALID;
  }
  writeLine(io.stdout, JSON.stringify(maskedRequestView(result.request), null, 2));
  diagnostic(io, `valid ${result.shape} request for customCallId ${result.request.customCallId}`);
  return EXIT_OK;
}
