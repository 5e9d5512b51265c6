/**
 * The sandbox page: one local web server on 127.0.0.1 beside the Data Action runtime and the
 * ServiceNow emulator. It shows the emulator's incidents (read through the Table API as a
 * sandbox user, so the platform's ACLs decide what is visible) and runs the generated Data Action
 * with the runtime's trace. It only reads the emulator and calls the action as a flow would: it
 * holds no lock on the request path, so requests from anywhere else go on while it is open.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readText } from '../../lib/http/body.ts';
import { createRouter } from '../../lib/http/router.ts';
import { SANDBOX_USERS, type EmulatorUser } from '../servicenow-emulator/emulator.ts';
import type { Sandbox } from '../sandbox.ts';
import { formFields } from './contract-form.ts';
import { loadExamples, type Example } from './examples.ts';
import { esc, layout, type Viewer } from './html.ts';
import { IncidentReader } from './incident-reader.ts';
import { DEFAULT_FAULT_TIMING, isFault, runLikeAFlow, type FaultTiming } from './run-action.ts';
import { incidentDetailBody, incidentListBody, incidentRows, runBody, runResult } from './views.ts';

export interface SandboxWebOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** How often the open incident list asks for new rows (default 1000 ms). */
  pollIntervalMs?: number;
  /** Action timeout and injected delay of a "slow answer" run. */
  faultTiming?: FaultTiming;
  /** Folder of example payloads (default examples/). */
  examplesDir?: string;
  /** Users the page may act as (default: the emulator's sandbox users). */
  users?: readonly EmulatorUser[];
  /** The user the page reads as until another is chosen (default service.desk.agent). */
  defaultViewer?: string;
}

export interface SandboxWeb {
  url: string;
  /** What the page served, for tests: live list refreshes and runs. */
  counters: { listRefreshes: number; runs: number };
  close(): Promise<void>;
}

/** Largest POST /run body: the action's inputs (transcript 100,000 characters) fit with room. */
const MAX_RUN_BYTES = 1024 * 1024;
const VIEWER_COOKIE = 'sandbox_viewer';
const pageScript = readFileSync(new URL('./page.js', import.meta.url), 'utf8');

