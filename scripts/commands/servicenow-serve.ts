/**
 * `incident-bridge servicenow serve`: the ServiceNow emulator on 127.0.0.1 running the built
 * app, for people to curl. Builds the app first when the build is missing or stale. Serves until
 * Ctrl-C or SIGTERM; a busy port is one line and exit 1.
 */
import {
  SANDBOX_USERS,
  startServiceNowEmulator,
  type ServiceNowEmulator,
} from '../sandbox/servicenow-emulator/emulator.ts';
import { ensureServiceNowBuilt, isBuildStale } from '../servicenow/build.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { listenError } from '../lib/listen.ts';
import { diagnostic } from '../lib/report.ts';
import { API_BASE_PATH } from '../../servicenow/src/server/app-names.ts';

export interface ServeOptions {
  port?: number;
}

export function curlExamples(url: string): string[] {
  const user = SANDBOX_USERS[0]!;
  return [
    `curl -s -u ${user.userName}:${user.password} -H 'Content-Type: application/json' \\`,
    `  -d '{"customCallId":"demo-1","channel":"voice","shortDescription":"VPN down, call +1 415 555 0134"}' \\`,
    `  ${url}${API_BASE_PATH}/incidents`,
    `curl -s -u ${user.userName}:${user.password} ${url}${API_BASE_PATH}/incidents/demo-1`,
  ];
}

export async function startServiceNowSandbox(
  options: ServeOptions,
  io: Io,
): Promise<ServiceNowEmulator> {
  if (isBuildStale()) diagnostic(io, 'building the ServiceNow app (now-sdk build, ~10 s)…');
  await ensureServiceNowBuilt();
  try {
    return await startServiceNowEmulator({
      port: options.port ?? 0,
      onLog: (line, request) =>
        diagnostic(
          io,
          `[servicenow ${line.level}] ${request.method} ${request.path}: ${line.message}`,
        ),
    });
  } catch (error) {
    throw listenError(error, 'ServiceNow emulator');
  }
}

export async function servicenowServeCommand(
  options: ServeOptions,
  io: Io,
  untilStopped: () => Promise<unknown>,
): Promise<number> {
  const emulator = await startServiceNowSandbox(options, io);
  const stopped = untilStopped();
  writeLine(io.stdout, `ServiceNow emulator (built app ${emulator.app.scope}) on ${emulator.url}`);
  writeLine(io.stdout, 'Sandbox users (local only):');
  for (const user of SANDBOX_USERS)
    writeLine(
      io.stdout,
      `  ${user.userName.padEnd(22)} ${user.password.padEnd(26)} ${user.roles.join(', ')}`,
    );
  writeLine(io.stdout, 'Try:');
  for (const line of curlExamples(emulator.url)) writeLine(io.stdout, '  ' + line);
  writeLine(io.stdout, 'Ctrl-C stops it.');
  await stopped;
  await emulator.close();
  return 0;
}
