import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GENESYS_BUILD_CONFIG,
  GenesysConfigError,
  INTEGRATION_ID_PLACEHOLDER,
  resolveGenesysBuildConfig,
  type GenesysBuildConfig,
} from '../../genesys/index.ts';

function problemsOf(overrides: Record<string, unknown>) {
  try {
    resolveGenesysBuildConfig(overrides as Partial<GenesysBuildConfig>);
  } catch (error) {
    expect(error).toBeInstanceOf(GenesysConfigError);
    return (error as GenesysConfigError).problems;
  }
  return [];
}

describe('resolveGenesysBuildConfig', () => {
  it('has the documented defaults', () => {
    expect(resolveGenesysBuildConfig()).toEqual({
      instanceUrl: 'https://your-instance.service-now.com',
      apiBasePath: '/api/x_ibr_incbridge/v1/incident_bridge',
      createActionName: 'Create ServiceNow Incident',
      getActionName: 'Get ServiceNow Incident',
      integrationName: 'ServiceNow Incident Bridge',
      category: 'ServiceNow Incident Bridge',
      integrationId: INTEGRATION_ID_PLACEHOLDER,
      timeoutSeconds: 20,
      secure: false,
      authentication: 'basic',
      flows: true,
      moduleName: 'Create ServiceNow Incident',
      inboundCallFlowName: 'Incident Bridge - Inbound Call',
      inboundMessageFlowName: 'Incident Bridge - Inbound Message',
      workflowName: 'Incident Bridge - Conversation End',
      triggerName: 'Incident Bridge - Conversation End',
      queueName: 'IT Service Desk',
      division: 'Home',
      triggerMediaTypes: ['VOICE', 'CALLBACK', 'EMAIL', 'MESSAGE'],
      triggerFilters: [],
      triggerEnabled: true,
    });
    expect(Object.isFrozen(DEFAULT_GENESYS_BUILD_CONFIG)).toBe(true);
  });

  it('applies overrides and ignores undefined ones', () => {
    const config = resolveGenesysBuildConfig({
      instanceUrl: 'https://acme.service-now.com',
      timeoutSeconds: 60,
      secure: false,
      category: undefined,
    });
    expect(config.instanceUrl).toBe('https://acme.service-now.com');
    expect(config.timeoutSeconds).toBe(60);
    expect(config.secure).toBe(false);
    expect(config.category).toBe('ServiceNow Incident Bridge');
    // the category follows the integration name unless set on its own
    expect(resolveGenesysBuildConfig({ integrationName: 'Acme' }).category).toBe('Acme');
    expect(resolveGenesysBuildConfig({ integrationName: 'Acme', category: 'X' }).category).toBe(
      'X',
    );
  });

  it('accepts http only for the local sandbox', () => {
    expect(resolveGenesysBuildConfig({ instanceUrl: 'http://127.0.0.1:8123' }).instanceUrl).toBe(
      'http://127.0.0.1:8123',
    );
    expect(problemsOf({ instanceUrl: 'http://acme.service-now.com' })).toEqual([
      { option: 'instanceUrl', reason: expect.stringMatching(/https/) },
    ]);
  });

  it.each([
    ['https://acme.service-now.com/', /origin only/],
    ['https://user:pw@acme.service-now.com', /credentials/],
    ['https://acme.service-now.com?x=1', /query/],
    ['https://acme.service-now.com/$x', /Velocity/],
    ['not a url', /not a URL/],
  ])('rejects instanceUrl %s', (instanceUrl, reason) => {
    expect(problemsOf({ instanceUrl })).toEqual([
      { option: 'instanceUrl', reason: expect.stringMatching(reason) },
    ]);
  });

  it.each([0, 61, 2.5, '20'])(
    'rejects timeoutSeconds %j (Genesys allows 1–60)',
    (timeoutSeconds) => {
      expect(problemsOf({ timeoutSeconds })).toEqual([
        { option: 'timeoutSeconds', reason: expect.stringMatching(/1 to 60/) },
      ]);
    },
  );

  it('lists every bad option in one error, by name and reason', () => {
    const error = (() => {
      try {
        resolveGenesysBuildConfig({
          apiBasePath: 'api/',
          createActionName: ' padded',
          category: '',
          integrationId: 'has space',
          secure: 'yes',
          timeoutSeconds: 0,
          colour: 'red',
        } as unknown as Partial<GenesysBuildConfig>);
      } catch (e) {
        return e as GenesysConfigError;
      }
      throw new Error('expected a GenesysConfigError');
    })();
    expect(error.problems.map((p) => p.option).sort()).toEqual(
      [
        'apiBasePath',
        'category',
        'colour',
        'createActionName',
        'integrationId',
        'secure',
        'timeoutSeconds',
      ].sort(),
    );
    for (const problem of error.problems)
      expect(error.message).toContain(`- ${problem.option}: ${problem.reason}`);
  });

  it('requires two different action names', () => {
    expect(problemsOf({ getActionName: 'Create ServiceNow Incident' })).toEqual([
      { option: 'getActionName', reason: 'must differ from createActionName' },
    ]);
  });
});
