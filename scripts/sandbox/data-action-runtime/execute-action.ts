/**
 * Executes a generated Data Action the way Genesys does, step by step, against a real HTTP
 * endpoint: check the action → validate input → render URL, headers and body → send (with the
 * integration's Basic credentials, under the action timeout) → translate the JSON response →
 * render the success template → validate the output. Every outcome is a value, never a throw:
 * success with the output, or the failure (kind, status, Genesys-shaped error body) a flow would
 * take its failure path on, each with a trace that holds no credentials.
 */
import { randomUUID } from 'node:crypto';
import { findActionProblems, DEFAULT_SUCCESS_TEMPLATE } from './check-action.ts';
import { describeFieldErrors, validateAgainstContract } from './contract-validation.ts';
import {
  networkError,
  nonJsonResponseError,
  processingError,
  remoteStatusError,
  timeoutError,
  type FailureKind,
  type GenesysErrorBody,
} from './genesys-errors.ts';
import { sendHttpRequest, type HttpOutcome, type HttpRequest } from './http-request.ts';
import { base64 } from './java-text.ts';
import {
  redactHeaders,
  redactUrlCredentials,
  scrubSecrets,
  secureBody,
  secureShape,
} from './redact.ts';
import { translateResponse } from './translate-response.ts';
import type {
  DataAction,
  ExecuteOptions,
  ExecutionResult,
  ExecutionTrace,
  TraceStep,
  TracedRequest,
} from './types.ts';
import { renderRequestTemplate, renderSuccessTemplate } from './velocity-render.ts';

/** Used when an action has no `timeoutSeconds` (assumed Genesys default). */
export const DEFAULT_TIMEOUT_SECONDS = 20;
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/** Builds the result; owns the trace so every exit path redacts it the same way. */
class Execution {
  private readonly steps: TraceStep[] = [];
  readonly contextId: string;
  /** A secure action's trace shows the shape of customer values, not the values. */
  private readonly hideValues: boolean;

  constructor(
    private readonly action: DataAction,
    private readonly options: ExecuteOptions,
  ) {
    this.contextId = options.contextId ?? randomUUID();
    this.hideValues = action.secure === true && options.revealSecureValues !== true;
  }

  record(step: TraceStep): void {
    this.steps.push(step);
  }

  private secrets(): string[] {
    const c = this.options.credentials;
    if (!c) return [];
    if (c.type === 'bearer') return [c.token];
    const pair = `${c.username}:${c.password}`;
    return [c.password, c.username, pair, base64(pair)];
  }

  private trace(): ExecutionTrace {
    return scrubSecrets(
      { action: this.action.name, secure: this.action.secure === true, steps: this.steps },
      this.secrets(),
    );
  }

  succeed(output: Record<string, unknown>): ExecutionResult {
    return { ok: true, output, trace: this.trace() };
  }

  fail(kind: FailureKind, error: GenesysErrorBody): ExecutionResult {
    const scrubbed = scrubSecrets(error, this.secrets());
    return { ok: false, kind, status: scrubbed.status, error: scrubbed, trace: this.trace() };
  }

  processingFailure(kind: FailureKind, message: string): ExecutionResult {
    return this.fail(kind, processingError(message, this.contextId));
  }

  tracedInput(input: Record<string, unknown>): Record<string, unknown> {
    return this.hideValues ? (secureShape(input) as Record<string, unknown>) : input;
  }

  tracedRequest(request: HttpRequest): TracedRequest {
    return {
      method: request.method,
      url: redactUrlCredentials(request.url),
      headers: redactHeaders(request.headers),
      ...(request.body === undefined
        ? {}
        : { body: this.hideValues ? secureBody(request.body) : request.body }),
    };
  }
}

/** Architect never sends JSON null; treat a null like an unset (absent) input. */
function withoutNulls(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

function resolveRequest(
  action: DataAction,
  input: Record<string, unknown>,
  options: ExecuteOptions,
): HttpRequest {
  const config = action.config.request!;
  const method = config.requestType!;
  const rendered = renderRequestTemplate(config.requestUrlTemplate!, input);
  if (rendered.startsWith('/') && options.baseUrl === undefined)
    throw new Error(
      `requestUrlTemplate rendered the relative URL ${JSON.stringify(rendered)}: Genesys resolves it against the integration; give a base URL to run it locally`,
    );
  const url = rendered.startsWith('/')
    ? `${options.baseUrl!.replace(/\/+$/, '')}${rendered}`
    : rendered;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
    throw new Error(
      `requestUrlTemplate rendered ${JSON.stringify(redactUrlCredentials(url))}, not an http(s) URL`,
    );
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.headers ?? {}))
    headers[name] = renderRequestTemplate(template, input);
  if (options.credentials) {
    for (const name of Object.keys(headers))
      if (name.toLowerCase() === 'authorization') delete headers[name];
    const credentials = options.credentials;
    headers.Authorization =
      credentials.type === 'bearer'
        ? `Bearer ${credentials.token}`
        : `Basic ${base64(`${credentials.username}:${credentials.password}`)}`;
  }
  const body = BODYLESS_METHODS.has(method)
    ? undefined
    : renderRequestTemplate(config.requestTemplate ?? '', input);
  return { method, url, headers, ...(body === undefined ? {} : { body }) };
}

