/**
 * A local ServiceNow instance for tests and the sandbox: it serves the *built* app's Scripted
 * REST operations over real HTTP on 127.0.0.1, with the platform behaviour around them —
 * Basic auth, the REST endpoint ACLs with the app's own roles, the snc_internal gate,
 * ServiceNow-shaped error bodies, `{"result": …}` wrapping — and fault injection (latency,
 * 503, a lost insert race, rate limiting with Retry-After). It counts database reads and
 * writes per request and captures every line the scripts log.
 */
import type { EmulatorUser } from './users.ts';
export type { EmulatorUser } from './users.ts';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadBuiltApp, type BuiltApp } from '../../servicenow/built-app.ts';
import { EmulatorDatabase, type Row } from './database.ts';
import {
  createGlide,
  snWsErr,
  type LogLine,
  type RequestStats,
  type ServiceError,
} from './glide.ts';
import {
  createModuleSystem,
  type ModuleSystem,
  type ModuleSystemOptions,
} from './module-loader.ts';
import { createPlatformApi, type OAuthClient, type PlatformFaults } from './platform-api.ts';
import { addAppColumns, PLATFORM_TABLES } from './platform-tables.ts';
import { routesOf, type Route } from './routes.ts';
import { readRecords } from './record-reads.ts';
import { aclAllows, authenticate, basicCredentials, roleClosure } from './security.ts';
import { builtAppDir } from '../../lib/paths.ts';
import { errorBody, NOT_AUTHENTICATED, NOT_AUTHORIZED } from './platform-errors.ts';

/** Documented sandbox accounts (local emulator only; never valid anywhere else). */
export const SANDBOX_USERS: readonly EmulatorUser[] = [
  {
    userName: 'genesys.integration',
    password: 'sandbox-only-integration',
    roles: ['x_ibr_incbridge.integration'],
  },
  {
    userName: 'service.desk.agent',
    password: 'sandbox-only-agent',
    roles: ['itil', 'snc_internal'],
  },
  {
    userName: 'pii.reader',
    password: 'sandbox-only-pii',
    roles: ['x_ibr_incbridge.pii_reader', 'snc_internal'],
  },
  { userName: 'admin', password: 'sandbox-only-admin', roles: ['admin', 'snc_internal'] },
];

/** People in sys_user, for the caller lookup by phone (fictitious, reserved numbers). */
export const SANDBOX_PEOPLE: readonly Row[] = [
  {
    user_name: 'dana.smith',
    first_name: 'Dana',
    last_name: 'Smith',
    phone: '+14155550134',
    mobile_phone: null,
    active: '1',
  },
  {
    user_name: 'jan.devries',
    first_name: 'Jan',
    last_name: 'de Vries',
    phone: null,
    mobile_phone: '+31612345678',
    active: '1',
  },
  {
    user_name: 'former.employee',
    first_name: 'Former',
    last_name: 'Employee',
    phone: '+14155550199',
    mobile_phone: null,
    active: '0',
  },
];

/** OAuth client of the sandbox (client credentials, acts as admin; local only). */
export const SANDBOX_OAUTH_CLIENTS: readonly OAuthClient[] = [
  { clientId: 'incident-bridge-ci', clientSecret: 'sandbox-only-oauth-secret', userName: 'admin' },
];

export interface Faults {
  /** Delay every response by this many ms; the script still runs at once (it commits, then answers late). */
  latencyMs?: number;
  /** The next N responses (after their scripts ran) are delayed by `ms`: a slow node, one request at a time. */
  slowNext?: { count: number; ms: number };
  /** Answer the next N requests with 503 and an HTML page, as a load balancer in front of a down node does. */
  unavailable?: number;
  /** The next N incident inserts lose a race: a concurrent transaction commits the same customCallId first. */
  loseInsertRace?: number;
  /** Answer the next `count` authenticated requests with 429 and this Retry-After. */
  rateLimited?: { count: number; retryAfterSeconds: number };
}

