/**
 * The whole path on loopback: the generated Data Action executed by the local runtime, into the
 * ServiceNow emulator running the built app. What `npm start` shows, asserted.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCommand } from '../../../scripts/commands/simulate.ts';
import { startCommand } from '../../../scripts/commands/start.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';
import { demoDir, formatDemoTable, runDemo } from '../../../scripts/sandbox/demo.ts';
import { startSandbox, type Sandbox } from '../../../scripts/sandbox/sandbox.ts';
import { COLUMNS } from '../../../servicenow/src/server/app-names.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { portRefuses, spawnChild, untilWritten } from '../../helpers/child-process.ts';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const rowOf = (id: string) =>
  sandbox.servicenow.db.rows('incident').filter((r) => r[COLUMNS.customCallId] === id);

describe('the demo', () => {
  it('creates three incidents, replays across shapes and events, rejects the bad input, and tabulates it', async () => {
    const fresh = await startSandbox();
    try {
      const rows = await runDemo(fresh);
      expect(rows.map((r) => [r.path, r.channel, r.outcome])).toEqual([
        ['Data Action', 'voice', 'created'],
        ['Data Action', 'whatsapp', 'created'],
        ['direct POST', 'whatsapp', 'replayed'],
        ['Data Action', 'voice', 'replayed'],
        ['Workflow', 'email', 'created'],
        ['Workflow', 'email', 'replayed'],
        ['direct POST', 'fax', 'rejected'],
      ]);
      expect(rows[2]!.incident).toBe(rows[1]!.incident);
      expect(rows[3]!.incident).toBe(rows[0]!.incident);
      // the conversation-end event: one incident, the replayed event returns it
      expect(rows[5]!.incident).toBe(rows[4]!.incident);
      const eventIncident = fresh.servicenow.db
        .rows('incident')
        .find((r) => r.number === rows[4]!.incident);
      expect(eventIncident?.[COLUMNS.customCallId]).toBe('3c8f1a2e-6b4d-4e0f-9a7c-5d2e1f0b8c44');
      expect(eventIncident?.[COLUMNS.customerAddress]).toBe('dana.devries@example.com');
      expect(rows[6]!.detail).toMatch(/^400 \/customCallId: is required/);
      expect(fresh.servicenow.db.rows('incident')).toHaveLength(3);
      const table = formatDemoTable(rows);
      expect(table).toMatch(/Callback on \*\*\*-\*\*/);
      for (const raw of [
        '+1 415 555 0134',
        '4111 1111',
        'jan.de.vries',
        'NL91ABNA',
        'dana.devries',
      ])
        expect(table).not.toContain(raw);
    } finally {
      await fresh.close();
    }
  }, 60_000); // two sandboxes and seven requests: generous on a shared CI machine
});

