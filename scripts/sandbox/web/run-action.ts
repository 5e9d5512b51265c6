/**
 * "Run the Data Action" as an Architect flow runs it: the generated create action through the
 * local runtime, and on failure or timeout one retry with the same input (the generated flows'
 * failure and timeout paths). A fault of the emulator can be injected for the first attempt.
 */
import type { ExecutionResult } from '../data-action-runtime/index.ts';
import type { Sandbox } from '../sandbox.ts';

export const FAULTS = {
  none: 'none',
  slow: 'slow answer past the action timeout',
  unavailable: '503 from ServiceNow',
  lostRace: 'lost insert race',
} as const;

export type Fault = keyof typeof FAULTS;

export function isFault(value: unknown): value is Fault {
  return typeof value === 'string' && Object.hasOwn(FAULTS, value);
}

export interface FaultTiming {
  /** The action timeout used for a "slow" run (the generated action's own is 20 s). */
  timeoutMs: number;
  /** How late the emulator answers the slowed request; more than timeoutMs. */
  delayMs: number;
}

/** 2 s / 2.5 s, as the load test uses: only the injected answer times out, not a busy machine. */
export const DEFAULT_FAULT_TIMING: FaultTiming = { timeoutMs: 2000, delayMs: 2500 };

export interface RunOutcome {
  fault: Fault;
  /** The input asked for a dry run (validate and mask, write nothing). */
  dryRun: boolean;
  /** The action timeout that applied, when the page shortened it. */
  timeoutMs?: number;
  /** One or two attempts: the flow retries once on failure or timeout. */
  attempts: ExecutionResult[];
}

export async function runLikeAFlow(
  sandbox: Sandbox,
  input: Record<string, unknown>,
  fault: Fault,
  timing: FaultTiming = DEFAULT_FAULT_TIMING,
): Promise<RunOutcome> {
  const faults = sandbox.servicenow.faults;
  if (fault === 'slow') faults.slowNext = { count: 1, ms: timing.delayMs };
  if (fault === 'unavailable') faults.unavailable = 1;
  if (fault === 'lostRace') faults.loseInsertRace = 1;
  const timeoutMs = fault === 'slow' ? timing.timeoutMs : undefined;
  const run = () => sandbox.execute(sandbox.actions.createIncident, input, timeoutMs);
  try {
    const attempts = [await run()];
    if (!attempts[0]!.ok) attempts.push(await run());
    return {
      fault,
      dryRun: input.dryRun === true,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      attempts,
    };
  } finally {
    // a fault the run did not consume (e.g. the input was refused before any request) ends here
    if (fault === 'slow') faults.slowNext = undefined;
    if (fault === 'unavailable') faults.unavailable = 0;
    if (fault === 'lostRace') faults.loseInsertRace = 0;
  }
}
