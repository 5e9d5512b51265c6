/** `action lint` as a CI step: exit codes and the three output formats. */
import { describe, expect, it } from 'vitest';
import { actionLintCommand } from '../../../scripts/commands/action-lint.ts';
import { InputError } from '../../../scripts/lib/errors.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';
import { captureIo } from '../../helpers/capture-io.ts';

const fixture = (name: string) => `${repoRoot}test/fixtures/data-actions/${name}`;

describe('action lint command', () => {
  it('exits 0 for clean actions and prints a summary', async () => {
    const captured = captureIo();
    const code = await actionLintCommand(
      [fixture('clean.action.json')],
      { cwd: repoRoot },
      captured.io,
    );
    expect(code).toBe(0);
    expect(captured.stdout).toBe('0 errors, 0 warnings, 0 notes in 1 action (1 file)\n');
  });

  it('exits 1 when there are errors; notes alone do not fail', async () => {
    const failing = await actionLintCommand(
      [fixture('unescaped-string-input.action.json')],
      {},
      captureIo().io,
    );
    expect(failing).toBe(1);
    const notesOnly = await actionLintCommand(
      [fixture('relative-url.action.json')],
      {},
      captureIo().io,
    );
    expect(notesOnly).toBe(0);
  });

  it('warnings fail only with --strict', async () => {
    const file = fixture('unencoded-url-input.action.json');
    expect(await actionLintCommand([file], {}, captureIo().io)).toBe(0);
    expect(await actionLintCommand([file], { strict: true }, captureIo().io)).toBe(1);
  });

  it('--json prints one document, --format sarif a SARIF log', async () => {
    const json = captureIo();
    await actionLintCommand(
      [fixture('sparse-array.action.json')],
      { json: true, cwd: repoRoot },
      json.io,
    );
    const document = JSON.parse(json.stdout) as { ok: boolean; findings: Array<{ rule: string }> };
    expect(document.ok).toBe(false);
    expect(document.findings.map((f) => f.rule)).toEqual(['request-not-json']);

    const sarif = captureIo();
    await actionLintCommand(
      [fixture('sparse-array.action.json')],
      { format: 'sarif', cwd: repoRoot },
      sarif.io,
    );
    const log = JSON.parse(sarif.stdout) as {
      version: string;
      runs: Array<{ results: unknown[] }>;
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toHaveLength(1);
  });

  it('a path that does not exist, or no path, is an input error (exit 2)', async () => {
    await expect(actionLintCommand([fixture('nope.json')], {}, captureIo().io)).rejects.toThrow(
      InputError,
    );
    await expect(actionLintCommand([], {}, captureIo().io)).rejects.toThrow(/at least one file/);
    await expect(
      actionLintCommand(
        [fixture('clean.action.json')],
        { format: 'xml' as 'text' },
        captureIo().io,
      ),
    ).rejects.toThrow(/--format must be text, json or sarif/);
  });
});
