import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicenowChecks } from '../../../scripts/servicenow/doctor-checks.ts';
import { ServiceNowClient } from '../../../scripts/servicenow/client.ts';
import { desiredSettings } from '../../../scripts/servicenow/app-settings.ts';
import { basicAuthHeader } from '../../../scripts/lib/http/basic-auth.ts';
import {
  SANDBOX_USERS,
  startServiceNowEmulator,
  type ServiceNowEmulator,
} from '../../../scripts/sandbox/servicenow-emulator/emulator.ts';

const API = '/api/x_ibr_incbridge/v1/incident_bridge';
const users = [
  ...SANDBOX_USERS,
  { userName: 'no.role', password: 'pw-no-role', roles: [] },
  {
    userName: 'locked.integration',
    password: 'pw-locked',
    roles: ['x_ibr_incbridge.integration'],
    lockedOut: true,
  },
];

let emulator: ServiceNowEmulator;
let empty: ServiceNowEmulator;
beforeAll(async () => {
  emulator = await startServiceNowEmulator({ users });
  empty = await startServiceNowEmulator({ preinstalled: false });
});
afterAll(async () => {
  await emulator.close();
  await empty.close();
});

function run(
  target: ServiceNowEmulator,
  integration?: { user: string; password: string },
  admin = { user: 'admin', password: 'sandbox-only-admin' },
) {
  const client = new ServiceNowClient({
    instanceUrl: target.url,
    auth: { type: 'basic', ...admin },
    retry: { maxAttempts: 1 },
  });
  return servicenowChecks({
    client,
    instanceUrl: target.url,
    apiBasePath: API,
    app: emulator.app,
    integration,
  });
}

const byName = (checks: Awaited<ReturnType<typeof run>>, name: string) =>
  checks.find((c) => c.name === name);