export interface RequestRecord extends RequestStats {
  method: string;
  path: string;
  status: number;
  user: string | undefined;
}

export interface EmulatorOptions extends ModuleSystemOptions {
  /** Built app directory (default servicenow/dist/app). */
  appDir?: string;
  /**
   * Start with the built app installed (default). With false the instance starts empty and an
   * app arrives the way it does on a real instance: `now-sdk install` uploads its package.
   */
  preinstalled?: boolean;
  /** OAuth clients for /oauth_token.do (client credentials). */
  oauthClients?: readonly OAuthClient[];
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  users?: readonly EmulatorUser[];
  people?: readonly Row[];
  /** Property values that override the app's sys_properties. */
  properties?: Record<string, string>;
  /** Platform cap on request bodies (default 10 MiB); larger bodies get 413 before any script runs. */
  maxRequestBytes?: number;
  /** Receives each script log line as it happens (the `serve` command prints them). */
  onLog?: (line: LogLine, request: { method: string; path: string }) => void;
  /** Requests kept in `requests` (default 1000). */
  historyLimit?: number;
}

export interface ServiceNowEmulator {
  url: string;
  port: number;
  /** The installed app; throws when the instance has none yet. */
  readonly app: BuiltApp;
  /** The installed app, if any. */
  installedApp(): BuiltApp | undefined;
  db: EmulatorDatabase;
  faults: Faults;
  /** Install-time faults and counters of the platform APIs (uploads, installs). */
  platform: { faults: PlatformFaults; counters: { installs: number; uploads: number } };
  /** Property overrides, changeable at run time like sys_properties. */
  properties: Record<string, string>;
  /** Most recent requests, oldest first. */
  requests: RequestRecord[];
  close(): Promise<void>;
}

interface Installation {
  app: BuiltApp;
  modules: ModuleSystem;
  routes: Route[];
  properties: Map<string, string>;
  roles: Set<string>;
}

// ------------------------------------------------------------------ the server

