/**
 * A trace as text, one step per block, like the rows of the Genesys "Test" tab: `ok` or `FAIL`,
 * the step's name, then what it saw (input, request as sent, response, translated values,
 * output, errors). Used by `simulate` and `action run`. The trace is already redacted.
 */
import type { ExecutionResult, TraceStep } from './types.ts';

export function describeStep(step: TraceStep): string[] {
  const mark = step.ok ? 'ok  ' : 'FAIL';
  const lines = [`${mark} ${step.step}`];
  const show = (label: string, value: unknown) => {
    if (value === undefined) return;
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    lines.push(...`${label}: ${text}`.split('\n').map((line) => `       ${line}`));
  };
  switch (step.step) {
    case 'checkAction':
      show('problems', step.problems);
      break;
    case 'validateInput':
      show('input', step.input);
      show('errors', step.errors);
      break;
    case 'resolveRequest':
      show('request', step.request);
      show('error', step.error);
      break;
    case 'executeRequest':
      show(
        'response',
        step.response ? { status: step.response.status, body: step.response.body } : undefined,
      );
      show('error', step.error);
      break;
    case 'translateResponse':
      show('values', step.values);
      show('errors', step.errors);
      break;
    case 'applySuccessTemplate':
      show('rendered', step.rendered);
      show('error', step.error);
      break;
    case 'validateOutput':
      show('output', step.output);
      show('errors', step.errors);
      break;
  }
  return lines;
}

/**
 * A whole execution as text: a header naming the action and where it was sent, each step, then
 * the output or the failure (the first error Genesys would list, else the failure's message).
 */
export function describeExecution(result: ExecutionResult, target: string): string[] {
  const lines = [`Data Action "${result.trace.action}" (secure: ${result.trace.secure}) ${target}`];
  for (const step of result.trace.steps) lines.push(...describeStep(step));
  lines.push(
    result.ok
      ? `output: ${JSON.stringify(result.output)}`
      : `failure ${result.status}: ${result.error.errors[0]?.message ?? result.error.message}`,
  );
  return lines;
}
