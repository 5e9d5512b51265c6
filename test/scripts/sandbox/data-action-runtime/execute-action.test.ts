/**
 * The runtime end to end over real loopback HTTP, against a fake of the remote ServiceNow endpoint
 * that records the exact bytes it receives.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGenesysArtifacts, type GenesysBuildConfig } from '../../../../genesys/index.ts';
import {
  executeAction,
  type BasicCredentials,
  type ExecutionFailure,
  type ExecutionResult,
} from '../../../../scripts/sandbox/data-action-runtime/index.ts';
import { REDACTED } from '../../../../scripts/sandbox/data-action-runtime/redact.ts';
import {
  startFakeIncidentEndpoint,
  type FakeIncidentEndpoint,
  type Reply,
} from '../../../helpers/fake-incident-endpoint.ts';
import { requestInputs } from '../../../helpers/request-inputs.ts';

const credentials: BasicCredentials = {
  type: 'basic',
  username: 'svc.genesys-bridge',
  password: 'P@ss w0rd!#$ü',
};
const SECRET_FORMS = [
  credentials.password,
  credentials.username,
  Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
];

let endpoint: FakeIncidentEndpoint;
let override: ((path: string, method: string) => Reply | undefined) | undefined;
let callSeq = 0;

beforeAll(async () => {
  endpoint = await startFakeIncidentEndpoint({
    credentials,
    override: (request) => override?.(request.path, request.method),
  });
});
afterAll(() => endpoint.close());

function actions(config: Partial<GenesysBuildConfig> = {}) {
  return buildGenesysArtifacts({ instanceUrl: endpoint.instanceUrl, ...config }).actions;
}

const minimal = () => ({
  customCallId: `call-${++callSeq}`,
  channel: 'voice',
  shortDescription: 'VPN down',
});

async function create(
  input: Record<string, unknown>,
  config: Partial<GenesysBuildConfig> = {},
  options = {},
) {
  return executeAction(actions(config).createIncident, input, {
    credentials,
    contextId: 'ctx-test',
    ...options,
  });
}

async function withReply<T>(
  reply: Reply | ((method: string) => Reply | undefined),
  run: () => Promise<T>,
): Promise<T> {
  override = typeof reply === 'function' ? (_p, m) => reply(m) : () => reply;
  try {
    return await run();
  } finally {
    override = undefined;
  }
}

function expectFailure(result: ExecutionResult): ExecutionFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.output)}`);
  return result;
}

describe('executeAction: create', () => {
  it('creates the incident and maps the result to the output contract', async () => {
    const result = await create(minimal());
    expect(result).toMatchObject({
      ok: true,
      output: {
        incidentSysId: expect.stringMatching(/^[0-9a-f]{32}$/),
        incidentNumber: expect.stringMatching(/^INC\d{7}$/),
        created: true,
        incidentUrl: expect.stringMatching(/^https:/),
      },
    });
    const request = endpoint.received.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/x_ibr_incbridge/v1/incident_bridge/incidents');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers.authorization).toBe(`Basic ${SECRET_FORMS[2]}`);
  });

  it('a replay returns the same incident with created:false', async () => {
    const input = minimal();
    const first = await create(input);
    const second = await create(input);
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) {
      expect(second.output).toEqual({ ...first.output, created: false });
    }
  });

  it('traces the steps of the Genesys Test tab, in order', async () => {
    const result = await create(minimal());
    expect(result.trace.steps.map((s) => [s.step, s.ok])).toEqual([
      ['checkAction', true],
      ['validateInput', true],
      ['resolveRequest', true],
      ['executeRequest', true],
      ['translateResponse', true],
      ['applySuccessTemplate', true],
      ['validateOutput', true],
    ]);
  });
});

describe('executeAction: values arrive byte for byte, always as valid JSON', () => {
  const HOSTILE = [
    'say "hi" \\ and \\" and \\\\',
    'line1\nline2\r\n\ttabbed\u0000\u0007\u001f\u007f\u2028\u2029',
    'emoji 😀👍🏽 中文 ü € ß',
    '$ $$ $input.customCallId ${input.channel} $!{x} $esc.jsonString($input.x)',
    '# ## #if(true)yes#end #set($a = 1) #foreach #* x *# #[[raw]]# \\$x \\#y',
    '</script><b>&amp;</b> \'single\' `tick` {"json": [1, null]} null',
    'lone \ud83d surrogate',
  ];

  it.each(HOSTILE)('%j', async (text) => {
    const input = {
      ...minimal(),
      shortDescription: text.slice(0, 160),
      description: text,
      transcript: text,
      customerName: text,
      queueName: text,
      category: text.slice(0, 40),
    };
    const result = await create(input);
    expect(result.ok, JSON.stringify(!result.ok && result.error)).toBe(true);
    const raw = endpoint.received.at(-1)!.raw.toString('utf8');
    expect(JSON.parse(raw)).toEqual(input);
    // every control character was escaped: only the template's own newlines are raw
    const rawControls = [...raw].filter((c) => c.charCodeAt(0) < 0x20 && c !== '\n');
    expect(rawControls).toEqual([]);
  });

  it('absent, null and "" optionals leave no member, no "null" and no broken JSON', async () => {
    const optionals = [
      'description',
      'transcript',
      'customerAddress',
      'customerName',
      'direction',
      'queueName',
      'agentUserId',
      'conversationStart',
      'conversationEnd',
      'category',
      'subcategory',
      'externalContactId',
      'schemaVersion',
    ];
    for (const fill of ['', null, undefined]) {
      const input = {
        ...minimal(),
        ...Object.fromEntries(optionals.map((k) => [k, fill])),
        urgency: null,
        impact: undefined,
        dryRun: null,
      };
      const result = await create(input);
      expect(result.ok, String(fill)).toBe(true);
      const raw = endpoint.received.at(-1)!.raw.toString('utf8');
      expect(raw).not.toContain('null');
      expect(Object.keys(JSON.parse(raw))).toEqual(['customCallId', 'channel', 'shortDescription']);
    }
  });

  it('property: any subset of optionals with hostile text arrives exactly (received bytes parsed)', async () => {
    const { createIncident } = actions();
    await fc.assert(
      fc.asyncProperty(requestInputs(), async (input) => {
        const before = endpoint.received.length;
        const result = await executeAction(createIncident, input, { credentials });
        expect(result.ok, JSON.stringify(!result.ok && result.error.errors)).toBe(true);
        if (result.ok && input.dryRun === true) expect(result.output.created).toBe(false);
        expect(endpoint.received.length).toBe(before + 1);
        const received = JSON.parse(endpoint.received.at(-1)!.raw.toString('utf8'));
        expect(received).toEqual(
          Object.fromEntries(Object.entries(input).filter(([, v]) => v !== '')),
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe('executeAction: failures a flow takes its failure path on', () => {
  it('a server slower than timeoutSeconds yields the timeout failure', async () => {
    // no wall-clock bounds here (speed belongs to the bench): the failure names the limit it hit
    const result = await withReply({ status: 201, body: {}, delayMs: 3000 }, () =>
      create(minimal(), { timeoutSeconds: 1 }),
    );
    const failure = expectFailure(result);
    expect(failure.kind).toBe('timeout');
    expect(failure.status).toBe(504);
    expect(failure.error.errors[0]!.message).toMatch(/timed out after 1000 ms/);
    expect(failure.trace.steps.at(-1)).toMatchObject({ step: 'executeRequest', ok: false });
  });

  it('timeoutMs overrides the action timeout', async () => {
    const result = await withReply({ status: 201, body: {}, delayMs: 2000 }, () =>
      create(minimal(), {}, { timeoutMs: 100 }),
    );
    expect(expectFailure(result).kind).toBe('timeout');
  });

  it.each([400, 401, 403, 404, 413, 415, 429, 500, 503])(
    'HTTP %i fails with that status and the body quoted',
    async (status) => {
      const body = {
        error: { message: `failure ${status}`, detail: '/customCallId: is required' },
        status: 'failure',
      };
      const failure = expectFailure(await withReply({ status, body }, () => create(minimal())));
      expect(failure).toMatchObject({
        kind: 'http',
        status,
        error: { status, details: [{ errorCode: 'ACTION.REMOTE_ENDPOINT' }] },
      });
      expect(failure.error.errors[0]!.message).toContain(`failure ${status}`);
      expect(failure.error.contextId).toBe('ctx-test');
    },
  );

  it('wrong credentials fail with the endpoint 401', async () => {
    const failure = expectFailure(
      await create(minimal(), {}, { credentials: { ...credentials, password: 'wrong' } }),
    );
    expect(failure).toMatchObject({ kind: 'http', status: 401 });
  });

  it.each([
    ['HTML', '<html><body>Instance hibernating</body></html>'],
    ['empty', ''],
    ['truncated JSON', '{"result": {"sys_id": '],
  ])('a 2xx %s body is a non-JSON failure', async (_, body) => {
    const failure = expectFailure(
      await withReply({ status: 200, body, headers: { 'content-type': 'text/html' } }, () =>
        create(minimal()),
      ),
    );
    expect(failure).toMatchObject({
      kind: 'response',
      status: 400,
      error: { details: [{ errorCode: 'ACTION.REMOTE_ENDPOINT' }] },
    });
  });

  it('a 2xx without an incident fails, naming the field (the ids default to null)', async () => {
    const failure = expectFailure(
      await withReply({ status: 200, body: { result: { created: false } } }, () =>
        create(minimal()),
      ),
    );
    expect(failure.kind).toBe('output');
    expect(failure.error.errors[0]!.message).toMatch(/\/incidentSysId: must be string/);
    expect(failure.error.errors[0]!.message).toMatch(/\/incidentNumber: must be string/);
  });

  it('a dry run succeeds without an incident: empty ids, created false', async () => {
    const result = await create({ ...minimal(), dryRun: true });
    expect(result.ok && result.output).toEqual({
      incidentSysId: '',
      incidentNumber: '',
      created: false,
      incidentUrl: '',
    });
    expect(JSON.parse(endpoint.received.at(-1)!.raw.toString('utf8')).dryRun).toBe(true);
  });

  it('a dry run that finds the existing incident reports it', async () => {
    const body = {
      result: { dry_run: true, created: false, sys_id: 'b'.repeat(32), number: 'INC0000002' },
    };
    const result = await withReply({ status: 200, body }, () =>
      create({ ...minimal(), dryRun: true }),
    );
    expect(result.ok && result.output).toMatchObject({
      incidentSysId: 'b'.repeat(32),
      incidentNumber: 'INC0000002',
    });
  });

  it('missing url and created fall back to their defaults', async () => {
    const result = await withReply(
      { status: 201, body: { result: { sys_id: 'a'.repeat(32), number: 'INC0000001' } } },
      () => create(minimal()),
    );
    expect(result.ok && result.output).toEqual({
      incidentSysId: 'a'.repeat(32),
      incidentNumber: 'INC0000001',
      created: false,
      incidentUrl: '',
    });
  });

  it('a value of the wrong type fails output validation', async () => {
    const body = {
      result: { sys_id: 'a'.repeat(32), number: 'INC0000001', created: 'yes', url: '' },
    };
    const failure = expectFailure(await withReply({ status: 201, body }, () => create(minimal())));
    expect(failure.kind).toBe('output');
    expect(failure.error.errors[0]!.message).toMatch(/\/created: must be boolean/);
  });

  it('invalid input fails before anything is sent, naming each field but no value', async () => {
    const before = endpoint.received.length;
    const failure = expectFailure(
      await create({
        channel: 'carrier pigeon',
        shortDescription: 'x',
        customerAddress: '+14155550134',
        urgency: 9,
      }),
    );
    expect(failure).toMatchObject({
      kind: 'input',
      status: 400,
      error: { details: [{ errorCode: 'ACTION.PROCESSING' }] },
    });
    expect(failure.error.errors[0]!.message).toMatch(
      /\/customCallId: is required; \/channel: .*; \/urgency: must be <= 3/,
    );
    // the error never quotes a value (a non-secure action's trace holds the input as sent, as
    // Genesys's Test tab does; every printer masks it)
    expect(JSON.stringify(failure.error)).not.toContain('pigeon');
    expect(JSON.stringify(failure.error)).not.toContain('4155550134');
    expect(endpoint.received.length).toBe(before);
  });

  it('an action using Velocity the runtime cannot reproduce is refused before anything is sent', async () => {
    const action = structuredClone(actions().createIncident);
    action.config.request!.requestTemplate =
      '{"id": "$input.customCallId"#if($input.description), "d": "$input.description"#end}';
    const before = endpoint.received.length;
    const failure = expectFailure(await executeAction(action, minimal(), { credentials }));
    expect(failure.kind).toBe('configuration');
    expect(failure.error.errors[0]!.message).toMatch(
      /requestTemplate line 1:\d+ #if\(\$input\.description\)/,
    );
    expect(endpoint.received.length).toBe(before);
  });

  it('a closed port is a network failure', async () => {
    const closed = await startFakeIncidentEndpoint();
    await closed.close();
    const result = await executeAction(
      buildGenesysArtifacts({ instanceUrl: closed.instanceUrl }).actions.createIncident,
      minimal(),
    );
    expect(expectFailure(result)).toMatchObject({ kind: 'network', status: 502 });
  });
});

describe('executeAction: get', () => {
  it('finds the incident of a conversation, and 404s an unknown one', async () => {
    const input = { ...minimal(), customCallId: 'genesys:conv.1_a-b' };
    const created = await create(input);
    const found = await executeAction(
      actions().getIncident,
      { customCallId: input.customCallId },
      { credentials },
    );
    expect(endpoint.received.at(-1)!.path).toBe(
      '/api/x_ibr_incbridge/v1/incident_bridge/incidents/genesys%3Aconv.1_a-b',
    );
    expect(endpoint.received.at(-1)!.raw.length).toBe(0);
    // both must succeed: `false` on both sides would otherwise compare equal
    expect([created.ok, found.ok]).toEqual([true, true]);
    expect(found.ok && created.ok && found.output).toEqual(
      created.ok && { ...created.output, created: false },
    );
    const missing = await executeAction(
      actions().getIncident,
      { customCallId: 'never-seen' },
      { credentials },
    );
    expect(expectFailure(missing)).toMatchObject({ kind: 'http', status: 404 });
  });
});

describe('traces hold no secrets', () => {
  const outcomes = async () => [
    await create({ ...minimal(), description: `my password is ${credentials.password}` }),
    await create({ customCallId: 'x y' } as Record<string, unknown>),
    await withReply({ status: 500, body: 'oops' }, () => create(minimal())),
    await withReply({ status: 201, body: {}, delayMs: 1000 }, () =>
      create(minimal(), {}, { timeoutMs: 50 }),
    ),
    await create(minimal(), { secure: false }),
  ];

  it('credentials never appear in any form, whatever the outcome', async () => {
    for (const result of await outcomes()) {
      const { trace, ...rest } = result;
      const text = JSON.stringify(trace) + JSON.stringify(result.ok ? {} : rest);
      for (const secret of SECRET_FORMS) expect(text).not.toContain(secret);
      const request = trace.steps.find((s) => s.step === 'resolveRequest');
      if (request?.step === 'resolveRequest' && request.request)
        expect(request.request.headers.Authorization).toBe(REDACTED);
    }
  });

  it('a secure action shows the shape of its inputs, not their values', async () => {
    const input = {
      ...minimal(),
      customerAddress: '+14155550134',
      transcript: 'call me on +14155550134',
    };
    // secure actions are for your own secure flows: the generated flows are off
    const secure = await create(input, { secure: true, flows: false });
    expect(JSON.stringify(secure.trace)).not.toContain('4155550134');
    expect(secure.trace.steps[1]).toMatchObject({
      step: 'validateInput',
      input: { customerAddress: '[secure: 12 chars]' },
    });
    const revealed = await create(
      input,
      { secure: true, flows: false },
      { revealSecureValues: true },
    );
    expect(JSON.stringify(revealed.trace)).toContain('+14155550134');
    const notSecure = await create(input, { secure: false });
    expect(notSecure.trace.secure).toBe(false);
    expect(JSON.stringify(notSecure.trace)).toContain('+14155550134');
  });
});
