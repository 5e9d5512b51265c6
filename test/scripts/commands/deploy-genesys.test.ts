/**
 * deploy:genesys end to end: the real SDK over loopback HTTP against the fake Platform API
 * (test/fakes/genesys-api.ts). Waits are recorded, not slept.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deployGenesysCommand,
  type DeployGenesysOptions,
} from '../../../scripts/commands/deploy-genesys.ts';
import { EXIT_PLAN_HAS_CHANGES } from '../../../scripts/lib/errors.ts';
import { runCommand } from '../../../scripts/lib/report.ts';
import {
  customAuthActionId,
  startFakeGenesysApi,
  type FakeAction,
  type FakeGenesysApi,
  type FakeGenesysApiOptions,
} from '../../fakes/genesys-api.ts';
import { customAuthActionConfig } from '../../../scripts/genesys/deploy.ts';
import { JOB_POLL_MS } from '../../../scripts/genesys/flow-deploy.ts';
import { buildGenesysArtifacts } from '../../../genesys/index.ts';

/** Distinctive values, so a leak anywhere in the output is found by a plain search. */
const SECRETS = {
  G_ID: 'gen-client-id-7f3a91c2',
  G_SECRET: 'Genesys-Secret-9b2c!x/y+z=',
  SN_USER: 'svc.genesys.integration.5e1',
  SN_PASS: 'SN-Pa$$w0rd-4d8e"quote\\back',
  SN_OAUTH_ID: 'sn-oauth-client-id-3c9d',
  SN_OAUTH_SECRET: 'sn-oauth-secret-8a7b&=?',
};

const CREATE = 'Create ServiceNow Incident';
const GET = 'Get ServiceNow Incident';
const INTEGRATION = 'ServiceNow Incident Bridge (test)';

interface ConfigOptions {
  credentials?: 'basic' | 'oauth';
  timeoutSeconds?: number;
  secure?: boolean;
  /** false: only the Data Actions (no flows, no trigger). */
  flows?: boolean;
}

function configText(options: ConfigOptions = {}): string {
  const credentials =
    options.credentials === 'oauth'
      ? [
          '        type: oauth',
          '        clientIdEnv: SN_OAUTH_ID',
          '        clientSecretEnv: SN_OAUTH_SECRET',
          '        tokenUrl: https://dev12345.service-now.com/oauth_token.do',
        ]
      : ['        type: basic', '        usernameEnv: SN_USER', '        passwordEnv: SN_PASS'];
  return [
    'version: 1',
    'environments:',
    '  test:',
    '    genesys:',
    '      region: mypurecloud.de',
    '      clientIdEnv: G_ID',
    '      clientSecretEnv: G_SECRET',
    `      integrationName: ${INTEGRATION}`,
    ...(options.timeoutSeconds ? [`      timeoutSeconds: ${options.timeoutSeconds}`] : []),
    ...(options.secure !== undefined ? [`      secure: ${options.secure}`] : []),
    ...(options.flows === false ? ['      flows:', '        enabled: false'] : []),
    '      credentials:',
    ...credentials,
    '    servicenow:',
    '      instanceUrl: https://dev12345.service-now.com',
    '      auth:',
    '        type: basic',
    '        userEnv: SN_ADMIN',
    '        passwordEnv: SN_ADMIN_PASS',
    '',
  ].join('\n');
}

interface Harness {
  fake: FakeGenesysApi;
  configPath: string;
  env: Record<string, string>;
  sleeps: number[];
  /** Everything every run printed, for the secret scan. */
  printed: string[];
  setConfig(options: ConfigOptions): void;
  run(
    options?: Partial<DeployGenesysOptions>,
    overrides?: { env?: Record<string, string>; random?: () => number },
  ): Promise<{ code: number; stdout: string; stderr: string; writes: number }>;
}

const open: FakeGenesysApi[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
});

