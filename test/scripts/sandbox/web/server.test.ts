/**
 * The page's server over loopback without a browser: what it reads comes from the emulator's
 * Table API under the platform's ACLs, newest first; what it accepts is checked (host, origin,
 * content type, size, field by field); and `npm start` prints its address.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommand } from '../../../../scripts/commands/start.ts';
import { basicAuthHeader } from '../../../../scripts/lib/http/basic-auth.ts';
import { startSandbox, type Sandbox } from '../../../../scripts/sandbox/sandbox.ts';
import { SANDBOX_USERS } from '../../../../scripts/sandbox/servicenow-emulator/emulator.ts';
import { IncidentReader } from '../../../../scripts/sandbox/web/incident-reader.ts';
import { startSandboxWeb, type SandboxWeb } from '../../../../scripts/sandbox/web/server.ts';
import { COLUMNS } from '../../../../servicenow/src/server/app-names.ts';
import { captureIo } from '../../../helpers/capture-io.ts';

let sandbox: Sandbox;
let web: SandboxWeb;
const user = (name: string) => SANDBOX_USERS.find((u) => u.userName === name)!;

beforeAll(async () => {
  sandbox = await startSandbox();
  web = await startSandboxWeb(sandbox);
  for (const [id, address] of [
    ['reader-1', '+14155550134'],
    ['reader-2', '+31612345678'],
  ] as const) {
    const result = await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: id,
      channel: 'voice',
      shortDescription: `Call back on ${address}`,
      customerAddress: address,
    });
    expect(result.ok).toBe(true);
  }
});
afterAll(async () => {
  await web?.close();
  await sandbox?.close();
});

describe('incidents through the Table API, as the platform decides', () => {
  it('returns the newest first with masked text; the hidden address only to the PII reader', async () => {
    const reader = new IncidentReader(sandbox.servicenow.url);
    const asAgent = await reader.list(user('service.desk.agent'));
    if (!asAgent.ok) throw new Error(asAgent.message);
    expect(asAgent.records.map((r) => r[COLUMNS.customCallId])).toEqual(['reader-2', 'reader-1']);
    expect(asAgent.records[0]!.short_description).toBe('Call back on ***-***-5678');
    expect(asAgent.records[1]!['caller_id.name']).toBe('Dana Smith');

    const sysId = asAgent.records[1]!.sys_id!;
    const agentOne = await reader.one(user('service.desk.agent'), sysId);
    const piiOne = await reader.one(user('pii.reader'), sysId);
    const adminOne = await reader.one(user('admin'), sysId);
    if (!agentOne.ok || !piiOne.ok || !adminOne.ok) throw new Error('read refused');
    expect(agentOne.records[0]).not.toHaveProperty(COLUMNS.customerAddress);
    expect(JSON.stringify(agentOne.records)).not.toContain('+14155550134');
    expect(piiOne.records[0]![COLUMNS.customerAddress]).toBe('+14155550134');
    // the read ACL has no admin override
    expect(adminOne.records[0]).not.toHaveProperty(COLUMNS.customerAddress);

    const integration = await reader.list(user('genesys.integration'));
    expect(integration).toMatchObject({ ok: false, status: 403 });
    const wrongPassword = await reader.list({ ...user('pii.reader'), password: 'wrong' });
    expect(wrongPassword).toMatchObject({ ok: false, status: 401 });
  });

  it('finds the incidents of one conversation by its dedup key', async () => {
    const reader = new IncidentReader(sandbox.servicenow.url);
    const found = await reader.byCustomCallId(user('service.desk.agent'), 'reader-1');
    expect(found.ok && found.records.length).toBe(1);
    const none = await reader.byCustomCallId(user('service.desk.agent'), 'reader-1^ORnumber!=x');
    expect(none.ok && none.records.length).toBe(0);
  });
});

describe('the Table API read the page relies on', () => {
  const tableRead = async (userName: string, params: Record<string, string>) => {
    const url = new URL('/api/now/table/incident', sandbox.servicenow.url);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const u = user(userName);
    const response = await fetch(url, {
      headers: { Authorization: basicAuthHeader(u.userName, u.password) },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: Array<Record<string, string>> }).result;
  };

  it('pages the newest first in the database, whatever the table holds', async () => {
    const all = await tableRead('service.desk.agent', { sysparm_query: 'ORDERBYnumber' });
    const newest = await tableRead('service.desk.agent', {
      sysparm_query: 'ORDERBYDESCnumber',
      sysparm_limit: '1',
      sysparm_fields: 'number',
    });
    expect(newest).toEqual([{ number: all.at(-1)!.number }]);
    // a condition only the Table API applies keeps the limit out of SQL
    const second = await tableRead('service.desk.agent', {
      sysparm_query: `${COLUMNS.customCallId}=reader-2^ORDERBYnumber`,
      sysparm_limit: '1',
    });
    expect(second.map((r) => r[COLUMNS.customCallId])).toEqual(['reader-2']);
  });

  it('never filters or orders by a field the caller may not read (no oracle on its values)', async () => {
    const address = { [COLUMNS.customerAddress]: '+14155550134' };
    expect(await tableRead('service.desk.agent', address)).toEqual([]);
    expect(await tableRead('pii.reader', address)).toHaveLength(1);
    // reader-2's address (+31…) sorts before reader-1's (+14…) only when ordering really applies
    const byAddress = { sysparm_query: `ORDERBYDESC${COLUMNS.customerAddress}` };
    const ids = (rows: Array<Record<string, string>>) =>
      rows.map((r) => r[COLUMNS.customCallId]).filter((id) => id?.startsWith('reader-'));
    expect(ids(await tableRead('pii.reader', byAddress))).toEqual(['reader-2', 'reader-1']);
    expect(ids(await tableRead('service.desk.agent', byAddress))).toEqual(['reader-1', 'reader-2']);
  });
});

interface RawReply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A request with full control of the headers (Host, Origin), as a hostile page could send. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawReply> {
  const url = new URL(path, web.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('what the page accepts', () => {
  const json = { 'Content-Type': 'application/json' };

  it('answers only to its own loopback host name (no DNS rebinding)', async () => {
    expect((await raw('/incidents')).status).toBe(200);
    expect((await raw('/incidents', { headers: { Host: 'evil.example:80' } })).status).toBe(421);
  });

  it('refuses cross-origin posts and non-JSON posts (no cross-site form can run the action)', async () => {
    const body = JSON.stringify({
      input: { customCallId: 'x-site', channel: 'sms', shortDescription: 'x' },
    });
    const before = sandbox.servicenow.db.rows('incident').length;
    const crossSite = await raw('/run', {
      method: 'POST',
      headers: { ...json, Origin: 'https://evil.example' },
      body,
    });
    expect(crossSite.status).toBe(403);
    const form = await raw('/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(form.status).toBe(415);
    expect(form.body).toContain('Content-Type: must be application/json');
    expect(sandbox.servicenow.db.rows('incident')).toHaveLength(before);
  });

  it('names the field and the reason of a bad run request', async () => {
    const post = (body: string) => raw('/run', { method: 'POST', headers: json, body });
    expect(await post('{')).toMatchObject({
      status: 400,
      body: expect.stringContaining('body: not valid JSON'),
    });
    expect(await post('{"input":[1]}')).toMatchObject({
      status: 400,
      body: expect.stringContaining('input: must be a JSON object'),
    });
    expect(await post('{"input":{},"fault":"meteor"}')).toMatchObject({
      status: 400,
      body: expect.stringContaining('fault: must be none, slow, unavailable or lostRace'),
    });
    const huge = JSON.stringify({ input: { description: 'x'.repeat(1024 * 1024) } });
    expect(await post(huge)).toMatchObject({
      status: 413,
      body: expect.stringContaining('body: larger than'),
    });
    expect((await raw('/incidents/not-a-sys-id')).body).toContain(
      'sys_id: must be 32 hexadecimal digits',
    );
  });

  it('serves its pages with a strict content security policy', async () => {
    const reply = await raw('/run');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.body).not.toMatch(/<script>(?!<\/script>)/);
  });
});

describe('npm start', () => {
  it('prints the page address with the others, and the page answers', async () => {
    const captured = captureIo();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const printed = new Promise<void>((resolve) =>
      captured.io.stdout.on('data', () => {
        if (captured.stdout.includes('Ctrl-C stops the sandbox.')) resolve();
      }),
    );
    const running = startCommand({ demo: false }, captured.io, () => released);
    await printed;
    const address = /Sandbox page +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(captured.stdout)?.[1];
    expect(address).toBeDefined();
    const page = await fetch(address + 'incidents');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<table id="incidents"');
    release();
    expect(await running).toBe(0);
  }, 60_000);
});
