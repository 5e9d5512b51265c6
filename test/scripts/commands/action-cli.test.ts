/** `incident-bridge action lint|run` wired through the CLI: flags, exit codes, one error line. */
import { describe, expect, it } from 'vitest';
import { main } from '../../../scripts/cli.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';
import { captureIo } from '../../helpers/capture-io.ts';

const fixture = (name: string) => `${repoRoot}test/fixtures/data-actions/${name}`;
const cli = async (...args: string[]) => {
  const captured = captureIo();
  const code = await main(['node', 'incident-bridge', ...args], captured.io);
  return { code, stdout: captured.stdout, stderr: captured.stderr };
};

describe('incident-bridge action', () => {
  it('lint: exit 1 with errors, SARIF on --format sarif', async () => {
    const result = await cli(
      'action',
      'lint',
      '--format',
      'sarif',
      fixture('sparse-array.action.json'),
    );
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { version: string }).version).toBe('2.1.0');
  });

  it('lint: exit 0 for a clean file; exit 2 and one line for a missing one', async () => {
    expect((await cli('action', 'lint', fixture('clean.action.json'))).code).toBe(0);
    const missing = await cli('action', 'lint', fixture('missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^incident-bridge: .*missing\.json: no such file or directory\n$/,
    );
  });

  it('lint: an unknown --format is a usage error', async () => {
    const result = await cli('action', 'lint', '--format', 'xml', fixture('clean.action.json'));
    expect(result.code).toBe(2);
  });

  it('run: --input is required; a relative URL without --base-url fails with exit 1', async () => {
    expect((await cli('action', 'run', fixture('relative-url.action.json'))).code).toBe(2);
    const result = await cli(
      'action',
      'run',
      fixture('relative-url.action.json'),
      '--input',
      '{"email":"a@b.c"}',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL resolveRequest');
  });
});
