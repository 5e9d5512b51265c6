/**
 * CLI start-up: wall time of `mask` and `validate` as a user runs them (a child process through
 * bin/), against a bare `node -e 0` on the same machine, median of N runs each. The compiled
 * CLI (dist/cli/, rebuilt first so it is current) and, for comparison, the tsx path.
 */
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../lib/paths.ts';

export interface StartupFigure {
  name: string;
  medianMs: number;
  /** Median divided by the median of `node -e 0`. */
  ratio: number;
}

export interface StartupResult {
  runs: number;
  nodeMs: number;
  figures: StartupFigure[];
}

const BIN = repoRoot + 'bin/incident-bridge.mjs';
const SAMPLE = repoRoot + 'examples/data-action-request.voice.json';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeRun(args: string[], input: string, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    input,
    env,
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status ?? result.signal}`);
  return ms;
}

export function runCliStartupBench(options: {
  runs: number;
  progress: (line: string) => void;
}): StartupResult {
  options.progress('CLI start-up: building dist/cli');
  const build = spawnSync(process.execPath, [repoRoot + 'scripts/build-cli.mjs'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`build-cli failed: ${build.stderr}`);
  const env = { ...process.env };
  const tsxEnv = { ...process.env, INCIDENT_BRIDGE_TSX: '1' };
  const cases: Array<[string, string[], string, NodeJS.ProcessEnv]> = [
    ['node -e 0', ['-e', '0'], '', env],
    ['incident-bridge mask', [BIN, 'mask'], 'mail jan@example.nl', env],
    ['incident-bridge validate <file>', [BIN, 'validate', SAMPLE], '', env],
    ['incident-bridge mask (tsx, no dist/cli)', [BIN, 'mask'], 'mail jan@example.nl', tsxEnv],
  ];
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  options.progress(`CLI start-up: ${options.runs} runs of each, interleaved`);
  // interleaved, so a burst of load elsewhere hits every case alike
  for (let i = 0; i < options.runs; i++)
    for (const [name, args, input, caseEnv] of cases)
      samples.get(name)!.push(timeRun(args, input, caseEnv));
  const nodeMs = median(samples.get('node -e 0')!);
  return {
    runs: options.runs,
    nodeMs,
    figures: cases.map(([name]) => {
      const medianMs = median(samples.get(name)!);
      return { name, medianMs, ratio: medianMs / nodeMs };
    }),
  };
}
