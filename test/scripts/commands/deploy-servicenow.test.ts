/**
 * deploy:servicenow against the emulator started empty: the real `now-sdk install` uploads the
 * built package over loopback HTTP and the emulator installs it, as an instance would.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../scripts/lib/report.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import {
  deployServiceNowCommand,
  type DeployServiceNowOptions,
} from '../../../scripts/commands/deploy-servicenow.ts';
import {
  startServiceNowEmulator,
  type ServiceNowEmulator,
} from '../../../scripts/sandbox/servicenow-emulator/emulator.ts';

const SECRETS = {
  SN_TEST_ADMIN_USER: 'admin',
  SN_TEST_ADMIN_PASSWORD: 'sandbox-only-admin',
  SN_TEST_INTEGRATION_USER: 'genesys.integration',
  SN_TEST_INTEGRATION_PASSWORD: 'sandbox-only-integration',
  SN_TEST_OAUTH_ID: 'incident-bridge-ci',
  SN_TEST_OAUTH_SECRET: 'sandbox-only-oauth-secret',
  GENESYS_TEST_ID: 'genesys-client-id-1234',
  GENESYS_TEST_SECRET: 'genesys-secret-never-print-me',
};

function writeConfig(instanceUrl: string): string {
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
  installTimeoutMs?: number,
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
        { environment, installTimeoutMs },
      ),
  );
  const output = captured.stdout + captured.stderr;
  for (const [name, value] of Object.entries(environment)) {
    if (name.includes('PASSWORD') || name.includes('SECRET'))
      expect(output, `${name} leaked`).not.toContain(value);
  }
  return { code, stdout: captured.stdout, stderr: captured.stderr };
}

let emulator: ServiceNowEmulator;
let configPath: string;
beforeAll(async () => {
  emulator = await startServiceNowEmulator({ preinstalled: false });
  configPath = writeConfig(emulator.url);
});
afterAll(() => emulator.close());

describe('deploy:servicenow', { timeout: 120_000 }, () => {
  it('--dry-run on an empty instance plans an install and writes nothing; --exit-code makes it 3', async () => {
    const result = await deploy(configPath, { dryRun: true, exitCode: true });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/plan \[test\]: install x_ibr_incbridge 1\.0\.0/);
    expect(emulator.platform.counters.uploads).toBe(0);
    expect(emulator.installedApp()).toBeUndefined();
  });

  it('first deploy installs through now-sdk, then verifies version, roles and the endpoint', async () => {
    const result = await deploy(configPath, {});
    expect(result.code, result.stderr).toBe(0);
    expect(emulator.platform.counters.uploads).toBe(1);
    expect(emulator.installedApp()?.version).toBe('1.0.0');
    expect(result.stdout).toMatch(/ok {3}app version/);
    expect(result.stdout).toMatch(/ok {3}roles: x_ibr_incbridge\./);
    expect(result.stdout).toMatch(
      /ok {3}endpoint dry run: POST \/api\/x_ibr_incbridge\/v1\/incident_bridge\/incidents dryRun answered 200/,
    );
    expect(result.stderr).toMatch(/Installation completed/);
    expect(emulator.db.rows('incident')).toHaveLength(0); // the dry run wrote nothing
  });

  it('a second run with nothing changed is unchanged and makes no write call', async () => {
    const before = { ...emulator.platform.counters };
    const requestsBefore = emulator.requests.length;
    const result = await deploy(configPath, { json: true });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      action: 'unchanged',
      applied: false,
      ok: true,
      installedVersion: '1.0.0',
      builtVersion: '1.0.0',
    });
    expect(emulator.platform.counters).toEqual(before);
    const calls = emulator.requests.slice(requestsBefore);
    expect(calls.filter((r) => r.method !== 'GET' && !r.path.endsWith('/incidents'))).toEqual([]);
    expect(calls.reduce((sum, r) => sum + r.dbWrites, 0)).toBe(0);
  });

  it('works with OAuth client credentials for the admin', async () => {
    const result = await deploy(configPath, { env: 'oauth', dryRun: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/unchanged: x_ibr_incbridge 1\.0\.0 is already installed/);
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

  it('an integration user without the role fails the endpoint check with a 403 explanation', async () => {
    const result = await deploy(
      configPath,
      {},
      {
        ...SECRETS,
        SN_TEST_INTEGRATION_USER: 'service.desk.agent',
        SN_TEST_INTEGRATION_PASSWORD: 'sandbox-only-agent',
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /FAIL endpoint dry run: 403: service\.desk\.agent lacks the x_ibr_incbridge\.integration role/,
    );
  });

  it('missing variables are a config error naming them (never values)', async () => {
    const { GENESYS_TEST_SECRET: _unused, SN_TEST_ADMIN_PASSWORD: _also, ...partial } = SECRETS;
    const result = await deploy(configPath, { dryRun: true }, partial);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^incident-bridge: .*SN_TEST_ADMIN_PASSWORD/);
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
      const result = await deploy(configPath, { force: true }, SECRETS, 3000);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/did not finish within 3 s/);
    } finally {
      emulator.platform.faults.hangInstall = false;
    }
  });
});
