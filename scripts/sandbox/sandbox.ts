/**
 * The whole path on loopback, no tenant: the ServiceNow emulator running the built app, and a
 * local Data Action runtime serving the *generated* actions (pointed at the emulator, with the
 * sandbox integration user's credentials) over the slice of the Genesys API a flow designer
 * uses to try an action: list, test (trace) and execute.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildGenesysArtifacts, type GenesysArtifacts } from '../../genesys/index.ts';
import {
  executeAction,
  type DataAction,
  type ExecutionResult,
} from './data-action-runtime/index.ts';
import {
  SANDBOX_USERS,
  startServiceNowEmulator,
  type ServiceNowEmulator,
} from './servicenow-emulator/emulator.ts';
import type { LogLine } from './servicenow-emulator/glide.ts';
import { API_BASE_PATH } from '../../servicenow/src/server/app-names.ts';

export const SANDBOX_INTEGRATION = SANDBOX_USERS[0]!;

export interface SandboxOptions {
  /** Port of the Data Action runtime; the ServiceNow emulator takes the next one. 0: any free ports. */
  port?: number;
  onServiceNowLog?: (line: LogLine, request: { method: string; path: string }) => void;
}

/** The endpoint's answer: `result` on success, ServiceNow's `error` otherwise. */
export interface ServiceNowReply {
  result?: { sys_id: string; number: string; created: boolean } & Record<string, unknown>;
  error?: { message: string; detail: string | null };
}

export interface SandboxAction {
  id: string;
  action: DataAction;
}

export interface Sandbox {
  servicenow: ServiceNowEmulator;
  /** Base URL of the Data Action runtime (Genesys-like /api/v2/integrations/actions/…). */
  runtimeUrl: string;
  artifacts: GenesysArtifacts;
  actions: { createIncident: SandboxAction; getIncident: SandboxAction };
  /**
   * POSTs a JSON text to the ServiceNow endpoint as the sandbox integration user, the way an
   * event-bus integration would (any shape: flat, conversation object, event).
   */
  postToServiceNow(body: string): Promise<{ status: number; json: ServiceNowReply | undefined }>;
  /** Runs an action in process (what the runtime's /execute does). */
  execute(
    action: SandboxAction,
    input: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<ExecutionResult>;
  close(): Promise<void>;
}

const MAX_INPUT_BYTES = 1024 * 1024;

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_INPUT_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_INPUT_BYTES)
        return reject(new Error(`body larger than ${MAX_INPUT_BYTES} bytes`));
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() === '' ? {} : JSON.parse(text));
      } catch {
        reject(new Error('body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body, null, 2));
}

/** A Genesys-shaped error for requests to the runtime itself. */
function apiError(status: number, code: string, message: string) {
  return { message, code, status, messageParams: {}, details: [], errors: [] };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = options.port ?? 0;
  const servicenow = await startServiceNowEmulator({
    port: port === 0 ? 0 : port + 1,
    onLog: options.onServiceNowLog,
  });
  const artifacts = buildGenesysArtifacts({
    instanceUrl: servicenow.url,
    integrationId: 'sandbox-integration',
  });
  const create = artifacts.actions.createIncident as DataAction;
  const get = artifacts.actions.getIncident as DataAction;
  const actions = {
    createIncident: { id: slug(create.name ?? 'create'), action: create },
    getIncident: { id: slug(get.name ?? 'get'), action: get },
  };
  const byId = new Map([actions.createIncident, actions.getIncident].map((a) => [a.id, a]));
  const credentials = {
    type: 'basic' as const,
    username: SANDBOX_INTEGRATION.userName,
    password: SANDBOX_INTEGRATION.password,
  };
  const execute = (entry: SandboxAction, input: Record<string, unknown>, timeoutMs?: number) =>
    executeAction(entry.action, input, {
      credentials,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/api/v2/integrations/actions') {
      const entities = [...byId.values()].map(({ id, action }) => ({
        id,
        name: action.name,
        category: action.category,
        secure: action.secure,
      }));
      return send(res, 200, {
        entities,
        pageSize: entities.length,
        pageNumber: 1,
        total: entities.length,
        pageCount: 1,
      });
    }
    const match = /^\/api\/v2\/integrations\/actions\/([^/]+)\/(execute|test)$/.exec(url.pathname);
    if (!match || method !== 'POST')
      return send(res, 404, apiError(404, 'not.found', `no route ${method} ${url.pathname}`));
    const entry = byId.get(decodeURIComponent(match[1] as string));
    if (!entry)
      return send(
        res,
        404,
        apiError(404, 'not.found', `no action ${match[1]}; see GET /api/v2/integrations/actions`),
      );
    readJson(req)
      .then(async (input) => {
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
          return send(res, 400, apiError(400, 'bad.request', 'the input must be a JSON object'));
        }
        const result = await execute(entry, input as Record<string, unknown>);
        if (match[2] === 'test') return send(res, 200, { success: result.ok, ...result });
        return result.ok ? send(res, 200, result.output) : send(res, result.status, result.error);
      })
      .catch((error: unknown) =>
        send(
          res,
          400,
          apiError(400, 'bad.request', error instanceof Error ? error.message : String(error)),
        ),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  }).catch(async (error: unknown) => {
    await servicenow.close(); // a busy runtime port leaves nothing listening
    throw error;
  });
  const runtimeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const postToServiceNow = async (body: string) => {
    const response = await fetch(servicenow.url + API_BASE_PATH + '/incidents', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization:
          'Basic ' +
          Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
      },
      body,
    });
    return {
      status: response.status,
      json: (await response.json().catch(() => undefined)) as ServiceNowReply | undefined,
    };
  };
  return {
    servicenow,
    runtimeUrl,
    artifacts,
    actions,
    postToServiceNow,
    execute,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await servicenow.close();
    },
  };
}
