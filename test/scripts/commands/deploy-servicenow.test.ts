/**
 * deploy:servicenow against the emulator started empty: the real `now-sdk install` uploads the
 * built package over loopback HTTP and the emulator installs it, as an instance would; the
 * integration user, its role and the app's properties are written through the Table API.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../scripts/lib/report.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import {
  bumpPatchVersion,
  deployServiceNowCommand,
  type DeployServiceNowOptions,
} from '../../../scripts/commands/deploy-servicenow.ts';
import {
  SANDBOX_USERS,
  startServiceNowEmulator,
  type ServiceNowEmulator,
} from '../../../scripts/sandbox/servicenow-emulator/emulator.ts';
import { authenticate } from '../../../scripts/sandbox/servicenow-emulator/security.ts';
import { packageFingerprint } from '../../../scripts/servicenow/fingerprint.ts';
import { builtAppDir } from '../../../scripts/lib/paths.ts';
import { basicAuthHeader } from '../../../scripts/lib/http/basic-auth.ts';

const SECRETS = {
  SN_TEST_ADMIN_USER: 'admin',
  SN_TEST_ADMIN_PASSWORD: 'sandbox-only-admin',
  SN_TEST_INTEGRATION_USER: 'genesys.integration',
  SN_TEST_INTEGRATION_PASSWORD: 'integration-password-from-ci-store',
  SN_TEST_OAUTH_ID: 'incident-bridge-ci',
  SN_TEST_OAUTH_SECRET: 'sandbox-only-oauth-secret',
  GENESYS_TEST_ID: 'genesys-client-id-1234',
  GENESYS_TEST_SECRET: 'genesys-secret-never-print-me',
};
const PREFIX_PROPERTY = 'x_ibr_incbridge.mapping_overrides';

function writeConfig(instanceUrl: string, prefix = '[Genesys test] '): string {
  const dir = mkdtempSync(join(tmpdir(), 'ib-deploy-sn-'));
  const path = join(dir, 'incident-bridge.yaml');
  const environment = (name: string, auth: string, timeout: number) => `
  ${name}:
    genesys:
      region: mypurecloud.de
      clientIdEnv: GENESYS_TEST_ID
      clientSecretEnv: GENESYS_TEST_SECRET
      integrationName: ServiceNow Incident Bridge (${name})
      credentials:
        type: basic
        usernameEnv: SN_TEST_INTEGRATION_USER
        passwordEnv: SN_TEST_INTEGRATION_PASSWORD
    servicenow:
      instanceUrl: ${instanceUrl}
      auth:
${auth}
      installTimeoutSeconds: ${timeout}
      settings:
        maskOnSaveAllIncidents: false
    mapping:
      shortDescriptionPrefix: '${prefix}'
      defaultUrgency: 2
`;
  const basic =
    '        type: basic\n        userEnv: SN_TEST_ADMIN_USER\n        passwordEnv: SN_TEST_ADMIN_PASSWORD';
  const oauth =
    '        type: oauth\n        clientIdEnv: SN_TEST_OAUTH_ID\n        clientSecretEnv: SN_TEST_OAUTH_SECRET';
  writeFileSync(
    path,
    `version: 1\nenvironments:${environment('test', basic, 120)}${environment('oauth', oauth, 120)}`,
  );
  return path;
}

async function deploy(
  configPath: string,
  options: Partial<DeployServiceNowOptions>,
  environment: Record<string, string> = SECRETS,
  deps: { installTimeoutMs?: number; appDir?: string; fetch?: typeof fetch } = {},
) {
  const captured = captureIo();
  // through the CLI's one error reporter, as `incident-bridge deploy servicenow` runs it
  const code = await runCommand(
    captured.io,
    { command: 'deploy:servicenow', json: options.json },
    () =>
      deployServiceNowCommand(
        { env: 'test', config: configPath, skipBuild: true, ...options },
        captured.io,
        { environment, ...deps },
      ),
  );
  const output = captured.stdout + captured.stderr;
  for (const [name, value] of Object.entries(environment)) {
    if (name.includes('PASSWORD') || name.includes('SECRET'))
      expect(output, `${name} leaked`).not.toContain(value);
  }
  return { code, stdout: captured.stdout, stderr: captured.stderr };
}

/** Requests other than reads since `from`, except the endpoint's dry-run check. */
function writesSince(from: number) {
  return emulator.requests
    .slice(from)
    .filter((r) => r.method !== 'GET' && !r.path.endsWith('/incidents'));
}

