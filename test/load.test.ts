/**
 * One conversation → exactly one incident, under concurrency, replays and faults: requests go
 * through the generated Data Action (local runtime) into the ServiceNow emulator over loopback.
 * `npm test` runs a few hundred requests; `npm run test:load` runs the 10,000 of issue 7.
 * Bounded: fixed request counts, concurrency 20, loopback only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../scripts/sandbox/data-action-runtime/index.ts';
import { startSandbox, type Sandbox } from '../scripts/sandbox/sandbox.ts';
import { COLUMNS } from '../servicenow/src/server/app-names.ts';
import { LOAD } from './helpers/stress.ts';

const TOTAL = LOAD ? 10_000 : 400;
const CONCURRENCY = 20;
const REPLAY_SHARE = 0.3;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

/** What an Architect flow does: call the action, retry on a timeout or a 5xx (safe: dedup). */
async function flow(
  input: Record<string, unknown>,
  timeoutMs?: number,
  attempts = 1,
): Promise<{ result: ExecutionResult; tries: number }> {
  let result: ExecutionResult | undefined;
  for (let tries = 1; tries <= attempts; tries++) {
    result = await sandbox.execute(sandbox.actions.createIncident, input, timeoutMs);
    if (result.ok || !(result.kind === 'timeout' || result.status >= 500)) return { result, tries };
  }
  return { result: result as ExecutionResult, tries: attempts };
}

/** The request plan: 70% new conversations, 30% replays of one already planned. */
function plan(prefix: string, total: number): string[] {
  const ids: string[] = [];
  let unique = 0;
  for (let i = 0; i < total; i++) {
    // deterministic: every ~3rd of 10 requests replays an earlier id
    const replay = ids.length > 0 && (i * 7) % 10 < REPLAY_SHARE * 10;
    ids.push(replay ? (ids[(i * 31) % ids.length] as string) : `${prefix}-${unique++}`);
  }
  return ids;
}

function incidentsFor(prefix: string) {
  return sandbox.servicenow.db
    .rows('incident')
    .filter((row) => row[COLUMNS.customCallId]?.startsWith(prefix + '-'));
}

function assertOnePerConversation(
  prefix: string,
  ids: string[],
  outputs: Array<{ id: string; result: ExecutionResult }>,
) {
  const unique = new Set(ids);
  const rows = incidentsFor(prefix);
  // nothing lost, nothing doubled
  expect(rows).toHaveLength(unique.size);
  expect(new Set(rows.map((row) => row[COLUMNS.customCallId])).size).toBe(unique.size);
  const sysIdOf = new Map(rows.map((row) => [row[COLUMNS.customCallId], row.sys_id]));
  for (const { id, result } of outputs) {
    expect(result.ok, result.ok ? '' : `${id}: ${result.kind} ${result.error.message}`).toBe(true);
    if (result.ok) expect(result.output.incidentSysId).toBe(sysIdOf.get(id));
  }
}

describe(
  `one conversation, one incident (${TOTAL} requests)`,
  { timeout: LOAD ? 600_000 : 120_000 },
  () => {
    it('100 concurrent requests with one customCallId make exactly one incident', async () => {
      const input = {
        customCallId: 'burst-1',
        channel: 'voice',
        shortDescription: 'same call, 100 times',
      };
      const results = await Promise.all(Array.from({ length: 100 }, () => flow(input)));
      const rows = incidentsFor('burst');
      expect(rows).toHaveLength(1);
      expect(
        results.every((r) => r.result.ok && r.result.output.incidentSysId === rows[0]!.sys_id),
      ).toBe(true);
      expect(results.filter((r) => r.result.ok && r.result.output.created === true)).toHaveLength(
        1,
      );
    });

    it(`${TOTAL} requests, 30% replays, concurrency ${CONCURRENCY}: incidents = unique ids, replays get the original`, async () => {
      const ids = plan('load', TOTAL);
      const outputs = await pool(ids.length, CONCURRENCY, async (i) => ({
        id: ids[i] as string,
        result: (
          await flow({ customCallId: ids[i], channel: 'sms', shortDescription: `request ${i}` })
        ).result,
      }));
      assertOnePerConversation('load', ids, outputs);
      const created = outputs.filter((o) => o.result.ok && o.result.output.created === true);
      expect(created).toHaveLength(new Set(ids).size);
    });

    it('the same with injected 503s and answers slower than the action timeout, the flow retrying', async () => {
      const total = Math.round(TOTAL / 4);
      const ids = plan('faults', total);
      const faults = sandbox.servicenow.faults;
      let injected503 = 0;
      let injectedSlow = 0;
      try {
        const outputs = await pool(ids.length, CONCURRENCY, async (i) => {
          // every 10th request meets a 503, every 20th an answer slower than the timeout. The
          // timeout is generous (2 s) so that only the injected answers, not a busy CI machine,
          // can exceed it
          if (i % 10 === 3) {
            faults.unavailable = (faults.unavailable ?? 0) + 1;
            injected503++;
          }
          if (i % 20 === 7) {
            faults.slowNext = { count: (faults.slowNext?.count ?? 0) + 1, ms: 2500 };
            injectedSlow++;
          }
          const { result } = await flow(
            { customCallId: ids[i], channel: 'whatsapp', shortDescription: `faulty ${i}` },
            2000,
            8,
          );
          return { id: ids[i] as string, result };
        });
        assertOnePerConversation('faults', ids, outputs);
        expect(injected503).toBeGreaterThan(0);
        expect(injectedSlow).toBeGreaterThan(0);
        // the 503 page never reached a flow as success, and no answer was a 5xx in the end
        expect(outputs.every((o) => o.result.ok)).toBe(true);
      } finally {
        faults.unavailable = 0;
        faults.slowNext = undefined;
      }
    });
  },
);
