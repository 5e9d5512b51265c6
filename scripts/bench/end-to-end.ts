/**
 * The end-to-end half of `npm run bench`: the generated "Create ServiceNow Incident" Data Action
 * executed by the local runtime (velocity, HTTP, JSONPath, contracts) into the ServiceNow
 * emulator running the built app, over loopback HTTP, at a fixed concurrency. Both run in this
 * one Node process, so the figures are what one core does for both sides together.
 */
import { buildGenesysArtifacts } from '../../genesys/index.ts';
import { COLUMNS } from '../../servicenow/src/server/app-names.ts';
import { executeAction, type DataAction } from '../sandbox/data-action-runtime/index.ts';
import { buildServiceNowApp, isBuildStale } from '../servicenow/build.ts';
import { SANDBOX_USERS, startServiceNowEmulator } from '../sandbox/servicenow-emulator/emulator.ts';

export interface LoadPhase {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Executions that failed, or answered other than expected (created / same sys_id). */
  failures: number;
}

export interface DbCost {
  reads: number[];
  writes: number[];
}

export interface EndToEndResult {
  concurrency: number;
  create: LoadPhase;
  replay: LoadPhase;
  /** Per request, from the emulator's counters. */
  db: { createWithPhone: DbCost; createWithoutPhone: DbCost; replay: DbCost };
  /** Incident rows after the run, and distinct customCallIds among them. */
  rows: number;
  distinctIds: number;
}

export interface EndToEndOptions {
  concurrency: number;
  /** Each phase stops at this many requests… */
  maxRequests: number;
  /** …or after this long, whichever comes first. */
  maxMs: number;
  progress: (line: string) => void;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/** Runs `one(i)` from `concurrency` loops until the count or the time is used up. */
async function loadPhase(
  options: EndToEndOptions,
  one: (index: number) => Promise<boolean>,
): Promise<LoadPhase> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const loop = async () => {
    while (next < options.maxRequests && performance.now() - started < options.maxMs) {
      const index = next++;
      const t0 = performance.now();
      const ok = await one(index);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
  };
}

const integration = SANDBOX_USERS.find((u) => u.userName === 'genesys.integration')!;
const credentials = {
  type: 'basic' as const,
  username: integration.userName,
  password: integration.password,
};

function input(id: string, customerAddress?: string): Record<string, unknown> {
  return {
    customCallId: id,
    channel: 'voice',
    direction: 'inbound',
    shortDescription: 'IVR escalation: VPN down for branch office',
    description:
      'Caller reports VPN outage since 08:10. Callback on +1 415 555 0134. Card on file mentioned: 4111 1111 1111 1111.',
    ...(customerAddress ? { customerAddress } : {}),
    customerName: 'Dana Smith',
    queueName: 'IT_Support_Hotline',
    conversationStart: '2026-11-20T14:30:00.000Z',
    urgency: 2,
    impact: 2,
  };
}

export async function runEndToEndBench(options: EndToEndOptions): Promise<EndToEndResult> {
  if (isBuildStale()) {
    options.progress('end to end: building the ServiceNow app first (sources changed)');
    buildServiceNowApp();
  }
  const sn = await startServiceNowEmulator({ historyLimit: options.maxRequests * 2 + 100 });
  try {
    const action: DataAction = buildGenesysArtifacts({ instanceUrl: sn.url }).actions
      .createIncident;
    const run = (values: Record<string, unknown>) =>
      executeAction(action, values, { credentials, timeoutMs: 20_000 });

    options.progress('end to end: warming up');
    for (let i = 0; i < 20; i++) await run(input(`warmup-${i}`, '+14155550134'));

    options.progress(`end to end: creates at concurrency ${options.concurrency}`);
    const sysIds: string[] = [];
    const firstRecord = sn.requests.length;
    const create = await loadPhase(options, async (i) => {
      const result = await run(input(`bench-${i}`, `+1415555${String(1000 + (i % 9000))}`));
      if (!result.ok || result.output.created !== true) return false;
      sysIds[i] = String(result.output.incidentSysId);
      return true;
    });
    const createRecords = sn.requests.slice(firstRecord);

    options.progress(`end to end: replays at concurrency ${options.concurrency}`);
    const created = sysIds.length;
    const replayStart = sn.requests.length;
    const replay = await loadPhase(options, async (i) => {
      const n = i % Math.max(1, created);
      const result = await run(input(`bench-${n}`, '+14155550134'));
      return (
        result.ok && result.output.created === false && result.output.incidentSysId === sysIds[n]
      );
    });
    const replayRecords = sn.requests.slice(replayStart);

    const plain = sn.requests.length;
    await run(input('bench-no-address'));
    const cost = (records: typeof sn.requests, status: number): DbCost => {
      const matching = records.filter((r) => r.status === status);
      return { reads: matching.map((r) => r.dbReads), writes: matching.map((r) => r.dbWrites) };
    };
    const rows = sn.db.rows('incident');
    return {
      concurrency: options.concurrency,
      create,
      replay,
      db: {
        createWithPhone: cost(createRecords, 201),
        createWithoutPhone: cost(sn.requests.slice(plain), 201),
        replay: cost(replayRecords, 200),
      },
      rows: rows.length,
      distinctIds: new Set(rows.map((r) => r[COLUMNS.customCallId])).size,
    };
  } finally {
    await sn.close();
  }
}