/** No usable HTTP response: what the trace says and which failure the flow gets. */
function transportFailure(
  outcome: Exclude<HttpOutcome, { kind: 'response' }>,
  timeoutMs: number,
  maxResponseBytes: number,
  contextId: string,
): { kind: FailureKind; message: string; error: GenesysErrorBody } {
  switch (outcome.kind) {
    case 'timeout':
      return {
        kind: 'timeout',
        message: `timed out after ${timeoutMs} ms`,
        error: timeoutError(timeoutMs, contextId),
      };
    case 'network':
      return {
        kind: 'network',
        message: outcome.message,
        error: networkError(outcome.message, contextId),
      };
    case 'tooLarge': {
      const message = `response body larger than ${maxResponseBytes} bytes`;
      return { kind: 'response', message, error: nonJsonResponseError(message, contextId) };
    }
  }
}

export async function executeAction(
  action: DataAction,
  input: Record<string, unknown>,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const run = new Execution(action, options);

  const problems = findActionProblems(action);
  run.record({
    step: 'checkAction',
    ok: problems.length === 0,
    ...(problems.length ? { problems } : {}),
  });
  if (problems.length > 0)
    return run.processingFailure(
      'configuration',
      `The action cannot be executed: ${problems.join('; ')}`,
    );

  const cleanInput = withoutNulls(input);
  const inputErrors = validateAgainstContract(action.contract.input.inputSchema, cleanInput);
  run.record({
    step: 'validateInput',
    ok: inputErrors.length === 0,
    input: run.tracedInput(cleanInput),
    ...(inputErrors.length ? { errors: inputErrors } : {}),
  });
  if (inputErrors.length > 0)
    return run.processingFailure(
      'input',
      `Input failed validation: ${describeFieldErrors(inputErrors)}`,
    );

  let request: HttpRequest;
  try {
    request = resolveRequest(action, cleanInput, options);
  } catch (error) {
    const message = (error as Error).message;
    run.record({ step: 'resolveRequest', ok: false, error: message });
    return run.processingFailure('template', `Request templates failed to render: ${message}`);
  }
  run.record({ step: 'resolveRequest', ok: true, request: run.tracedRequest(request) });

  const timeoutMs =
    options.timeoutMs ?? (action.config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const outcome = await sendHttpRequest(request, {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs,
    maxResponseBytes,
  });
  if (outcome.kind !== 'response') {
    const { kind, message, error } = transportFailure(
      outcome,
      timeoutMs,
      maxResponseBytes,
      run.contextId,
    );
    run.record({
      step: 'executeRequest',
      ok: false,
      durationMs: outcome.durationMs,
      error: message,
    });
    return run.fail(kind, error);
  }
  const { response } = outcome;
  const success = response.status >= 200 && response.status < 300;
  run.record({ step: 'executeRequest', ok: success, durationMs: outcome.durationMs, response });
  if (!success)
    return run.fail('http', remoteStatusError(response.status, response.body, run.contextId));

  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(response.body);
  } catch {
    run.record({
      step: 'translateResponse',
      ok: false,
      values: {},
      errors: ['response body is not JSON'],
    });
    return run.fail(
      'response',
      nonJsonResponseError('The response body is not JSON.', run.contextId),
    );
  }

  const responseConfig = action.config.response ?? {};
  const translation = translateResponse(
    parsedBody,
    responseConfig.translationMap ?? {},
    responseConfig.translationMapDefaults ?? {},
  );
  run.record({
    step: 'translateResponse',
    ok: translation.ok,
    values: translation.values,
    ...(translation.ok ? {} : { errors: translation.problems }),
  });
  if (!translation.ok)
    return run.processingFailure(
      'translation',
      `Failed to translate the response: ${translation.problems.join('; ')}`,
    );

  let rendered: string;
  try {
    const json = Object.fromEntries(
      Object.entries(translation.values).map(([k, v]) => [k, v.json]),
    );
    rendered = renderSuccessTemplate(
      responseConfig.successTemplate ?? DEFAULT_SUCCESS_TEMPLATE,
      json,
      response.body,
    );
  } catch (error) {
    const message = (error as Error).message;
    run.record({ step: 'applySuccessTemplate', ok: false, error: message });
    return run.processingFailure('output', `The success template failed to render: ${message}`);
  }
  let output: unknown;
  try {
    output = JSON.parse(rendered);
  } catch {
    run.record({ step: 'applySuccessTemplate', ok: false, rendered, error: 'not JSON' });
    return run.processingFailure('output', 'The success template did not produce JSON.');
  }
  run.record({ step: 'applySuccessTemplate', ok: true, rendered });

  const outputErrors = validateAgainstContract(action.contract.output.successSchema, output);
  const isObject = output !== null && typeof output === 'object' && !Array.isArray(output);
  if (!isObject) outputErrors.push({ path: '', message: 'must be a JSON object' });
  run.record({
    step: 'validateOutput',
    ok: outputErrors.length === 0,
    output,
    ...(outputErrors.length ? { errors: outputErrors } : {}),
  });
  if (outputErrors.length > 0)
    return run.processingFailure(
      'output',
      `Output failed validation: ${describeFieldErrors(outputErrors)}`,
    );
  return run.succeed(output as Record<string, unknown>);
}
