/**
 * `incident-bridge action run <file> --input <json>`: executes any Data Action — a Genesys export
 * or a Terraform resource — with the local runtime, and prints the step-by-step trace `simulate`
 * prints. A relative URL (`/api/v2/…`) goes to `--base-url`. Credentials come only from
 * environment variables, named by flags, never from the command line: Basic (user and password
 * variables) or a bearer token variable (for the Genesys API). The trace never shows them; a
 * `secure` action's input values and body appear only as their shape, and a non-secure action's
 * values through the app's PII masker (phone numbers, e-mail, cards, IBANs, SSNs).
 * Exit 0 when the action succeeds, 1 when it fails (the trace says where), 2 for bad flags,
 * files or input.
 */
import { readFile } from 'node:fs/promises';
import { readActionFile, type SourceAction } from '../data-action-lint/read-actions.ts';
import { EXIT_FAILED, EXIT_OK, InputError } from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';
import {
  executeAction,
  type ExecuteOptions,
  type ExecutionResult,
} from '../sandbox/data-action-runtime/index.ts';
import { describeExecution } from '../sandbox/data-action-runtime/trace-text.ts';
import { maskForDisplay } from '../sandbox/web/trace-display.ts';

export interface ActionRunOptions {
  /** Input as JSON text, or `@file` to read it from a file. */
  input: string;
  baseUrl?: string;
  /** Which action, by name or Terraform label, when the file declares several. */
  action?: string;
  json?: boolean;
  /** Names of environment variables holding the Basic credentials. */
  userEnv?: string;
  passwordEnv?: string;
  /** Name of an environment variable holding a bearer token. */
  tokenEnv?: string;
  timeoutSeconds?: number;
}

/** Largest `--input` accepted. */
export const MAX_INPUT_BYTES = 1024 * 1024;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

async function readInputObject(value: string): Promise<Record<string, unknown>> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(value.slice(1), 'utf8');
    } catch (error) {
      throw new InputError(
        `--input ${value}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES)
    throw new InputError(`--input: larger than ${MAX_INPUT_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // never echo the input: it may hold customer data
    throw new InputError('--input: not valid JSON (give a JSON object, or @file)');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InputError("--input: must be a JSON object of the action's inputs");
  return parsed as Record<string, unknown>;
}

function variable(env: NodeJS.ProcessEnv, flag: string, name: string): string {
  if (!ENV_NAME.test(name))
    throw new InputError(`${flag}: "${name}" is not an environment variable name`);
  const value = env[name];
  if (value === undefined || value === '')
    throw new InputError(`${flag}: environment variable ${name} is not set`);
  return value;
}

function credentialsFrom(
  options: ActionRunOptions,
  env: NodeJS.ProcessEnv,
): ExecuteOptions['credentials'] {
  if (options.tokenEnv && (options.userEnv || options.passwordEnv))
    throw new InputError('--token-env cannot be combined with --user-env/--password-env');
  if (options.tokenEnv)
    return { type: 'bearer', token: variable(env, '--token-env', options.tokenEnv) };
  if (!options.userEnv && !options.passwordEnv) return undefined;
  if (!options.userEnv || !options.passwordEnv)
    throw new InputError('--user-env and --password-env go together (Basic credentials)');
  return {
    type: 'basic',
    username: variable(env, '--user-env', options.userEnv),
    password: variable(env, '--password-env', options.passwordEnv),
  };
}

function baseUrlFrom(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password)
    throw new InputError('--base-url: must be an http(s) URL without credentials');
  return value;
}

function pickAction(
  actions: SourceAction[],
  file: string,
  wanted: string | undefined,
): SourceAction {
  if (actions.length === 0) throw new InputError(`${file}: holds no Data Action`);
  if (wanted === undefined) {
    if (actions.length === 1) return actions[0]!;
    throw new InputError(
      `${file} declares ${actions.length} actions; choose one with --action (${actions.map((a) => JSON.stringify(a.name)).join(', ')})`,
    );
  }
  const found = actions.find((a) => a.name === wanted);
  if (!found)
    throw new InputError(`--action: no action named ${JSON.stringify(wanted)} in ${file}`);
  return found;
}

export async function actionRunCommand(
  file: string,
  options: ActionRunOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const input = await readInputObject(options.input);
  const credentials = credentialsFrom(options, env);
  const baseUrl = baseUrlFrom(options.baseUrl);
  let read;
  try {
    read = await readActionFile(file);
  } catch (error) {
    throw new InputError(
      `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const unreadable = read.findings.find((f) => f.rule === 'file-unreadable');
  if (unreadable) throw new InputError(`${file}: ${unreadable.message}`);
  const source = pickAction(read.actions, file, options.action);
  const executed = await executeAction(source.action, input, {
    ...(credentials ? { credentials } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(options.timeoutSeconds ? { timeoutMs: options.timeoutSeconds * 1000 } : {}),
  });
  // a non-secure action's trace holds the values as sent: printed through the app's masker, as
  // simulate and the sandbox page print them (a secure action's trace holds only their shapes)
  const result = maskForDisplay(executed) as ExecutionResult;
  if (options.json) writeLine(io.stdout, JSON.stringify(result, null, 2));
  else {
    for (const line of describeExecution(result, `from ${file}`)) writeLine(io.stdout, line);
  }
  return result.ok ? EXIT_OK : EXIT_FAILED;
}