async function harness(
  config: ConfigOptions = {},
  fakeOptions: FakeGenesysApiOptions = {},
): Promise<Harness> {
  const fake = await startFakeGenesysApi({
    clientId: SECRETS.G_ID,
    clientSecret: SECRETS.G_SECRET,
    ...fakeOptions,
  });
  open.push(fake);
  const dir = mkdtempSync(join(tmpdir(), 'deploy-genesys-'));
  const configPath = join(dir, 'incident-bridge.yaml');
  const h: Harness = {
    fake,
    configPath,
    env: { ...SECRETS },
    sleeps: [],
    printed: [],
    setConfig: (options) => writeFileSync(configPath, configText(options)),
    async run(options = {}, overrides = {}) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (chunk) => (out += chunk));
      stderr.on('data', (chunk) => (err += chunk));
      const before = fake.writeCalls().length;
      const io = { stdin: Readable.from([]), stdout, stderr };
      // through the CLI's one error reporter, as `incident-bridge deploy genesys` runs it
      const code = await runCommand(io, { command: 'deploy:genesys', json: options.json }, () =>
        deployGenesysCommand({ env: 'test', configPath, ...options }, io, {
          env: overrides.env ?? h.env,
          gateway: { host: '127.0.0.1', protocol: 'http', port: fake.port },
          sleep: async (ms) => {
            h.sleeps.push(ms);
          },
          random: overrides.random,
          timeoutMs: 5000,
        }),
      );
      h.printed.push(out, err);
      return { code, stdout: out, stderr: err, writes: fake.writeCalls().length - before };
    },
  };
  h.setConfig(config);
  return h;
}

/** The waits that were not polls of a flow import job. */
const retryWaits = (h: Harness) => h.sleeps.filter((ms) => ms !== JOB_POLL_MS);

function actionsNamed(fake: FakeGenesysApi, name: string): FakeAction[] {
  return [...fake.state.actions.values()].filter(
    (a) => (a.published ?? a.draft)?.name === name && !a.customAuth,
  );
}

function published(fake: FakeGenesysApi, name: string) {
  const [action, ...more] = actionsNamed(fake, name);
  expect(more).toHaveLength(0);
  expect(action?.published).toBeDefined();
  return action as FakeAction & { published: NonNullable<FakeAction['published']> };
}

/** The state a successful deploy leaves, whatever happened before. */
function expectConverged(fake: FakeGenesysApi, credentialType = 'basicAuth') {
  const integrations = [...fake.state.integrations.values()];
  expect(integrations.map((i) => i.name)).toEqual([INTEGRATION]);
  const integration = integrations[0] as (typeof integrations)[number];
  expect(integration.intendedState).toBe('ENABLED');
  const credentials = [...fake.state.credentials.values()];
  expect(credentials).toHaveLength(1);
  expect(integration.config.credentials.basicAuth?.id).toBe(credentials[0]?.id);
  expect(credentials[0]?.type.name).toBe(credentialType);
  const generated = buildGenesysArtifacts({
    instanceUrl: 'https://dev12345.service-now.com',
    integrationId: integration.id,
  });
  for (const [name, desired] of [
    [CREATE, generated.actions.createIncident],
    [GET, generated.actions.getIncident],
  ] as const) {
    const action = published(fake, name);
    expect(action.draft).toBeUndefined();
    expect(action.published.integrationId).toBe(integration.id);
    expect(action.published.contract).toEqual(desired.contract);
    if (credentialType === 'basicAuth') expect(action.published.config).toEqual(desired.config);
  }
  return integration;
}

