/**
 * Leak scan of the whole path: known personal data and fake secrets are seeded into every input
 * — request fields of all three shapes, invalid values, the integration user's password (Basic
 * auth), emulator properties, environment variables — and every output the system produces is
 * collected and searched: HTTP responses (creates, replays, dry runs, 400/401/413), the script
 * log lines the emulator captured, every incident column except the hidden customer address,
 * the CLI (`validate`, `validate --json`, `mask`, `mask --json`, child process and in process),
 * and the Data Action runtime's results and traces (secure action, successes and failures).
 * The expected number of occurrences is zero.
 *
 * Leaks it once found are kept at the bottom as regression tests.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGenesysArtifacts } from '../genesys/index.ts';
import { main } from '../scripts/cli.ts';
import { executeAction } from '../scripts/sandbox/data-action-runtime/index.ts';
import { repoRoot } from '../scripts/lib/paths.ts';
import {
  SANDBOX_USERS,
  startServiceNowEmulator,
  type ServiceNowEmulator,
} from '../scripts/sandbox/servicenow-emulator/emulator.ts';
import { COLUMNS } from '../servicenow/src/server/app-names.ts';
import { API_PATH } from './helpers/emulator.ts';
import { anyPii, leakOf, words, wrap, wrapper } from './helpers/pii-arbitraries.ts';
import { readSample } from './helpers/samples.ts';
import { runs, timeoutFor } from './helpers/stress.ts';

// ------------------------------------------------------------------ what is seeded

/** Personal data in the formats the masker documents, and the forms it may be normalized to. */
const PII = {
  e164: '+31612345678',
  e164Digits: '31612345678',
  usPhone: '+1 415 555 0134',
  usDigits: '4155550134',
  email: 'jan.de.vries@example.nl',
  card: '4111 1111 1111 1111',
  cardCompact: '4111111111111111',
  iban: 'NL91ABNA0417164300',
  ibanGrouped: 'NL91 ABNA 0417 1643 00',
  ssn: '078-05-1120',
  ssnDigits: '078051120',
  name: 'Dana Smith',
  nameInConversation: 'Jan de Vries',
} as const;

/** Fake secrets: the integration password, a property value, environment variables. */
const SECRET = {
  password: 'Leak-Scan-Pa55word-7Qz',
  property: 'sk_live_leakscan_property_5e6f',
  env: 'sk_live_leakscan_environment_9d8c',
} as const;

const base64 = (text: string) => Buffer.from(text).toString('base64');
const NEEDLES: Array<[string, string]> = [
  ...Object.entries(PII),
  ...Object.entries(SECRET),
  ['basic auth', base64(`genesys.integration:${SECRET.password}`)],
];

// Free text carries every type the masker detects. Names are not detected in free text (README:
// the detectors are phone, e-mail, card, SSN, IBAN), so names are seeded only into name fields.
const FREE_TEXT = `Customer (${PII.email}) called from ${PII.usPhone}; card ${PII.card}, IBAN ${PII.iban} / ${PII.ibanGrouped}, SSN ${PII.ssn}, also ${PII.e164} and ${PII.cardCompact}.`;

/** Environment variables a deploy or the CLI might one day read; none may ever be printed. */
const SECRET_ENV = {
  SN_SDK_USER_PWD: SECRET.env,
  SN_SDK_OAUTH_CLIENT_SECRET: SECRET.env,
  GENESYS_CLIENT_SECRET: SECRET.env,
  INCIDENT_BRIDGE_SERVICENOW_PASSWORD: SECRET.env,
};

// ------------------------------------------------------------------ what is collected

const outputs: Array<{ where: string; text: string }> = [];
const collect = (where: string, text: string) => outputs.push({ where, text });

/** Seeded values found in what was collected (from index `from` on). */
function occurrences(from = 0): string[] {
  const found: string[] = [];
  for (const { where, text } of outputs.slice(from)) {
    const lower = text.toLowerCase();
    for (const [name, needle] of NEEDLES)
      if (lower.includes(needle.toLowerCase())) found.push(`${name} (${needle}) in ${where}`);
  }
  return found;
}

// ------------------------------------------------------------------ the system under scan

let sn: ServiceNowEmulator;
const users = SANDBOX_USERS.map((user) =>
  user.userName === 'genesys.integration' ? { ...user, password: SECRET.password } : user,
);
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [name, value] of Object.entries(SECRET_ENV)) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  sn = await startServiceNowEmulator({
    users,
    properties: { 'x_ibr_incbridge.leak_scan_token': SECRET.property },
  });
});
afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await sn?.close();
});

let sequence = 0;
const id = (prefix: string) => `leak-${prefix}-${++sequence}`;

