/**
 * `npm start`: builds both sides, starts the ServiceNow emulator (built app) and the local Data
 * Action runtime (generated actions) on loopback, runs the demo, prints what happened and how to
 * try it yourself, and serves until Ctrl-C or SIGTERM. A busy port is one line and exit 1, with
 * nothing left listening.
 */
import { writeLine, type Io } from '../lib/io.ts';
import { listenError } from '../lib/listen.ts';
import { repoRoot } from '../lib/paths.ts';
import { diagnostic } from '../lib/report.ts';
import { formatDemoTable, runDemo } from '../sandbox/demo.ts';
import { API_BASE_PATH } from '../../servicenow/src/server/app-names.ts';
import { SANDBOX_INTEGRATION, startSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { startSandboxWeb, type SandboxWeb } from '../sandbox/web/server.ts';
import { ensureServiceNowBuilt, isBuildStale } from '../servicenow/build.ts';
import { SANDBOX_USERS } from '../sandbox/servicenow-emulator/emulator.ts';
import { readFileSync } from 'node:fs';

export interface StartOptions {
  port?: number;
  /** false with --no-demo. */
  demo?: boolean;
}

/** Builds what the sandbox runs: the ServiceNow app (when stale) and a check of the Genesys files. */
export async function buildBothSides(io: Io): Promise<void> {
  if (isBuildStale()) diagnostic(io, 'building the ServiceNow app (now-sdk build, ~10 s)…');
  await ensureServiceNowBuilt();
  // the staleness note needs the generators (prettier, json-schema-to-typescript): development
  // dependencies, absent after npm ci --omit=dev, where the committed files are all there is
  let generated: typeof import('../lib/generated-files.ts');
  try {
    generated = await import('../lib/generated-files.ts');
  } catch {
    return;
  }
  let stale = 0;
  for (const file of await generated.generatedFiles()) {
    let committed = '';
    try {
      committed = readFileSync(repoRoot + file.path, 'utf8');
    } catch {
      committed = '';
    }
    if (committed !== file.content) stale++;
  }
  if (stale > 0)
    diagnostic(
      io,
      `note: ${stale} generated file(s) differ from schemas/ and genesys/: run npm run generate`,
    );
}

export function usageExamples(sandbox: Sandbox): string[] {
  const create = sandbox.actions.createIncident.id;
  const get = sandbox.actions.getIncident.id;
  const user = `${SANDBOX_INTEGRATION.userName}:${SANDBOX_INTEGRATION.password}`;
  return [
    'Try it yourself (copy and paste):',
    '',
    '  # run the generated "Create ServiceNow Incident" Data Action, as a flow would',
    `  curl -s -X POST ${sandbox.runtimeUrl}/api/v2/integrations/actions/${create}/execute \\`,
    `    -H 'Content-Type: application/json' \\`,
    `    -d '{"customCallId":"my-call-1","channel":"sms","shortDescription":"Printer jam, call me on +44 20 7946 0958"}'`,
    '',
    '  # the same with the step-by-step trace of the Genesys "Test" tab',
    `  curl -s -X POST ${sandbox.runtimeUrl}/api/v2/integrations/actions/${create}/test -H 'Content-Type: application/json' -d '{"customCallId":"my-call-1","channel":"sms","shortDescription":"again"}'`,
    '',
    '  # look the incident up by conversation id (the "Get ServiceNow Incident" action)',
    `  curl -s -X POST ${sandbox.runtimeUrl}/api/v2/integrations/actions/${get}/execute -H 'Content-Type: application/json' -d '{"customCallId":"my-call-1"}'`,
    '',
    '  # or call the ServiceNow endpoint directly (any shape: flat, conversation object, event)',
    `  curl -s -u ${user} -H 'Content-Type: application/json' \\`,
    `    -d @examples/genesys-event.conversation-end.json ${sandbox.servicenow.url}${API_BASE_PATH}/incidents`,
    '',
    `  ServiceNow users (local only): ${SANDBOX_USERS.map((u) => `${u.userName}/${u.password}`).join(', ')}`,
    '  One payload with its full trace: npx incident-bridge simulate --input examples/data-action-request.voice.json',
    '',
    'Ctrl-C stops the sandbox.',
  ];
}

export async function startCommand(
  options: StartOptions,
  io: Io,
  /** Called once everything listens: until then a signal ends the process the default way. */
  untilStopped: () => Promise<unknown>,
): Promise<number> {
  await buildBothSides(io);
  const sandbox = await startSandbox({ port: options.port ?? 0 }).catch((error: unknown) => {
    throw listenError(error, 'sandbox');
  });
  let web: SandboxWeb | undefined;
  try {
    // the page takes the port after the emulator's (runtime N, emulator N+1, page N+2)
    web = await startSandboxWeb(sandbox, { port: options.port ? options.port + 2 : 0 });
    const stopped = untilStopped();
    writeLine(io.stdout, `incident-bridge sandbox`);
    writeLine(
      io.stdout,
      `  Sandbox page         ${web.url}   (open in a browser: incidents, run the Data Action)`,
    );
    writeLine(
      io.stdout,
      `  Data Action runtime  ${sandbox.runtimeUrl}   (generated actions: ${sandbox.actions.createIncident.id}, ${sandbox.actions.getIncident.id})`,
    );
    writeLine(
      io.stdout,
      `  ServiceNow emulator  ${sandbox.servicenow.url}   (built app ${sandbox.servicenow.app.scope} ${sandbox.servicenow.app.version})`,
    );
    writeLine(io.stdout, '');
    if (options.demo !== false) {
      const rows = await runDemo(sandbox);
      writeLine(io.stdout, formatDemoTable(rows));
      const incidents = sandbox.servicenow.db.rows('incident').length;
      writeLine(
        io.stdout,
        `\n${rows.length} requests, ${incidents} incidents: the replays returned the existing incident; no raw phone, card, IBAN or e-mail in any incident field but the hidden customer address.`,
      );
      writeLine(io.stdout, '');
    }
    for (const line of usageExamples(sandbox)) writeLine(io.stdout, line);
    await stopped;
    diagnostic(io, 'stopping…');
    return 0;
  } catch (error) {
    throw listenError(error, 'sandbox page');
  } finally {
    await web?.close();
    await sandbox.close();
  }
}
