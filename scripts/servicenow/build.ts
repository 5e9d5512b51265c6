/**
 * Runs `now-sdk build` on servicenow/ (offline; NODE_ENV=test keeps the SDK's telemetry off)
 * and tells whether the built output is older than its sources.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { OperationError } from '../lib/errors.ts';
import { builtAppDir, repoRoot } from '../lib/paths.ts';
import { packageFile } from '../lib/require-package.ts';

export const servicenowDir = repoRoot + 'servicenow';

/** An expected failure (exit 1), not a bug. */
export class BuildError extends OperationError {}

export interface BuildOptions {
  /** Fail when keys.ts would change instead of updating it (CI). */
  frozenKeys?: boolean;
  /** Project directory (default servicenow/); the build writes <dir>/dist/app. */
  projectDir?: string;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when there is no build, or a source file changed after it. */
export function isBuildStale(): boolean {
  const scopeDir = join(builtAppDir, 'scope');
  if (!existsSync(scopeDir) || readdirSync(scopeDir).length === 0) return true;
  const built = newestMtime(scopeDir);
  const sources = [
    join(servicenowDir, 'src'),
    join(servicenowDir, 'now.config.json'),
    join(servicenowDir, 'package.json'),
  ];
  return sources.some((source) => newestMtime(source) > built);
}

/**
 * Builds the app; throws BuildError with the SDK's output when the build fails. now-sdk empties
 * its dist/ before it builds, so building servicenow/ in place would leave every reader (test
 * workers, a running sandbox, a deploy) without an app for the seconds a build takes: the default
 * project is built in a scratch copy, and its dist/app then swapped in (keys.ts copied back).
 */
export function buildServiceNowApp(options: BuildOptions = {}): void {
  if (options.projectDir !== undefined) {
    runNowSdkBuild(options.projectDir, options.frozenKeys);
    return;
  }
  const scratch = mkdtempSync(join(servicenowDir, '.build-scratch-'));
  try {
    for (const entry of ['now.config.json', 'package.json', 'src'])
      cpSync(join(servicenowDir, entry), join(scratch, entry), { recursive: true });
    runNowSdkBuild(scratch, options.frozenKeys);
    const keys = join('src', 'fluent', 'generated', 'keys.ts');
    const builtKeys = readFileSync(join(scratch, keys), 'utf8');
    const committedKeys = join(servicenowDir, keys);
    if (!existsSync(committedKeys) || readFileSync(committedKeys, 'utf8') !== builtKeys)
      writeFileSync(committedKeys, builtKeys);
    mkdirSync(join(servicenowDir, 'dist'), { recursive: true });
    const previous = `${builtAppDir}.previous-${process.pid}`;
    rmSync(previous, { recursive: true, force: true });
    if (existsSync(builtAppDir)) renameSync(builtAppDir, previous);
    renameSync(join(scratch, 'dist', 'app'), builtAppDir);
    rmSync(previous, { recursive: true, force: true });
    // the build is newer than the keys.ts just copied back (isBuildStale compares the two)
    const now = new Date();
    const scopeDir = join(builtAppDir, 'scope');
    for (const file of readdirSync(scopeDir)) utimesSync(join(scopeDir, file), now, now);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function runNowSdkBuild(projectDir: string, frozenKeys: boolean | undefined): void {
  const sdkCli = packageFile('@servicenow/sdk', 'bin/index.js', 'building the ServiceNow app');
  const args = [sdkCli, 'build', ...(frozenKeys ? ['--frozenKeys'] : [])];
  const result = spawnSync(process.execPath, args, {
    cwd: projectDir,
    env: { ...process.env, NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 5 * 60 * 1000,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-15)
      .join('\n');
    throw new BuildError(
      `now-sdk build failed (exit ${result.status ?? result.signal}):\n${output}`,
    );
  }
}

const LOCK = join(servicenowDir, '.build.lock');
const STALE_LOCK_MS = 5 * 60 * 1000;

function tryLock(): boolean {
  try {
    closeSync(openSync(LOCK, 'wx'));
    return true;
  } catch {
    // a lock left by a crashed build does not block forever
    if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS)
      rmSync(LOCK, { force: true });
    return false;
  }
}

/**
 * Builds when the build is missing or stale. Concurrent callers (test workers, a sandbox, CI
 * steps) take turns through a lock file, so one build runs at a time; readers meanwhile keep
 * the previous dist/app until the new one is swapped in.
 */
export async function ensureServiceNowBuilt(options: BuildOptions = {}): Promise<boolean> {
  for (;;) {
    if (!isBuildStale()) return false;
    if (tryLock()) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    if (!isBuildStale()) return false;
    buildServiceNowApp(options);
    return true;
  } finally {
    rmSync(LOCK, { force: true });
  }
}
