/**
 * DESIGN §3 shape rules of a Genesys PostActionInput, checked one by one on both generated actions.
 */
import Ajv04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { buildGenesysArtifacts, type PostActionInput } from '../../genesys/index.ts';
import { findUnsupportedVelocity } from '../../scripts/sandbox/data-action-runtime/index.ts';

const Ajv04 = Ajv04Module.default;
const { createIncident, getIncident } = buildGenesysArtifacts().actions;
const both: Array<[string, PostActionInput]> = [
  ['create', createIncident],
  ['get', getIncident],
];

type Schema = {
  properties: Record<string, { type: unknown; items?: { type?: unknown } }>;
  required: string[];
};
const inputOf = (a: PostActionInput) => a.contract.input.inputSchema as unknown as Schema;
const outputOf = (a: PostActionInput) => a.contract.output.successSchema as unknown as Schema;

describe.each(both)('the %s action (PostActionInput)', (_, action) => {
  it('has exactly name, category, integrationId, secure, config and contract', () => {
    expect(Object.keys(action).sort()).toEqual([
      'category',
      'config',
      'contract',
      'integrationId',
      'name',
      'secure',
    ]);
  });

  it('config has request, response and timeoutSeconds 1–60', () => {
    expect(Object.keys(action.config).sort()).toEqual(['request', 'response', 'timeoutSeconds']);
    expect(action.config.timeoutSeconds).toBeGreaterThanOrEqual(1);
    expect(action.config.timeoutSeconds).toBeLessThanOrEqual(60);
  });

  it('request has requestUrlTemplate, requestType, headers and requestTemplate', () => {
    expect(Object.keys(action.config.request!).sort()).toEqual([
      'headers',
      'requestTemplate',
      'requestType',
      'requestUrlTemplate',
    ]);
    expect(action.config.request!.headers!.Accept).toBe('application/json');
  });

  it('response has translationMap, translationMapDefaults (JSON text) and successTemplate', () => {
    const response = action.config.response!;
    expect(Object.keys(response).sort()).toEqual([
      'successTemplate',
      'translationMap',
      'translationMapDefaults',
    ]);
    for (const path of Object.values(response.translationMap!))
      expect(path).toMatch(/^\$\.result\.[a-z_]+$/);
    for (const [key, text] of Object.entries(response.translationMapDefaults!)) {
      expect(() => JSON.parse(text), key).not.toThrow();
      expect(response.translationMap, key).toHaveProperty(key);
    }
  });

  it('contract is {input: {inputSchema}, output: {successSchema}}, both draft-04', () => {
    expect(Object.keys(action.contract).sort()).toEqual(['input', 'output']);
    expect(Object.keys(action.contract.input)).toEqual(['inputSchema']);
    expect(Object.keys(action.contract.output)).toEqual(['successSchema']);
    const ajv = new Ajv04({ strict: true });
    for (const schema of [
      action.contract.input.inputSchema,
      action.contract.output.successSchema,
    ]) {
      expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
      expect(() => ajv.compile(schema)).not.toThrow();
    }
  });

  it('input contract is flat, with legal, unreserved names', () => {
    for (const [name, property] of Object.entries(inputOf(action).properties)) {
      expect(['string', 'integer', 'number', 'boolean']).toContain(property.type);
      expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
      expect(['orgId', 'integrationId', 'rawRequest']).not.toContain(name);
    }
  });

  it('output contract has the four outputs and no nested arrays', () => {
    const output = outputOf(action);
    expect(Object.keys(output.properties).sort()).toEqual([
      'created',
      'incidentNumber',
      'incidentSysId',
      'incidentUrl',
    ]);
    expect(output.properties.created!.type).toBe('boolean');
    for (const property of Object.values(output.properties))
      expect(property.type === 'array' && property.items?.type === 'array').toBe(false);
  });

  it('maps the endpoint result by JSONPath and fills the success template from the translation keys', () => {
    const response = action.config.response!;
    expect(response.translationMap).toEqual({
      incidentSysId: '$.result.sys_id',
      incidentNumber: '$.result.number',
      created: '$.result.created',
      incidentUrl: '$.result.url',
      dryRun: '$.result.dry_run',
    });
    // ids default to null, which the output contract rejects: no incident, no success (bar dry runs)
    expect(response.translationMapDefaults).toEqual({
      incidentSysId: 'null',
      incidentNumber: 'null',
      created: 'false',
      incidentUrl: '""',
      dryRun: 'false',
    });
    for (const key of Object.keys(outputOf(action).properties))
      expect(response.successTemplate).toContain(`\${${key}}`);
  });

  it('uses only Velocity the local runtime renders exactly like Genesys', () => {
    const request = action.config.request!;
    const keys = Object.keys(action.config.response!.translationMap!);
    for (const template of [
      request.requestUrlTemplate!,
      request.requestTemplate!,
      ...Object.values(request.headers!),
    ])
      expect(findUnsupportedVelocity(template, 'request')).toEqual([]);
    expect(
      findUnsupportedVelocity(action.config.response!.successTemplate!, 'success', keys),
    ).toEqual([]);
  });

  it('is not secure by default (Call Data cannot call a secure action)', () => {
    expect(action.secure).toBe(false);
  });
});

