/**
 * doctor against both fakes at once: the fake Genesys Platform API (after a real deploy into
 * it) and the ServiceNow emulator running the built app.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployGenesysCommand } from '../../../scripts/commands/deploy-genesys.ts';
import { doctorCommand, type DoctorOptions } from '../../../scripts/commands/doctor.ts';
import { startFakeGenesysApi, type FakeGenesysApi } from '../../fakes/genesys-api.ts';
import {
  startServiceNowEmulator,
  type ServiceNowEmulator,
} from '../../../scripts/sandbox/servicenow-emulator/emulator.ts';
import { captureIo } from '../../helpers/capture-io.ts';

const ENV = {
  G_ID: 'doctor-genesys-client',
  G_SECRET: 'doctor-genesys-secret-value',
  SN_INT_USER: 'genesys.integration',
  SN_INT_PASSWORD: 'sandbox-only-integration',
  SN_ADMIN_USER: 'admin',
  SN_ADMIN_PASSWORD: 'sandbox-only-admin',
};

let fake: FakeGenesysApi;
let emulator: ServiceNowEmulator;
let configPath: string;
const gateway = () => ({ host: '127.0.0.1', protocol: 'http' as const, port: fake.port });

beforeAll(async () => {
  fake = await startFakeGenesysApi({ clientId: ENV.G_ID, clientSecret: ENV.G_SECRET });
  emulator = await startServiceNowEmulator();
  configPath = join(mkdtempSync(join(tmpdir(), 'ib-doctor-')), 'incident-bridge.yaml');
  writeFileSync(
    configPath,
    `version: 1
environments:
  test:
    genesys:
      region: mypurecloud.de
      clientIdEnv: G_ID
      clientSecretEnv: G_SECRET
      integrationName: ServiceNow Incident Bridge (test)
      credentials:
        type: basic
        usernameEnv: SN_INT_USER
        passwordEnv: SN_INT_PASSWORD
    servicenow:
      instanceUrl: ${emulator.url}
      auth:
        type: basic
        userEnv: SN_ADMIN_USER
        passwordEnv: SN_ADMIN_PASSWORD
`,
  );
  const deployed = captureIo();
  const code = await deployGenesysCommand({ env: 'test', configPath }, deployed.io, {
    env: ENV,
    gateway: gateway(),
    sleep: async () => undefined,
  });
  expect(code, deployed.stderr).toBe(0);
});
afterAll(async () => {
  await fake.close();
  await emulator.close();
});

async function doctor(
  options: Partial<DoctorOptions> = {},
  environment: Record<string, string> = ENV,
) {
  const captured = captureIo();
  const code = await doctorCommand({ env: 'test', config: configPath, ...options }, captured.io, {
    environment,
    gateway: gateway(),
  });
  for (const secret of [
    environment.G_SECRET,
    environment.SN_INT_PASSWORD,
    environment.SN_ADMIN_PASSWORD,
  ]) {
    expect(captured.stdout + captured.stderr).not.toContain(secret);
  }
  return { code, stdout: captured.stdout };
}

describe('doctor', { timeout: 60_000 }, () => {
  it('passes every check on both tenants after a deploy, and writes no incident', async () => {
    const before = fake.writeCalls().length;
    const { code, stdout } = await doctor();
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/ok {3}genesys/);
    expect(stdout).toMatch(/ok {3}servicenow +endpoint as integration user/);
    expect(stdout).toMatch(/all checks passed/);
    expect(fake.writeCalls().length - before).toBeLessThanOrEqual(1); // at most the action test
    expect(emulator.db.rows('incident')).toHaveLength(0);
  });

  it('--json gives one document with every check', async () => {
    const { code, stdout } = await doctor({ json: true, only: 'servicenow' });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.every((c: { platform: string }) => c.platform === 'servicenow')).toBe(
      true,
    );
  });

  it('names the fix when the integration user lacks the role', async () => {
    const { code, stdout } = await doctor(
      { only: 'servicenow' },
      { ...ENV, SN_INT_USER: 'service.desk.agent', SN_INT_PASSWORD: 'sandbox-only-agent' },
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /FAIL servicenow +endpoint as integration user: 403: service\.desk\.agent lacks the role x_ibr_incbridge\.integration/,
    );
    expect(stdout).toMatch(/fix: grant x_ibr_incbridge\.integration to service\.desk\.agent/);
  });

  it('a wrong Genesys client secret fails the login check with its cause', async () => {
    const { code, stdout } = await doctor(
      { only: 'genesys' },
      { ...ENV, G_SECRET: 'wrong-genesys-secret' },
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL genesys/);
  });
});
