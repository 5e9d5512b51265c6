/**
 * The page's pieces without a browser: the form follows the generated action's input contract,
 * values are escaped wherever they land, and the detail view says when the platform withheld a
 * field instead of showing anything of it.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGenesysArtifacts } from '../../../../genesys/index.ts';
import { formFields, renderContractFields } from '../../../../scripts/sandbox/web/contract-form.ts';
import { demoDir } from '../../../../scripts/sandbox/demo.ts';
import { loadExamples } from '../../../../scripts/sandbox/web/examples.ts';
import { esc } from '../../../../scripts/sandbox/web/html.ts';
import {
  incidentDetailBody,
  incidentRows,
  runResult,
} from '../../../../scripts/sandbox/web/views.ts';
import { COLUMNS } from '../../../../servicenow/src/server/app-names.ts';

const action = buildGenesysArtifacts({ instanceUrl: 'https://example.service-now.com' }).actions
  .createIncident;
const inputSchema = action.contract?.input?.inputSchema as {
  properties: Record<string, { enum?: string[]; type?: string; maximum?: number }>;
  required: string[];
};

describe('the Run form', () => {
  const fields = formFields(inputSchema);

  it('has one field per contract property, the required ones first and marked', () => {
    expect(fields.map((f) => f.name).sort()).toEqual(Object.keys(inputSchema.properties).sort());
    const required = fields.filter((f) => f.required).map((f) => f.name);
    expect(required.sort()).toEqual([...inputSchema.required].sort());
    expect(fields.slice(0, required.length).every((f) => f.required)).toBe(true);
    const html = renderContractFields(fields);
    for (const name of inputSchema.required) {
      expect(html).toMatch(
        new RegExp(`<label for="in-${name}">${name}<span class="req" title="required">\\*</span>`),
      );
      expect(html).toMatch(
        new RegExp(`id="in-${name}" name="${name}" data-kind="\\w+" aria-required="true"`),
      );
    }
  });

  it('offers every enum value of the contract as a choice, plus "not set"', () => {
    const enums = Object.entries(inputSchema.properties).filter(([, p]) => Array.isArray(p.enum));
    expect(enums.length).toBeGreaterThan(0);
    const html = renderContractFields(fields);
    for (const [name, property] of enums) {
      const field = fields.find((f) => f.name === name)!;
      expect(field.kind).toBe('select');
      const select = new RegExp(`<select id="in-${name}"[^>]*>(.*?)</select>`).exec(html)![1]!;
      const values = [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
      // "not set" leaves the field out; an enum's own "" (Architect's unset) stays a choice
      expect(values).toEqual(['', ...property.enum!]);
    }
    // a free string (channel takes any name now) is a text field
    expect(fields.find((f) => f.name === 'channel')!.kind).toBe(
      inputSchema.properties.channel!.enum ? 'select' : 'text',
    );
  });

  it('gives integers their bounds, booleans a switch and long text a text area', () => {
    const byName = new Map(fields.map((f) => [f.name, f]));
    expect(byName.get('urgency')).toMatchObject({ kind: 'integer', minimum: 1, maximum: 3 });
    expect(byName.get('dryRun')).toMatchObject({ kind: 'switch' });
    expect(byName.get('transcript')).toMatchObject({ kind: 'textarea' });
    expect(byName.get('customCallId')).toMatchObject({ kind: 'text', maxLength: 100 });
    expect(renderContractFields(fields)).toContain(
      '<input type="checkbox" role="switch" id="in-dryRun" name="dryRun" data-kind="switch">',
    );
  });

  it('follows a changed contract (a new enum field appears, a removed one disappears)', () => {
    const changed = formFields({
      type: 'object',
      required: ['tier'],
      properties: { tier: { type: 'string', enum: ['gold', 'silver'] } },
    });
    expect(changed).toEqual([
      {
        name: 'tier',
        kind: 'select',
        required: true,
        description: '',
        options: ['gold', 'silver'],
      },
    ]);
  });
});

describe('escaping', () => {
  it('turns markup into text in text and attributes', () => {
    expect(esc(`<img src=x onerror="alert('x')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;',
    );
  });

  it('escapes every value of an incident row, the link included', () => {
    const hostile = '"><script>alert(1)</script>';
    const html = incidentRows(
      {
        ok: true,
        records: [
          {
            sys_id: hostile,
            number: hostile,
            sys_created_on: hostile,
            short_description: hostile,
            [COLUMNS.channel]: hostile,
            [COLUMNS.customCallId]: hostile,
            'caller_id.name': hostile,
          },
        ],
      },
      hostile,
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(hostile);
    // data-number, link text and the six cells; the link's path is percent-encoded
    expect(html.match(/&quot;&gt;&lt;script&gt;/g)).toHaveLength(7);
    expect(html).toContain('href="/incidents/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"');
  });
});

describe('incident detail', () => {
  it('says a withheld field was left out by the platform, and shows one that came back', () => {
    const base = { sys_id: 'a'.repeat(32), number: 'INC0010001', short_description: 'x' };
    const withheld = incidentDetailBody({ ok: true, records: [base] }, 'service.desk.agent');
    expect(withheld).toMatch(
      new RegExp(
        `data-field="${COLUMNS.customerAddress}"><th>[^<]+</th><td class="hidden-field">not returned to service.desk.agent`,
      ),
    );
    const shown = incidentDetailBody(
      { ok: true, records: [{ ...base, [COLUMNS.customerAddress]: '+14155550134' }] },
      'pii.reader',
    );
    expect(shown).toContain(
      `data-field="${COLUMNS.customerAddress}"><th>Customer address (hidden column)</th><td>+14155550134</td>`,
    );
  });

  it('shows the platform refusal instead of a record', () => {
    const html = incidentDetailBody(
      { ok: false, status: 403, message: 'HTTP 403 User Not Authorized' },
      'genesys.integration',
    );
    expect(html).toContain(
      'genesys.integration cannot read this incident: HTTP 403 User Not Authorized',
    );
  });
});

describe('examples', () => {
  it('has one per example file, conversation shapes turned into the flat action inputs', () => {
    const examples = loadExamples();
    const files = readdirSync(demoDir).filter((f) => f.endsWith('.json'));
    expect(examples).toHaveLength(files.length);
    expect(new Set(examples.map((e) => e.title)).size).toBe(files.length);
    expect(examples.map((e) => e.title)).toEqual(
      expect.arrayContaining([
        'Data Action body: voice',
        'Data Action body: whatsapp',
        'Conversation object: whatsapp',
        'Event: conversation-end',
      ]),
    );
    const properties = Object.keys(inputSchema.properties);
    for (const example of examples) {
      for (const name of inputSchema.required) expect(example.input).toHaveProperty(name);
      for (const name of Object.keys(example.input)) expect(properties).toContain(name);
    }
    const conversation = examples.find((e) => e.title === 'Conversation object: whatsapp')!;
    expect(conversation.input.channel).toBe('whatsapp');
  });
});

describe('a run result', () => {
  it('shows a failure through the masker too: an error may quote what the endpoint answered', () => {
    const quoted = 'HTTP 502 from endpoint: caller +1 415 555 0134 paid with 4111 1111 1111 1111';
    const failure = {
      ok: false as const,
      kind: 'http' as const,
      status: 502,
      error: {
        message: quoted,
        code: 'bad.gateway',
        status: 502,
        messageParams: {},
        details: [{ errorCode: 'ACTION.REMOTE_ENDPOINT' as const }],
        errors: [],
      },
      trace: {
        action: 'Create ServiceNow Incident',
        secure: false,
        steps: [{ step: 'executeRequest' as const, ok: false, durationMs: 3, error: quoted }],
      },
    };
    const html = runResult({
      outcome: { fault: 'none', dryRun: false, attempts: [failure, failure] },
      viewerName: 'service.desk.agent',
    });
    expect(html).toContain('data-outcome="failed" data-attempts="2"');
    expect(html).toContain(
      'Failed: HTTP 502 from endpoint: caller ***-***-0134 paid with ****-****-****-1111',
    );
    for (const raw of ['415 555 0134', '4111 1111']) expect(html).not.toContain(raw);
  });
});
