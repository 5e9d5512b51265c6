/**
 * `npm run bench`: one table on stdout (progress on stderr), bounded to about a minute.
 *   - masking throughput (MB/s) on a benign transcript corpus and on adversarial 50 KB inputs,
 *     incident-bridge's maskText against redact-pii on the same inputs;
 *   - recall / precision per PII type for both, on a labelled corpus (test/helpers/pii-corpus.ts);
 *   - end-to-end requests/s and p50/p99 latency through the Data Action runtime into the
 *     ServiceNow emulator running the built app;
 *   - database reads/writes per create and per replay;
 *   - write calls of a no-op deploy:genesys against the fake Platform API;
 *   - the mask-on-save business rule per save (core in process; built rule on/off in the emulator);
 *   - CLI start-up: `mask` and `validate` against a bare `node -e 0` (median of 5).
 * `--quick` shrinks every budget (a smoke run); `--json` prints the raw results instead.
 * Record the figures in docs/benchmarks.md together with the machine line printed first.
 */
import { cpus, totalmem } from 'node:os';
import { PII_TYPES, type PiiType } from '../../test/helpers/pii-corpus.ts';
import { runEndToEndBench, type DbCost, type LoadPhase } from './end-to-end.ts';
import {
  ADVERSARIAL_CHARS,
  BENCH_ADVERSARIAL,
  BENIGN_CORPUS_CHARS,
  CHUNK_CHARS,
  runMaskingBench,
  type RegionCorpusScore,
  type Score,
  type Throughput,
} from './masking.ts';
import { runCliStartupBench } from './cli-startup.ts';
import { runNoOpDeployBench } from './no-op-deploy.ts';
import { runBusinessRuleBench } from './business-rule.ts';
import { redactPiiVersion } from './redact-pii.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const SEED = 20261120;
const HARD_LIMIT_MS = 120_000;

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

// never outlive the budget, whatever hangs
setTimeout(() => {
  progress(`stopped after ${HARD_LIMIT_MS / 1000} s (time limit)`);
  process.exit(1);
}, HARD_LIMIT_MS).unref();

function machine(): string {
  const cpu = cpus();
  return `node ${process.version}, ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}/${process.arch}`;
}

const f = (n: number, digits = 2) => n.toFixed(digits);
const pct = (n: number | undefined) => (n === undefined ? 'n/a' : `${(n * 100).toFixed(1)}%`);

function throughput(t: Throughput, chars: number): string {
  if (t.mbPerSecond !== undefined) return `${f(t.mbPerSecond)} MB/s`;
  if (t.timeoutMs !== undefined)
    return `< ${f(chars / 1e6 / (t.timeoutMs / 1000), 3)} MB/s (> ${t.timeoutMs / 1000} s)`;
  return 'n/a';
}

function worstAndMedian(values: Array<{ name: string; t: Throughput }>): {
  worst: { name: string; t: Throughput };
  median: { name: string; t: Throughput };
} {
  // a timed-out run is slower than any finished one
  const rate = (t: Throughput) => t.mbPerSecond ?? -1 / (t.timeoutMs ?? 1);
  const sorted = [...values].sort((a, b) => rate(a.t) - rate(b.t));
  return {
    worst: sorted[0] as { name: string; t: Throughput },
    median: sorted[Math.floor((sorted.length - 1) / 2)] as { name: string; t: Throughput },
  };
}