async function post(body: unknown, password: string = SECRET.password, raw = false) {
  const response = await fetch(sn.url + API_PATH, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + base64(`genesys.integration:${password}`),
      'content-type': 'application/json',
    },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await response.text();
  collect(`HTTP ${response.status} response`, text);
  return { status: response.status, text };
}

function flatRequest(overrides: Record<string, unknown> = {}) {
  return {
    customCallId: id('flat'),
    channel: 'voice',
    direction: 'inbound',
    shortDescription: `Call ${PII.e164} re card ${PII.card}`,
    description: FREE_TEXT,
    transcript: `customer: ${FREE_TEXT}\nagent: noted ${PII.email}`,
    customerAddress: PII.e164,
    customerName: PII.name,
    queueName: `Queue for ${PII.email}`,
    notes: FREE_TEXT, // an unknown field: ignored, reported by name only
    ...overrides,
  };
}

function conversationRequest(channel: 'voice' | 'whatsapp' | 'email' | 'callback') {
  const conversation = readSample('genesys-conversation.whatsapp.json') as {
    id: string;
    participants: Array<Record<string, unknown>>;
  };
  conversation.id = id('conv');
  const customer = conversation.participants[0]!;
  customer.name = PII.name;
  customer.attributes = { incidentDescription: FREE_TEXT };
  if (channel === 'voice') {
    delete customer.messages;
    customer.calls = [{ state: 'connected', direction: 'inbound' }];
    customer.ani = `tel:${PII.e164}`;
  } else if (channel === 'email') {
    delete customer.messages;
    customer.emails = [{ state: 'connected' }];
    customer.address = PII.email;
  } else if (channel === 'callback') {
    delete customer.messages;
    customer.callbacks = [{ callbackNumbers: [PII.usPhone] }];
  }
  return conversation;
}

function eventRequest() {
  const event = readSample('genesys-event.conversation-end.json') as {
    topicName: string;
    eventBody: Record<string, unknown>;
  };
  const conversationId = id('event');
  event.topicName = `v2.detail.events.conversation.${conversationId}.customer.end`;
  event.eventBody.conversationId = conversationId;
  event.eventBody.ani = PII.e164;
  return event;
}

// ------------------------------------------------------------------ the scan

