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
import type { HTTPMethod } from 'find-my-way';
import { loadBuiltApp, type BuiltApp } from '../../servicenow/built-app.ts';
import { EmulatorDatabase, type Row } from './database.ts';
import {
  createGlide,
  snWsErr,
  type GlideRecordLike,
  type LogLine,
  type RequestStats,
  type ServiceError,
} from './glide.ts';
import {
  createModuleSystem,
  type Builtins,
  type ModuleSystem,
  type ModuleSystemOptions,
} from './module-loader.ts';
import {
  createPlatformApi,
  type OAuthClient,
  type PlatformFaults,
  type PlatformReply,
} from './platform-api.ts';
import { addAppColumns, PLATFORM_TABLES } from './platform-tables.ts';
import { routesOf, type Route } from './routes.ts';
import { readRecords } from './record-reads.ts';
import { aclAllows, authenticate, roleClosure } from './security.ts';
import { createTableApi, DEFAULT_TABLE_ACCESS, type TableAccess } from './table-api.ts';
import { builtAppDir } from '../../lib/paths.ts';
import { readBody } from '../../lib/http/body.ts';
import { parseBasicAuth } from '../../lib/http/basic-auth.ts';
import { createRouter, type RouteContext, type Router } from '../../lib/http/router.ts';
import { errorBody, NOT_AUTHENTICATED, NOT_AUTHORIZED } from './platform-errors.ts';

