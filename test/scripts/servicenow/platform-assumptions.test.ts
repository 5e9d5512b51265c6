/**
 * Every unverified platform behaviour is listed in one place (platform-assumptions.ts), used by
 * code that says ASSUMED(<id>), and shown in the README.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ASSUMPTIONS } from '../../../scripts/servicenow/platform-assumptions.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';

const ROOTS = [
  'scripts/servicenow',
  'scripts/sandbox/servicenow-emulator',
  'servicenow/src/server',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const used = new Set(
  ROOTS.flatMap((root) => files(join(repoRoot, root))).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/ASSUMED\(([a-z0-9-]+)\)/g)].map((m) => m[1]),
  ),
);
const ids = PLATFORM_ASSUMPTIONS.map((a) => a.id);

describe('unverified platform behaviour', () => {
  it('every ASSUMED(<id>) in the code is in the one list, and every listed one is used', () => {
    expect([...used].filter((id) => !ids.includes(id as string))).toEqual([]);
    expect(ids.filter((id) => !used.has(id))).toEqual([]);
  });

  it('the README lists every one', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(ids.filter((id) => !readme.includes(`\`${id}\``))).toEqual([]);
  });
});