describe('doctor: ServiceNow checks', () => {
  it('all green for a healthy instance and a correct integration user', async () => {
    const checks = await run(emulator, {
      user: 'genesys.integration',
      password: 'sandbox-only-integration',
    });
    expect(checks.map((c) => `${c.name}:${c.status}`)).toEqual([
      'instance reachable:ok',
      'app installed:ok',
      'roles:ok',
      'cross-scope privileges:ok',
      'incident access from other scopes:ok',
      'sys_user access from other scopes:ok',
      'unique index:ok',
      'endpoint as integration user:ok',
      'integration user:ok',
    ]);
    expect(emulator.db.rows('incident')).toHaveLength(0);
  });

  it.each([
    [
      { user: 'no.role', password: 'pw-no-role' },
      /403: no\.role lacks the role x_ibr_incbridge\.integration/,
      /grant x_ibr_incbridge\.integration to no\.role/,
    ],
    [
      { user: 'locked.integration', password: 'pw-locked' },
      /401: locked\.integration is locked out/,
      /unlock/,
    ],
    [
      { user: 'genesys.integration', password: 'wrong' },
      /401: genesys\.integration's password was refused/,
      /fix the password/,
    ],
    [{ user: 'nobody', password: 'x' }, /401: there is no user nobody/, /create nobody/],
  ])(
    'names the cause when the integration user is refused (%o)',
    async (integration, detail, fix) => {
      const check = byName(await run(emulator, integration), 'endpoint as integration user')!;
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(detail);
      expect(check.fix).toMatch(fix);
    },
  );

  it('a role granted to the integration user by hand is drift, with the fix', async () => {
    const user = emulator.users.find((u) => u.userName === 'genesys.integration')!;
    user.roles.push('itil');
    try {
      const check = byName(
        await run(emulator, { user: 'genesys.integration', password: 'sandbox-only-integration' }),
        'integration user',
      )!;
      expect(check.status).toBe('warn');
      expect(check.detail).toMatch(/- role itil/);
      expect(check.fix).toMatch(/deploy:servicenow .*adopts the account/);
    } finally {
      user.roles.pop();
    }
  });

  it('rate limiting is named as such', async () => {
    emulator.faults.rateLimited = { count: 1, retryAfterSeconds: 1 };
    const check = byName(
      await run(emulator, { user: 'genesys.integration', password: 'sandbox-only-integration' }),
      'endpoint as integration user',
    )!;
    expect(check.detail).toMatch(/429/);
  });

  it('wrong admin credentials stop at the first check with the fix', async () => {
    const checks = await run(emulator, undefined, { user: 'admin', password: 'nope' });
    expect(checks).toEqual([
      expect.objectContaining({
        name: 'admin login',
        status: 'fail',
        detail: expect.stringMatching(/401/),
      }),
    ]);
  });

  it('an admin without the admin role is told so', async () => {
    const checks = await run(emulator, undefined, {
      user: 'service.desk.agent',
      password: 'sandbox-only-agent',
    });
    expect(checks[0]).toMatchObject({ name: 'admin access', status: 'fail' });
  });

  it('an instance without the app says to deploy', async () => {
    const checks = await run(empty);
    expect(byName(checks, 'app installed')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/deploy:servicenow/),
    });
  });

  it('an unreachable instance is named', async () => {
    const client = new ServiceNowClient({
      instanceUrl: 'http://127.0.0.1:9',
      auth: { type: 'basic', user: 'a', password: 'b' },
      timeoutMs: 2000,
    });
    const checks = await servicenowChecks({
      client,
      instanceUrl: 'http://127.0.0.1:9',
      apiBasePath: API,
      app: emulator.app,
      integration: undefined,
    });
    expect(checks[0]).toMatchObject({ name: 'instance reachable', status: 'fail' });
  });

  describe('what a hardened instance needs', () => {
    let hardened: ServiceNowEmulator;
    beforeAll(async () => {
      hardened = await startServiceNowEmulator();
    });
    afterAll(() => hardened.close());

    const admin = basicAuthHeader('admin', 'sandbox-only-admin');
    async function table(method: string, path: string, body?: unknown) {
      const response = await fetch(`${hardened.url}/api/now/table/${path}`, {
        method,
        headers: { authorization: admin, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return response.status === 204 ? undefined : ((await response.json()) as { result: any }); // eslint-disable-line @typescript-eslint/no-explicit-any
    }

    it('a deleted cross-scope privilege fails with a fix line', async () => {
      const rows = (await table(
        'GET',
        `sys_scope_privilege?target_name=incident&operation=create`,
      ))!.result as Array<{ sys_id: string }>;
      expect(rows).toHaveLength(1);
      await table('DELETE', `sys_scope_privilege/${rows[0]!.sys_id}`);
      const check = byName(await run(hardened), 'cross-scope privileges')!;
      expect(check).toMatchObject({ status: 'fail' });
      expect(check.detail).toMatch(/missing or not allowed: incident create/);
      expect(check.fix).toMatch(/Application Cross-Scope Access .* incident create .* Allowed/);
    });

    it("incident's application access without Can create fails with the fix", async () => {
      const [row] = (await table('GET', 'sys_db_object?name=incident'))!.result as Array<{
        sys_id: string;
      }>;
      await table('PATCH', `sys_db_object/${row!.sys_id}`, { create_access: 'false' });
      const check = byName(await run(hardened), 'incident access from other scopes')!;
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(/Can create is off/);
      expect(check.fix).toMatch(/Application Access: .*Can create/);
      await table('PATCH', `sys_db_object/${row!.sys_id}`, { create_access: 'true' });
    });

    it('settings changed by hand are reported as drift from incident-bridge.yaml', async () => {
      const desired = desiredSettings(hardened.app, { shortDescriptionPrefix: '[G] ' }, {}, 'x');
      const client = new ServiceNowClient({
        instanceUrl: hardened.url,
        auth: { type: 'basic', user: 'admin', password: 'sandbox-only-admin' },
      });
      const checks = await servicenowChecks({
        client,
        instanceUrl: hardened.url,
        apiBasePath: API,
        app: hardened.app,
        integration: undefined,
        desired: desired.properties,
        envName: 'prod',
      });
      const check = byName(checks, 'settings')!;
      expect(check.status).toBe('warn');
      expect(check.detail).toBe(
        'changed on the instance: x_ibr_incbridge.mapping_overrides: "{}" (file: "{\\"shortDescriptionPrefix\\":\\"[G] \\"}")',
      );
      expect(check.fix).toMatch(/npm run deploy:servicenow -- --env prod/);
    });
  });

  it('an instance where the installed dictionary record built no unique index fails with how to create it', async () => {
    const noIndex = await startServiceNowEmulator({ buildUniqueIndexes: false });
    try {
      const check = byName(await run(noIndex), 'unique index')!;
      expect(check.status).toBe('fail');
      expect(check.detail).toMatch(/incident\.x_ibr_incbridge_custom_call_id has no unique index/);
      expect(check.fix).toMatch(
        /Database Indexes > New, choose x_ibr_incbridge_custom_call_id, tick "Unique index"/,
      );
    } finally {
      await noIndex.close();
    }
  });
});