function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      request.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export async function startServiceNowEmulator(
  options: EmulatorOptions = {},
): Promise<ServiceNowEmulator> {
  const db = await EmulatorDatabase.create(PLATFORM_TABLES);
  const users = options.users ?? SANDBOX_USERS;
  let installation: Installation | undefined;

  function install(app: BuiltApp): void {
    const roles = new Set(app.of('sys_user_role').map((r) => r.fields.name ?? ''));
    for (const user of users) {
      for (const role of user.roles) {
        if (role.startsWith(`${app.scope}.`) && !roles.has(role)) {
          throw new Error(`emulator user ${user.userName}: the app has no role ${role}`);
        }
      }
    }
    addAppColumns(db, app);
    installation = {
      app,
      modules: createModuleSystem(app, options),
      routes: routesOf(app),
      properties: new Map(
        app.of('sys_properties').map((p) => [p.fields.name ?? '', p.fields.value ?? '']),
      ),
      roles,
    };
  }
  if (options.preinstalled !== false) install(loadBuiltApp(options.appDir ?? builtAppDir));

  const platformFaults: PlatformFaults = {};
  const platformCounters = { installs: 0, uploads: 0 };
  const platform = createPlatformApi({
    installed: () => installation?.app,
    install,
    users,
    oauthClients: options.oauthClients ?? SANDBOX_OAUTH_CLIENTS,
    faults: platformFaults,
    counters: platformCounters,
    readRecords: (table, caller) => readRecords(installation?.app, db, table, caller.roles),
  });
  const properties: Record<string, string> = { ...options.properties };
  const faults: Faults = {};
  const requests: RequestRecord[] = [];
  const historyLimit = options.historyLimit ?? 1000;
  const maxRequestBytes = options.maxRequestBytes ?? 10 * 1024 * 1024;
  let numberSequence = 10000;
  let baseUrl = '';

  for (const person of options.people ?? SANDBOX_PEOPLE) {
    db.insert('sys_user', { ...person, sys_id: randomUUID().replace(/-/g, '') });
  }
  const newNumber = () => `INC${String(++numberSequence).padStart(7, '0')}`;

  const logLine = (record: RequestRecord, line: LogLine) => {
    record.logs.push(line);
    options.onLog?.(line, { method: record.method, path: record.path });
  };

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
  ): Promise<void> {
    const send = async (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      let delay = faults.latencyMs ?? 0;
      if (faults.slowNext && faults.slowNext.count > 0) {
        faults.slowNext.count--;
        delay += faults.slowNext.ms;
      }
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed) return;
      const isHtml = typeof body === 'string';
      const payload = isHtml ? body : JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': isHtml ? 'text/html; charset=UTF-8' : 'application/json;charset=UTF-8',
        'X-Emulator-Db-Reads': String(record.dbReads),
        'X-Emulator-Db-Writes': String(record.dbWrites),
        ...headers,
      });
      res.end(payload);
    };

    if (faults.unavailable && faults.unavailable > 0) {
      faults.unavailable--;
      await send(
        503,
        '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>',
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const platformReply = await platform(req, url, async () => {
      const body = await readBody(req, maxRequestBytes);
      return body === 'too-large' ? Buffer.alloc(0) : body;
    });
    if (platformReply) {
      await send(platformReply.status, platformReply.body, platformReply.headers);
      return;
    }
    let path: string;
    try {
      path = decodeURI(url.pathname);
    } catch {
      await send(400, errorBody('Invalid URI', 'the request path is not valid percent-encoding'));
      return;
    }
    if (!installation) {
      await send(400, errorBody('Requested URI does not represent any resource', null));
      return;
    }
    const { app, modules, routes } = installation;
    const appProperties = installation.properties;
    const matching = routes
      .map((route) => ({
        route,
        match: route.patterns.map((p) => p.exec(url.pathname)).find(Boolean),
      }))
      .filter((m) => m.match);
    if (matching.length === 0) {
      await send(400, errorBody('Requested URI does not represent any resource', null));
      return;
    }
    const found = matching.find((m) => m.route.method === (req.method ?? 'GET').toUpperCase());
    if (!found || !found.match) {
      await send(
        405,
        errorBody('Method not Supported', `${req.method} is not supported by ${path}`),
      );
      return;
    }
    const { route, match } = found;

    // authentication (401) before anything about the caller's rights
    const credentials = basicCredentials(req.headers.authorization);
    const user = credentials
      ? authenticate(users, credentials.user, credentials.password)
      : undefined;
    if (route.requiresAuthentication && !user) {
      await send(NOT_AUTHENTICATED.status, NOT_AUTHENTICATED.body, {
        'WWW-Authenticate': 'BASIC realm="Service-now"',
      });
      return;
    }
    record.user = user?.userName;
    if (faults.rateLimited && faults.rateLimited.count > 0) {
      faults.rateLimited.count--;
      const seconds = faults.rateLimited.retryAfterSeconds;
      await send(
        429,
        errorBody('Rate limit exceeded', `Too many requests; retry after ${seconds} seconds`),
        {
          'Retry-After': String(seconds),
        },
      );
      return;
    }
    const roles = roleClosure(app, user?.roles ?? []);
    if (route.requiresSncInternal && !roles.has('snc_internal') && !roles.has('admin')) {
      await send(NOT_AUTHORIZED.status, NOT_AUTHORIZED.body);
      return;
    }
    if (route.requiresAclAuthorization && !aclAllows(app, route.aclIds, roles)) {
      await send(NOT_AUTHORIZED.status, NOT_AUTHORIZED.body);
      return;
    }

    const body = await readBody(req, maxRequestBytes);
    if (body === 'too-large') {
      await send(
        413,
        errorBody('Request Entity Too Large', `request body exceeds ${maxRequestBytes} bytes`),
      );
      return;
    }
    const dataString = body.toString('utf8');
    const pathParams: Record<string, string> = {};
    try {
      route.parameterNames.forEach(
        (name, i) => (pathParams[name] = decodeURIComponent(match[i + 1] ?? '')),
      );
    } catch {
      await send(400, errorBody('Invalid URI', 'a path parameter is not valid percent-encoding'));
      return;
    }
    const queryParams: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (queryParams[key] ??= []).push(value);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers))
      headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : (value ?? '');

    const request = {
      body: {
        dataString,
        get data(): unknown {
          return JSON.parse(dataString);
        },
      },
      pathParams,
      queryParams,
      headers,
      getHeader: (name: string) => headers[name.toLowerCase()],
      queryString: url.search.slice(1),
      uri: url.pathname,
      url: baseUrl + url.pathname + url.search,
    };
    const outcome: {
      status?: number;
      body?: unknown;
      error?: ServiceError;
      headers: Record<string, string>;
    } = { headers: {} };
    const response = {
      setStatus: (status: number) => (outcome.status = status),
      setBody: (value: unknown) => (outcome.body = JSON.parse(JSON.stringify(value ?? null))),
      setHeader: (name: string, value: string) => (outcome.headers[name] = String(value)),
      setHeaders: (values: Record<string, string>) => Object.assign(outcome.headers, values),
      setContentType: (type: string) => (outcome.headers['Content-Type'] = type),
      setLocation: (location: string) => (outcome.headers.Location = location),
      setError: (error: ServiceError) => (outcome.error = error),
    };
    const glide = createGlide({
      db,
      property: (name) =>
        name === 'glide.servlet.uri'
          ? baseUrl + '/'
          : (properties[name] ?? appProperties.get(name)),
      stats: record,
      log: (line) => logLine(record, line),
      userName: user?.userName ?? 'guest',
      beforeInsert: (table, values) => {
        if (table !== 'incident' || !faults.loseInsertRace || faults.loseInsertRace <= 0) return;
        faults.loseInsertRace--;
        // a concurrent transaction for the same conversation commits first
        db.insert('incident', {
          ...values,
          sys_id: randomUUID().replace(/-/g, ''),
          number: newNumber(),
        });
      },
      nextNumber: newNumber,
      now: () => new Date(),
    });
    const builtins = {
      '@servicenow/glide': { gs: glide.gs, GlideRecord: glide.GlideRecord },
      '@servicenow/glide/sn_ws_err': snWsErr,
      '@servicenow/glide/sn_ws': snWsErr,
    };
    try {
      modules.runOperationScript(route.sysId, route.script, request, response, builtins);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logLine(record, {
        level: 'error',
        message: `Script error in ${route.name}: ${message.slice(0, 300)}`,
      });
      await send(
        500,
        errorBody('Script Evaluation Exception', `an error occurred in operation "${route.name}"`),
      );
      return;
    }
    if (outcome.error) {
      const error = outcome.error;
      await send(
        error.status || 500,
        errorBody(error.message, error.detail || null),
        outcome.headers,
      );
      return;
    }
    const status = outcome.status ?? 200;
    if (outcome.body === undefined) {
      await send(status, '', outcome.headers);
      return;
    }
    await send(status, { result: outcome.body }, outcome.headers);
  }

  const server: Server = createServer((req, res) => {
    const record: RequestRecord = {
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      status: 0,
      user: undefined,
      dbReads: 0,
      dbWrites: 0,
      logs: [],
    };
    requests.push(record);
    if (requests.length > historyLimit) requests.splice(0, requests.length - historyLimit);
    handle(req, res, record).catch((error: unknown) => {
      record.status = 500;
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify(
          errorBody(
            'Internal emulator error',
            error instanceof Error ? error.message : String(error),
          ),
        ),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    port,
    get app(): BuiltApp {
      if (!installation) throw new Error('no app is installed on the emulator');
      return installation.app;
    },
    installedApp: () => installation?.app,
    platform: { faults: platformFaults, counters: platformCounters },
    db,
    faults,
    properties,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