let emulator: ServiceNowEmulator;
let configPath: string;
beforeAll(async () => {
  emulator = await startServiceNowEmulator({
    preinstalled: false,
    // the integration user does not exist yet; an old bot account will be adopted
    users: [
      ...SANDBOX_USERS.filter((u) => u.userName !== 'genesys.integration'),
      {
        userName: 'legacy.bot',
        password: 'forgotten-old-password',
        roles: ['itil', 'snc_internal'],
        active: false,
        webServiceAccessOnly: false,
      },
    ],
  });
  configPath = writeConfig(emulator.url);
});
afterAll(() => emulator.close());

describe('deploy:servicenow', { timeout: 120_000 }, () => {
  it('--dry-run on an empty instance plans app, user and settings, writes nothing; --exit-code makes it 3', async () => {
    const from = emulator.requests.length;
    const result = await deploy(configPath, { dryRun: true, exitCode: true });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(
      / {2}install {4}app {7}x_ibr_incbridge\n {6}\+ x_ibr_incbridge 1\.0\.0/,
    );
    expect(result.stdout).toContain('create     user      genesys.integration');
    expect(result.stdout).toContain(
      '+ user genesys.integration: active, not locked out, web service access only',
    );
    expect(result.stdout).toContain('+ password from SN_TEST_INTEGRATION_PASSWORD');
    expect(result.stdout).toContain('+ role x_ibr_incbridge.integration');
    expect(result.stdout).toMatch(
      /update {5}property {2}x_ibr_incbridge\.default_urgency\n {6}~ "3" → "2"/,
    );
    expect(emulator.platform.counters.uploads).toBe(0);
    expect(emulator.installedApp()).toBeUndefined();
    expect(writesSince(from)).toEqual([]);
  });

  it('first deploy installs the app, creates the user with its role, writes the settings and the fingerprint', async () => {
    const result = await deploy(configPath, {});
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(emulator.platform.counters.uploads).toBe(1);
    expect(emulator.installedApp()?.version).toBe('1.0.0');
    const user = emulator.users.find((u) => u.userName === 'genesys.integration');
    expect(user).toMatchObject({
      roles: ['x_ibr_incbridge.integration'],
      active: true,
      lockedOut: false,
      webServiceAccessOnly: true,
    });
    // the password was set so that it logs in (sent with sysparm_input_display_value=true)
    expect(
      authenticate(emulator.users, 'genesys.integration', SECRETS.SN_TEST_INTEGRATION_PASSWORD),
    ).toBeDefined();
    expect(JSON.parse(emulator.properties[PREFIX_PROPERTY] ?? '{}')).toEqual({
      shortDescriptionPrefix: '[Genesys test] ',
    });
    expect(emulator.properties['x_ibr_incbridge.default_urgency']).toBe('2');
    expect(emulator.properties['x_ibr_incbridge.package_fingerprint']).toBe(
      packageFingerprint(builtAppDir),
    );
    for (const check of ['roles', 'cross-scope privileges', 'unique index', 'endpoint dry run'])
      expect(result.stdout).toMatch(new RegExp(`ok {3}${check}: `));
    expect(result.stderr).toMatch(/Installation completed/);
    expect(emulator.db.rows('incident')).toHaveLength(0); // the dry run wrote nothing
  });

  it('a second run with nothing changed plans nothing and makes no write call', async () => {
    const before = { ...emulator.platform.counters };
    const from = emulator.requests.length;
    const result = await deploy(configPath, { json: true });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      action: 'unchanged',
      changed: false,
      applied: false,
      writes: 0,
      ok: true,
      installedVersion: '1.0.0',
    });
    expect(report.items.filter((item: { action: string }) => item.action !== 'unchanged')).toEqual(
      [],
    );
    expect(emulator.platform.counters).toEqual(before);
    expect(writesSince(from)).toEqual([]);
    expect(emulator.requests.slice(from).reduce((sum, r) => sum + r.dbWrites, 0)).toBe(0);
  });

  it('changing only mapping.shortDescriptionPrefix plans exactly that diff; after deploy incidents carry it', async () => {
    const changed = writeConfig(emulator.url, '[Genesys v2] ');
    const plan = await deploy(changed, { dryRun: true, json: true });
    expect(plan.code).toBe(0);
    const changes = JSON.parse(plan.stdout).items.filter(
      (item: { action: string }) => item.action !== 'unchanged',
    );
    expect(changes).toEqual([
      {
        kind: 'property',
        name: PREFIX_PROPERTY,
        action: 'update',
        changes: [
          `~ ${JSON.stringify('{"shortDescriptionPrefix":"[Genesys test] "}')} → ${JSON.stringify('{"shortDescriptionPrefix":"[Genesys v2] "}')}`,
        ],
        notes: [],
      },
    ]);

    const applied = await deploy(changed, {});
    expect(applied.code, applied.stdout).toBe(0);
    const response = await fetch(
      `${emulator.url}/api/x_ibr_incbridge/v1/incident_bridge/incidents`,
      {
        method: 'POST',
        headers: {
          authorization: basicAuthHeader(
            'genesys.integration',
            SECRETS.SN_TEST_INTEGRATION_PASSWORD,
          ),
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          customCallId: 'prefix-1',
          channel: 'voice',
          shortDescription: 'VPN down',
        }),
      },
    );
    expect(response.status).toBe(201);
    const [incident] = emulator.db.rows('incident');
    expect(incident?.short_description).toBe('[Genesys v2] VPN down');
    expect(incident?.urgency).toBe('2');
  });

  it('a changed handler with an unchanged version is refused with the fix, nothing is written', async () => {
    const changedApp = mkdtempSync(join(tmpdir(), 'ib-changed-app-'));
    cpSync(builtAppDir, changedApp, { recursive: true });
    const update = join(changedApp, 'update');
    const handler = readdirSync(update).find((file) =>
      readFileSync(join(update, file), 'utf8').includes('/src/server/incident-api.ts</path>'),
    ) as string;
    const text = readFileSync(join(update, handler), 'utf8');
    writeFileSync(join(update, handler), text.replace(']]></content>', '\n// edited]]></content>'));

    const uploads = emulator.platform.counters.uploads;
    const from = emulator.requests.length;
    const plan = await deploy(configPath, { dryRun: true }, SECRETS, { appDir: changedApp });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/ {2}refused {4}app {7}x_ibr_incbridge/);
    const last = plan.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /differs from the installed one \(fingerprint [0-9a-f]{12} → [0-9a-f]{12}\) but both are version 1\.0\.0: bump servicenow\/package\.json version \(or rerun with --bump\)$/,
    );
    const apply = await deploy(configPath, {}, SECRETS, { appDir: changedApp });
    expect(apply.code).toBe(1);
    expect(emulator.platform.counters.uploads).toBe(uploads);
    expect(writesSince(from)).toEqual([]);
  });

  it('adopts an existing account: plans each change, then leaves it web-service-only with the one role', async () => {
    const environment = {
      ...SECRETS,
      SN_TEST_INTEGRATION_USER: 'legacy.bot',
      SN_TEST_INTEGRATION_PASSWORD: 'rotated-password-4711',
    };
    const plan = await deploy(configPath, { dryRun: true }, environment);
    expect(plan.code).toBe(0);
    const userBlock = plan.stdout.slice(plan.stdout.indexOf('update     user      legacy.bot'));
    expect(userBlock.split('\n').slice(1, 7)).toEqual([
      '      ~ active: false → true',
      '      ~ web_service_access_only: false → true',
      '      + role x_ibr_incbridge.integration',
      '      - role itil (the integration user gets x_ibr_incbridge.integration only)',
      '      - role snc_internal (the integration user gets x_ibr_incbridge.integration only)',
      '      ~ password: set from SN_TEST_INTEGRATION_PASSWORD',
    ]);

    const applied = await deploy(configPath, {}, environment);
    expect(applied.code, applied.stdout).toBe(0);
    expect(emulator.users.find((u) => u.userName === 'legacy.bot')).toMatchObject({
      roles: ['x_ibr_incbridge.integration'],
      active: true,
      webServiceAccessOnly: true,
    });
    expect(applied.stdout).toMatch(/ok {3}endpoint dry run: .* as legacy\.bot/);

    const again = await deploy(configPath, { json: true }, environment);
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: false, writes: 0 });
  });

  it('works with OAuth client credentials for the admin', async () => {
    const result = await deploy(configPath, { env: 'oauth', dryRun: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/unchanged +app +x_ibr_incbridge \(x_ibr_incbridge 1\.0\.0/);
  });

  it('a wrong admin password is one clear line naming the cause, exit 1', async () => {
    const result = await deploy(
      configPath,
      { dryRun: true },
      { ...SECRETS, SN_TEST_ADMIN_PASSWORD: 'wrong-password-xyz' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^incident-bridge: GET \/api\/now\/table\/sys_app: 401 .*admin credentials were refused/,
    );
    expect(result.stderr).not.toContain('wrong-password-xyz');
  });

  it('missing variables are a config error naming them (never values)', async () => {
    const { GENESYS_TEST_SECRET: _unused, SN_TEST_ADMIN_PASSWORD: _also, ...partial } = SECRETS;
    const result = await deploy(configPath, { dryRun: true }, partial);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^incident-bridge: .*SN_TEST_ADMIN_PASSWORD/);

    const { SN_TEST_INTEGRATION_PASSWORD: _password, ...noIntegration } = SECRETS;
    const user = await deploy(configPath, { dryRun: true }, noIntegration);
    expect(user.code).toBe(2);
    expect(user.stderr).toMatch(/integration user .* SN_TEST_INTEGRATION_PASSWORD/);
  });

  it('--bump without a build is a usage error; bumpPatchVersion raises only the patch number', async () => {
    const result = await deploy(configPath, { bump: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--bump .* drop --skip-build/);

    const dir = mkdtempSync(join(tmpdir(), 'ib-bump-'));
    const path = join(dir, 'package.json');
    writeFileSync(path, '{\n  "name": "x",\n  "version": "1.4.9",\n  "private": true\n}\n');
    expect(bumpPatchVersion(path)).toBe('1.4.10');
    expect(readFileSync(path, 'utf8')).toBe(
      '{\n  "name": "x",\n  "version": "1.4.10",\n  "private": true\n}\n',
    );
  });

  it('an install the instance reports as failed is exit 1 with its message', async () => {
    emulator.platform.faults.failInstall = 'Dependency x_other missing';
    const result = await deploy(configPath, { force: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/now-sdk install failed .*Dependency x_other missing/);
  });

  it('an install that never finishes is stopped at installTimeoutSeconds', async () => {
    emulator.platform.faults.hangInstall = true;
    try {
      const result = await deploy(configPath, { force: true }, SECRETS, { installTimeoutMs: 3000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/did not finish within 3 s/);
    } finally {
      emulator.platform.faults.hangInstall = false;
    }
  });
});

describe('deploy:servicenow after a partial failure', { timeout: 120_000 }, () => {
  it('a run that fails after the install converges on rerun: no refusal, no second install', async () => {
    const fresh = await startServiceNowEmulator({
      preinstalled: false,
      users: SANDBOX_USERS.filter((u) => u.userName !== 'genesys.integration'),
    });
    try {
      const config = writeConfig(fresh.url);
      // the connection drops when deploy creates the integration user (after the install)
      const failing: typeof fetch = (input, init) =>
        init?.method === 'POST' && String(input).includes('/api/now/table/sys_user?')
          ? Promise.reject(new TypeError('fetch failed'))
          : fetch(input, init);
      const first = await deploy(config, {}, SECRETS, { fetch: failing });
      expect(first.code).toBe(1);
      expect(fresh.platform.counters.installs).toBe(1);

      const rerun = await deploy(config, {});
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      expect(rerun.stdout).toMatch(/unchanged +app +x_ibr_incbridge/);
      expect(rerun.stdout).toContain('create     user      genesys.integration');
      expect(fresh.platform.counters.installs).toBe(1);
      expect(fresh.users.find((u) => u.userName === 'genesys.integration')?.roles).toEqual([
        'x_ibr_incbridge.integration',
      ]);
    } finally {
      await fresh.close();
    }
  });
});