describe('deploy:genesys against the fake Platform API', () => {
  it('first deploy creates the integration, its credentials and both actions, published', async () => {
    const h = await harness();
    const { code, stdout, writes } = await h.run();
    expect(code).toBe(0);
    const integration = expectConverged(h.fake);
    const credential = [...h.fake.state.credentials.values()][0];
    expect(credential?.credentialFields).toEqual({
      userName: SECRETS.SN_USER,
      password: SECRETS.SN_PASS,
    });
    expect(integration.config.name).toBe(INTEGRATION);
    expect(stdout).toContain(`created             integration  ${INTEGRATION}`);
    expect(stdout).toContain(`created             action       ${CREATE}`);
    expect(stdout).toContain(`created             flow         ${CREATE}`);
    expect(stdout).toContain('created             trigger      Incident Bridge - Conversation End');
    expect(stdout).toContain('Done: 9 created, 0 unchanged.');
    // integration, credentials, config, enable, and per action: draft + publish; per flow: a job
    // and its upload (module first); the trigger
    expect(writes).toBe(8 + 4 * 2 + 1);
    const flows = [...h.fake.architect.flows.values()];
    expect(flows.map((f) => [f.type, f.name])).toEqual([
      ['commonmodule', CREATE],
      ['inboundcall', 'Incident Bridge - Inbound Call'],
      ['inboundshortmessage', 'Incident Bridge - Inbound Message'],
      ['workflow', 'Incident Bridge - Conversation End'],
    ]);
    // the flows call the action under the integration's name
    expect(flows[0]?.yaml).toContain(`${INTEGRATION}:`);
    const [trigger, ...others] = [...h.fake.architect.triggers.values()];
    expect(others).toEqual([]);
    expect(trigger?.target.id).toBe(flows[3]?.id);
    expect(trigger?.topicName).toBe('v2.detail.events.conversation.{id}.customer.end');
    // the generated placeholder never reaches Genesys
    expect(JSON.stringify([...h.fake.state.actions.values()])).not.toContain(
      'INCIDENT_BRIDGE_INTEGRATION_ID_SET_BY_DEPLOY',
    );
  });

  it('a second run with nothing changed makes zero write calls and says unchanged', async () => {
    const h = await harness();
    expect((await h.run()).code).toBe(0);
    const second = await h.run();
    expect(second.code).toBe(0);
    expect(second.writes).toBe(0);
    expect(second.stdout).toContain('Done: no changes, everything is up to date (9 unchanged).');
    for (const line of second.stdout.split('\n').filter((l) => l.startsWith('  ')))
      expect(line.trim()).toMatch(/^unchanged/);
  });

  it('also converges when the API returns templates inline', async () => {
    const h = await harness({}, { inlineTemplates: true });
    expect((await h.run()).code).toBe(0);
    expect((await h.run()).writes).toBe(0);
  });

  it('updates a changed request template in place: same action, new published version', async () => {
    const h = await harness();
    await h.run();
    const before = published(h.fake, CREATE);
    const generatedTemplate = (before.published.config.request as { requestTemplate: string })
      .requestTemplate;
    (before.published.config.request as { requestTemplate: string }).requestTemplate =
      generatedTemplate.replace('"channel"', '"medium"');

    const { code, stdout, writes } = await h.run();
    expect(code).toBe(0);
    expect(stdout).toContain(`updated             action       ${CREATE}`);
    expect(stdout).toContain('~ config.request.requestTemplate:');
    const after = published(h.fake, CREATE);
    expect(after.id).toBe(before.id);
    expect(after.published.version).toBe(2);
    expect((after.published.config.request as { requestTemplate: string }).requestTemplate).toBe(
      generatedTemplate,
    );
    // start a draft, patch it, publish it; nothing else
    expect(writes).toBe(3);
    expect((await h.run()).writes).toBe(0);
  });

  it('updates a changed timeout (a config change from incident-bridge.yaml) in place for both actions', async () => {
    const h = await harness();
    await h.run();
    h.setConfig({ timeoutSeconds: 45 });
    const { code, stdout } = await h.run();
    expect(code).toBe(0);
    expect(stdout).toContain('~ config.timeoutSeconds: 20 → 45');
    // the flows do not depend on the action timeout: they stay as they are
    expect(stdout).toContain('Done: 2 updated, 7 unchanged.');
    expect(
      (published(h.fake, CREATE).published.config as { timeoutSeconds: number }).timeoutSeconds,
    ).toBe(45);
    expect(
      (published(h.fake, GET).published.config as { timeoutSeconds: number }).timeoutSeconds,
    ).toBe(45);
  });

  it('re-reads the draft version and retries when a draft update hits 409', async () => {
    const h = await harness();
    await h.run();
    h.setConfig({ timeoutSeconds: 30 });
    h.fake.failNext({ status: 409, match: { method: 'PATCH', path: /\/draft$/ } });
    const { code } = await h.run();
    expect(code).toBe(0);
    const patches = h.fake.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith('/draft'));
    expect(patches.map((c) => c.status)).toEqual([409, 200, 200]);
    expect((await h.run()).writes).toBe(0);
  });

  it('creates "<name> v2" for a contract change, leaves the old action alone and says which flows to repoint', async () => {
    const h = await harness();
    await h.run();
    const old = published(h.fake, CREATE);
    // the published contract differs from the generated one (as after a schema change)
    const input = (
      old.published.contract.input as { inputSchema: { properties: Record<string, unknown> } }
    ).inputSchema;
    delete input.properties.dryRun;
    const oldSnapshot = structuredClone(old.published);

    const { code, stdout } = await h.run();
    expect(code).toBe(0);
    expect(stdout).toContain(`new version created action       ${CREATE} → ${CREATE} v2`);
    expect(stdout).toContain('+ contract.input.properties.dryRun:');
    expect(stdout).toMatch(
      new RegExp(
        `warning: .*created "${CREATE} v2".*flows calling it keep working; repoint them to "${CREATE} v2"`,
      ),
    );
    expect(published(h.fake, CREATE).published).toEqual(oldSnapshot);
    const v2 = published(h.fake, `${CREATE} v2`);
    expect(v2.id).not.toBe(old.id);
    expect((v2.published.contract.input as { inputSchema: unknown }).inputSchema).toEqual(
      buildGenesysArtifacts({}).actions.createIncident.contract.input.inputSchema,
    );
    // v2 is now the action deploy maintains: a rerun has nothing to do
    const rerun = await h.run();
    expect(rerun.writes).toBe(0);
    expect(rerun.stdout).toContain(`unchanged           action       ${CREATE} v2`);
  });

  it('treats a change of the secure flag as a new version too (Genesys keeps it on published actions)', async () => {
    // secure actions cannot be called from the generated flows: only with flows turned off
    const h = await harness({ flows: false });
    await h.run();
    h.setConfig({ secure: true, flows: false });
    const { code, stdout } = await h.run();
    expect(code).toBe(0);
    expect(stdout).toContain('~ secure: false → true');
    expect(published(h.fake, `${CREATE} v2`).published.secure).toBe(true);
    expect(published(h.fake, `${GET} v2`).published.secure).toBe(true);
    expect(published(h.fake, CREATE).published.secure).toBe(false);
    expect(h.fake.architect.flows.size).toBe(0);
  });

  it('refuses secure actions with the generated flows, saying why (exit 2, nothing written)', async () => {
    const h = await harness({ secure: true });
    const { code, stderr, writes } = await h.run();
    expect(code).toBe(2);
    expect(writes).toBe(0);
    expect(stderr).toContain('Call Secure Data in secure call flows');
  });

  it('ignores contract differences in titles and descriptions only', async () => {
    const h = await harness();
    await h.run();
    const action = published(h.fake, CREATE);
    (
      action.published.contract.input as { inputSchema: { description: string } }
    ).inputSchema.description = 'edited in the UI';
    const { code, stdout, writes } = await h.run();
    expect(code).toBe(0);
    expect(writes).toBe(0);
    expect(stdout).toContain('only titles/descriptions of the contract differ');
  });

  describe('--dry-run', () => {
    it('plans a first deploy and writes nothing', async () => {
      const h = await harness();
      const { code, stdout, writes } = await h.run({ dryRun: true });
      expect(code).toBe(0);
      expect(writes).toBe(0);
      expect(h.fake.state.integrations.size).toBe(0);
      expect(stdout).toContain('dry run, nothing is written');
      expect(stdout).toMatch(/create\s+integration\s+ServiceNow Incident Bridge \(test\)/);
      expect(stdout).toMatch(/create\s+credentials/);
      expect(stdout).toMatch(new RegExp(`create\\s+action\\s+${CREATE}`));
      for (const flow of [
        CREATE,
        'Incident Bridge - Inbound Call',
        'Incident Bridge - Inbound Message',
        'Incident Bridge - Conversation End',
      ])
        expect(stdout).toMatch(new RegExp(`create\\s+flow\\s+${flow}`));
      expect(stdout).toMatch(/create\s+trigger\s+Incident Bridge - Conversation End/);
      expect(stdout).toContain('Plan: 9 to create, 0 unchanged.');
    });

    it('shows an update with a readable diff, and --exit-code makes it exit 3', async () => {
      const h = await harness();
      await h.run();
      const action = published(h.fake, CREATE);
      const request = action.published.config.request as { requestTemplate: string };
      request.requestTemplate = request.requestTemplate.replace('"channel"', '"medium"');
      const { code, stdout, writes } = await h.run({ dryRun: true, exitCode: true });
      expect(code).toBe(EXIT_PLAN_HAS_CHANGES);
      expect(writes).toBe(0);
      expect(stdout).toMatch(new RegExp(`update\\s+action\\s+${CREATE}`));
      expect(stdout).toContain('~ config.request.requestTemplate:');
      expect(stdout).toContain('-   "medium": "$esc.jsonString($input.channel)",');
      expect(stdout).toContain('+   "channel": "$esc.jsonString($input.channel)",');
      expect(stdout).toContain('Plan: 1 to update, 8 unchanged.');
      // without --exit-code a plan with changes is still a success
      expect((await h.run({ dryRun: true })).code).toBe(0);
    });

    it('shows needs-new-version for a contract change, with the name it would create', async () => {
      const h = await harness({ flows: false });
      await h.run();
      h.setConfig({ secure: true, flows: false });
      const { code, stdout, writes } = await h.run({ dryRun: true, exitCode: true });
      expect(code).toBe(3);
      expect(writes).toBe(0);
      expect(stdout).toMatch(new RegExp(`needs-new-version\\s+action\\s+${CREATE} → ${CREATE} v2`));
      expect(stdout).toContain(`would create "${CREATE} v2"`);
      expect(stdout).toContain('Plan: 2 needing a new version, 2 unchanged.');
      expect(actionsNamed(h.fake, `${CREATE} v2`)).toHaveLength(0);
    });

    it('exits 0 with --exit-code when there is nothing to do', async () => {
      const h = await harness();
      await h.run();
      const { code, stdout, writes } = await h.run({ dryRun: true, exitCode: true });
      expect(code).toBe(0);
      expect(writes).toBe(0);
      expect(stdout).toContain('Plan: no changes, everything is up to date (9 unchanged).');
    });

    it('prints one JSON document with --json', async () => {
      const h = await harness();
      const { code, stdout } = await h.run({ dryRun: true, json: true });
      expect(code).toBe(0);
      const document = JSON.parse(stdout);
      expect(document).toMatchObject({
        command: 'deploy:genesys',
        environment: 'test',
        region: 'mypurecloud.de',
        dryRun: true,
        ok: true,
        changed: true,
        error: null,
      });
      expect(
        document.items.map((i: { kind: string; action: string }) => `${i.kind}:${i.action}`),
      ).toEqual([
        'integration:create',
        'credentials:create',
        'action:create',
        'action:create',
        'flow:create',
        'flow:create',
        'flow:create',
        'flow:create',
        'trigger:create',
      ]);
    });
  });

  it('honours Retry-After on 429 (with jitter) and then succeeds', async () => {
    const h = await harness();
    h.fake.failNext({
      status: 429,
      retryAfter: '7',
      match: { method: 'POST', path: '/api/v2/integrations/actions/drafts' },
    });
    const { code, stderr } = await h.run({}, { random: () => 0.5 });
    expect(code).toBe(0);
    expect(retryWaits(h)).toEqual([7700]); // 7 s + 0.2 × 0.5 jitter
    expect(stderr).toContain('rate limited, retrying in 7.7 s');
    const drafts = h.fake.calls.filter(
      (c) => c.method === 'POST' && c.path.endsWith('/actions/drafts'),
    );
    expect(drafts.map((c) => c.status)).toEqual([429, 200, 200]);
    expectConverged(h.fake);
  });

  it('keeps the jitter within 20 % of Retry-After', async () => {
    const h = await harness();
    h.fake.failNext({
      status: 429,
      retryAfter: '3',
      match: { method: 'GET', path: '/api/v2/integrations' },
    });
    expect((await h.run()).code).toBe(0);
    expect(retryWaits(h)).toHaveLength(1);
    expect(retryWaits(h)[0]).toBeGreaterThanOrEqual(3000);
    expect(retryWaits(h)[0]).toBeLessThanOrEqual(3600);
  });

  it('gives up on a 429 that lasts, in one line', async () => {
    const h = await harness();
    h.fake.failNext({
      status: 429,
      retryAfter: '1',
      times: 10,
      match: { method: 'GET', path: '/api/v2/integrations' },
    });
    const { code, stderr } = await h.run();
    expect(code).toBe(1);
    expect(retryWaits(h)).toHaveLength(3);
    expect(stderr).toContain('kept answering 429');
  });

  it('says in one clear line why login failed (401: wrong client id/secret or region)', async () => {
    const h = await harness();
    const { code, stdout, stderr } = await h.run(
      {},
      { env: { ...h.env, G_SECRET: 'Wrong-Secret-1234' } },
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const errors = stderr.split('\n').filter((line) => line && !line.includes('logging in'));
    expect(errors).toEqual([
      'incident-bridge: Genesys Cloud login to mypurecloud.de was refused (401 invalid_client): the OAuth client id or secret is wrong, the client is not a Client Credentials client, or it belongs to an org in another region than mypurecloud.de (check genesys.region)',
    ]);
    expect(h.fake.writeCalls()).toHaveLength(0);
  });

  it('logs in again once when the token stops working mid-run', async () => {
    const h = await harness();
    await h.run();
    h.setConfig({ timeoutSeconds: 25 });
    h.fake.failNext({
      status: 401,
      match: { method: 'GET', path: /\/api\/v2\/integrations\/actions$/ },
    });
    const { code } = await h.run();
    expect(code).toBe(0);
    expect(h.fake.calls.filter((c) => c.path === '/oauth/token')).toHaveLength(3);
  });

  it('fails in one line when the token is refused even after logging in again', async () => {
    const h = await harness();
    h.fake.failNext({
      status: 401,
      times: 2,
      match: { method: 'GET', path: '/api/v2/integrations' },
    });
    const { code, stderr } = await h.run();
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /list integrations: Genesys Cloud rejected the access token \(401 bad.credentials\) even after logging in again/,
    );
  });

  it('names the missing permission on 403', async () => {
    const h = await harness(
      {},
      {
        grantedPermissions: [
          'integrations:integration:view',
          'integrations:integration:add',
          'integrations:integration:edit',
          'integrations:action:view',
          'integrations:action:edit',
        ],
      },
    );
    const { code, stderr } = await h.run();
    expect(code).toBe(1);
    expect(stderr).toContain(
      `create draft of action "${CREATE}": refused (403 missing.permissions), the OAuth client's role lacks a permission: Unable to perform the requested action. You are missing the following permission(s): [integrations:action:add]`,
    );
    expect(stderr).toContain('run the same deploy again to continue from here');
  });

  it('refuses to guess between two integrations of the same name', async () => {
    const h = await harness();
    h.fake.seedIntegration(INTEGRATION);
    h.fake.seedIntegration(INTEGRATION);
    const { code, stderr } = await h.run();
    expect(code).toBe(1);
    expect(stderr).toContain(`2 Web Services Data Actions integrations are named "${INTEGRATION}"`);
    expect(h.fake.writeCalls()).toHaveLength(0);
  });

  it('finds its actions by exact name although the API filter is a partial match (and pages)', async () => {
    const h = await harness({}, { maxPageSize: 2 });
    await h.run();
    const integrationId = [...h.fake.state.integrations.values()][0]?.id as string;
    const other = h.fake.seedIntegration('Someone else');
    const template = published(h.fake, CREATE).published;
    const seed = (name: string, integration: string) =>
      h.fake.state.actions.set(`seed-${name}`, {
        id: `seed-${name}`,
        published: { ...structuredClone(template), name, integrationId: integration, version: 1 },
      });
    seed(`${CREATE} Report`, integrationId);
    seed(`Legacy ${CREATE}`, integrationId);
    seed(`${CREATE} v2 (old)`, integrationId);
    seed(`${CREATE} v7`, other.id);
    const { code, writes, stdout } = await h.run();
    expect(code).toBe(0);
    expect(writes).toBe(0);
    expect(stdout).toContain(`unchanged           action       ${CREATE}\n`);
    expect(stdout).toContain(
      `warning: an action named "${CREATE} v7" also exists in another integration`,
    );
    // paging: several list pages were read
    expect(
      h.fake.calls.some(
        (c) => c.path === '/api/v2/integrations/actions' && c.query.pageNumber === '2',
      ),
    ).toBe(true);
  });

  describe('an interrupted deploy converges on the rerun', () => {
    // a full first deploy makes 8 writes; fail each one in turn
    for (let failing = 0; failing < 8; failing++) {
      it(`when write ${failing + 1} fails (500, nothing written)`, async () => {
        const h = await harness();
        h.fake.failNext({ status: 500, match: 'write', skip: failing });
        const first = await h.run();
        expect(first.code).toBe(1);
        expect(first.stderr).toContain('Genesys Cloud answered 500 internal.server.error');
        const second = await h.run();
        expect(second.code).toBe(0);
        expectConverged(h.fake);
        expect((await h.run()).writes).toBe(0);
      });

      it(`when the reply to write ${failing + 1} is lost after Genesys applied it (504)`, async () => {
        const h = await harness();
        h.fake.failNext({ status: 504, match: 'write', skip: failing, afterApplying: true });
        expect((await h.run()).code).toBe(1);
        expect((await h.run()).code).toBe(0);
        expectConverged(h.fake);
        expect((await h.run()).writes).toBe(0);
      });
    }

    it('after the third write fails, as in the brief', async () => {
      const h = await harness();
      h.fake.failNext({ status: 500, match: 'write', skip: 2 });
      const first = await h.run();
      expect(first.code).toBe(1);
      expect(first.writes).toBe(3);
      const second = await h.run();
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/updated\s+integration/);
      expectConverged(h.fake);
    });
  });

  it('rolls out a rotated ServiceNow password, then is quiet again', async () => {
    const h = await harness();
    await h.run();
    const rotated = 'Rotated-Pa55word-2026!';
    const { code, stdout, writes } = await h.run({}, { env: { ...h.env, SN_PASS: rotated } });
    expect(code).toBe(0);
    expect(stdout).toMatch(/updated\s+credentials/);
    expect(stdout).not.toContain(rotated);
    expect(writes).toBe(2); // the credential, and the fingerprint in the integration notes
    expect([...h.fake.state.credentials.values()][0]?.credentialFields.password).toBe(rotated);
    expect((await h.run({}, { env: { ...h.env, SN_PASS: rotated } })).writes).toBe(0);
  });

  it('sets up User Defined (OAuth) credentials, the custom auth action and bearer headers', async () => {
    const h = await harness({ credentials: 'oauth' });
    const { code, stdout } = await h.run();
    expect(code).toBe(0);
    const integration = expectConverged(h.fake, 'userDefinedOAuth');
    expect([...h.fake.state.credentials.values()][0]?.credentialFields).toEqual({
      clientId: SECRETS.SN_OAUTH_ID,
      clientSecret: SECRETS.SN_OAUTH_SECRET,
      loginUrl: 'https://dev12345.service-now.com/oauth_token.do',
    });
    const auth = h.fake.state.actions.get(customAuthActionId(integration.id));
    expect(auth?.published?.config).toEqual(customAuthActionConfig());
    expect(stdout).toMatch(/updated\s+auth-action/);
    const headers = (published(h.fake, CREATE).published.config.request as { headers: object })
      .headers;
    expect(headers).toMatchObject({ Authorization: 'Bearer ${authResponse.access_token}' });
    expect((await h.run()).writes).toBe(0);
  });

  describe('--smoke', () => {
    it('tests the create action with dryRun: true', async () => {
      const h = await harness();
      const { code, stdout } = await h.run({ smoke: true });
      expect(code).toBe(0);
      expect(stdout).toContain(`smoke: "${CREATE}" test passed`);
      const test = h.fake.calls.find((c) => c.path.endsWith('/test'));
      expect(test?.path).toBe(`/api/v2/integrations/actions/${published(h.fake, CREATE).id}/test`);
      expect(test?.body).toMatchObject({ channel: 'voice', dryRun: true });
    });

    it('fails the run when the test fails', async () => {
      const h = await harness(
        {},
        {
          testResult: () => ({
            success: false,
            operations: [
              {
                step: 2,
                name: 'Execute',
                success: false,
                error: { message: 'HTTP 403 from ServiceNow' },
              },
            ],
          }),
        },
      );
      const { code, stdout } = await h.run({ smoke: true });
      expect(code).toBe(1);
      expect(stdout).toContain(`smoke: "${CREATE}" test FAILED: HTTP 403 from ServiceNow`);
    });

    it('is skipped by --dry-run', async () => {
      const h = await harness();
      const { code, stdout } = await h.run({ smoke: true, dryRun: true });
      expect(code).toBe(0);
      expect(stdout).toContain('smoke: skipped (--dry-run)');
      expect(h.fake.calls.some((c) => c.path.endsWith('/test'))).toBe(false);
    });
  });

  describe('configuration problems exit 2', () => {
    it('for an unknown environment', async () => {
      const h = await harness();
      const { code, stderr } = await h.run({ env: 'prod' });
      expect(code).toBe(2);
      expect(stderr).toContain('unknown environment "prod"');
      expect(h.fake.calls).toHaveLength(0);
    });

    it('for missing variables, naming them', async () => {
      const h = await harness();
      const { G_SECRET: _unused, ...env } = h.env;
      const { code, stderr, stdout } = await h.run({ json: true }, { env });
      expect(code).toBe(2);
      expect(stderr).toContain('not set (or empty): G_SECRET');
      expect(JSON.parse(stdout).error.message).toContain('G_SECRET');
    });

    it('for an invalid file, listing every problem', async () => {
      const h = await harness();
      writeFileSync(h.configPath, configText().replace('mypurecloud.de', 'https://mypurecloud.de'));
      const { code, stderr } = await h.run();
      expect(code).toBe(2);
      expect(stderr).toContain('invalid deploy configuration (1 problem):');
      expect(stderr).toContain('incident-bridge.yaml:5:15 environments.test.genesys.region:');
    });
  });

  it('never prints a secret: text, JSON, progress, errors, and errors that echo a secret', async () => {
    const h = await harness();
    await h.run({ dryRun: true });
    await h.run({ dryRun: true, json: true });
    await h.run({ json: true });
    await h.run({ smoke: true });
    await h.run({}, { env: { ...h.env, SN_PASS: SECRETS.SN_PASS + '-rotated' } });
    // a server error that quotes the password back
    h.fake.failNext({
      status: 400,
      match: { method: 'PUT', path: /\/credentials\// },
      body: { message: `password ${SECRETS.SN_PASS} rejected`, code: 'bad.request', status: 400 },
    });
    const echoed = await h.run({ json: true });
    expect(echoed.code).toBe(1);
    expect(JSON.parse(echoed.stdout).error.message).toContain('password *** rejected');
    await h.run({}, { env: { ...h.env, G_SECRET: SECRETS.G_SECRET + 'x' } });
    const oauth = await harness({ credentials: 'oauth' });
    await oauth.run({ json: true });
    await oauth.run({ dryRun: true });

    const everything = [...h.printed, ...oauth.printed].join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of [...Object.values(SECRETS), SECRETS.SN_PASS + '-rotated']) {
      expect(everything, `leaked ${secret.slice(0, 4)}…`).not.toContain(secret);
      // as it would appear inside a JSON string
      expect(everything).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
  });
});
