/**
 * A tiny stand-in for the REMOTE ServiceNow incident endpoint, for Data Action runtime tests: it
 * records the raw bytes of every request and answers like the real endpoint (201 created / 200
 * replay deduplicated on customCallId, GET by id, ServiceNow error shapes, Basic auth). Tests can
 * replace any answer or slow it down. Listens on 127.0.0.1 only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const API_BASE_PATH = '/api/x_ibr_incbridge/v1/incident_bridge';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as received. */
  raw: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless a string (sent as is). */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface FakeEndpointOptions {
  /** When set, requests must carry these Basic credentials (else 401). */
  credentials?: { username: string; password: string };
  /** Answer a request yourself; return undefined to let the default behaviour answer. */
  override?: (request: ReceivedRequest) => Reply | undefined;
}

const snError = (status: number, message: string, detail = '') => ({
  status,
  body: { error: { message, detail }, status: 'failure' },
});

function incidentResult(customCallId: string, index: number, created: boolean) {
  const sysId = (index + 1).toString(16).padStart(32, 'a');
  return {
    sys_id: sysId,
    number: `INC${String(10000 + index + 1).padStart(7, '0')}`,
    created,
    custom_call_id: customCallId,
    url: `https://instance.example/nav_to.do?uri=incident.do%3Fsys_id%3D${sysId}`,
    warnings: [],
  };
}

export async function startFakeIncidentEndpoint(options: FakeEndpointOptions = {}) {
  const received: ReceivedRequest[] = [];
  const incidents = new Map<string, number>();

  function defaultReply(request: ReceivedRequest): Reply {
    if (options.credentials) {
      const expected =
        'Basic ' +
        Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString(
          'base64',
        );
      if (request.headers.authorization !== expected)
        return snError(401, 'User Not Authenticated', 'Required to provide Auth information');
    }
    const collection = `${API_BASE_PATH}/incidents`;
    if (request.method === 'POST' && request.path === collection) {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(request.raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        return snError(400, 'Request body is not valid JSON');
      }
      const id = body.customCallId;
      if (typeof id !== 'string' || id === '')
        return snError(400, 'Invalid request', '/customCallId: is required');
      if (body.dryRun === true)
        return { status: 200, body: { result: { dry_run: true, created: false } } };
      const existing = incidents.get(id);
      if (existing !== undefined)
        return { status: 200, body: { result: incidentResult(id, existing, false) } };
      incidents.set(id, incidents.size);
      return { status: 201, body: { result: incidentResult(id, incidents.size - 1, true) } };
    }
    if (request.method === 'GET' && request.path.startsWith(collection + '/')) {
      const id = decodeURIComponent(request.path.slice(collection.length + 1).replace(/\+/g, ' '));
      const index = incidents.get(id);
      return index === undefined
        ? snError(404, 'No incident for this customCallId')
        : { status: 200, body: { result: incidentResult(id, index, false) } };
    }
    return snError(404, 'Requested URI does not represent any resource');
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
        headers: req.headers,
        raw: Buffer.concat(chunks),
      };
      received.push(request);
      const reply = options.override?.(request) ?? defaultReply(request);
      const payload =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, {
          ...(typeof reply.body === 'string' || reply.body === undefined
            ? {}
            : { 'content-type': 'application/json' }),
          ...reply.headers,
        });
        res.end(payload);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    instanceUrl: `http://127.0.0.1:${port}`,
    received,
    /** The last request's body parsed as JSON (throws if it is not JSON: that is a test failure). */
    lastBody: () => JSON.parse(received.at(-1)!.raw.toString('utf8')) as Record<string, unknown>,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeIncidentEndpoint = Awaited<ReturnType<typeof startFakeIncidentEndpoint>>;
