import { PassThrough, Readable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deployGenesysCommand } from '../../../scripts/commands/deploy-genesys.ts';
import {
  validateDeployConfig,
  resolveGenesysEnvironment,
} from '../../../scripts/lib/deploy-config/index.ts';
import {
  startFakeGenesysApi,
  type FakeGenesysApi,
  type FakeGenesysApiOptions,
} from '../../fakes/genesys-api.ts';
import { genesysDoctorChecks } from '../../../scripts/genesys/doctor-checks.ts';

const CONFIG = `version: 1
environments:
  dev:
    genesys:
      region: mypurecloud.ie
      clientIdEnv: G_ID
      clientSecretEnv: G_SECRET
      integrationName: Bridge
      credentials: { type: basic, usernameEnv: SN_USER, passwordEnv: SN_PASS }
    servicenow:
      instanceUrl: https://dev1.service-now.com
      auth: { type: basic, userEnv: A, passwordEnv: B }
`;
const ENV = {
  G_ID: 'doctor-client',
  G_SECRET: 'doctor-secret-value',
  SN_USER: 'svc',
  SN_PASS: 'doctor-sn-password',
};

const open: FakeGenesysApi[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
});

async function setup(options: FakeGenesysApiOptions = {}) {
  const fake = await startFakeGenesysApi({
    clientId: ENV.G_ID,
    clientSecret: ENV.G_SECRET,
    ...options,
  });
  open.push(fake);
  const gateway = { host: '127.0.0.1', protocol: 'http' as const, port: fake.port };
  const target = resolveGenesysEnvironment(validateDeployConfig(CONFIG), 'dev', ENV);
  const deploy = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'c.yaml'), CONFIG);
    const code = await deployGenesysCommand(
      { env: 'dev', configPath: join(dir, 'c.yaml') },
      { stdin: Readable.from([]), stdout: new PassThrough(), stderr: new PassThrough() },
      { env: ENV, gateway },
    );
    expect(code).toBe(0);
  };
  return { fake, gateway, target, deploy };
}

describe('genesysDoctorChecks', () => {
  it('passes on a deployed org, ending with the dryRun action test, and writes nothing but the test', async () => {
    const s = await setup();
    await s.deploy();
    const writes = s.fake.writeCalls().length;
    const checks = await genesysDoctorChecks({ target: s.target, gateway: s.gateway });
    expect(checks.map((c) => `${c.status} ${c.name}`)).toEqual([
      'ok login',
      'ok integration "Bridge"',
      'ok credentials "Bridge (ServiceNow credentials)"',
      'ok action "Create ServiceNow Incident"',
      'ok action "Get ServiceNow Incident"',
      // the Architect side, as deploy would publish it (content hash read back)
      'ok flow "Create ServiceNow Incident"',
      'ok flow "Incident Bridge - Inbound Call"',
      'ok flow "Incident Bridge - Inbound Message"',
      'ok flow "Incident Bridge - Conversation End"',
      'ok trigger "Incident Bridge - Conversation End"',
      'ok action test',
    ]);
    expect(
      s.fake
        .writeCalls()
        .slice(writes)
        .map((c) => c.path),
    ).toEqual([expect.stringMatching(/^\/api\/v2\/integrations\/actions\/[^/]+\/test$/)]);
  });

  it('says what to run on an empty org', async () => {
    const s = await setup();
    const checks = await genesysDoctorChecks({ target: s.target, gateway: s.gateway });
    expect(checks.find((c) => c.name === 'integration "Bridge"')).toMatchObject({
      status: 'fail',
      fix: 'run npm run deploy:genesys -- --env dev',
    });
    expect(checks.at(-1)).toMatchObject({ name: 'action test', status: 'skip' });
    expect(
      checks.find((c) => c.name === 'trigger "Incident Bridge - Conversation End"'),
    ).toMatchObject({
      status: 'fail',
      fix: 'run npm run deploy:genesys -- --env dev',
    });
    expect(s.fake.writeCalls()).toHaveLength(0);
  });

  it('flags a disabled integration and a failing action test with a likely cause', async () => {
    const s = await setup({
      testResult: () => ({
        success: false,
        error: {
          message:
            'REST call for action execute failed. Message: Request to backend service failed. Response from web service: 401 Unauthorized',
        },
      }),
    });
    await s.deploy();
    for (const integration of s.fake.state.integrations.values())
      integration.intendedState = 'DISABLED';
    const checks = await genesysDoctorChecks({ target: s.target, gateway: s.gateway });
    expect(checks.find((c) => c.name.startsWith('integration'))).toMatchObject({ status: 'fail' });
    expect(checks.at(-1)).toMatchObject({
      name: 'action test',
      status: 'fail',
      fix: expect.stringContaining('ServiceNow refused the integration credentials'),
    });
  });

  it('reports a refused login and a missing permission as checks, not exceptions', async () => {
    const s = await setup({ grantedPermissions: ['integrations:integration:view'] });
    const wrong = resolveGenesysEnvironment(validateDeployConfig(CONFIG), 'dev', {
      ...ENV,
      G_SECRET: 'nope-nope',
    });
    const refused = await genesysDoctorChecks({ target: wrong, gateway: s.gateway });
    expect(refused).toEqual([
      expect.objectContaining({
        name: 'login',
        status: 'fail',
        detail: expect.stringContaining('401'),
      }),
    ]);
    s.fake.seedIntegration('Bridge'); // so the plan goes on to read the actions
    const denied = await genesysDoctorChecks({ target: s.target, gateway: s.gateway });
    expect(denied.at(-1)).toMatchObject({
      name: 'permissions',
      status: 'fail',
      detail: expect.stringContaining('integrations:action:view'),
    });
  });
});
