/**
 * The slice of the platform that installing, configuring and verifying an app talks to, so
 * `now-sdk install`, deploy:servicenow and doctor run against the emulator exactly as against
 * an instance, declared as a route table (scripts/lib/http/router.ts):
 * - UI session login as the SDK does it in CI (`/angular.do`: form login → session cookie,
 *   then the user token from a 401 on `get_user`), and OAuth client credentials (`/oauth_token.do`);
 * - the Table API, reads and writes (table-api.ts), with incidents read under the app's field ACLs
 *   (record-reads.ts);
 * - the app upload processor (`/sn_appclient_upload_processor.do`, multipart zip) and the
 *   CI/CD progress API. An uploaded package is really installed: the emulator then serves it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HTTPMethod } from 'find-my-way';
import { unzipSync, strFromU8 } from 'fflate';
import { loadAppFromFiles, type BuiltApp } from '../../servicenow/built-app.ts';
import { parseBasicAuth } from '../../lib/http/basic-auth.ts';
import type { RouteContext } from '../../lib/http/router.ts';
import type { EmulatorUser } from './users.ts';
import { errorBody, NOT_AUTHENTICATED, NOT_AUTHORIZED } from './platform-errors.ts';
import { authenticate } from './security.ts';
import type { RecordRead } from './record-reads.ts';
import { NOT_FOUND, type TableApi } from './table-api.ts';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** The user the client acts as. */
  userName: string;
}

export interface PlatformReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface PlatformFaults {
  /** The next install's progress ends in ERROR with this message. */
  failInstall?: string;
  /** Progress stays RUNNING forever (tests the caller's time limit). */
  hangInstall?: boolean;
}

export interface PlatformState {
  installed(): BuiltApp | undefined;
  install(app: BuiltApp): void;
  users: readonly EmulatorUser[];
  oauthClients: readonly OAuthClient[];
  faults: PlatformFaults;
  /** Platform-level writes (installs), for no-op deploy checks. */
  counters: { installs: number; uploads: number };
  /** Records of a table served with record and field ACLs (record-reads.ts); undefined: not such a table. */
  readRecords?(table: string, caller: EmulatorUser, query: URLSearchParams): RecordRead;
  tableApi: TableApi;
  history: Array<Record<string, string>>;
}

/** One platform route: answers with a reply; the emulator sends it (faults, counters, headers). */
export interface PlatformRoute {
  method: HTTPMethod | HTTPMethod[];
  path: string;
  handle(
    req: IncomingMessage,
    context: RouteContext,
    readBody: () => Promise<Buffer>,
  ): Promise<PlatformReply>;
}

