/**
 * `npm run bench:rhino`: the masker where it runs in production — a Rhino engine — rather than
 * in V8. The core (servicenow/src/server/core/mask.ts and what it imports) is bundled with
 * esbuild and lowered to ES5 with TypeScript, then run in Debian's `rhino` (1.7.14, `-opt 9`,
 * every input warmed up first) on the benign 50 KB transcript chunks and every adversarial
 * 50 KB input of `npm run bench`, timed in interleaved rounds (benign, then each input) whose
 * medians are kept, so that a ratio compares figures of the same minutes. Prints one table
 * (MB/s and ms per 50 KB, and each input's cost against benign).
 *
 * Needs `rhino` and a Java runtime on the PATH (Debian: `apt-get install rhino
 * default-jre-headless`). A benchmark, not a test: nothing fails on a slow machine.
 *
 * ASSUMED: Debian's Rhino 1.7.14 in compiled mode stands for ServiceNow's server-side engine
 * (a Rhino fork) closely enough for relative costs; absolute times on an instance differ.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { repoRoot } from '../lib/paths.ts';
import { ADVERSARIAL_TEXT } from '../../test/helpers/adversarial-text.ts';
import { transcriptText } from '../../test/helpers/pii-corpus.ts';
import { ADVERSARIAL_CHARS, BENCH_ADVERSARIAL, CHUNK_CHARS, ROUNDS } from './masking.ts';

const SEED = 20261120;
const quick = process.argv.includes('--quick');
/** Time spent measuring each input in each round inside Rhino, after warming up. */
const MEASURE_MS = quick ? 60 : 400;
const WARMUP_RUNS = quick ? 3 : 10;
const RHINO_ROUNDS = quick ? 3 : ROUNDS;

async function es5Bundle(): Promise<string> {
  const bundled = await build({
    entryPoints: [repoRoot + 'servicenow/src/server/core/mask.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'IncidentBridgeMask',
    target: 'es2018',
    write: false,
    logLevel: 'silent',
  });
  const source = bundled.outputFiles[0]!.text;
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None },
  }).outputText;
}

/**
 * The Rhino side: warms every input up, then times each for MEASURE_MS per round over the
 * rounds, and prints one JSON line per input with its median.
 */
function rhinoDriver(inputsPath: string): string {
  return `
var inputs = JSON.parse(readFile(${JSON.stringify(inputsPath)}));
var maskText = IncidentBridgeMask.maskText;
function now() { return java.lang.System.nanoTime() / 1e6; }
function median(values) {
  var sorted = values.slice().sort(function (a, b) { return a - b; });
  var m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}
for (var k = 0; k < inputs.length; k++)
  for (var w = 0; w < ${WARMUP_RUNS}; w++) maskText(inputs[k].texts[w % inputs[k].texts.length]);
var rounds = [];
for (var k = 0; k < inputs.length; k++) rounds.push([]);
for (var r = 0; r < ${RHINO_ROUNDS}; r++) {
  for (var k = 0; k < inputs.length; k++) {
    var texts = inputs[k].texts;
    var started = now(), calls = 0;
    do {
      for (var t = 0; t < texts.length; t++) { maskText(texts[t]); calls++; }
    } while (now() - started < ${MEASURE_MS});
    rounds[k].push((now() - started) / calls);
  }
}
for (var k = 0; k < inputs.length; k++) {
  var ms = median(rounds[k]);
  print(JSON.stringify({ name: inputs[k].name, mbPerSecond: inputs[k].texts[0].length / ms / 1000, msPerCall: ms }));
}
`;
}

function rhinoVersion(): string | undefined {
  const found = spawnSync('rhino', ['-e', 'print("ok")'], { encoding: 'utf8' });
  if (found.status !== 0) return undefined;
  // the shell reports "Rhino Snapshot"; the package manager knows the release
  const dpkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'rhino'], { encoding: 'utf8' });
  return dpkg.status === 0 ? `rhino ${dpkg.stdout.trim()}` : 'rhino (version unknown)';
}

async function main(): Promise<void> {
  const version = rhinoVersion();
  if (!version) {
    process.stderr.write(
      'bench:rhino: `rhino` is not on the PATH (Debian: apt-get install rhino default-jre-headless)\n',
    );
    process.exit(2);
  }
  const benign = transcriptText(SEED, 1_000_000);
  const chunks: string[] = [];
  for (let i = 0; i < benign.length && chunks.length < 4; i += CHUNK_CHARS)
    chunks.push(benign.slice(i, i + CHUNK_CHARS));
  const inputs = [
    { name: 'benign transcripts', texts: chunks },
    ...BENCH_ADVERSARIAL.map((name) => ({
      name,
      texts: [(ADVERSARIAL_TEXT[name] as (n: number) => string)(ADVERSARIAL_CHARS)],
    })),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'incident-bridge-rhino-'));
  try {
    const inputsPath = join(dir, 'inputs.json');
    writeFileSync(inputsPath, JSON.stringify(inputs));
    const script = join(dir, 'bench.js');
    writeFileSync(script, (await es5Bundle()) + rhinoDriver(inputsPath));
    process.stderr.write(`bench:rhino: ${inputs.length} inputs in ${version}, -opt 9\n`);
    const run = spawnSync('rhino', ['-opt', '9', script], {
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 1 << 20,
    });
    if (run.status !== 0) throw new Error(`rhino failed: ${run.stderr || run.stdout}`);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { name: string; mbPerSecond: number; msPerCall: number });
    const base = rows[0]!.msPerCall;
    const lines = [
      '| input (50 KB) | MB/s | ms per 50 KB | × benign |',
      '| --- | --- | --- | --- |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.mbPerSecond.toFixed(2)} | ${r.msPerCall.toFixed(1)} | ${(r.msPerCall / base).toFixed(2)} |`,
      ),
    ];
    const worst = rows.slice(1).reduce((a, b) => (b.msPerCall > a.msPerCall ? b : a));
    const over = rows.slice(1).filter((r) => r.msPerCall > 2 * base).length;
    process.stdout.write(
      `incident-bridge bench:rhino, ${new Date().toISOString().slice(0, 10)}: ${version}, java ${javaVersion()}\n\n${lines.join('\n')}\n\nworst adversarial: ${worst.name}, ${(worst.msPerCall / base).toFixed(2)}× benign; ${over} of ${rows.length - 1} inputs over 2× benign (median of ${RHINO_ROUNDS} interleaved rounds)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function javaVersion(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (result.stderr.split('\n')[0] ?? '').replace(/^openjdk version /, '').replace(/"/g, '');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:rhino: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