describe('generated Data Action → emulator', () => {
  it('delivers hostile text byte-for-byte (quotes, backslashes, control characters, emoji, $, #, Velocity look-alikes)', async () => {
    const hostile =
      'He said "hi" \\ back\\slash\nnew line\ttab 😀 €5 $input.x ${x} #if(true)yes#end ## #set($a = 1) </script> \u0001';
    const id = 'hostile-1';
    const result = await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: id,
      channel: 'chat',
      shortDescription: 'quote " and $x',
      description: hostile,
    });
    expect(result.ok, JSON.stringify(result.ok ? '' : result.error)).toBe(true);
    const [row] = rowOf(id);
    expect(row!.short_description).toBe('quote " and $x');
    expect(row!.description!.startsWith(hostile + '\n\n--- Genesys Cloud conversation ---')).toBe(
      true,
    );
  });

  it('masks PII on the way and keeps the full address only in the hidden column', async () => {
    const id = 'pii-1';
    await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: id,
      channel: 'whatsapp',
      shortDescription: 'refund to NL91ABNA0417164300',
      customerAddress: '+31612345678',
      transcript: 'mail jan@example.nl, card 4111 1111 1111 1111',
    });
    const [row] = rowOf(id);
    expect(row![COLUMNS.customerAddress]).toBe('+31612345678');
    const others = JSON.stringify({ ...row, [COLUMNS.customerAddress]: null });
    for (const raw of [
      'NL91ABNA0417164300',
      '+31612345678',
      'jan@example.nl',
      '4111 1111 1111 1111',
    ])
      expect(others).not.toContain(raw);
  });

  it('absent and empty optionals produce no "null" and no broken JSON', async () => {
    const id = 'optional-1';
    const result = await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: id,
      channel: 'voice',
      shortDescription: 'only required',
      description: '',
      queueName: '',
    });
    expect(result.ok).toBe(true);
    const [row] = rowOf(id);
    expect(row!.description).not.toMatch(/null|Queue:/);
  });

  it('a timeout above timeoutSeconds fails the action; the flow retry gets the same incident: one in total', async () => {
    const id = 'timeout-1';
    sandbox.servicenow.faults.latencyMs = 1500;
    try {
      const first = await sandbox.execute(
        sandbox.actions.createIncident,
        { customCallId: id, channel: 'voice', shortDescription: 'slow' },
        300,
      );
      // the 300 ms abort is due before the 1500 ms delayed answer: timer order, not timing
      expect(first.ok ? 'ok' : first.kind).toBe('timeout');
    } finally {
      sandbox.servicenow.faults.latencyMs = 0;
    }
    const retry = await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: id,
      channel: 'voice',
      shortDescription: 'slow',
    });
    expect(retry.ok && retry.output.created).toBe(false);
    expect(retry.ok).toBe(true);
    expect(rowOf(id)).toHaveLength(1);
  });

  it('the Get action finds the incident, and fails for an unknown conversation', async () => {
    await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: 'get-1',
      channel: 'sms',
      shortDescription: 'x',
    });
    const found = await sandbox.execute(sandbox.actions.getIncident, { customCallId: 'get-1' });
    expect(found.ok && found.output).toMatchObject({
      created: false,
      incidentNumber: expect.stringMatching(/^INC/),
    });
    const missing = await sandbox.execute(sandbox.actions.getIncident, { customCallId: 'nope-1' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.status).toBe(404);
  });

  it('the runtime HTTP API lists, executes and tests actions like the Genesys API', async () => {
    const list = (await (
      await fetch(`${sandbox.runtimeUrl}/api/v2/integrations/actions`)
    ).json()) as { entities: Array<{ id: string }> };
    expect(list.entities.map((e) => e.id)).toEqual([
      'create-servicenow-incident',
      'get-servicenow-incident',
    ]);
    const execute = await fetch(
      `${sandbox.runtimeUrl}/api/v2/integrations/actions/create-servicenow-incident/execute`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ customCallId: 'http-1', channel: 'sms', shortDescription: 'x' }),
      },
    );
    expect(execute.status).toBe(200);
    expect(await execute.json()).toMatchObject({ created: true });
    const invalid = await fetch(
      `${sandbox.runtimeUrl}/api/v2/integrations/actions/create-servicenow-incident/execute`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel: 'sms' }),
      },
    );
    expect(invalid.status).toBeGreaterThanOrEqual(400);
    const test = (await (
      await fetch(
        `${sandbox.runtimeUrl}/api/v2/integrations/actions/create-servicenow-incident/test`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ customCallId: 'http-1', channel: 'sms', shortDescription: 'x' }),
        },
      )
    ).json()) as { trace: { steps: Array<{ step: string }> } };
    expect(test.trace.steps.map((s) => s.step)).toContain('executeRequest');
    expect(JSON.stringify(test)).not.toContain('sandbox-only-integration');
  });
});

