/**
 * The Architect half of deploy against the fake Platform API, through the real SDK over loopback:
 * module → callers → trigger, idempotent by the content hash read back from each flow, callers
 * republished with a changed module, import failures reported with Architect's messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveGenesysBuildConfig, type GenesysBuildConfig } from '../../../genesys/index.ts';
import { connectGenesys } from '../../../scripts/genesys/client.ts';
import { GenesysDeployment } from '../../../scripts/genesys/deploy.ts';
import {
  contentHash,
  FlowImportError,
  hashFromDescription,
  JOB_POLL_MS,
  withHashMarker,
} from '../../../scripts/genesys/flow-deploy.ts';
import { startFakeGenesysApi, type FakeGenesysApi } from '../../fakes/genesys-api.ts';
import { buildGenesysArtifacts } from '../../../genesys/index.ts';

const INTEGRATION = 'SN Bridge (flows)';
const open: FakeGenesysApi[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
});

async function setup() {
  const fake = await startFakeGenesysApi();
  open.push(fake);
  const sleeps: number[] = [];
  const deploy = async (overrides: Partial<GenesysBuildConfig> = {}, dryRun = false) => {
    const api = await connectGenesys({
      region: 'mypurecloud.de',
      clientId: 'fake-genesys-client-id',
      clientSecret: 'fake-genesys-client-secret',
      gateway: { host: '127.0.0.1', protocol: 'http', port: fake.port },
      timeoutMs: 5000,
    });
    const before = fake.writeCalls().length;
    const deployment = new GenesysDeployment(
      api,
      {
        integrationName: INTEGRATION,
        actionCredentials: { type: 'basic', username: 'svc', password: 'pw-1' },
        build: resolveGenesysBuildConfig({
          instanceUrl: 'https://dev1.service-now.com',
          integrationName: INTEGRATION,
          ...overrides,
        }),
      },
      { dryRun, sleep: async (ms) => void sleeps.push(ms) },
    );
    try {
      const result = await deployment.run();
      return { result, items: deployment.items, writes: fake.writeCalls().length - before };
    } catch (error) {
      return { error, items: deployment.items, writes: fake.writeCalls().length - before };
    }
  };
  return { fake, deploy, sleeps };
}

const summary = (items: Array<{ kind: string; name: string; action: string }>) =>
  items
    .filter((i) => i.kind === 'flow' || i.kind === 'trigger')
    .map((i) => `${i.kind}:${i.action}:${i.name}`);

describe('the content hash', () => {
  it('rides in the description and reads back; the YAML stays the same flow', () => {
    const { flows } = buildGenesysArtifacts();
    const marked = withHashMarker(flows!.inboundCall, 'inboundCall', 'abcdef0123456789');
    const flow = (parse(marked) as { inboundCall: { description: string } }).inboundCall;
    expect(hashFromDescription(flow.description)).toBe('abcdef0123456789');
    expect(marked.split('\n')[0]).toMatch(/^# GENERATED/);
    const strip = (text: string) =>
      JSON.stringify(parse(text), (k, v: unknown) => (k === 'description' ? undefined : v));
    expect(strip(marked)).toBe(strip(flows!.inboundCall));
    expect(contentHash('a')).not.toBe(contentHash('a', 'b'));
    expect(hashFromDescription('edited by hand')).toBeUndefined();
  });
});

describe('deploying flows and the trigger', () => {
  it('creates module, callers and trigger in order; a rerun writes nothing', async () => {
    const { fake, deploy, sleeps } = await setup();
    const first = await deploy();
    expect(first.error).toBeUndefined();
    expect(summary(first.items)).toEqual([
      'flow:create:Create ServiceNow Incident',
      'flow:create:Incident Bridge - Inbound Call',
      'flow:create:Incident Bridge - Inbound Message',
      'flow:create:Incident Bridge - Conversation End',
      'trigger:create:Incident Bridge - Conversation End',
    ]);
    // each job was polled while Started, then read as Success
    expect(sleeps).toEqual([JOB_POLL_MS, JOB_POLL_MS, JOB_POLL_MS, JOB_POLL_MS]);
    const jobs = fake.calls.filter((c) => c.method === 'POST' && c.path === '/api/v2/flows/jobs');
    expect(jobs).toHaveLength(4);
    const second = await deploy();
    expect(second.writes).toBe(0);
    expect(summary(second.items).every((line) => line.includes(':unchanged:'))).toBe(true);
  });

  it('republishes every caller when the module changes, and warns about callers of your own', async () => {
    const { fake, deploy } = await setup();
    await deploy();
    const versions = () => [...fake.architect.flows.values()].map((f) => f.version);
    expect(versions()).toEqual([1, 1, 1, 1]);
    // someone edited the module in Architect: its description no longer carries our hash
    const module = [...fake.architect.flows.values()].find((f) => f.type === 'commonmodule')!;
    module.description = 'edited in Architect';
    const run = await deploy();
    expect(summary(run.items)).toEqual([
      'flow:update:Create ServiceNow Incident',
      'flow:update:Incident Bridge - Inbound Call',
      'flow:update:Incident Bridge - Inbound Message',
      'flow:update:Incident Bridge - Conversation End',
      'trigger:unchanged:Incident Bridge - Conversation End',
    ]);
    expect(versions()).toEqual([2, 2, 2, 2]);
    expect(run.result?.warnings.join('\n')).toMatch(/republish your own flows that call it/);
    const caller = run.items.find((i) => i.name === 'Incident Bridge - Inbound Call')!;
    expect(caller.notes.join('\n')).toMatch(/Architect copies "Create ServiceNow Incident"/);
    expect((await deploy()).writes).toBe(0);
  });

  it('republishes only the callers whose own content changed', async () => {
    const { deploy } = await setup();
    await deploy();
    const run = await deploy({ queueName: 'Helpdesk L2' });
    expect(summary(run.items)).toEqual([
      'flow:unchanged:Create ServiceNow Incident',
      'flow:update:Incident Bridge - Inbound Call',
      'flow:update:Incident Bridge - Inbound Message',
      'flow:unchanged:Incident Bridge - Conversation End',
      'trigger:unchanged:Incident Bridge - Conversation End',
    ]);
  });

  it('plans without writing, naming each planned change', async () => {
    const { deploy } = await setup();
    await deploy();
    const plan = await deploy({ triggerMediaTypes: ['VOICE'], queueName: 'Helpdesk L2' }, true);
    expect(plan.writes).toBe(0);
    const trigger = plan.items.find((i) => i.kind === 'trigger')!;
    expect(trigger.action).toBe('update');
    expect(trigger.changes.map((c) => c.path)).toEqual(['trigger.matchCriteria']);
    const call = plan.items.find((i) => i.name === 'Incident Bridge - Inbound Call')!;
    expect(call.changes).toEqual([expect.objectContaining({ path: 'content', kind: 'changed' })]);
  });

  it('updates a trigger changed in the UI with its current version, and retries a 409', async () => {
    const { fake, deploy } = await setup();
    await deploy();
    const trigger = [...fake.architect.triggers.values()][0]!;
    trigger.enabled = false;
    trigger.version = 5;
    fake.failNext({ status: 409, match: { method: 'PUT', path: /processautomation\/triggers\// } });
    const run = await deploy();
    expect(run.error).toBeUndefined();
    const puts = fake.calls.filter((c) => c.method === 'PUT' && c.path.includes('triggers/'));
    expect(puts.map((c) => c.status)).toEqual([409, 200]);
    expect(puts.at(-1)?.body).toMatchObject({ version: 5, enabled: true });
    expect([...fake.architect.triggers.values()][0]).toMatchObject({ enabled: true, version: 6 });
  });

  it('a run cut off between two flows converges on the rerun', async () => {
    const { fake, deploy } = await setup();
    // the second job registration fails: the module is published, its callers are not
    fake.failNext({ status: 500, match: { method: 'POST', path: '/api/v2/flows/jobs' }, skip: 1 });
    const broken = await deploy();
    expect(broken.error).toBeDefined();
    expect([...fake.architect.flows.values()].map((f) => f.type)).toEqual(['commonmodule']);
    const rerun = await deploy();
    expect(rerun.error).toBeUndefined();
    expect(summary(rerun.items).slice(0, 2)).toEqual([
      'flow:unchanged:Create ServiceNow Incident',
      'flow:create:Incident Bridge - Inbound Call',
    ]);
    expect(fake.architect.flows.size).toBe(4);
    expect((await deploy()).writes).toBe(0);
  });

  it('names Architect messages of a failed job', async () => {
    const { deploy } = await setup();
    // an action category other than the integration's name: Architect cannot find the action
    const run = await deploy({ category: 'elsewhere' });
    expect(run.error).toBeInstanceOf(FlowImportError);
    expect((run.error as Error).message).toMatch(
      /^Architect refused flow "Create ServiceNow Incident" \(job [0-9a-f-]+\): Call Data Action .*no published data action 'Create ServiceNow Incident' in category 'elsewhere'/,
    );
  });
});
