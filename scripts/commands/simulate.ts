/**
 * `incident-bridge simulate --input <file>`: one payload through the generated Data Action into
 * the ServiceNow emulator (a fresh sandbox), printing the Genesys-"Test"-tab-like trace.
 * A flat body runs through the Data Action; a conversation object or event envelope is posted
 * to the ServiceNow endpoint directly (the flat Data Action contract cannot carry it).
 */
import { normalizeRequest } from '../../servicenow/src/server/core/normalize.ts';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, InputError } from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { readInput } from '../lib/read-input.ts';
import { startSandbox } from '../sandbox/sandbox.ts';
import { describeExecution } from '../sandbox/data-action-runtime/trace-text.ts';
import type { ExecutionResult } from '../sandbox/data-action-runtime/index.ts';
import { maskForDisplay } from '../sandbox/web/trace-display.ts';

export interface SimulateOptions {
  input: string;
  json?: boolean;
}

/** A 4xx answer means the payload was refused (invalid input); anything else, a failed run. */
const exitCodeFor = (status: number) =>
  status < 300 ? EXIT_OK : status < 500 ? EXIT_INVALID : EXIT_FAILED;

export async function simulateCommand(options: SimulateOptions, io: Io): Promise<number> {
  if (!options.input)
    throw new InputError('--input <file> is required (a JSON body, or - for standard input)');
  const raw = await readInput(options.input, io.stdin);
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    throw new InputError(`${options.input} is not valid JSON`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InputError(`${options.input} must hold a JSON object`);
  }
  const normalized = normalizeRequest(payload);
  const sandbox = await startSandbox();
  try {
    if (normalized.shape && normalized.shape !== 'flat') {
      const response = await sandbox.postToServiceNow(raw);
      const document = {
        path: 'direct POST',
        shape: normalized.shape,
        status: response.status,
        response: response.json,
      };
      if (options.json) writeLine(io.stdout, JSON.stringify(document, null, 2));
      else {
        writeLine(
          io.stdout,
          `${normalized.shape} payload: posted to the ServiceNow endpoint directly (the Data Action contract is flat)`,
        );
        writeLine(io.stdout, `HTTP ${response.status}`);
        writeLine(io.stdout, JSON.stringify(response.json, null, 2));
      }
      return exitCodeFor(response.status);
    }
    // a non-secure action's trace holds the values as sent: printed through the app's masker,
    // as the sandbox page shows it (a secure action's trace holds only their shapes)
    const result = maskForDisplay(
      await sandbox.execute(sandbox.actions.createIncident, payload as Record<string, unknown>),
    ) as ExecutionResult;
    if (options.json) {
      writeLine(io.stdout, JSON.stringify(result, null, 2));
    } else {
      for (const line of describeExecution(result, '→ ServiceNow emulator'))
        writeLine(io.stdout, line);
    }
    return result.ok ? EXIT_OK : exitCodeFor(result.status);
  } finally {
    await sandbox.close();
  }
}