/** Rows of the corpus generated from libphonenumber metadata (scripts/bench/masking.ts). */
function generatedRows(g: RegionCorpusScore): string[][] {
  const rate = (e: { hit: number; total: number }) => pct(e.hit / e.total);
  const regions = Object.entries(g.byRegion).map(([region, e]) => ({ region, r: e.hit / e.total }));
  regions.sort((a, b) => a.r - b.r);
  const below = regions.filter((x) => x.r < 0.98);
  const all = Object.values(g.byForm).reduce(
    (a, e) => ({ hit: a.hit + e.hit, total: a.total + e.total }),
    { hit: 0, total: 0 },
  );
  return [
    [
      `phone recall, every region's numbers (${g.regions} regions)`,
      `${rate(all)}; worst ${regions[0]?.region} ${pct(regions[0]?.r)}`,
      '',
      `${all.total} numbers from libphonenumber metadata; ${below.length} regions below 98%${below.length ? ': ' + below.map((x) => x.region).join(', ') : ''}`,
    ],
    ...Object.entries(g.byForm).map(([form, e]) => [
      `phone recall: ${form}`,
      rate(e),
      '',
      `${e.total} numbers`,
    ]),
    ...PII_TYPES.map((type) => [
      `recall glued to punctuation/letters: ${type}`,
      rate(g.glued[type]),
      '',
      `${g.glued[type].total} values`,
    ]),
    [
      "look-alikes damaged (every region's plan)",
      pct(g.lookAlikes.damaged / g.lookAlikes.total),
      '',
      `${g.lookAlikes.total} versions, amounts, order numbers, dates, IPv4, UUIDs, tickets, times${g.lookAlikes.damaged ? ' — ' + JSON.stringify(g.lookAlikes.byKind) : ''}`,
    ],
  ];
}

function phase(p: LoadPhase): string {
  return `${f(p.perSecond, 0)} req/s, p50 ${f(p.p50Ms, 1)} ms, p99 ${f(p.p99Ms, 1)} ms`;
}