/** Documented sandbox accounts (local emulator only; never valid anywhere else). */
export const SANDBOX_USERS: readonly EmulatorUser[] = [
  {
    userName: 'genesys.integration',
    password: 'sandbox-only-integration',
    roles: ['x_ibr_incbridge.integration'],
    webServiceAccessOnly: true,
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
  /**
   * Whether installing the app's sys_dictionary record with unique=true builds the database
   * index (default true). False: an instance where it did not; deploy and doctor must notice.
   */
  buildUniqueIndexes?: boolean;
  /**
   * Runtime access of the app's scope (default 'enforcing', a hardened instance): scripts may
   * read/create/write a global table only with an allowed sys_scope_privilege. 'tracking' allows
   * them anyway. The table's own application-access settings apply in both modes.
   */
  runtimeAccess?: 'enforcing' | 'tracking';
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
  /** The instance's accounts (sys_user logins with their roles); Table API writes change them. */
  users: EmulatorUser[];
  /** Application-access settings (sys_db_object) of incident and sys_user, changeable. */
  tableAccess: Record<string, TableAccess>;
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
  /** Platform routes and the app's Scripted REST operations, rebuilt on every install. */
  router: Router;
}

const METHODS: HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const OPERATION_VERB: Record<string, string> = { read: 'Read', create: 'Create', write: 'Write' };

/** `/api/x/v1/a/{id}` → `/api/x/v1/a/:id` (find-my-way's parameter syntax). */
const routePath = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1');

export async function startServiceNowEmulator(
  options: EmulatorOptions = {},
): Promise<ServiceNowEmulator> {
  const db = await EmulatorDatabase.create(PLATFORM_TABLES);
  // the instance's accounts: deploy creates and changes them through the Table API
  const users: EmulatorUser[] = (options.users ?? SANDBOX_USERS).map((user) => ({
    ...user,
    roles: [...user.roles],
  }));
  const properties: Record<string, string> = { ...options.properties };
  const tableAccess: Record<string, TableAccess> = structuredClone(DEFAULT_TABLE_ACCESS);
  const deletedPrivileges = new Set<string>();
  const history: Array<Record<string, string>> = [];
  const faults: Faults = {};
  const requests: RequestRecord[] = [];
  const historyLimit = options.historyLimit ?? 1000;
  const maxRequestBytes = options.maxRequestBytes ?? 10 * 1024 * 1024;
  const replies = new WeakMap<IncomingMessage, PlatformReply>();
  const records = new WeakMap<IncomingMessage, RequestRecord>();
  let installation: Installation | undefined;
  let numberSequence = 10000;
  let baseUrl = '';
  const newNumber = () => `INC${String(++numberSequence).padStart(7, '0')}`;

  const logLine = (record: RequestRecord, line: LogLine) => {
    record.logs.push(line);
    options.onLog?.(line, { method: record.method, path: record.path });
  };

  /**
   * Why the app's scripts may not do `operation` on a global `table`, or undefined when they
   * may: an allowed privilege (under enforcing runtime access) and the table's own settings.
   * ASSUMED(cross-scope-enforcement): the message wording.
   */
  function crossScopeRefusal(
    app: BuiltApp,
    table: string,
    operation: 'read' | 'create' | 'write',
  ): string | undefined {
    const verb = OPERATION_VERB[operation];
    const access = tableAccess[table];
    const allowedByTable =
      !access ||
      (access.access === 'public' &&
        (operation === 'read'
          ? access.read_access
          : operation === 'create'
            ? access.create_access
            : access.update_access));
    if (!allowedByTable)
      return `Security restricted: ${verb} operation against '${table}' from scope '${app.scope}' has been refused due to the table's cross-scope access policy`;
    if (options.runtimeAccess === 'tracking' || !access) return undefined;
    const privileged = app
      .of('sys_scope_privilege')
      .some(
        (p) =>
          !deletedPrivileges.has(p.fields.sys_id ?? '') &&
          p.fields.target_name === table &&
          p.fields.operation === operation &&
          p.fields.status === 'allowed',
      );
    return privileged
      ? undefined
      : `Security restricted: ${verb} operation against '${table}' from scope '${app.scope}' was denied: no cross-scope privilege (runtime access is enforcing)`;
  }

  /** Glide for one request: `scriptScope` app = cross-scope rules apply to what scripts do. */
  function glideFor(record: RequestRecord, userName: string, scriptScope: 'app' | 'global') {
    const app = installation?.app;
    let builtins: Builtins = {};
    const glide = createGlide({
      db,
      property: (name) =>
        name === 'glide.servlet.uri'
          ? baseUrl + '/'
          : (properties[name] ?? installation?.properties.get(name)),
      stats: record,
      log: (line) => logLine(record, line),
      userName,
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
      beforeWrite: (table, operation, current, previous) =>
        runBeforeRules(table, operation, current, previous, builtins),
      refuse: (table, operation) =>
        scriptScope === 'app' && app ? crossScopeRefusal(app, table, operation) : undefined,
    });
    builtins = {
      '@servicenow/glide': { gs: glide.gs, GlideRecord: glide.GlideRecord },
      '@servicenow/glide/sn_ws_err': snWsErr,
      '@servicenow/glide/sn_ws': snWsErr,
    };
    return { glide, builtins };
  }

  /** The installed app's active before business rules of `table` for `operation`, in order. */
  function runBeforeRules(
    table: string,
    operation: 'insert' | 'update',
    current: GlideRecordLike,
    previous: GlideRecordLike | null,
    builtins: Builtins,
  ): void {
    if (!installation) return;
    const rules = installation.app
      .of('sys_script')
      .filter(
        (rule) =>
          rule.fields.collection === table &&
          rule.fields.active === 'true' &&
          rule.fields.when === 'before' &&
          rule.fields[`action_${operation}`] === 'true',
      )
      .sort((a, b) => Number(a.fields.order ?? 100) - Number(b.fields.order ?? 100));
    for (const rule of rules) {
      installation.modules.runBusinessRule(
        rule.fields.sys_id ?? '',
        rule.fields.script ?? '',
        current,
        previous,
        builtins,
      );
    }
  }

  /** A Table API write of a script-visible table, through Glide so business rules run. */
  function writeRecord(
    table: string,
    sysId: string | undefined,
    values: Record<string, string>,
    caller: EmulatorUser,
    record: RequestRecord,
  ): { row: Row } | { error: string } | 'not-found' {
    const { glide } = glideFor(record, caller.userName, 'global');
    const target = new glide.GlideRecord(table);
    if (sysId === undefined) target.initialize();
    else if (!target.get(sysId)) return 'not-found';
    for (const [field, value] of Object.entries(values)) {
      if (field !== 'sys_id') target.setValue(field, value);
    }
    const written = sysId === undefined ? target.insert() : target.update();
    if (!written)
      return {
        error:
          target.getLastErrorMessage() || `Error during ${sysId ? 'update' : 'insert'} of ${table}`,
      };
    // the answer shows what the caller may read (the hidden address only to PII readers)
    const readable = readRecords(
      installation?.app,
      db,
      table,
      caller.roles,
      new URLSearchParams({ sys_id: written }),
    );
    if (Array.isArray(readable)) return readable[0] ? { row: readable[0] } : 'not-found';
    if (readable === 'forbidden') return { row: { sys_id: written } };
    const row = db.select(table, [[{ column: 'sys_id', operator: '=', value: written }]], 1)[0];
    return row ? { row } : 'not-found';
  }

  const tableApi = createTableApi({
    installed: () => installation?.app,
    users,
    properties,
    db,
    tableAccess,
    deletedPrivileges,
    history,
    writeRecord: (table, sysId, values, caller) =>
      writeRecord(table, sysId, values, caller, currentRecord ?? blankRecord()),
  });
  // the request being handled by a Table API write (writes are synchronous within one request)
  let currentRecord: RequestRecord | undefined;

  const platformFaults: PlatformFaults = {};
  const platformCounters = { installs: 0, uploads: 0 };
  const platformRoutes = createPlatformApi({
    installed: () => installation?.app,
    install,
    users,
    oauthClients: options.oauthClients ?? SANDBOX_OAUTH_CLIENTS,
    faults: platformFaults,
    counters: platformCounters,
    readRecords: (table, caller, query) =>
      readRecords(installation?.app, db, table, caller.roles, query),
    tableApi,
    history,
  });

  function buildRouter(routes: Route[]): Router {
    const router = createRouter();
    for (const route of platformRoutes) {
      router.on(route.method, route.path, async (req, _res, context) => {
        const record = records.get(req);
        currentRecord = record;
        try {
          const reply = await route.handle(req, context, async () => {
            const body = await readBody(req, maxRequestBytes);
            return body === 'too-large' ? Buffer.alloc(0) : body;
          });
          replies.set(req, reply);
        } finally {
          currentRecord = undefined;
        }
      });
    }
    // one entry per URI template, for every method: a template without an operation for the
    // request's method answers 405, as the platform does
    const templates = new Map<string, Route[]>();
    for (const route of routes) {
      for (const template of route.templates) {
        templates.set(template, [...(templates.get(template) ?? []), route]);
      }
    }
    for (const [template, candidates] of templates) {
      router.on(METHODS, routePath(template), async (req, _res, context) => {
        const record = records.get(req) ?? blankRecord();
        const method = (req.method ?? 'GET').toUpperCase();
        const route = candidates.find((candidate) => candidate.method === method);
        replies.set(
          req,
          route
            ? await runOperation(req, context, route, record)
            : {
                status: 405,
                body: errorBody(
                  'Method not Supported',
                  `${req.method} is not supported by ${context.path}`,
                ),
              },
        );
      });
    }
    return router;
  }

  let router = buildRouter([]);

  function install(app: BuiltApp): void {
    const roles = new Set(app.of('sys_user_role').map((r) => r.fields.name ?? ''));
    for (const user of users) {
      for (const role of user.roles) {
        if (role.startsWith(`${app.scope}.`) && !roles.has(role)) {
          throw new Error(`emulator user ${user.userName}: the app has no role ${role}`);
        }
      }
    }
    addAppColumns(db, app, options.buildUniqueIndexes !== false);
    const routes = routesOf(app);
    installation = {
      app,
      modules: createModuleSystem(app, options),
      routes,
      properties: new Map(
        app.of('sys_properties').map((p) => [p.fields.name ?? '', p.fields.value ?? '']),
      ),
      roles,
      router: buildRouter(routes),
    };
    router = installation.router;
  }
  if (options.preinstalled !== false) install(loadBuiltApp(options.appDir ?? builtAppDir));

  for (const person of options.people ?? SANDBOX_PEOPLE) {
    db.insert('sys_user', { ...person, sys_id: randomUUID().replace(/-/g, '') });
  }

  /** A Scripted REST operation: platform auth, rate limit, roles and ACLs, then the script. */
  async function runOperation(
    req: IncomingMessage,
    context: RouteContext,
    route: Route,
    record: RequestRecord,
  ): Promise<PlatformReply> {
    const { app, modules } = installation as Installation;
    // authentication (401) before anything about the caller's rights
    const credentials = parseBasicAuth(req.headers.authorization);
    const user = credentials
      ? authenticate(users, credentials.user, credentials.password)
      : undefined;
    if (route.requiresAuthentication && !user) {
      return { ...NOT_AUTHENTICATED, headers: { 'WWW-Authenticate': 'BASIC realm="Service-now"' } };
    }
    record.user = user?.userName;
    if (faults.rateLimited && faults.rateLimited.count > 0) {
      faults.rateLimited.count--;
      const seconds = faults.rateLimited.retryAfterSeconds;
      return {
        status: 429,
        body: errorBody('Rate limit exceeded', `Too many requests; retry after ${seconds} seconds`),
        headers: { 'Retry-After': String(seconds) },
      };
    }
    const roles = roleClosure(app, user?.roles ?? []);
    if (route.requiresSncInternal && !roles.has('snc_internal') && !roles.has('admin')) {
      return NOT_AUTHORIZED;
    }
    if (route.requiresAclAuthorization && !aclAllows(app, route.aclIds, roles)) {
      return NOT_AUTHORIZED;
    }

    const body = await readBody(req, maxRequestBytes);
    if (body === 'too-large') {
      return {
        status: 413,
        body: errorBody(
          'Request Entity Too Large',
          `request body exceeds ${maxRequestBytes} bytes`,
        ),
      };
    }
    const dataString = body.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
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
      pathParams: { ...context.params },
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
    const { builtins } = glideFor(record, user?.userName ?? 'guest', 'app');
    try {
      modules.runOperationScript(route.sysId, route.script, request, response, builtins);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logLine(record, {
        level: 'error',
        message: `Script error in ${route.name}: ${message.slice(0, 300)}`,
      });
      return {
        status: 500,
        body: errorBody(
          'Script Evaluation Exception',
          `an error occurred in operation "${route.name}"`,
        ),
      };
    }
    if (outcome.error) {
      const error = outcome.error;
      return {
        status: error.status || 500,
        body: errorBody(error.message, error.detail || null),
        headers: outcome.headers,
      };
    }
    const status = outcome.status ?? 200;
    if (outcome.body === undefined) return { status, body: '', headers: outcome.headers };
    return { status, body: { result: outcome.body }, headers: outcome.headers };
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
  ): Promise<void> {
    const send = async (reply: PlatformReply) => {
      record.status = reply.status;
      let delay = faults.latencyMs ?? 0;
      if (faults.slowNext && faults.slowNext.count > 0) {
        faults.slowNext.count--;
        delay += faults.slowNext.ms;
      }
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed) return;
      const isHtml = typeof reply.body === 'string';
      const payload = isHtml ? (reply.body as string) : JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'Content-Type': isHtml ? 'text/html; charset=UTF-8' : 'application/json;charset=UTF-8',
        'X-Emulator-Db-Reads': String(record.dbReads),
        'X-Emulator-Db-Writes': String(record.dbWrites),
        ...reply.headers,
      });
      res.end(payload);
    };

    if (faults.unavailable && faults.unavailable > 0) {
      faults.unavailable--;
      await send({
        status: 503,
        body: '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>',
      });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      for (const segment of url.pathname.split('/')) decodeURIComponent(segment);
    } catch {
      await send({
        status: 400,
        body: errorBody('Invalid URI', 'the request path is not valid percent-encoding'),
      });
      return;
    }
    records.set(req, record);
    const matched = await router.handle(req, res);
    const reply = matched ? replies.get(req) : undefined;
    await send(
      reply ?? {
        status: 400,
        body: errorBody('Requested URI does not represent any resource', null),
      },
    );
  }

  const server: Server = createServer((req, res) => {
    const record = blankRecord(req);
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
    users,
    tableAccess,
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

function blankRecord(req?: IncomingMessage): RequestRecord {
  return {
    method: req?.method ?? '',
    path: (req?.url ?? '').split('?')[0] ?? '',
    status: 0,
    user: undefined,
    dbReads: 0,
    dbWrites: 0,
    logs: [],
  };
}
