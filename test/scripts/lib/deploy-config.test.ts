import { Ajv } from 'ajv';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkDeployConfig,
  ConfigError,
  DEFAULT_INSTALL_TIMEOUT_SECONDS,
  loadDeployConfig,
  resolveGenesysEnvironment,
  resolveServiceNowEnvironment,
  validateDeployConfig,
  type DeployConfig,
} from '../../../scripts/lib/deploy-config/index.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';

const EXAMPLE = repoRoot + 'incident-bridge.example.yaml';
const SCHEMA = repoRoot + 'schemas/deploy-config.schema.json';

const VALID = `version: 1
environments:
  dev:
    genesys:
      region: mypurecloud.de
      clientIdEnv: G_ID
      clientSecretEnv: G_SECRET
      integrationName: ServiceNow Incident Bridge (dev)
      credentials:
        type: basic
        usernameEnv: SN_USER
        passwordEnv: SN_PASS
    servicenow:
      instanceUrl: https://dev12345.service-now.com
      auth:
        type: basic
        userEnv: SN_ADMIN
        passwordEnv: SN_ADMIN_PASS
`;

/** Problems of a config text as `LINE:COL path: reason` lines. */
function problems(text: string): string[] {
  return checkDeployConfig(text, 'x.yaml').problems.map(
    (p) => `${p.line ?? '-'}:${p.col ?? '-'} ${p.path}: ${p.reason}`,
  );
}

function withLine(text: string, find: string, replace: string): string {
  expect(text).toContain(find);
  return text.replace(find, replace);
}