export async function startSandboxWeb(
  sandbox: Sandbox,
  options: SandboxWebOptions = {},
): Promise<SandboxWeb> {
  const users = options.users ?? SANDBOX_USERS;
  const defaultViewer =
    users.find((u) => u.userName === (options.defaultViewer ?? 'service.desk.agent')) ?? users[0];
  if (!defaultViewer) throw new Error('the sandbox page needs at least one emulator user');
  const viewers: Viewer[] = users.map((u) => ({ userName: u.userName, roles: u.roles }));
  const examples = loadExamples(options.examplesDir);
  const exampleByName = new Map<string, Example>(examples.map((e) => [e.name, e]));
  const action = sandbox.actions.createIncident.action;
  const fields = formFields(action.contract?.input?.inputSchema);
  const counters = { listRefreshes: 0, runs: 0 };

  // Faults are one-shot switches of the whole emulator: while a fault run owns them, the page's
  // own reads wait, so a list refresh cannot take the injected 503 or delay meant for the action.
  let faultRun: Promise<unknown> | undefined;
  let runQueue: Promise<unknown> = Promise.resolve();
  const reader = new IncidentReader(sandbox.servicenow.url, async () => {
    while (faultRun) await faultRun.catch(() => undefined);
  });

  const allowedHosts = new Set<string>();

  /** The sandbox user the page acts as: `?as=` (remembered in a cookie), the cookie, or the default. */
  function viewerOf(request: IncomingMessage, query: URLSearchParams, response: ServerResponse) {
    const asked = query.get('as');
    const chosen = asked === null ? undefined : users.find((u) => u.userName === asked);
    if (chosen) {
      response.setHeader(
        'Set-Cookie',
        `${VIEWER_COOKIE}=${encodeURIComponent(chosen.userName)}; Path=/; HttpOnly; SameSite=Strict`,
      );
      return chosen;
    }
    const cookie = /(?:^|;\s*)sandbox_viewer=([^;]*)/.exec(request.headers.cookie ?? '');
    let remembered: string | undefined;
    try {
      remembered = cookie?.[1] === undefined ? undefined : decodeURIComponent(cookie[1]);
    } catch {
      remembered = undefined;
    }
    return users.find((u) => u.userName === remembered) ?? defaultViewer!;
  }

  const send = (response: ServerResponse, status: number, type: string, body: string) => {
    response.writeHead(status, {
      'Content-Type': type,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // the page's own script and style only; nothing from elsewhere, no framing
      'Content-Security-Policy':
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'Referrer-Policy': 'no-referrer',
    });
    response.end(body);
  };
  const html = (response: ServerResponse, status: number, body: string) =>
    send(response, status, 'text/html; charset=utf-8', body);
  const page = (
    response: ServerResponse,
    viewer: EmulatorUser,
    view: 'incidents' | 'run',
    path: string,
    title: string,
    body: string,
  ) =>
    html(
      response,
      200,
      layout({ title, view, viewer, viewers, path, body, pollMs: options.pollIntervalMs ?? 1000 }),
    );
  const runError = (response: ServerResponse, status: number, message: string) =>
    html(response, status, `<div class="result error" id="run-error">${esc(message)}</div>`);

  const router = createRouter()
    .on('GET', '/', (_request, response) => {
      response.writeHead(302, { Location: '/incidents' });
      response.end();
    })
    .on('GET', '/page.js', (_request, response) =>
      send(response, 200, 'text/javascript; charset=utf-8', pageScript),
    )
    .on('GET', '/incidents', async (request, response, { query, path }) => {
      const viewer = viewerOf(request, query, response);
      const read = await reader.list(viewer);
      page(
        response,
        viewer,
        'incidents',
        path,
        'Incidents',
        incidentListBody(read, viewer.userName),
      );
    })
    .on('GET', '/fragments/incidents', async (request, response, { query }) => {
      const viewer = viewerOf(request, query, response);
      counters.listRefreshes++;
      html(response, 200, incidentRows(await reader.list(viewer), viewer.userName));
    })
    .on('GET', '/incidents/:sysId', async (request, response, { params, query, path }) => {
      const viewer = viewerOf(request, query, response);
      const sysId = params.sysId ?? '';
      const read = /^[0-9a-f]{32}$/.test(sysId)
        ? await reader.one(viewer, sysId)
        : { ok: false as const, status: 400, message: 'sys_id: must be 32 hexadecimal digits' };
      page(
        response,
        viewer,
        'incidents',
        path,
        'Incident',
        incidentDetailBody(read, viewer.userName),
      );
    })
    .on('GET', '/run', (request, response, { query, path }) => {
      const viewer = viewerOf(request, query, response);
      page(
        response,
        viewer,
        'run',
        path,
        'Run the Data Action',
        runBody(fields, examples, action.name ?? 'Data Action'),
      );
    })
    .on('GET', '/examples/:name', (_request, response, { params }) => {
      const example = exampleByName.get(params.name ?? '');
      if (!example) return send(response, 404, 'application/json', '{"error":"no such example"}');
      send(response, 200, 'application/json', JSON.stringify(example.input));
    })
    .on('POST', '/run', async (request, response, { query }) => {
      const viewer = viewerOf(request, query, response);
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
        return runError(response, 415, 'Content-Type: must be application/json');
      const text = await readText(request, MAX_RUN_BYTES);
      if (text === 'too-large')
        return runError(response, 413, `body: larger than ${MAX_RUN_BYTES} bytes`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return runError(response, 400, 'body: not valid JSON');
      }
      const { input, fault = 'none' } = (body ?? {}) as { input?: unknown; fault?: unknown };
      if (typeof input !== 'object' || input === null || Array.isArray(input))
        return runError(response, 400, 'input: must be a JSON object of the action’s inputs');
      if (!isFault(fault))
        return runError(response, 400, 'fault: must be none, slow, unavailable or lostRace');
      // one run at a time: a fault is meant for this run's first request, not for another run's
      const run = runQueue.then(async () => {
        const running = (async () => {
          // new reads wait (gate) and reads already sent get their answers before the fault is set
          if (fault !== 'none') await reader.idle();
          return runLikeAFlow(
            sandbox,
            input as Record<string, unknown>,
            fault,
            options.faultTiming ?? DEFAULT_FAULT_TIMING,
          );
        })();
        if (fault !== 'none') faultRun = running;
        try {
          return await running;
        } finally {
          faultRun = undefined;
        }
      });
      runQueue = run.catch(() => undefined);
      const outcome = await run;
      counters.runs++;
      const id = (input as { customCallId?: unknown }).customCallId;
      const sameConversation =
        typeof id === 'string' && id !== '' ? await reader.byCustomCallId(viewer, id) : undefined;
      html(
        response,
        200,
        runResult({
          outcome,
          viewerName: viewer.userName,
          ...(sameConversation ? { sameConversation } : {}),
        }),
      );
    });

  const server: Server = createServer((request, response) => {
    // DNS rebinding: only our own loopback names; cross-site writes: same origin only
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return send(response, 421, 'text/plain', 'unknown Host: open the address npm start printed');
    }
    const origin = request.headers.origin;
    if (
      request.method !== 'GET' &&
      origin !== undefined &&
      origin !== `http://${request.headers.host}`
    ) {
      return send(response, 403, 'text/plain', 'cross-origin requests are refused');
    }
    router
      .handle(request, response)
      .then((handled) => {
        if (!handled) send(response, 404, 'text/plain', 'not found');
      })
      .catch((error: unknown) => {
        if (!response.headersSent)
          send(
            response,
            500,
            'text/plain',
            `sandbox page error: ${error instanceof Error ? error.message : String(error)}`,
          );
        else response.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts.add(`127.0.0.1:${port}`).add(`localhost:${port}`);
  return {
    url: `http://127.0.0.1:${port}/`,
    counters,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
