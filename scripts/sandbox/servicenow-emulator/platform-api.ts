/**
 * The slice of the platform that installing and verifying an app talks to, so `now-sdk install`
 * (and deploy:servicenow's checks) can run against the emulator exactly as against an instance:
 * - UI session login as the SDK does it in CI (`/angular.do`: form login → session cookie,
 *   then the user token from a 401 on `get_user`), and OAuth client credentials (`/oauth_token.do`);
 * - the Table API, read-only, for sys_app / sys_scope / sys_upgrade_history / sys_user_role /
 *   sys_properties (name=value filters and the simple `a=b^c=d` encoded queries the SDK sends);
 * - the app upload processor (`/sn_appclient_upload_processor.do`, multipart zip) and the
 *   CI/CD progress API. An uploaded package is really installed: the emulator then serves it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { unzipSync, strFromU8 } from 'fflate';
import { loadAppFromFiles, type BuiltApp } from '../../servicenow/built-app.ts';
import type { EmulatorUser } from './users.ts';
import { errorBody, NOT_AUTHENTICATED, NOT_AUTHORIZED } from './platform-errors.ts';
import { authenticate, basicCredentials } from './security.ts';
import type { RecordRead } from './record-reads.ts';

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
  readRecords?(table: string, caller: EmulatorUser): RecordRead;
}

export function createPlatformApi(state: PlatformState) {
  const sessions = new Map<string, string>(); // JSESSIONID → user
  const userTokens = new Map<string, string>(); // X-UserToken → session
  const bearerTokens = new Map<string, string>(); // access token → user
  const trackers = new Map<string, { status: string; message: string }>();
  const history: Array<Record<string, string>> = [];

  function cookieSession(req: IncomingMessage): string | undefined {
    const cookie = req.headers.cookie ?? '';
    const match = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(cookie);
    return match ? match[1] : undefined;
  }

  /** The authenticated user of a platform call: Basic, Bearer, or a UI session with its token. */
  function callerOf(req: IncomingMessage): EmulatorUser | undefined {
    const header = req.headers.authorization ?? '';
    let userName: string | undefined;
    const basic = basicCredentials(header);
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

  /** Stable sys_id of an emulator account. */
  const userSysId = (userName: string) =>
    createHash('sha256').update(userName).digest('hex').slice(0, 32);

  function tableRows(table: string): Array<Record<string, string>> {
    if (table === 'sys_user') {
      return state.users.map((u) => ({
        sys_id: userSysId(u.userName),
        user_name: u.userName,
        active: u.active === false ? 'false' : 'true',
        locked_out: u.lockedOut ? 'true' : 'false',
        web_service_access_only: u.webServiceAccessOnly ? 'true' : 'false',
      }));
    }
    if (table === 'sys_user_has_role') {
      return state.users.flatMap((u) =>
        u.roles.map((role) => ({
          user: userSysId(u.userName),
          'role.name': role,
          state: 'active',
        })),
      );
    }
    const app = state.installed();
    if (!app) return table === 'sys_upgrade_history' ? history : [];
    const appRow = {
      sys_id: app.scopeId,
      scope: app.scope,
      name: app.name,
      version: app.version,
      active: 'true',
      sys_class_name: 'sys_app',
      short_description: '',
    };
    switch (table) {
      case 'sys_app':
      case 'sys_scope':
        return [appRow];
      case 'sys_upgrade_history':
        return history;
      case 'sys_user_role':
        return app.of('sys_user_role').map((r) => ({
          sys_id: r.fields.sys_id ?? '',
          name: r.fields.name ?? '',
          sys_scope: app.scopeId,
        }));
      case 'sys_properties':
        return app.of('sys_properties').map((p) => ({
          sys_id: p.fields.sys_id ?? '',
          name: p.fields.name ?? '',
          value: p.fields.value ?? '',
        }));
      default:
        return [];
    }
  }

  function filterRows(
    rows: Array<Record<string, string>>,
    params: URLSearchParams,
  ): Array<Record<string, string>> {
    const conditions: Array<(row: Record<string, string>) => boolean> = [];
    for (const [key, value] of params) {
      if (key.startsWith('sysparm_')) continue;
      conditions.push((row) => row[key] === value);
    }
    const order: Array<{ field: string; descending: boolean }> = [];
    for (const term of (params.get('sysparm_query') ?? '').split('^')) {
      const ordering = /^ORDERBY(DESC)?(\w+)$/.exec(term);
      if (ordering) order.push({ field: ordering[2] as string, descending: !!ordering[1] });
      if (term === '' || term.startsWith('ORDERBY')) continue;
      const notEmpty = /^(\w+)ISNOTEMPTY$/.exec(term);
      const equals = /^(\w+)=(.*)$/.exec(term);
      if (notEmpty) conditions.push((row) => !!row[notEmpty[1] as string]);
      else if (equals) conditions.push((row) => row[equals[1] as string] === equals[2]);
    }
    const fields = (params.get('sysparm_fields') ?? '').split(',').filter(Boolean);
    const limit = Number(params.get('sysparm_limit') ?? '10000');
    const compare = (x: Record<string, string>, y: Record<string, string>) => {
      for (const { field, descending } of order) {
        const sign = (x[field] ?? '').localeCompare(y[field] ?? '');
        if (sign !== 0) return descending ? -sign : sign;
      }
      return 0;
    };
    return rows
      .filter((row) => conditions.every((test) => test(row)))
      .sort(compare)
      .slice(0, limit)
      .map((row) =>
        fields.length === 0 ? row : Object.fromEntries(fields.map((f) => [f, row[f] ?? ''])),
      );
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
      body,
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
      history.unshift({
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

  /** Handles a platform path; undefined means "not a platform path" (the REST router takes it). */
  return async function platform(
    req: IncomingMessage,
    url: URL,
    readBody: () => Promise<Buffer>,
  ): Promise<PlatformReply | undefined> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    if (path === '/angular.do' && method === 'POST') {
      const type = url.searchParams.get('sysparm_type');
      if (type === 'view_form.login') {
        const form = new URLSearchParams((await readBody()).toString('utf8'));
        const user = authenticate(state.users, form.get('user_name'), form.get('user_password'));
        if (!user)
          return {
            status: 200,
            body: { status: 'error', message: 'User name or password invalid' },
          };
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
    }
    if (path === '/oauth_token.do' && method === 'POST') {
      const form = new URLSearchParams((await readBody()).toString('utf8'));
      const client = state.oauthClients.find(
        (c) => c.clientId === form.get('client_id') && c.clientSecret === form.get('client_secret'),
      );
      if (form.get('grant_type') !== 'client_credentials' || !client) {
        return {
          status: 401,
          body: { error: 'access_denied', error_description: 'access_denied' },
        };
      }
      const token = randomUUID().replace(/-/g, '');
      bearerTokens.set(token, client.userName);
      return {
        status: 200,
        body: { access_token: token, token_type: 'Bearer', expires_in: 1799, scope: 'useraccount' },
      };
    }
    const table = /^\/api\/now\/table\/(\w+)$/.exec(path);
    if (table && method === 'GET') {
      const caller = callerOf(req);
      if (!caller) return NOT_AUTHENTICATED;
      const records = state.readRecords?.(table[1] as string, caller);
      if (records === 'forbidden') return NOT_AUTHORIZED;
      if (records)
        return { status: 200, body: { result: filterRows(records, url.searchParams) } };
      if (!caller.roles.includes('admin')) return NOT_AUTHORIZED;
      return {
        status: 200,
        body: { result: filterRows(tableRows(table[1] as string), url.searchParams) },
      };
    }
    if (path === '/sn_appclient_upload_processor.do' && method === 'POST') {
      return upload(req, await readBody(), callerOf(req));
    }
    const progress = /^\/api\/sn_cicd\/progress\/(\w+)$/.exec(path);
    if (progress && method === 'GET') {
      if (!callerOf(req)) return { status: 401, body: errorBody('User Not Authenticated', null) };
      const tracker = trackers.get(progress[1] as string);
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
    return undefined;
  };
}