describe('leak scan: seeded PII and secrets appear in no output', () => {
  // each test scans what it collected itself: none needs another to have run first
  it('HTTP: creates, replays, dry runs and every kind of rejection; then the emulator records, logs and database', async () => {
    const from = outputs.length;
    const created = flatRequest();
    expect((await post(created)).status).toBe(201);
    expect((await post(created)).status).toBe(200); // replay
    expect((await post({ ...flatRequest(), dryRun: true })).status).toBe(200);
    expect((await post({ ...created, dryRun: true })).status).toBe(200);
    for (const channel of ['voice', 'whatsapp', 'email', 'callback'] as const)
      expect((await post(conversationRequest(channel))).status).toBe(201);
    expect((await post(eventRequest())).status).toBe(201);

    // personal data in fields that reject it, in the id, in JSON that does not parse
    const rejected: unknown[] = [
      flatRequest({ customCallId: PII.e164 }),
      flatRequest({ urgency: PII.e164, impact: PII.cardCompact }),
      flatRequest({ conversationStart: PII.email, conversationEnd: PII.iban }),
      flatRequest({ direction: PII.card, channel: PII.email, dryRun: PII.ssn }),
      flatRequest({ agentUserId: FREE_TEXT, externalContactId: PII.e164 }),
      flatRequest({ customerAddress: FREE_TEXT.repeat(3), shortDescription: FREE_TEXT.repeat(2) }),
      { ...eventRequest(), topicName: `v2.users.${PII.e164}.conversations` },
      { ...eventRequest(), eventBody: { ...eventRequest().eventBody, mediaType: PII.email } },
      [FREE_TEXT],
    ];
    for (const body of rejected) expect((await post(body)).status).toBe(400);
    expect(
      (await post(`{"customCallId": "${PII.e164}", "x": ${PII.cardCompact}`, SECRET.password, true))
        .status,
    ).toBe(400);
    expect((await post(flatRequest({ description: FREE_TEXT.repeat(12_000) }))).status).toBe(413);
    expect((await post(flatRequest(), `${SECRET.password}-wrong`)).status).toBe(401);

    // the emulator: script log lines and request records
    collect('emulator request records and logs', JSON.stringify(sn.requests));
    expect(sn.requests.some((r) => r.logs.length > 0)).toBe(true);

    // the database: every incident column except the hidden customer address
    const rows = sn.db.rows('incident');
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) {
      const { [COLUMNS.customerAddress]: hidden, ...visible } = row;
      expect(hidden === null || typeof hidden === 'string').toBe(true);
      collect(`incident ${row.number}`, JSON.stringify(visible));
    }
    // the hidden column does hold the seeded phone number and the seeded e-mail address (the
    // e-mail conversation's sender): both went in, so their absence elsewhere means something
    const hidden = rows.map((row) => row[COLUMNS.customerAddress]);
    expect(hidden).toContain(PII.e164);
    expect(hidden).toContain(PII.email);
    expect(occurrences(from)).toEqual([]);
  }, 30_000);

  it('Data Action runtime: results and traces of the secure action, successes and failures', async () => {
    const from = outputs.length;
    // the secure variant: a secure action is for your own secure flow, so without generated flows
    const { createIncident } = buildGenesysArtifacts({
      instanceUrl: sn.url,
      secure: true,
      flows: false,
    }).actions;
    const credentials = {
      type: 'basic' as const,
      username: 'genesys.integration',
      password: SECRET.password,
    };
    const input = {
      customCallId: id('runtime'),
      channel: 'voice',
      shortDescription: `Call ${PII.e164}`,
      description: FREE_TEXT,
      transcript: FREE_TEXT,
      customerAddress: PII.e164,
      customerName: PII.name,
      queueName: `Queue ${PII.email}`,
      urgency: 2,
    };
    const runs = [
      await executeAction(createIncident, input, { credentials }), // created
      await executeAction(createIncident, input, { credentials }), // replay
      await executeAction(createIncident, { ...input, channel: PII.email }, { credentials }), // input contract
      await executeAction(
        createIncident,
        { ...input, customCallId: id('rt'), conversationStart: '2026-13-45T25:00:00Z' },
        { credentials },
      ), // ServiceNow 400
      await executeAction(createIncident, input, {
        credentials: { ...credentials, password: `${SECRET.password}-wrong` },
      }), // 401
    ];
    sn.faults.latencyMs = 300;
    runs.push(
      await executeAction(
        createIncident,
        { ...input, customCallId: id('rt') },
        { credentials, timeoutMs: 50 },
      ),
    );
    sn.faults.latencyMs = 0;
    expect(runs.map((r) => r.ok)).toEqual([true, true, false, false, false, false]);
    runs.forEach((run, i) => collect(`runtime execution ${i}`, JSON.stringify(run)));
    expect(occurrences(from)).toEqual([]);
  }, 30_000);

  it('CLI: validate and mask, plain and --json, child process and in process', async () => {
    const from = outputs.length;
    const dir = mkdtempSync(join(tmpdir(), 'ib-leak-'));
    const files = {
      flat: flatRequest(),
      conversation: conversationRequest('whatsapp'),
      event: eventRequest(),
      invalid: flatRequest({ urgency: PII.e164, conversationStart: PII.email }),
    };
    for (const [name, body] of Object.entries(files))
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(body));

    const env = { ...process.env, ...SECRET_ENV };
    const bin = (args: string[], input = '') => {
      const result = spawnSync(process.execPath, [repoRoot + 'bin/incident-bridge.mjs', ...args], {
        input,
        encoding: 'utf8',
        cwd: repoRoot,
        env,
        timeout: 25_000,
      });
      collect(
        `incident-bridge ${args.join(' ')} (exit ${result.status})`,
        result.stdout + result.stderr,
      );
      return result.status;
    };
    expect(bin(['validate', '--json', join(dir, 'flat.json')])).toBe(0);
    expect(bin(['mask', '--json'], FREE_TEXT)).toBe(0);

    const inProcess = async (args: string[], input = '') => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let text = '';
      stdout.on('data', (chunk) => (text += chunk));
      stderr.on('data', (chunk) => (text += chunk));
      const code = await main(['node', 'incident-bridge', ...args], {
        stdin: Readable.from([input]),
        stdout,
        stderr,
      });
      collect(`incident-bridge ${args.join(' ')} (in process, exit ${code})`, text);
      return code;
    };
    for (const name of ['flat', 'conversation', 'event']) {
      expect(await inProcess(['validate', join(dir, `${name}.json`)])).toBe(0);
      expect(await inProcess(['validate', '--json', join(dir, `${name}.json`)])).toBe(0);
    }
    expect(await inProcess(['validate', join(dir, 'invalid.json')])).toBe(2);
    expect(await inProcess(['validate', '--json', join(dir, 'invalid.json')])).toBe(2);
    expect(await inProcess(['validate', '-'], `{"customCallId": "${PII.e164}", oops`)).toBe(2);
    expect(await inProcess(['mask'], FREE_TEXT)).toBe(0);
    expect(await inProcess(['mask', '--max-length', '60'], FREE_TEXT)).toBe(0);
    expect(outputs.length - from).toBe(13);
    expect(occurrences(from)).toEqual([]);
  }, 60_000);

  it('the scan itself finds a seeded value when it is there', () => {
    const before = outputs.length;
    collect('a deliberately leaky output', `caller ${PII.e164} paid with ${PII.card}`);
    expect(occurrences()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^e164 .* in a deliberately leaky output$/)]),
    );
    outputs.splice(before);
  });
});