describe('the create action request', () => {
  const request = createIncident.config.request!;
  const template = request.requestTemplate!;
  const contract = inputOf(createIncident);

  it('POSTs JSON to the incidents collection', () => {
    expect(request.requestType).toBe('POST');
    expect(request.requestUrlTemplate).toBe(
      'https://your-instance.service-now.com/api/x_ibr_incbridge/v1/incident_bridge/incidents',
    );
    expect(request.headers).toEqual({
      Accept: 'application/json',
      'Content-Type': 'application/json',
    });
  });

  it('escapes every string value with $esc.jsonString inside quotes', () => {
    for (const [name, property] of Object.entries(contract.properties)) {
      if (property.type !== 'string') continue;
      const uses = template.match(new RegExp(`\\$input\\.${name}\\b`, 'g')) ?? [];
      expect(uses, name).toHaveLength(1);
      expect(template, name).toContain(`"${name}": "$esc.jsonString($input.${name})"`);
    }
  });

  it('emits integers and booleans unquoted', () => {
    for (const [name, property] of Object.entries(contract.properties)) {
      if (property.type === 'string') continue;
      expect(template, name).toContain(`"${name}": $input.${name}#end`);
    }
  });

  it('wraps each optional in #if("$!{input.x}" != "") with its leading comma, required ones bare', () => {
    for (const name of Object.keys(contract.properties)) {
      const guarded = template.includes(`#if("$!{input.${name}}" != ""),\n  "${name}":`);
      expect(guarded, name).toBe(!contract.required.includes(name));
    }
    expect(template.startsWith('{\n  "customCallId": ')).toBe(true);
  });
});

describe('the get action request', () => {
  it('GETs the incident by $esc.url-escaped customCallId, its only input', () => {
    const request = getIncident.config.request!;
    expect(request.requestType).toBe('GET');
    expect(request.requestUrlTemplate).toMatch(/\/incidents\/\$esc\.url\(\$input\.customCallId\)$/);
    expect(Object.keys(inputOf(getIncident).properties)).toEqual(['customCallId']);
    expect(inputOf(getIncident).required).toEqual(['customCallId']);
  });
});

describe('configuration reaches the actions', () => {
  const { actions } = buildGenesysArtifacts({
    instanceUrl: 'https://acme.service-now.com',
    apiBasePath: '/api/x_acme_ib/v2/bridge',
    createActionName: 'Open Ticket',
    getActionName: 'Find Ticket',
    category: 'Acme ServiceNow',
    integrationId: 'abc-123',
    timeoutSeconds: 45,
    secure: false,
  });

  it.each([
    ['create', actions.createIncident, 'Open Ticket'],
    ['get', actions.getIncident, 'Find Ticket'],
  ] as const)('%s', (_, action, name) => {
    expect(action.name).toBe(name);
    expect(action.category).toBe('Acme ServiceNow');
    expect(action.integrationId).toBe('abc-123');
    expect(action.secure).toBe(false);
    expect(action.config.timeoutSeconds).toBe(45);
    expect(action.config.request!.requestUrlTemplate).toMatch(
      /^https:\/\/acme\.service-now\.com\/api\/x_acme_ib\/v2\/bridge\/incidents/,
    );
  });
});