describe('commands', () => {
  it('start runs the demo, prints the table and examples, and stops when asked', async () => {
    const captured = captureIo();
    const { io } = captured;
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const banner = untilWritten(io.stdout, 'Ctrl-C stops the sandbox.');
    const running = startCommand({ demo: true }, io, () => stopped);
    await Promise.race([banner, running.then(() => Promise.reject(new Error('ended early')))]);
    stop();
    expect(await running).toBe(0);
    expect(captured.stdout).toMatch(
      /1 +Voice call \(IVR escalation\) +Data Action +voice +INC0010001 +created/,
    );
    expect(captured.stdout).toMatch(/7 requests, 3 incidents/);
    expect(captured.stdout).toMatch(
      /curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/api\/v2\/integrations\/actions\/create-servicenow-incident\/execute/,
    );
  }, 60_000);

  it('simulate prints the trace of one payload and exits 0', async () => {
    const captured = captureIo();
    const { io } = captured;
    const code = await simulateCommand({ input: demoDir + 'data-action-request.voice.json' }, io);
    expect(code).toBe(0);
    expect(captured.stdout).toMatch(/ok {3}validateInput/);
    expect(captured.stdout).toMatch(/ok {3}executeRequest/);
    expect(captured.stdout).toMatch(/output: \{"incidentSysId":"[0-9a-f]{32}"/);
    expect(captured.stdout).not.toContain('4111 1111');
  });

  it('simulate posts a conversation object directly and says so', async () => {
    const captured = captureIo();
    const { io } = captured;
    const code = await simulateCommand(
      { input: demoDir + 'genesys-conversation.whatsapp.json', json: true },
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(captured.stdout)).toMatchObject({
      path: 'direct POST',
      shape: 'conversation',
      status: 201,
    });
  });

  const urls = (text: string) =>
    [...text.matchAll(/http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));

  it('start --no-demo serves and stops cleanly on SIGINT (child process)', async () => {
    const child = spawnChild(
      process.execPath,
      [repoRoot + 'bin/incident-bridge.mjs', 'start', '--no-demo'],
      { cwd: repoRoot, timeoutMs: 100_000 },
    );
    const out = await child.waitForStdout('Ctrl-C stops the sandbox.');
    expect(out).not.toMatch(/Voice call/);
    const ports = [...new Set(urls(out))];
    expect(ports.length).toBeGreaterThanOrEqual(2); // runtime, emulator (and the page)
    child.process.kill('SIGINT');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    for (const port of ports) expect(await portRefuses(port), `port ${port}`).toBe(true);
  }, 120_000);

  it('SIGTERM to npm start leaves no process behind (every port it served refuses)', async () => {
    const child = spawnChild('npm', ['start', '--', '--no-demo'], {
      cwd: repoRoot,
      timeoutMs: 100_000,
      group: true,
    });
    try {
      const out = await child.waitForStdout('Ctrl-C stops the sandbox.');
      const ports = [...new Set(urls(out))];
      expect(ports.length).toBeGreaterThanOrEqual(2);
      for (const port of ports) expect(await portRefuses(port)).toBe(false);
      child.process.kill('SIGTERM'); // npm only, as a process manager would
      const { signal } = await child.exited;
      expect(signal).not.toBe('SIGKILL'); // not the spawn time limit
      for (const port of ports) expect(await portRefuses(port), `port ${port}`).toBe(true);
    } finally {
      child.killGroup(); // whatever a failure left behind
    }
  }, 120_000);

  it('start on a busy port: exit 1, one line naming the port, nothing left listening', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const child = spawnChild(
        process.execPath,
        [repoRoot + 'bin/incident-bridge.mjs', 'start', '--no-demo', '--port', String(port)],
        { cwd: repoRoot, timeoutMs: 100_000 },
      );
      expect(await child.exited).toEqual({ code: 1, signal: null });
      const errors = child.stderr.split('\n').filter((line) => line && !/building/.test(line));
      expect(errors).toEqual([
        `incident-bridge: cannot start the sandbox: port ${port} on 127.0.0.1 is already in use (choose another --port, or stop what listens there)`,
      ]);
      expect(child.stdout).toBe('');
      // the emulator had started on port + 1 before the runtime's port was found busy
      expect(await portRefuses(port + 1)).toBe(true);
      expect(await portRefuses(port + 2)).toBe(true);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 120_000);

  it('--port is checked before anything is built', async () => {
    const captured = captureIo();
    const { main } = await import('../../../scripts/cli.ts');
    const code = await main(['node', 'incident-bridge', 'start', '--port', '70000'], captured.io);
    expect(code).toBe(2);
    expect(captured.stderr).toBe(
      "incident-bridge: option '--port <n>' argument '70000' is invalid. must be a port, 0 to 65535 (run with --help for usage)\n",
    );
  });
});