describe('schemas/deploy-config.schema.json', () => {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));

  it('compiles under ajv strict mode (format and pattern messages are for editors)', () => {
    const ajv = new Ajv({ strict: true, formats: { uri: true } });
    ajv.addKeyword('patternErrorMessage');
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('words every pattern failure itself, so the CLI never restates a pattern', () => {
    const unworded: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (typeof record.pattern === 'string' && typeof record.patternErrorMessage !== 'string')
        unworded.push(path);
      for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`);
    };
    visit(schema, '');
    expect(unworded).toEqual([]);
  });

  it('describes every property, so editors can complete and explain them', () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === 'object')
        for (const [key, property] of Object.entries(record.properties as object)) {
          const p = property as Record<string, unknown>;
          const described =
            typeof p.description === 'string' ||
            (typeof p.$ref === 'string' &&
              typeof schema.definitions[(p.$ref as string).split('/').pop() as string]
                ?.description === 'string');
          // the "false" branches of if/then only forbid a property
          if (property !== false && !described) missing.push(`${path}.${key}`);
          visit(property, `${path}.${key}`);
        }
      // allOf holds the if/then rules of the credential types, not settings of their own
      for (const [key, value] of Object.entries(record))
        if (key !== 'properties' && key !== 'allOf') visit(value, `${path}.${key}`);
    };
    visit(schema, '');
    expect(missing).toEqual([]);
  });

  it('is named by the example file for yaml-language-server', () => {
    const first = readFileSync(EXAMPLE, 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=./schemas/deploy-config.schema.json');
  });
});

describe('checkDeployConfig', () => {
  it('accepts the committed example (dev and prod)', () => {
    const config = loadDeployConfig(EXAMPLE);
    expect(Object.keys(config.environments)).toEqual(['dev', 'prod']);
    expect(config.environments.prod?.genesys.credentials.type).toBe('oauth');
  });

  it('accepts a minimal configuration', () => {
    expect(problems(VALID)).toEqual([]);
  });

  it('reports YAML syntax errors with their position, without quoting the source', () => {
    const text = withLine(VALID, '      region: mypurecloud.de', '      region: [mypurecloud.de');
    const result = checkDeployConfig(text, 'x.yaml');
    expect(result.config).toBeUndefined();
    expect(result.problems[0]?.reason).toMatch(/^YAML: /);
    expect(result.problems[0]?.line).toBeGreaterThan(0);
    expect(result.problems.map((p) => p.reason).join('\n')).not.toContain('mypurecloud');
  });

  it('rejects duplicate keys', () => {
    const text = withLine(
      VALID,
      '      region: mypurecloud.de\n',
      '      region: mypurecloud.de\n      region: mypurecloud.ie\n',
    );
    expect(problems(text).join('\n')).toMatch(/YAML: .*unique/i);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    expect(problems(bomb).join('\n')).toMatch(/YAML: .*alias/i);
  });

  it('names the file, line, column, path and reason of each problem', () => {
    const text = withLine(VALID, 'region: mypurecloud.de', 'region: https://api.mypurecloud.de');
    expect(() => validateDeployConfig(text, 'incident-bridge.yaml')).toThrow(
      'incident-bridge.yaml:5:15 environments.dev.genesys.region: must be a Genesys Cloud environment such as mypurecloud.de',
    );
  });

  it('lists every problem in one error, in file order', () => {
    let text = withLine(VALID, 'version: 1', 'version: 2');
    text = withLine(text, 'region: mypurecloud.de', 'region: api.mypurecloud.de');
    text = withLine(
      text,
      'instanceUrl: https://dev12345.service-now.com',
      'instanceUrl: http://dev12345.service-now.com/x',
    );
    let error: unknown;
    try {
      validateDeployConfig(text, 'x.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.exitCode).toBe(2);
    expect(configError.problems.map((p) => p.path)).toEqual([
      'version',
      'environments.dev.genesys.region',
      'environments.dev.servicenow.instanceUrl',
    ]);
    expect(configError.message.split('\n')[0]).toBe('invalid deploy configuration (3 problems):');
    expect(configError.message).toContain('x.yaml:1:10 version: must be 1');
  });

  it('requires version and environments, and at least one environment', () => {
    expect(problems('version: 1\n')).toEqual(['1:1 environments: is required']);
    expect(problems('environments: {}\n')).toEqual([
      '1:1 version: is required',
      '1:15 environments: must define at least one environment',
    ]);
    expect(problems('- 1\n')).toEqual(['1:1 : must be a mapping']);
  });

  it('restricts environment names', () => {
    const text = withLine(VALID, '  dev:', '  Dev Env:');
    expect(problems(text)).toEqual([
      '3:3 environments["Dev Env"]: environment names use only a-z, 0-9, _ and - (at most 40 characters)',
    ]);
  });

  it('points a missing setting at the block that lacks it', () => {
    const text = withLine(VALID, '      clientSecretEnv: G_SECRET\n', '');
    expect(problems(text)).toEqual(['5:7 environments.dev.genesys.clientSecretEnv: is required']);
  });

  it('suggests the setting meant by a typo', () => {
    const text = withLine(VALID, '      region: mypurecloud.de', '      regoin: mypurecloud.de');
    expect(problems(text)).toEqual([
      '5:7 environments.dev.genesys.region: is required',
      '5:7 environments.dev.genesys.regoin: is not a known setting (did you mean region?)',
    ]);
  });

  it('lists the known settings when nothing is close', () => {
    const text = withLine(VALID, '    servicenow:', '    zzzzzz: 1\n    servicenow:');
    expect(problems(text)[0]).toMatch(
      /environments\.dev\.zzzzzz: is not a known setting; known: genesys, servicenow, mapping$/,
    );
  });

  it('never echoes a value: a secret pasted where a variable name belongs stays out of the message', () => {
    const secret = 'hunter2-Very$ecret!';
    const text = withLine(VALID, 'passwordEnv: SN_PASS', `passwordEnv: "${secret}"`);
    const found = problems(text);
    expect(found).toEqual([
      '12:22 environments.dev.genesys.credentials.passwordEnv: must be the NAME of an environment variable (A-Z, 0-9 and _), never the secret itself',
    ]);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('checks value types and enums', () => {
    let text = withLine(
      VALID,
      '        type: basic\n        usernameEnv',
      '        type: kerberos\n        usernameEnv',
    );
    text = withLine(
      text,
      '      integrationName: ServiceNow Incident Bridge (dev)',
      '      integrationName: 42',
    );
    expect(problems(text)).toEqual([
      '8:24 environments.dev.genesys.integrationName: must be a string',
      '10:15 environments.dev.genesys.credentials.type: must be one of: basic, oauth',
    ]);
  });

  it('limits timeoutSeconds to the Genesys range of 1 to 60', () => {
    const text = withLine(
      VALID,
      '      credentials:',
      '      timeoutSeconds: 61\n      credentials:',
    );
    expect(problems(text)).toEqual([
      '9:23 environments.dev.genesys.timeoutSeconds: must be an integer from 1 to 60',
    ]);
    const fraction = withLine(
      VALID,
      '      credentials:',
      '      timeoutSeconds: 2.5\n      credentials:',
    );
    expect(problems(fraction)).toEqual([
      '9:23 environments.dev.genesys.timeoutSeconds: must be an integer',
    ]);
  });

  it('rejects names with surrounding spaces and overlong names', () => {
    const text = withLine(
      VALID,
      'integrationName: ServiceNow Incident Bridge (dev)',
      'integrationName: " padded "',
    );
    expect(problems(text)).toEqual([
      '8:24 environments.dev.genesys.integrationName: must not start or end with spaces',
    ]);
    const long = withLine(
      VALID,
      'integrationName: ServiceNow Incident Bridge (dev)',
      `integrationName: ${'x'.repeat(201)}`,
    );
    expect(problems(long)).toEqual([
      '8:24 environments.dev.genesys.integrationName: must be 1 to 200 characters',
    ]);
  });

  it('rejects settings of the other credentials type', () => {
    const text = withLine(
      VALID,
      '        passwordEnv: SN_PASS\n',
      '        passwordEnv: SN_PASS\n        tokenUrl: https://dev12345.service-now.com/oauth_token.do\n',
    );
    expect(problems(text)).toEqual([
      '13:9 environments.dev.genesys.credentials.tokenUrl: does not apply to type basic',
    ]);
  });

  it('requires the OAuth settings of type oauth, with an https token URL', () => {
    const text = withLine(
      VALID,
      '        type: basic\n        usernameEnv: SN_USER\n        passwordEnv: SN_PASS\n',
      '        type: oauth\n        clientIdEnv: SN_CLIENT\n        clientSecretEnv: SN_CLIENT_SECRET\n        tokenUrl: http://dev12345.service-now.com/oauth_token.do\n',
    );
    expect(problems(text)).toEqual([
      '13:19 environments.dev.genesys.credentials.tokenUrl: must use https (http only for 127.0.0.1 or localhost)',
    ]);
    const missing = withLine(
      text,
      '        tokenUrl: http://dev12345.service-now.com/oauth_token.do\n',
      '',
    );
    expect(problems(missing)).toEqual([
      '10:9 environments.dev.genesys.credentials.tokenUrl: is required',
    ]);
  });

  it('requires the settings of each ServiceNow auth type', () => {
    const text = withLine(
      VALID,
      '        type: basic\n        userEnv',
      '        type: oauth\n        userEnv',
    );
    expect(problems(text)).toEqual([
      '16:9 environments.dev.servicenow.auth.clientIdEnv: is required',
      '16:9 environments.dev.servicenow.auth.clientSecretEnv: is required',
      '17:9 environments.dev.servicenow.auth.userEnv: does not apply to type oauth',
      '18:9 environments.dev.servicenow.auth.passwordEnv: does not apply to type oauth',
    ]);
  });

  it('checks the instance URL and API path as the Genesys builders do', () => {
    let text = withLine(
      VALID,
      'instanceUrl: https://dev12345.service-now.com',
      'instanceUrl: https://dev12345.service-now.com/',
    );
    text = withLine(text, '      auth:', '      apiBasePath: /api/x/v1/\n      auth:');
    expect(problems(text)).toEqual([
      '14:20 environments.dev.servicenow.instanceUrl: must be the origin only, e.g. https://dev12345.service-now.com',
      '15:20 environments.dev.servicenow.apiBasePath: must start with "/", have no trailing "/" and use only letters, digits, _ . - between slashes',
    ]);
  });

  it('rejects the same action name for both actions', () => {
    const text = withLine(
      VALID,
      '      credentials:',
      '      createActionName: Incident\n      getActionName: Incident\n      credentials:',
    );
    expect(problems(text)).toEqual([
      '10:22 environments.dev.genesys.getActionName: must differ from createActionName',
    ]);
  });

  it('rejects one variable for a user name and its password', () => {
    const text = withLine(VALID, 'passwordEnv: SN_PASS', 'passwordEnv: SN_USER');
    expect(problems(text)).toEqual([
      '12:22 environments.dev.genesys.credentials.passwordEnv: names the same variable as usernameEnv',
    ]);
  });

  it('validates the mapping block with resolveMappingConfig', () => {
    const text = `${VALID}    mapping:\n      defaultUrgency: 7\n      contactTypeByChannel:\n        pigeon: phone\n      colour: red\n`;
    expect(problems(text)).toEqual([
      '20:23 environments.dev.mapping.defaultUrgency: must be 1, 2 or 3',
      '22:17 environments.dev.mapping.contactTypeByChannel.pigeon: is not a channel; known: voice, callback, sms, whatsapp, webmessaging, facebook, instagram, line, twitter, open, email, chat, other',
      '23:15 environments.dev.mapping.colour: is not a mapping option',
    ]);
    expect(problems(`${VALID}    mapping: 3\n`)).toEqual([
      '19:14 environments.dev.mapping: must be a mapping',
    ]);
  });
});

describe('loadDeployConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-config-'));

  it('reads and validates a file, labelling problems with its path', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 2\nenvironments: {dev: 1}\n');
    expect(() => loadDeployConfig(file)).toThrow(`${file}:1:10 version: must be 1`);
  });

  it('explains a missing file', () => {
    const file = join(dir, 'missing.yaml');
    expect(() => loadDeployConfig(file)).toThrow(
      `${file}: not found (copy incident-bridge.example.yaml to incident-bridge.yaml`,
    );
  });

  it('refuses something that is not a readable file', () => {
    const sub = join(dir, 'a-directory.yaml');
    mkdirSync(sub);
    expect(() => loadDeployConfig(sub)).toThrow(`${sub}: cannot be read (EISDIR)`);
  });

  it('refuses files over 1 MiB', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, '#'.repeat(1024 * 1024 + 1));
    expect(() => loadDeployConfig(file)).toThrow('is larger than 1048576 bytes');
  });
});

/** Both halves of one environment, as deploy and doctor resolve them. */
function resolveBoth(config: DeployConfig, name: string, env: Record<string, string | undefined>) {
  return {
    genesys: resolveGenesysEnvironment(config, name, env),
    servicenow: resolveServiceNowEnvironment(config, name, env),
  };
}

describe('resolveGenesysEnvironment and resolveServiceNowEnvironment', () => {
  const config: DeployConfig = validateDeployConfig(VALID);
  const env = {
    G_ID: 'genesys-client-id',
    G_SECRET: 'genesys-client-secret-value',
    SN_USER: 'svc.genesys',
    SN_PASS: 'integration-password-value',
    SN_ADMIN: 'admin',
    SN_ADMIN_PASS: 'admin-password-value',
  };

  it('reads the secrets of both halves and fills in the defaults', () => {
    const resolved = resolveBoth(config, 'dev', env);
    expect(resolved.genesys).toMatchObject({
      name: 'dev',
      region: 'mypurecloud.de',
      clientId: 'genesys-client-id',
      clientSecret: 'genesys-client-secret-value',
      integrationName: 'ServiceNow Incident Bridge (dev)',
      actionCredentials: {
        type: 'basic',
        username: 'svc.genesys',
        password: 'integration-password-value',
      },
      build: {
        instanceUrl: 'https://dev12345.service-now.com',
        apiBasePath: '/api/x_ibr_incbridge/v1/incident_bridge',
        createActionName: 'Create ServiceNow Incident',
        getActionName: 'Get ServiceNow Incident',
        // Architect lists actions under their integration: the category follows its name
        category: 'ServiceNow Incident Bridge (dev)',
        integrationName: 'ServiceNow Incident Bridge (dev)',
        timeoutSeconds: 20,
        secure: false,
        flows: true,
        queueName: 'IT Service Desk',
        triggerMediaTypes: ['VOICE', 'CALLBACK', 'EMAIL', 'MESSAGE'],
      },
    });
    expect(resolved.servicenow).toMatchObject({
      instanceUrl: 'https://dev12345.service-now.com',
      apiBasePath: '/api/x_ibr_incbridge/v1/incident_bridge',
      auth: { type: 'basic', user: 'admin', password: 'admin-password-value' },
      installTimeoutSeconds: DEFAULT_INSTALL_TIMEOUT_SECONDS,
    });
    expect(resolved.servicenow.mapping.defaultUrgency).toBe(3);
    // one redaction policy for both platforms: secrets, not user names or client ids
    expect(resolved.genesys.secrets.sort()).toEqual([
      'genesys-client-secret-value',
      'integration-password-value',
    ]);
    expect(resolved.servicenow.secrets).toEqual(['admin-password-value']);
  });

  it('names every missing or empty variable, never a value', () => {
    let error: unknown;
    try {
      resolveGenesysEnvironment(config, 'dev', { ...env, G_SECRET: '', G_ID: undefined });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toBe(
      'environment "dev" needs these environment variables, which are not set (or empty): G_ID, G_SECRET (see .env.example)',
    );
    for (const value of Object.values(env)) expect(message).not.toContain(value);
    expect((error as ConfigError).exitCode).toBe(2);
  });

  it('lists the known environments for an unknown name', () => {
    expect(() => resolveServiceNowEnvironment(config, 'prod', env, 'incident-bridge.yaml')).toThrow(
      'unknown environment "prod"; incident-bridge.yaml defines: dev',
    );
    expect(() => resolveGenesysEnvironment(config, '__proto__', env)).toThrow(
      'unknown environment "__proto__"',
    );
  });

  it('resolves each half with only its own variables', () => {
    const genesysOnly = {
      G_ID: env.G_ID,
      G_SECRET: env.G_SECRET,
      SN_USER: env.SN_USER,
      SN_PASS: env.SN_PASS,
    };
    const genesys = resolveGenesysEnvironment(config, 'dev', genesysOnly);
    expect(genesys.secrets.sort()).toEqual([env.G_SECRET, env.SN_PASS].sort());
    expect(() => resolveServiceNowEnvironment(config, 'dev', genesysOnly)).toThrow(
      'not set (or empty): SN_ADMIN, SN_ADMIN_PASS',
    );
    const servicenow = resolveServiceNowEnvironment(config, 'dev', env);
    expect(servicenow.auth).toEqual({
      type: 'basic',
      user: 'admin',
      password: 'admin-password-value',
    });
  });

  it('resolves OAuth credentials on both sides (example prod)', () => {
    const example = loadDeployConfig(EXAMPLE);
    const resolved = resolveBoth(example, 'prod', {
      GENESYS_PROD_CLIENT_ID: 'a-genesys-id',
      GENESYS_PROD_CLIENT_SECRET: 'a-genesys-secret',
      SN_PROD_OAUTH_CLIENT_ID: 'sn-oauth-id',
      SN_PROD_OAUTH_CLIENT_SECRET: 'sn-oauth-secret',
      SN_PROD_ADMIN_CLIENT_ID: 'sn-admin-id',
      SN_PROD_ADMIN_CLIENT_SECRET: 'sn-admin-secret',
    });
    expect(resolved.genesys.actionCredentials).toEqual({
      type: 'oauth',
      clientId: 'sn-oauth-id',
      clientSecret: 'sn-oauth-secret',
      tokenUrl: 'https://acme.service-now.com/oauth_token.do',
    });
    expect(resolved.servicenow.auth).toEqual({
      type: 'oauth',
      clientId: 'sn-admin-id',
      clientSecret: 'sn-admin-secret',
    });
    expect(resolved.servicenow.mapping.defaultUrgency).toBe(2);
    expect(resolved.servicenow.mapping.contactTypeByChannel.callback).toBe('phone');
  });
});
