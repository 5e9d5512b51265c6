/**
 * Runs `now-sdk build` on servicenow/ (offline; NODE_ENV=test keeps the SDK's telemetry off)
 * and tells whether the built output is older than its sources.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
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

/** Builds the app; throws BuildError with the SDK's output when the build fails. */
export function buildServiceNowApp(options: BuildOptions = {}): void {
  const sdkCli = packageFile('@servicenow/sdk', 'bin/index.js', 'building the ServiceNow app');
  const args = [sdkCli, 'build', ...(options.frozenKeys ? ['--frozenKeys'] : [])];
  const result = spawnSync(process.execPath, args, {
    cwd: options.projectDir ?? servicenowDir,
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
 * steps) take turns through a lock file: now-sdk cleans dist/ first, so two builds at once
 * break each other.
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
