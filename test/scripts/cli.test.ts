/**
 * The CLI end to end: the real `bin/incident-bridge.mjs` in a child process (exit codes,
 * stdout/stderr split), plus in-process runs for the finer cases.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.ts';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { samplesDir, sampleNames } from '../helpers/samples.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { portRefuses, spawnChild } from '../helpers/child-process.ts';

function runBin(args: string[], input = '', env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [repoRoot + 'bin/incident-bridge.mjs', ...args], {
    input,
    env,
    encoding: 'utf8',
    cwd: repoRoot,
    timeout: 25_000, // below the test timeout: a hung child fails the test, not the run
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function run(args: string[], input = '') {
  const captured = captureIo(input);
  const code = await main(['node', 'incident-bridge', ...args], captured.io);
  return { code, stdout: captured.stdout, stderr: captured.stderr };
}

const ACCEPTANCE =
  'call +1 415 555 0134, mail jan@example.nl, card 4111 1111 1111 1111, IBAN NL91ABNA0417164300, SSN 123-45-6789, ticket INC0012345 at 2026-11-20T09:12:44Z id 9b1de5c3-2f7e-4a55-8f0b-1a2b3c4d5e6f';

// child processes start tsx: allow for a loaded 2-core machine
describe('incident-bridge mask (child process)', { timeout: 30_000 }, () => {
  it.each([
    ['compiled when dist/cli is current, else tsx', process.env],
    ['through tsx', { ...process.env, INCIDENT_BRIDGE_TSX: '1' }],
  ])('masks standard input to standard output (%s)', (_how, env) => {
    const { code, stdout, stderr } = runBin(['mask'], ACCEPTANCE, env);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      'call ***-***-0134, mail ***@example.nl, card ****-****-****-1111, IBAN NL************4300, SSN ***-**-6789, ticket INC0012345 at 2026-11-20T09:12:44Z id 9b1de5c3-2f7e-4a55-8f0b-1a2b3c4d5e6f',
    );
  });

  it('--json prints text, counts and truncated', () => {
    const { code, stdout } = runBin(['mask', '--json'], ACCEPTANCE);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.counts).toEqual({ phone: 1, email: 1, card: 1, ssn: 1, iban: 1 });
    expect(result.truncated).toBe(false);
    expect(stdout).not.toContain('4111 1111');
  });
});

describe('incident-bridge validate (child process)', { timeout: 30_000 }, () => {
  it.each(sampleNames())('accepts the sample %s and prints it masked', (name) => {
    const { code, stdout, stderr } = runBin(['validate', join(samplesDir, name)]);
    expect(code, stderr).toBe(0);
    const request = JSON.parse(stdout);
    expect(request.customCallId).toMatch(/^[0-9a-f-]{36}$/);
    for (const raw of [
      '+14155550134',
      '+31612345678',
      '4111 1111 1111 1111',
      'NL91ABNA0417164300',
      'jan.de.vries',
    ]) {
      expect(stdout + stderr).not.toContain(raw);
    }
  });

  it('rejects a body without customCallId: exit 2, the path on stderr, nothing on stdout', () => {
    const { code, stdout, stderr } = runBin(
      ['validate', '-'],
      '{"channel":"voice","shortDescription":"x"}',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('incident-bridge: invalid: /customCallId: is required\n');
  });

  it('exit 2 for a missing file, one line, no stack trace', () => {
    const { code, stderr } = runBin(['validate', '/no/such/file.json']);
    expect(code).toBe(2);
    expect(stderr).toBe('incident-bridge: cannot read /no/such/file.json: no such file\n');
  });

  it('exit 2 for usage errors', () => {
    expect(runBin(['validate']).code).toBe(2);
    expect(runBin(['frobnicate']).code).toBe(2);
    expect(runBin(['mask', '--disable', 'fax']).code).toBe(2);
  });
});

describe(
  'the compiled CLI (esbuild, as npm install and npm ci build it)',
  { timeout: 60_000 },
  () => {
    // two levels below the repository root, like dist/cli (scripts/lib/paths.ts relies on it)
    const outdir = `dist/cli-test-${process.pid}`;
    const build = () =>
      spawnSync(process.execPath, [repoRoot + 'scripts/build-cli.mjs', outdir], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 50_000,
      });

    it('loads only what mask and validate use, and masks like the source', () => {
      try {
        expect(build().status).toBe(0);
        const inputs = JSON.parse(
          readFileSync(`${repoRoot}${outdir}/inputs.json`, 'utf8'),
        ) as Record<string, string[]>;
        for (const command of ['mask', 'validate']) {
          expect(inputs[command]).toContain(`scripts/commands/${command}.ts`);
          const heavy = inputs[command]!.filter((file) =>
            /^(scripts\/(sandbox|genesys|servicenow|bench)\/|genesys\/|scripts\/lib\/generated-files)/.test(
              file,
            ),
          );
          expect(heavy, command).toEqual([]);
        }
        expect(inputs.start).toContain('scripts/sandbox/sandbox.ts');
        const run = spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const { main } = await import(${JSON.stringify(`${repoRoot}${outdir}/cli.js`)}); process.exitCode = await main(['node', 'incident-bridge', 'mask']);`,
          ],
          { input: ACCEPTANCE, encoding: 'utf8', timeout: 20_000 },
        );
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toContain('mail ***@example.nl, card ****-****-****-1111');
      } finally {
        rmSync(repoRoot + outdir, { recursive: true, force: true });
      }
    });
  },
);

describe('--json prints exactly one JSON document, also when the command cannot start', () => {
  it('for a usage error', async () => {
    const { code, stdout, stderr } = await run(['deploy', 'servicenow', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: false,
      exitCode: 2,
      error: { kind: 'invalid-input', message: expect.stringMatching(/--env <name>/) },
    });
    expect(stderr).toMatch(/^incident-bridge: required option '--env <name>' not specified/);
  });

  it.each([['servicenow'], ['genesys']])('for a missing config file (deploy %s)', async (side) => {
    const missing = join(mkdtempSync(join(tmpdir(), 'ib-')), 'none.yaml');
    const { code, stdout } = await run([
      'deploy',
      side,
      '--env',
      'dev',
      '--config',
      missing,
      '--json',
    ]);
    expect(code).toBe(2);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ command: `deploy:${side}`, ok: false, exitCode: 2 });
    expect(document.error.problems).toEqual([
      { file: missing, path: '', reason: expect.stringMatching(/^not found/) },
    ]);
  });
});

describe('incident-bridge (in process)', () => {
  it('validate --json reports errors and warnings as data', async () => {
    const { code, stdout } = await run(
      ['validate', '--json', '-'],
      '{"channel":"voice","shortDescription":"x","colour":1}',
    );
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      valid: false,
      shape: 'flat',
      errors: [{ path: '/customCallId', message: 'is required' }],
      warnings: [{ path: '/colour', message: 'unknown field, ignored' }],
    });
  });

  it('invalid JSON is exit 2 with its position and without echoing the input', async () => {
    const { code, stderr } = await run(['validate', '-'], '{"customCallId": "+31612345678" oops}');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^incident-bridge: invalid: invalid JSON( at position \d+)?\n$/);
    expect(stderr).not.toContain('31612345678');
  });

  it('refuses input above the size cap with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ib-'));
    const big = join(dir, 'big.json');
    writeFileSync(big, 'x'.repeat(5 * 1024 * 1024 + 1));
    const { code, stderr } = await run(['validate', big]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is larger than 5242880 bytes/);
  });

  it('mask --disable and --max-length', async () => {
    const { stdout, stderr } = await run(
      ['mask', '--disable', 'email,phone', '--max-length', '20'],
      'mail jan@example.nl or 06 12345678',
    );
    expect(stdout).toBe('mail jan@example.nl ');
    expect(stderr).toMatch(/^incident-bridge: warning: .*cut\n$/);
  });

  it('--help exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/validate/);
  });
});

describe('incident-bridge servicenow serve (child process)', () => {
  const serve = (...args: string[]) =>
    spawnChild(
      process.execPath,
      [repoRoot + 'bin/incident-bridge.mjs', 'servicenow', 'serve', ...args],
      {
        cwd: repoRoot,
        timeoutMs: 100_000,
      },
    );

  it('serves the built app on loopback, answers curl-style requests, stops cleanly on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = serve();
      // the whole banner: it can arrive in several chunks
      const stdout = await child.waitForStdout('Ctrl-C stops it.');
      const url = /on (http:\/\/127\.0\.0\.1:(\d+))/.exec(stdout);
      expect(url).not.toBeNull();
      expect(stdout).toContain('genesys.integration');
      const response = await fetch(`${url![1]}/api/x_ibr_incbridge/v1/incident_bridge/incidents`, {
        method: 'POST',
        headers: {
          authorization:
            'Basic ' +
            Buffer.from('genesys.integration:sandbox-only-integration').toString('base64'),
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          customCallId: 'serve-1',
          channel: 'sms',
          shortDescription: 'hello',
        }),
      });
      expect(response.status).toBe(201);
      child.process.kill(signal);
      expect(await child.exited, signal).toEqual({ code: 0, signal: null });
      expect(await portRefuses(Number(url![2]))).toBe(true);
    }
  }, 200_000);

  it('a busy --port is one line and exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const child = serve('--port', String(port));
      expect(await child.exited).toEqual({ code: 1, signal: null });
      expect(child.stderr.split('\n').filter((line) => line && !/building/.test(line))).toEqual([
        `incident-bridge: cannot start the ServiceNow emulator: port ${port} on 127.0.0.1 is already in use (choose another --port, or stop what listens there)`,
      ]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 120_000);
});
