/**
 * The one place that prints errors and picks exit codes: classes to codes, one prefix on every
 * stderr line, exactly one JSON document with --json (config problems included), bugs marked.
 */
import { describe, expect, it } from 'vitest';
import { checkDeployConfig, ConfigError } from '../../../scripts/lib/deploy-config/index.ts';
import {
  EXIT_FAILED,
  EXIT_INVALID,
  InputError,
  OperationError,
} from '../../../scripts/lib/errors.ts';
import { listenError } from '../../../scripts/lib/listen.ts';
import { PREFIX, reportError, runCommand } from '../../../scripts/lib/report.ts';
import { packageFile } from '../../../scripts/lib/require-package.ts';
import { captureIo } from '../../helpers/capture-io.ts';

const lines = (text: string) => text.split('\n').filter(Boolean);

describe('exit codes', () => {
  it('invalid input and a failed operation have different codes', () => {
    expect(EXIT_INVALID).not.toBe(EXIT_FAILED);
    expect(new InputError('x').exitCode).toBe(2);
    expect(new OperationError('x').exitCode).toBe(1);
    expect(new ConfigError([]).exitCode).toBe(2);
  });
});

describe('runCommand', () => {
  it('passes the exit code of a command that returns', async () => {
    const captured = captureIo();
    expect(await runCommand(captured.io, { command: 'x' }, async () => 3)).toBe(3);
    expect(captured.stderr).toBe('');
  });

  it('prints an error as prefixed lines on stderr, nothing on stdout', async () => {
    const captured = captureIo();
    const code = await runCommand(captured.io, { command: 'x' }, async () => {
      throw new OperationError('first line\nsecond line');
    });
    expect(code).toBe(1);
    expect(captured.stdout).toBe('');
    expect(lines(captured.stderr)).toEqual([`${PREFIX}first line`, `${PREFIX}second line`]);
  });

  it('with --json prints exactly one JSON document, config problems included', async () => {
    const { problems } = checkDeployConfig('version: 2\n', 'x.yaml');
    const captured = captureIo();
    const code = await runCommand(captured.io, { command: 'deploy:servicenow', json: true }, () =>
      Promise.reject(new ConfigError(problems)),
    );
    expect(code).toBe(2);
    const document = JSON.parse(captured.stdout); // throws on two documents
    expect(document).toMatchObject({
      command: 'deploy:servicenow',
      ok: false,
      exitCode: 2,
      error: { kind: 'invalid-input' },
    });
    expect(document.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'environments',
      'version',
    ]);
    expect(captured.stderr.startsWith(`${PREFIX}invalid deploy configuration`)).toBe(true);
  });

  it('merges the partial report and error data of a failed operation into the document', async () => {
    const captured = captureIo();
    await runCommand(captured.io, { command: 'deploy:genesys', json: true }, async () => {
      throw new OperationError('refused', {
        report: { environment: 'dev', items: [1] },
        data: { status: 401 },
      });
    });
    expect(JSON.parse(captured.stdout)).toEqual({
      command: 'deploy:genesys',
      environment: 'dev',
      items: [1],
      ok: false,
      exitCode: 1,
      error: { kind: 'failed', message: 'refused', status: 401 },
    });
  });

  it('marks anything else as an unexpected error, exit 1, stack only with --debug', async () => {
    const quiet = captureIo();
    expect(reportError(quiet.io, { command: 'x' }, new TypeError('boom'))).toBe(1);
    expect(quiet.stderr).toBe(`${PREFIX}unexpected error: boom\n`);
    const debug = captureIo();
    reportError(debug.io, { command: 'x', debug: true }, new TypeError('boom'));
    expect(debug.stderr).toContain('at ');
  });
});

describe('listenError', () => {
  it('turns a busy port into one line naming it, exit 1', () => {
    const busy = Object.assign(new Error('listen EADDRINUSE: address already in use'), {
      code: 'EADDRINUSE',
      port: 4100,
    });
    const error = listenError(busy, 'sandbox');
    expect(error).toBeInstanceOf(OperationError);
    expect((error as Error).message).toBe(
      'cannot start the sandbox: port 4100 on 127.0.0.1 is already in use (choose another --port, or stop what listens there)',
    );
  });

  it('leaves other errors alone', () => {
    const other = new Error('x');
    expect(listenError(other, 'sandbox')).toBe(other);
  });
});

describe('packageFile', () => {
  it('names a missing package in one line (npm ci --omit=dev leaves development packages out)', () => {
    expect(() =>
      packageFile('@servicenow/not-installed', 'bin/index.js', 'building the app'),
    ).toThrow(
      /^building the app needs the package @servicenow\/not-installed, which is not installed/,
    );
    expect(() => packageFile('@servicenow/not-installed', 'x', 'y')).toThrow(OperationError);
  });

  it('finds an installed one', () => {
    expect(packageFile('commander', 'package.json', 'x')).toMatch(
      /node_modules\/commander\/package\.json$/,
    );
  });
});