export function createPlatformApi(state: PlatformState): PlatformRoute[] {
  const sessions = new Map<string, string>(); // JSESSIONID → user
  const userTokens = new Map<string, string>(); // X-UserToken → session
  const bearerTokens = new Map<string, string>(); // access token → user
  const trackers = new Map<string, { status: string; message: string }>();

  function cookieSession(req: IncomingMessage): string | undefined {
    const cookie = req.headers.cookie ?? '';
    const match = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(cookie);
    return match ? match[1] : undefined;
  }

  /** The authenticated user of a platform call: Basic, Bearer, or a UI session with its token. */
  function callerOf(req: IncomingMessage): EmulatorUser | undefined {
    const header = req.headers.authorization ?? '';
    let userName: string | undefined;
    const basic = parseBasicAuth(header);
    if (basic) {
      userName = authenticate(state.users, basic.user, basic.password)?.userName;
    } else if (/^bearer /i.test(header)) {
      userName = bearerTokens.get(header.slice(7).trim());
    } else {
      const session = cookieSession(req);
      if (session) userName = sessions.get(session);
    }
    return userName === undefined ? undefined : state.users.find((u) => u.userName === userName);
  }

  async function upload(
    req: IncomingMessage,
    body: Buffer,
    caller: EmulatorUser | undefined,
  ): Promise<PlatformReply> {
    const session = cookieSession(req);
    const token = req.headers['x-usertoken'];
    const bearer = /^bearer /i.test(req.headers.authorization ?? '');
    const sessionOk =
      session !== undefined && typeof token === 'string' && userTokens.get(token) === session;
    if (!caller || (!bearer && !sessionOk)) return NOT_AUTHENTICATED;
    if (!caller.roles.includes('admin'))
      return {
        status: 403,
        body: errorBody('Insufficient rights', 'installing applications requires admin'),
      };
    state.counters.uploads++;
    const form = await new Request('http://emulator/upload', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: new Uint8Array(body),
    }).formData();
    const file = form.get('attachFile');
    if (!file || typeof file === 'string')
      return { status: 400, body: errorBody('No package', 'attachFile is missing') };
    const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
    const files = Object.entries(entries).map(([path, data]) => ({ path, text: strFromU8(data) }));
    const tracker = randomUUID().replace(/-/g, '');
    let app: BuiltApp;
    try {
      app = loadAppFromFiles(files, 'uploaded package');
    } catch (error) {
      trackers.set(tracker, {
        status: '3',
        message: error instanceof Error ? error.message : String(error),
      });
      return {
        status: 200,
        body: { executionTracker: tracker, rollbackContext: randomUUID().replace(/-/g, '') },
      };
    }
    if (state.faults.hangInstall) {
      trackers.set(tracker, { status: '1', message: 'Installing application' });
    } else if (state.faults.failInstall) {
      trackers.set(tracker, { status: '3', message: state.faults.failInstall });
      state.faults.failInstall = undefined;
    } else {
      state.install(app);
      state.counters.installs++;
      state.history.unshift({
        sys_id: randomUUID().replace(/-/g, ''),
        to_version: app.scope,
        upgrade_finished: new Date().toISOString(),
      });
      trackers.set(tracker, { status: '2', message: '' });
    }
    return {
      status: 200,
      body: { executionTracker: tracker, rollbackContext: randomUUID().replace(/-/g, '') },
    };
  }

  async function login(
    req: IncomingMessage,
    context: RouteContext,
    readBody: () => Promise<Buffer>,
  ): Promise<PlatformReply> {
    const type = context.query.get('sysparm_type');
    if (type === 'view_form.login') {
      const form = new URLSearchParams((await readBody()).toString('utf8'));
      const user = authenticate(state.users, form.get('user_name'), form.get('user_password'));
      if (!user)
        return { status: 200, body: { status: 'error', message: 'User name or password invalid' } };
      const session = randomUUID();
      sessions.set(session, user.userName);
      return {
        status: 200,
        body: { status: 'success' },
        headers: { 'Set-Cookie': `JSESSIONID=${session}; Path=/; HttpOnly` },
      };
    }
    if (type === 'get_user') {
      const session = cookieSession(req);
      if (!session || !sessions.has(session))
        return { status: 401, body: errorBody('User Not Authenticated', null) };
      const token = randomUUID().replace(/-/g, '');
      userTokens.set(token, session);
      return {
        status: 401,
        body: errorBody('User token required', null),
        headers: { 'X-UserToken-Response': token },
      };
    }
    return { status: 400, body: errorBody('Unsupported sysparm_type', null) };
  }

  async function token(
    _req: IncomingMessage,
    _context: RouteContext,
    readBody: () => Promise<Buffer>,
  ): Promise<PlatformReply> {
    const form = new URLSearchParams((await readBody()).toString('utf8'));
    const client = state.oauthClients.find(
      (c) => c.clientId === form.get('client_id') && c.clientSecret === form.get('client_secret'),
    );
    if (form.get('grant_type') !== 'client_credentials' || !client) {
      return { status: 401, body: { error: 'access_denied', error_description: 'access_denied' } };
    }
    const access = randomUUID().replace(/-/g, '');
    bearerTokens.set(access, client.userName);
    return {
      status: 200,
      body: { access_token: access, token_type: 'Bearer', expires_in: 1799, scope: 'useraccount' },
    };
  }

  async function tableRead(req: IncomingMessage, context: RouteContext): Promise<PlatformReply> {
    const caller = callerOf(req);
    if (!caller) return NOT_AUTHENTICATED;
    const table = context.params.table ?? '';
    // the record's sys_id from the path narrows the read like a sys_id= parameter
    const query = new URLSearchParams(context.query);
    if (context.params.sys_id !== undefined) query.set('sys_id', context.params.sys_id);
    const records = state.readRecords?.(table, caller, query);
    if (records === 'forbidden') return NOT_AUTHORIZED;
    if (records) {
      const rows = state.tableApi.filterRows(records, context.query);
      const sysId = context.params.sys_id;
      if (sysId === undefined) return { status: 200, body: { result: rows } };
      const row = rows.find((r) => r.sys_id === sysId);
      return row
        ? { status: 200, body: { result: row } }
        : {
            status: 404,
            body: errorBody(
              'No Record found',
              "Record doesn't exist or ACL restricts the record retrieval",
            ),
          };
    }
    if (!caller.roles.includes('admin')) return NOT_AUTHORIZED;
    const sysId = context.params.sys_id;
    if (sysId !== undefined) {
      // one record: the object itself, not a list
      const row = state.tableApi.rowsOf(table)?.find((r) => r.sys_id === sysId);
      return row ? { status: 200, body: { result: row } } : NOT_FOUND;
    }
    const reply = state.tableApi.read(table, context.query);
    return reply ?? { status: 200, body: { result: [] } };
  }

  async function tableWrite(
    req: IncomingMessage,
    context: RouteContext,
    readBody: () => Promise<Buffer>,
  ): Promise<PlatformReply> {
    const caller = callerOf(req);
    if (!caller) return NOT_AUTHENTICATED;
    const method = (req.method ?? 'POST').toUpperCase();
    const verb = method === 'POST' ? 'POST' : method === 'DELETE' ? 'DELETE' : 'PATCH';
    const text = verb === 'DELETE' ? '' : (await readBody()).toString('utf8');
    return state.tableApi.write(
      verb,
      context.params.table ?? '',
      context.params.sys_id,
      text,
      context.query,
      caller,
    );
  }

  async function progress(req: IncomingMessage, context: RouteContext): Promise<PlatformReply> {
    if (!callerOf(req)) return { status: 401, body: errorBody('User Not Authenticated', null) };
    const tracker = trackers.get(context.params.id ?? '');
    if (!tracker) return { status: 404, body: errorBody('No Record found', null) };
    return {
      status: 200,
      body: {
        result: {
          status: tracker.status,
          status_message: tracker.message,
          percent_complete: tracker.status === '2' ? 100 : 50,
        },
      },
    };
  }

  return [
    { method: 'POST', path: '/angular.do', handle: login },
    { method: 'POST', path: '/oauth_token.do', handle: token },
    { method: 'GET', path: '/api/now/table/:table', handle: tableRead },
    { method: 'GET', path: '/api/now/table/:table/:sys_id', handle: tableRead },
    { method: 'POST', path: '/api/now/table/:table', handle: tableWrite },
    {
      method: ['PATCH', 'PUT', 'DELETE'],
      path: '/api/now/table/:table/:sys_id',
      handle: tableWrite,
    },
    {
      method: 'POST',
      path: '/sn_appclient_upload_processor.do',
      handle: async (req, _context, readBody) => upload(req, await readBody(), callerOf(req)),
    },
    { method: 'GET', path: '/api/sn_cicd/progress/:id', handle: progress },
  ];
}
