/**
 * The emulator as a hardened production instance, over real loopback HTTP: case-insensitive
 * string comparison, the built mask-on-save business rule on Table API writes, cross-scope
 * privileges enforced on the app's scripts (a refused insert logs the platform's reason), and
 * the Table API writes deploy uses, with the platform's error shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorClient, type EmulatorClient } from '../../../helpers/emulator.ts';
import { basicAuthHeader } from '../../../../scripts/lib/http/basic-auth.ts';
import { authenticate } from '../../../../scripts/sandbox/servicenow-emulator/security.ts';

const CARD = '4111 1111 1111 1111';
const ADMIN = basicAuthHeader('admin', 'sandbox-only-admin');

let client: EmulatorClient;
beforeAll(async () => {
  client = await startEmulatorClient();
});
afterAll(() => client.close());

// Table API answers are read field by field in the assertions
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

async function tableApi(
  method: string,
  path: string,
  body?: unknown,
  authorization = ADMIN,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${client.emulator.url}/api/now/table/${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const row = (sysId: string) =>
  client.emulator.db.rows('incident').find((incident) => incident.sys_id === sysId);

describe('customCallId compares like a production database (case-insensitive)', () => {
  it('ABC-1 then abc-1 returns one incident', async () => {
    const first = await client.post({
      customCallId: 'ABC-1',
      channel: 'voice',
      shortDescription: 'VPN down',
    });
    expect(first.status).toBe(201);
    const second = await client.post({
      customCallId: 'abc-1',
      channel: 'voice',
      shortDescription: 'VPN down again',
    });
    expect(second.status, second.text).toBe(200);
    expect(second.json.result).toMatchObject({ created: false, sys_id: first.json.result.sys_id });
    const lookup = await client.get('Abc-1');
    expect(lookup.json.result.sys_id).toBe(first.json.result.sys_id);
    expect(
      client.incidents().filter((i) => i.x_ibr_incbridge_custom_call_id?.toLowerCase() === 'abc-1'),
    ).toHaveLength(1);
  });
});

describe('mask on save (the built business rule, on Table API writes)', () => {
  it("a card number pasted into a bridge incident's work notes is stored masked", async () => {
    const created = await client.post({
      customCallId: 'mask-on-save-1',
      channel: 'whatsapp',
      shortDescription: 'Laptop broken',
    });
    const sysId = created.json.result.sys_id as string;
    const patch = await tableApi('PATCH', `incident/${sysId}`, {
      work_notes: `customer read out card ${CARD} on the phone`,
      comments: 'call me on +31 6 12345678',
    });
    expect(patch.status, JSON.stringify(patch.json)).toBe(200);
    expect(row(sysId)?.work_notes).toBe('customer read out card ****-****-****-1111 on the phone');
    expect(row(sysId)?.comments).not.toContain('12345678');
    expect(JSON.stringify(patch.json)).not.toContain(CARD);
    // the answer shows the admin what the admin may read: not the hidden customer address
    expect(patch.json.result).not.toHaveProperty('x_ibr_incbridge_customer_address');
    expect(patch.json.result.sys_id).toBe(sysId);
  });

  it('the description is masked when a save changes it, and left alone by a save that does not', async () => {
    const created = await client.post({
      customCallId: 'mask-on-save-2',
      channel: 'voice',
      shortDescription: 'Printer jam',
    });
    const sysId = created.json.result.sys_id as string;
    await tableApi('PATCH', `incident/${sysId}`, { description: `card ${CARD}` });
    expect(row(sysId)?.description).toBe('card ****-****-****-1111');
    const before = client.emulator.requests.length;
    await tableApi('PATCH', `incident/${sysId}`, { state: '2' });
    const log = client.emulator.requests.slice(before).flatMap((r) => r.logs);
    expect(log.filter((line) => /masked on save/.test(line.message))).toEqual([]);
    expect(row(sysId)?.state).toBe('2');
  });

  it('other incidents are masked only when x_ibr_incbridge.mask_on_save_all_incidents is true', async () => {
    const plain = await tableApi('POST', 'incident', {
      short_description: 'Walk-in',
      work_notes: `card ${CARD}`,
    });
    expect(plain.status).toBe(201);
    expect(row(plain.json.result.sys_id)?.work_notes).toBe(`card ${CARD}`);

    const [property] = (
      await tableApi('GET', 'sys_properties?name=x_ibr_incbridge.mask_on_save_all_incidents')
    ).json.result;
    await tableApi('PATCH', `sys_properties/${property.sys_id}`, { value: 'true' });
    try {
      const masked = await tableApi('POST', 'incident', {
        short_description: 'Walk-in',
        work_notes: `card ${CARD}`,
      });
      expect(row(masked.json.result.sys_id)?.work_notes).toBe('card ****-****-****-1111');
    } finally {
      await tableApi('PATCH', `sys_properties/${property.sys_id}`, { value: 'false' });
    }
  });
});

describe('cross-scope privileges (runtime access enforcing)', () => {
  it('without the create privilege the insert is refused: 500, and the log names the platform reason', async () => {
    const refused = await startEmulatorClient();
    try {
      const [privilege] = (
        await fetch(
          `${refused.emulator.url}/api/now/table/sys_scope_privilege?target_name=incident&operation=create`,
          { headers: { authorization: ADMIN } },
        ).then((r) => r.json() as Promise<{ result: Array<{ sys_id: string }> }>)
      ).result;
      await fetch(
        `${refused.emulator.url}/api/now/table/sys_scope_privilege/${privilege!.sys_id}`,
        {
          method: 'DELETE',
          headers: { authorization: ADMIN },
        },
      );
      const reply = await refused.post({
        customCallId: 'fenced-1',
        channel: 'voice',
        shortDescription: 'VPN down',
      });
      expect(reply.status).toBe(500);
      expect(reply.json.error.message).toBe('Incident not created');
      const log = refused.emulator.requests.at(-1)!.logs.map((line) => line.message);
      expect(log).toContainEqual(
        expect.stringMatching(
          /^incident-bridge: insert refused for customCallId fenced-1 and no incident holds it: Security restricted: Create operation against 'incident' from scope 'x_ibr_incbridge'/,
        ),
      );
      expect(refused.incidents()).toHaveLength(0);
    } finally {
      await refused.close();
    }
  });

  it('under "tracking" runtime access the same instance inserts', async () => {
    const tracking = await startEmulatorClient({ runtimeAccess: 'tracking' });
    try {
      for (const privilege of tracking.emulator.app.of('sys_scope_privilege')) {
        await fetch(
          `${tracking.emulator.url}/api/now/table/sys_scope_privilege/${privilege.fields.sys_id}`,
          { method: 'DELETE', headers: { authorization: ADMIN } },
        );
      }
      const reply = await tracking.post({
        customCallId: 'tracked-1',
        channel: 'voice',
        shortDescription: 'VPN down',
      });
      expect(reply.status).toBe(201);
    } finally {
      await tracking.close();
    }
  });
});

describe('Table API writes deploy relies on', () => {
  it('only admins write; the refusal has the platform shape', async () => {
    const reply = await tableApi(
      'POST',
      'sys_user',
      { user_name: 'x' },
      basicAuthHeader('service.desk.agent', 'sandbox-only-agent'),
    );
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({
      error: {
        message: 'Operation Failed',
        detail: 'ACL Exception Insert Failed due to security constraints',
      },
      status: 'failure',
    });
  });

  it('a password is usable only when sent with sysparm_input_display_value=true', async () => {
    await tableApi('POST', 'sys_user', { user_name: 'raw.user', user_password: 'pw-raw-1' });
    expect(authenticate(client.emulator.users, 'raw.user', 'pw-raw-1')).toBeUndefined();
    await tableApi('POST', 'sys_user?sysparm_input_display_value=true', {
      user_name: 'hashed.user',
      user_password: 'pw-hashed-1',
    });
    expect(authenticate(client.emulator.users, 'hashed.user', 'pw-hashed-1')).toBeDefined();
  });

  it('a GET of one record answers the object itself', async () => {
    const [property] = (await tableApi('GET', 'sys_properties?name=x_ibr_incbridge.max_body_bytes'))
      .json.result;
    const one = await tableApi('GET', `sys_properties/${property.sys_id}`);
    expect(one.json.result).toMatchObject({
      name: 'x_ibr_incbridge.max_body_bytes',
      value: '1048576',
    });
  });

  it('an unknown record is 404 No Record found', async () => {
    const reply = await tableApi('PATCH', 'sys_properties/0123456789abcdef0123456789abcdef', {
      value: 'x',
    });
    expect(reply.status).toBe(404);
    expect(reply.json.error.message).toBe('No Record found');
  });
});