/**
 * Outputs minus the identifiers and timestamps the system adds (sys_ids, UUIDs, dates, incident
 * numbers, the test's own ids): their digits would otherwise look like fragments of a seeded
 * number to the digit-window check of leakOf.
 */
function withoutKnownIds(text: string): string {
  return (
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
      .replace(/[0-9a-f]{32}/gi, '<sys_id>')
      .replace(/\d{4}-\d{2}-\d{2}[T ][0-9:.]+(Z|[+-]\d{2}:\d{2})?/g, '<time>')
      .replace(/INC\d{7}/g, '<number>')
      .replace(/leak-[a-z]+-\d+/g, '<id>')
      // the emulator's own address (127.0.0.1 and a random port) is not caller input
      .replace(/https?:\/\/127\.0\.0\.1:\d+/g, '<emulator>')
  );
}

describe('leak scan under fuzzing', () => {
  const FIELDS = ['shortDescription', 'description', 'transcript', 'queueName'] as const;
  it(
    'any seeded value, in any free-text field of a flat body or a conversation, shows nowhere',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyPii,
          wrapper,
          words,
          fc.constantFrom(...FIELDS),
          fc.constantFrom('flat', 'conversation'),
          fc.boolean(),
          async (value, w, context, field, shape, dryRun) => {
            const text = `${context} ${wrap(value.value, w)} ${context}`.trim();
            const customerAddress =
              value.label === 'phone' || value.label === 'email' ? value.value : undefined;
            let body: Record<string, unknown>;
            if (shape === 'flat') {
              body = flatRequest({
                shortDescription: 'x',
                description: 'y',
                transcript: 'z',
                queueName: 'q',
              });
              body[field] = text;
              if (customerAddress) body.customerAddress = customerAddress;
              delete body.notes;
            } else {
              const conversation = conversationRequest('voice') as unknown as {
                participants: Array<Record<string, unknown>>;
              };
              const [customer, acd, agent] = conversation.participants;
              customer!.attributes = {};
              if (field === 'queueName') acd!.name = text;
              else if (field === 'shortDescription') agent!.attributes = { escalationReason: text };
              else customer!.attributes = { incidentDescription: text };
              if (customerAddress) customer!.ani = customerAddress;
              body = conversation;
            }
            if (dryRun) body.dryRun = true;
            const reply = await post(body);
            expect([200, 201]).toContain(reply.status);
            const record = sn.requests.at(-1)!;
            const id = String(body.customCallId ?? body.id);
            const row = sn.db.rows('incident').find((r) => r[COLUMNS.customCallId] === id);
            const visible = row ? JSON.stringify({ ...row, [COLUMNS.customerAddress]: null }) : '';
            for (const [where, output] of [
              ['response', reply.text],
              ['log lines', JSON.stringify(record.logs)],
              ['incident columns', visible],
            ])
              expect(
                leakOf(withoutKnownIds(output!), value),
                `${value.value} in the ${where}: ${output}`,
              ).toBeUndefined();
          },
        ),
        { numRuns: runs(40, 10) },
      );
    },
    timeoutFor(20_000, 10),
  );
});

// ------------------------------------------------------------------ known leaks

describe('leak scan: leaks found and fixed', () => {
  // Found by fuzzing in servicenow/src/server/core/mapping.ts, mapToIncident + maskedRequestView; kept as a regression test.
  it('category and subcategory are masked (or restricted) before they are written', async () => {
    const body = flatRequest({ category: PII.e164, subcategory: PII.email });
    expect((await post(body)).status).toBe(201);
    const row = sn.db.rows('incident').find((r) => r[COLUMNS.customCallId] === body.customCallId)!;
    expect(JSON.stringify({ ...row, [COLUMNS.customerAddress]: null })).not.toContain(PII.e164);
  });

  // Found by fuzzing in servicenow/src/server/core/normalize.ts, cleanFlat; kept as a regression test.
  it('an unknown field whose name is personal data is not echoed', async () => {
    const reply = await post({ ...flatRequest(), [PII.email]: true });
    expect(reply.status).toBe(201);
    expect(reply.text).not.toContain(PII.email);
  });

  // Found by fuzzing in servicenow/src/server/core/genesys-shapes.ts, customerMedia; kept as a regression test.
  it('an unsupported message type is not quoted in the 400', async () => {
    const conversation = conversationRequest('whatsapp') as unknown as {
      participants: Array<{ messages: Array<Record<string, unknown>> }>;
    };
    conversation.participants[0]!.messages[0]!.type = PII.email;
    const reply = await post(conversation);
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain(PII.email);
  });
});
