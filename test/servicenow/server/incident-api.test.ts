/**
 * The built Scripted REST API end to end: real HTTP on loopback into the emulator, which runs
 * the now-sdk output (dist XML), not the TypeScript source.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../../../servicenow/src/server/app-names.ts';
import { startEmulatorClient, type EmulatorClient } from '../../helpers/emulator.ts';
import { readSample, sampleNames } from '../../helpers/samples.ts';

let client: EmulatorClient;
beforeAll(async () => {
  client = await startEmulatorClient();
});
afterAll(() => client.close());
afterEach(() => {
  Object.keys(client.emulator.faults).forEach(
    (key) => delete client.emulator.faults[key as keyof typeof client.emulator.faults],
  );
  Object.keys(client.emulator.properties).forEach((key) => delete client.emulator.properties[key]);
});

let counter = 0;
const uniqueId = (prefix = 'conv') => `${prefix}-${Date.now().toString(36)}-${++counter}`;
const body = (overrides: Record<string, unknown> = {}) => ({
  customCallId: uniqueId(),
  channel: 'voice',
  shortDescription: 'VPN down',
  ...overrides,
});
const rowsFor = (id: string) =>
  client.incidents().filter((row) => row[COLUMNS.customCallId] === id);
const lastRequest = () => client.emulator.requests.at(-1)!;

describe('POST /incidents: create, then replay', () => {
  it('creates one incident (201), and a replay returns it (200) with one DB read and no write', async () => {
    const request = body({ urgency: 1, impact: 2 });
    const created = await client.post(request);
    expect(created.status).toBe(201);
    expect(created.json.result).toMatchObject({
      created: true,
      custom_call_id: request.customCallId,
      warnings: [],
    });
    expect(created.json.result.sys_id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.json.result.number).toMatch(/^INC\d{7}$/);
    expect(created.json.result.url).toContain(created.json.result.sys_id);
    expect(rowsFor(request.customCallId)).toHaveLength(1);
    expect(lastRequest()).toMatchObject({ dbWrites: 1 });

    const replay = await client.post(request);
    expect(replay.status).toBe(200);
    expect(replay.json.result).toMatchObject({
      created: false,
      sys_id: created.json.result.sys_id,
      number: created.json.result.number,
    });
    expect(rowsFor(request.customCallId)).toHaveLength(1);
    expect(lastRequest()).toMatchObject({ dbReads: 1, dbWrites: 0 });
    expect(replay.headers.get('x-emulator-db-reads')).toBe('1');
  });

  it('writes the mapped fields: levels, priority, contact type, channel', async () => {
    const request = body({ channel: 'whatsapp', urgency: 1, impact: 1, category: 'network' });
    await client.post(request);
    const [row] = rowsFor(request.customCallId);
    expect(row).toMatchObject({
      urgency: '1',
      impact: '1',
      priority: '1',
      contact_type: 'chat',
      category: 'network',
      [COLUMNS.channel]: 'whatsapp',
      short_description: 'VPN down',
    });
  });

  it('survives a lost insert race: the loser answers 200 with the winner, one row in total', async () => {
    client.emulator.faults.loseInsertRace = 1;
    const request = body();
    const response = await client.post(request);
    expect(response.status).toBe(200);
    expect(response.json.result.created).toBe(false);
    const rows = rowsFor(request.customCallId);
    expect(rows).toHaveLength(1);
    expect(response.json.result.sys_id).toBe(rows[0]!.sys_id);
    expect(
      lastRequest()
        .logs.map((l) => l.message)
        .join('\n'),
    ).toMatch(/lost the insert race/);
  });

  it('50 concurrent identical requests make exactly one incident, and all answers carry its sys_id', async () => {
    const request = body();
    const replies = await Promise.all(Array.from({ length: 50 }, () => client.post(request)));
    const rows = rowsFor(request.customCallId);
    expect(rows).toHaveLength(1);
    expect(new Set(replies.map((r) => r.json.result.sys_id))).toEqual(new Set([rows[0]!.sys_id]));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(49);
  });
});

describe('the samples', () => {
  const rawPii = [
    '+14155550134',
    '415 555 0134',
    '4111 1111 1111 1111',
    '4111111111111111',
    'jan.de.vries@example.nl',
    'NL91ABNA0417164300',
    '06 12345678',
    '+31612345678',
    '31612345678',
    'Dana Smith',
    'Jan de Vries',
  ];
  const expected: Record<string, { channel: string; contactType: string; address: string }> = {
    'data-action-request.voice.json': {
      channel: 'voice',
      contactType: 'phone',
      address: '+14155550134',
    },
    'data-action-request.whatsapp.json': {
      channel: 'whatsapp',
      contactType: 'chat',
      address: '+31612345678',
    },
    'genesys-conversation.whatsapp.json': {
      channel: 'whatsapp',
      contactType: 'chat',
      address: '+31612345678',
    },
    'genesys-event.conversation-end.json': {
      channel: 'whatsapp',
      contactType: 'chat',
      address: '+31612345678',
    },
    'genesys-event.customer-end.email.json': {
      channel: 'email',
      contactType: 'email',
      address: 'dana.devries@example.com',
    },
  };

  it('covers every sample file', () => {
    expect(Object.keys(expected).sort()).toEqual(sampleNames());
  });

  it.each(Object.keys(expected))(
    '%s creates an incident with the right channel; raw PII only in the hidden column',
    async (name) => {
      const sample = readSample(name);
      // the samples share conversation ids; give each its own so every one creates
      const id = uniqueId(name.replace(/\W/g, ''));
      if ('customCallId' in sample) sample.customCallId = id;
      else if ('participants' in sample) sample.id = id;
      else {
        (sample.eventBody as Record<string, unknown>).conversationId = id;
        sample.topicName = `v2.detail.events.conversation.${id}.customer.end`;
      }
      const response = await client.post(sample);
      expect(response.status, response.text).toBe(201);
      const [row] = rowsFor(id);
      const want = expected[name]!;
      expect(row).toMatchObject({
        contact_type: want.contactType,
        [COLUMNS.channel]: want.channel,
        [COLUMNS.customerAddress]: want.address,
      });

      const otherColumns = JSON.stringify({ ...row, [COLUMNS.customerAddress]: undefined });
      const logs = JSON.stringify(lastRequest().logs);
      for (const value of rawPii) {
        expect(otherColumns, `${value} in a column`).not.toContain(value);
        expect(logs, `${value} in a log line`).not.toContain(value);
        expect(response.text, `${value} in the response`).not.toContain(value);
      }
    },
  );

  it('masks the free text of the voice sample in the description', async () => {
    const sample = { ...readSample('data-action-request.voice.json'), customCallId: uniqueId() };
    await client.post(sample);
    const [row] = rowsFor(sample.customCallId);
    expect(row!.description).toContain(
      'Callback on ***-***-0134. Card on file mentioned: ****-****-****-1111.',
    );
  });
});

describe('caller lookup', () => {
  it('sets the caller whose phone or mobile phone is the customer number', async () => {
    const voice = body({ customerAddress: '+14155550134' });
    const whatsapp = body({ channel: 'whatsapp', customerAddress: '+31612345678' });
    await client.post(voice);
    await client.post(whatsapp);
    const people = client.emulator.db.rows('sys_user');
    const dana = people.find((p) => p.user_name === 'dana.smith')!;
    const jan = people.find((p) => p.user_name === 'jan.devries')!;
    expect(rowsFor(voice.customCallId)[0]!.caller_id).toBe(dana.sys_id);
    expect(rowsFor(whatsapp.customCallId)[0]!.caller_id).toBe(jan.sys_id);
  });

  it('ignores inactive users and falls back to the default caller property', async () => {
    const fallback = 'a'.repeat(32);
    client.emulator.properties['x_ibr_incbridge.default_caller_sys_id'] = fallback;
    const inactive = body({ customerAddress: '+14155550199' });
    await client.post(inactive);
    expect(rowsFor(inactive.customCallId)[0]!.caller_id).toBe(fallback);
  });

  it('leaves the caller empty when nothing matches and no default is set', async () => {
    const unknown = body({ customerAddress: '+447700900123' });
    await client.post(unknown);
    expect(rowsFor(unknown.customCallId)[0]!.caller_id).toBeNull();
  });
});

describe('dryRun', () => {
  it('writes nothing and shows what would be written, masked', async () => {
    const sample = {
      ...readSample('data-action-request.voice.json'),
      customCallId: uniqueId(),
      dryRun: true,
    };
    const before = client.incidents().length;
    const response = await client.post(sample);
    expect(response.status).toBe(200);
    expect(client.incidents().length).toBe(before);
    expect(lastRequest().dbWrites).toBe(0);
    const result = response.json.result;
    expect(result).toMatchObject({
      dry_run: true,
      created: false,
      custom_call_id: sample.customCallId,
    });
    expect(result.would_create).toMatchObject({
      contact_type: 'phone',
      [COLUMNS.customerAddress]: '(hidden)',
    });
    expect(result.request.customerAddress).toBe('***-***-0134');
    expect(response.text).not.toContain('4111 1111');
    expect(response.text).not.toContain('+14155550134');
  });

  it('on an existing conversation returns the incident and writes nothing', async () => {
    const request = body();
    const created = await client.post(request);
    const dry = await client.post({ ...request, dryRun: true });
    expect(dry.json.result).toMatchObject({
      dry_run: true,
      created: false,
      sys_id: created.json.result.sys_id,
    });
  });
});

describe('bad input: the right 4xx, field paths, nothing written', () => {
  const cases: Array<
    [string, () => Promise<Awaited<ReturnType<EmulatorClient['post']>>>, number, RegExp]
  > = [
    ['invalid JSON', () => client.post('{"customCallId": ', { raw: true }), 400, /not valid JSON/],
    ['an empty body', () => client.post('', { raw: true }), 400, /is empty/],
    ['a JSON array', () => client.post([1, 2]), 400, /\(body\): must be a JSON object/],
    [
      'wrong types',
      () => client.post(body({ urgency: 'high', dryRun: 'yes' })),
      400,
      /\/urgency: must be an integer.*\/dryRun: must be a boolean/,
    ],
    [
      'missing fields',
      () => client.post({ channel: 'voice' }),
      400,
      /\/customCallId: is required; \/shortDescription: is required/,
    ],
    [
      'a wrong Content-Type',
      () => client.post(body(), { contentType: 'text/plain' }),
      415,
      /Content-Type must be application\/json/,
    ],
    [
      'no Content-Type at all',
      () => client.post(JSON.stringify(body()), { raw: true, contentType: '' }),
      415,
      /Content-Type/,
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, detail) => {
    const before = client.incidents().length;
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.json.status).toBe('failure');
    expect(response.json.error.detail).toMatch(detail);
    expect(client.incidents().length).toBe(before);
    expect(lastRequest().dbWrites).toBe(0);
  });

  it('a body over max_body_bytes gets 413 (the property is honoured)', async () => {
    client.emulator.properties['x_ibr_incbridge.max_body_bytes'] = '2048';
    // 1,100 characters but over 2,200 bytes: the limit counts UTF-8 bytes
    const response = await client.post(body({ description: 'é'.repeat(1100) }));
    expect(response.status).toBe(413);
    expect(response.json.error.detail).toMatch(/exceeds 2048 bytes/);
  });

  it('a body over the platform limit gets 413 before any script runs', async () => {
    const response = await client.post('x'.repeat(11 * 1024 * 1024), { raw: true });
    expect(response.status).toBe(413);
    expect(lastRequest().dbReads).toBe(0);
  });

  it('never echoes submitted values in errors', async () => {
    const response = await client.post({
      customCallId: '+31612345678 jan@example.nl',
      channel: 'voice',
      shortDescription: 'x',
    });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('31612345678');
    expect(response.text).not.toContain('jan@example.nl');
  });
});

describe('authentication and authorization', () => {
  it('a wrong password is 401, ServiceNow-shaped', async () => {
    const response = await client.post(body(), { password: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' },
      status: 'failure',
    });
    expect(response.headers.get('www-authenticate')).toMatch(/BASIC/);
  });

  it.each(['service.desk.agent', 'pii.reader', 'admin'])(
    '%s (no integration role) gets 403 on both routes',
    async (user) => {
      const before = client.incidents().length;
      const post = await client.post(body(), { user });
      const get = await client.get('anything', { user });
      for (const response of [post, get]) {
        expect(response.status).toBe(403);
        expect(response.json).toEqual({
          error: { message: 'User Not Authorized', detail: 'Failed API level ACL Validation' },
          status: 'failure',
        });
      }
      expect(client.incidents().length).toBe(before);
    },
  );
});

describe('GET /incidents/{customCallId}', () => {
  it('finds an incident by customCallId, 404 otherwise, 400 for an impossible id', async () => {
    const request = body();
    const created = await client.post(request);
    const found = await client.get(request.customCallId);
    expect(found.status).toBe(200);
    expect(found.json.result).toMatchObject({ sys_id: created.json.result.sys_id, created: false });
    expect(lastRequest()).toMatchObject({ dbReads: 1, dbWrites: 0 });

    const missing = await client.get('no-such-conversation');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe('No incident for this customCallId');

    const invalid = await client.get('has space');
    expect(invalid.status).toBe(400);
  });
});

describe('faults', () => {
  it('503 with an HTML page when the instance is unavailable', async () => {
    client.emulator.faults.unavailable = 1;
    const response = await client.post(body());
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect((await client.post(body())).status).toBe(201);
  });

  it('429 with Retry-After when rate limited, writing nothing', async () => {
    client.emulator.faults.rateLimited = { count: 1, retryAfterSeconds: 7 };
    const before = client.incidents().length;
    const response = await client.post(body());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(client.incidents().length).toBe(before);
  });

  it('latency delays the answer but the incident is already committed: a retry gets the same one', async () => {
    // the answer is held back far longer than the test waits: the caller gives up first
    client.emulator.faults.latencyMs = 5_000;
    const request = body();
    const controller = new AbortController();
    const pending = expect(
      fetch(client.emulator.url + '/api/x_ibr_incbridge/v1/incident_bridge/incidents', {
        method: 'POST',
        headers: {
          authorization:
            'Basic ' +
            Buffer.from('genesys.integration:sandbox-only-integration').toString('base64'),
          'content-type': 'application/json',
        },
        body: JSON.stringify(request),
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    // give up once the incident is committed (state, not a clock), while the answer is held
    while (rowsFor(request.customCallId).length === 0)
      await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await pending;
    expect(rowsFor(request.customCallId)).toHaveLength(1);
    client.emulator.faults.latencyMs = 0;
    const retry = await client.post(request);
    expect(retry.status).toBe(200);
    expect(retry.json.result.sys_id).toBe(rowsFor(request.customCallId)[0]!.sys_id);
  });
});

describe('misconfiguration', () => {
  it('a bad property value is a 500 naming the property, and nothing is written', async () => {
    client.emulator.properties['x_ibr_incbridge.masking_detectors'] = 'phone,fax';
    client.emulator.properties['x_ibr_incbridge.default_urgency'] = '9';
    const before = client.incidents().length;
    const response = await client.post(body());
    expect(response.status).toBe(500);
    expect(response.json.error.detail).toMatch(
      /x_ibr_incbridge\.default_urgency must be an integer from 1 to 3/,
    );
    expect(response.json.error.detail).toMatch(
      /x_ibr_incbridge\.masking_detectors: lists an unknown detector/,
    );
    expect(client.incidents().length).toBe(before);
  });

  it('an unknown phone region is a 500 naming the property and the item', async () => {
    client.emulator.properties['x_ibr_incbridge.phone_regions'] = 'NL, xx';
    const response = await client.post(body());
    expect(response.status).toBe(500);
    expect(response.json.error.detail).toMatch(
      /x_ibr_incbridge\.phone_regions: item 1 is not a region code/,
    );
  });

  it("the org's phone regions and the caller's country choose the national plans", async () => {
    const text = 'llame al 612 34 56 78 o 030 1234567';
    const dry = (extra: Record<string, unknown>) =>
      client.post(body({ shortDescription: text, dryRun: true, ...extra }));
    const plain = await dry({});
    expect(plain.json.result.would_create.short_description).toContain('612 34 56 78');
    client.emulator.properties['x_ibr_incbridge.phone_regions'] = 'es';
    const configured = await dry({});
    expect(configured.json.result.would_create.short_description).not.toContain('612 34 56 78');
    delete client.emulator.properties['x_ibr_incbridge.phone_regions'];
    const fromCaller = await dry({ customerAddress: '+34699111222' });
    expect(fromCaller.json.result.would_create.short_description).not.toContain('612 34 56 78');
  });

  it('mapping overrides from the property change the incident', async () => {
    client.emulator.properties['x_ibr_incbridge.mapping_overrides'] = JSON.stringify({
      shortDescriptionPrefix: '[Genesys] ',
      contactTypeByChannel: { voice: 'walk-in' },
    });
    const request = body();
    await client.post(request);
    expect(rowsFor(request.customCallId)[0]).toMatchObject({
      short_description: '[Genesys] VPN down',
      contact_type: 'walk-in',
    });
  });
});