function cost(c: DbCost): string {
  const range = (xs: number[]) => {
    if (xs.length === 0) return '?';
    const min = Math.min(...xs);
    const max = Math.max(...xs);
    return min === max ? String(min) : `${min}–${max}`;
  };
  return `${range(c.reads)} / ${range(c.writes)}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) =>
    Math.max(...rows.map((r) => (r[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    '| ' + cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ') + ' |';
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join(
    '\n',
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const theirVersion = redactPiiVersion();
  if (!theirVersion) progress('redact-pii is not installed: its column stays empty');

  const masking = await runMaskingBench({
    seed: SEED,
    perType: quick ? 40 : 300,
    minMs: quick ? 200 : 1500,
    timeoutMs: quick ? 300 : 1500,
    withRedactPii: theirVersion !== undefined,
    progress,
  });
  const e2e = await runEndToEndBench({
    concurrency: 8,
    maxRequests: quick ? 100 : 3000,
    maxMs: quick ? 1500 : 6000,
    progress,
  });
  progress('no-op deploy against the fake Genesys API');
  const deploy = await runNoOpDeployBench().catch((error: unknown) => ({
    error: error instanceof Error ? error.message : String(error),
  }));

  const rule = await runBusinessRuleBench({ quick, progress });

  let startup: ReturnType<typeof runCliStartupBench> | { error: string };
  try {
    startup = runCliStartupBench({ runs: quick ? 3 : 5, progress });
  } catch (error) {
    startup = { error: error instanceof Error ? error.message : String(error) };
  }

  if (args.has('--json')) {
    process.stdout.write(
      JSON.stringify({ machine: machine(), masking, e2e, deploy, rule, startup }, null, 2) + '\n',
    );
    return;
  }

  const ours = masking.adversarial.map((a) => ({ name: a.name, t: a.ours }));
  const theirs = masking.adversarial.map((a) => ({ name: a.name, t: a.theirs }));
  const o = worstAndMedian(ours);
  const t = worstAndMedian(theirs);
  const score = (s: Score | undefined, type: PiiType) =>
    s ? `${pct(s.recall[type])} / ${pct(s.precision[type])}` : 'n/a';
  const n = masking.corpus.perType;
  const them = theirVersion ? `redact-pii ${theirVersion}` : 'redact-pii (not installed)';

  const rows: string[][] = [
    ['measure', 'incident-bridge', them, 'notes'],
    [
      `masking, benign transcripts (${BENIGN_CORPUS_CHARS / 1e6} MB)`,
      throughput(masking.benign.ours, CHUNK_CHARS),
      throughput(masking.benign.theirs, CHUNK_CHARS),
      `${CHUNK_CHARS / 1000} KB per call; ~1 line in 5 holds PII or a look-alike`,
    ],
    [
      `masking, adversarial ${ADVERSARIAL_CHARS / 1000} KB, worst of ${BENCH_ADVERSARIAL.length}`,
      `${throughput(o.worst.t, ADVERSARIAL_CHARS)} (${o.worst.name}; ${f(o.worst.t.timesBenign ?? NaN, 2)}× benign)`,
      `${throughput(t.worst.t, ADVERSARIAL_CHARS)} (${t.worst.name})`,
      'a redact-pii input over its limit is stopped and shown as "<"',
    ],
    [
      `masking, adversarial ${ADVERSARIAL_CHARS / 1000} KB, median of ${BENCH_ADVERSARIAL.length}`,
      throughput(o.median.t, ADVERSARIAL_CHARS),
      throughput(t.median.t, ADVERSARIAL_CHARS),
      '',
    ],
    ...PII_TYPES.map((type) => [
      `recall / precision: ${type}`,
      score(masking.score.ours, type),
      type === 'iban' ? 'n/a (no IBAN detector)' : score(masking.score.theirs, type),
      `${n} values in the documented formats`,
    ]),
    [
      'PII hidden, any label',
      pct(masking.score.ours.hidden),
      pct(masking.score.theirs?.hidden),
      `${n * PII_TYPES.length} values: not left as written`,
    ],
    [
      'look-alikes left as written',
      pct(masking.score.ours.decoysIntact),
      pct(masking.score.theirs?.decoysIntact),
      `${masking.score.ours.items - n * PII_TYPES.length} UUIDs, timestamps, tickets, dates, IPv4, failed checksums`,
    ],
    ...generatedRows(masking.generated),
    [
      `end to end, creates (runtime → emulator, ${e2e.concurrency} concurrent)`,
      phase(e2e.create),
      '',
      `${e2e.create.requests} requests, ${e2e.create.failures} failed`,
    ],
    [
      `end to end, replays (${e2e.concurrency} concurrent)`,
      phase(e2e.replay),
      '',
      `${e2e.replay.requests} requests, ${e2e.replay.failures} failed or not the original sys_id`,
    ],
    [
      'DB reads / writes per create',
      `${cost(e2e.db.createWithPhone)} (E.164 address); ${cost(e2e.db.createWithoutPhone)} (none)`,
      '',
      'the 2nd read is the caller lookup by phone',
    ],
    [
      'DB reads / writes per replay',
      cost(e2e.db.replay),
      '',
      `${e2e.rows} incident rows, ${e2e.distinctIds} distinct customCallIds`,
    ],
    [
      'write calls of a no-op deploy:genesys',
      'error' in deploy ? `n/a (${deploy.error})` : String(deploy.secondRun.writes),
      '',
      'error' in deploy
        ? ''
        : `2nd run, ${deploy.secondRun.calls} API calls; 1st run wrote ${deploy.firstRun.writes}`,
    ],
    ...rule.core.map((cost) => [
      `business rule, masking core: ${cost.name}`,
      `${f(cost.microsPerSave, 1)} µs per save`,
      '',
      'maskFieldsOnSave in process',
    ]),
    [
      'business rule, Table API update of work notes (emulator)',
      `${f(rule.viaEmulator.onMs, 2)} ms with the rule, ${f(rule.viaEmulator.offMs, 2)} ms stubbed`,
      '',
      `median of ${rule.viaEmulator.saves} saves each; the built rule, HTTP and DB on both sides`,
    ],
    ...('error' in startup
      ? [['CLI start-up', `n/a (${startup.error})`, '', '']]
      : startup.figures.map((figure) => [
          `start-up: ${figure.name}`,
          `${f(figure.medianMs, 0)} ms (${f(figure.ratio, 1)}× node -e 0)`,
          '',
          `median of ${startup.runs}; target for mask/validate: within 8× node -e 0`,
        ])),
  ];
  process.stdout.write(
    `incident-bridge bench, ${new Date().toISOString().slice(0, 10)}: ${machine()}\n\n${table(rows)}\n`,
  );
  progress(`done in ${f((performance.now() - started) / 1000, 1)} s`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
