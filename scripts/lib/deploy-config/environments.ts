/**
 * One environment of a validated deploy configuration, its secrets read from the environment
 * variables the file names (the file never holds a secret). Errors name variables, never values.
 */
import { DEFAULT_GENESYS_BUILD_CONFIG, resolveGenesysBuildConfig } from '../../../genesys/index.ts';
import type { GenesysBuildConfig } from '../../../genesys/index.ts';
import {
  resolveMappingConfig,
  type MappingConfig,
} from '../../../servicenow/src/server/core/mapping.ts';
import { ConfigError } from './problems.ts';
import {
  DEFAULT_DEPLOY_CONFIG_PATH,
  DEFAULT_INSTALL_TIMEOUT_SECONDS,
  type DeployConfig,
  type EnvironmentConfig,
} from './types.ts';

export type ResolvedActionCredentials =
  | { type: 'basic'; username: string; password: string }
  | { type: 'oauth'; clientId: string; clientSecret: string; tokenUrl: string };

export interface ResolvedGenesysEnvironment {
  /** Environment name (the key under `environments`). */
  name: string;
  region: string;
  clientId: string;
  clientSecret: string;
  integrationName: string;
  /**
   * Options for `buildGenesysArtifacts`: defaults filled in, instance URL and API path from the
   * servicenow block; `integrationId` is the placeholder until deploy knows the real id.
   */
  build: GenesysBuildConfig;
  /** What the Data Actions use to call ServiceNow. */
  actionCredentials: ResolvedActionCredentials;
  /** The secret values read (client secret, password): redact these from any output. */
  secrets: string[];
}

/** ServiceNow credentials as read from the environment (the REST client takes this shape). */
export type ResolvedServiceNowAuth =
  | { type: 'basic'; user: string; password: string }
  | { type: 'oauth'; clientId: string; clientSecret: string };

export interface ResolvedServiceNowEnvironment {
  name: string;
  instanceUrl: string;
  apiBasePath: string;
  auth: ResolvedServiceNowAuth;
  installTimeoutSeconds: number;
  mapping: MappingConfig;
  secrets: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads named variables, remembering the names of those unset or empty (never the values), and
 * the values of secrets. One redaction policy for both platforms: passwords, client secrets (and
 * the tokens the clients obtain) are hidden from every output; user names and client ids are
 * not secret and stay readable ("admin" would otherwise garble every message).
 */
class SecretReader {
  readonly missing: string[] = [];
  readonly values: string[] = [];
  constructor(private readonly env: Env) {}
  /** An identifier: user name, client id. */
  read(name: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') {
      if (!this.missing.includes(name)) this.missing.push(name);
      return '';
    }
    return value;
  }
  /** A secret: password, client secret. */
  secret(name: string): string {
    const value = this.read(name);
    if (value) this.values.push(value);
    return value;
  }
  /** Throws one error naming every variable that was unset or empty. */
  done(envName: string): string[] {
    if (this.missing.length > 0)
      throw new ConfigError(
        [],
        `environment "${envName}" needs these environment variables, which are not set (or empty): ` +
          `${this.missing.join(', ')} (see .env.example)`,
      );
    return this.values;
  }
}

function environmentOf(config: DeployConfig, envName: string, file: string): EnvironmentConfig {
  const environment = Object.prototype.hasOwnProperty.call(config.environments, envName)
    ? config.environments[envName]
    : undefined;
  if (environment) return environment;
  const shown = JSON.stringify(envName.length > 40 ? envName.slice(0, 40) + '…' : envName);
  const known = Object.keys(config.environments);
  throw new ConfigError([], `unknown environment ${shown}; ${file} defines: ${known.join(', ')}`);
}

/**
 * The Genesys half of one environment, secrets read from `env`: what deploy:genesys needs, so a
 * Genesys-only pipeline does not need the ServiceNow admin's password.
 */
export function resolveGenesysEnvironment(
  config: DeployConfig,
  envName: string,
  env: Env = process.env,
  file: string = DEFAULT_DEPLOY_CONFIG_PATH,
): ResolvedGenesysEnvironment {
  const { genesys, servicenow } = environmentOf(config, envName, file);
  const reader = new SecretReader(env);
  const clientId = reader.read(genesys.clientIdEnv);
  const clientSecret = reader.secret(genesys.clientSecretEnv);
  const credentials = genesys.credentials;
  const actionCredentials: ResolvedActionCredentials =
    credentials.type === 'basic'
      ? {
          type: 'basic',
          username: reader.read(credentials.usernameEnv),
          password: reader.secret(credentials.passwordEnv),
        }
      : {
          type: 'oauth',
          clientId: reader.read(credentials.clientIdEnv),
          clientSecret: reader.secret(credentials.clientSecretEnv),
          tokenUrl: credentials.tokenUrl,
        };
  const secrets = reader.done(envName);
  return {
    name: envName,
    region: genesys.region,
    clientId,
    clientSecret,
    integrationName: genesys.integrationName,
    build: resolveGenesysBuildConfig({
      instanceUrl: servicenow.instanceUrl,
      apiBasePath: servicenow.apiBasePath,
      createActionName: genesys.createActionName,
      getActionName: genesys.getActionName,
      integrationName: genesys.integrationName,
      category: genesys.category,
      timeoutSeconds: genesys.timeoutSeconds,
      secure: genesys.secure,
      authentication: actionCredentials.type,
      flows: genesys.flows?.enabled,
      moduleName: genesys.flows?.moduleName,
      inboundCallFlowName: genesys.flows?.inboundCallFlowName,
      inboundMessageFlowName: genesys.flows?.inboundMessageFlowName,
      workflowName: genesys.flows?.workflowName,
      queueName: genesys.flows?.queueName,
      division: genesys.flows?.division,
      triggerName: genesys.trigger?.name,
      triggerEnabled: genesys.trigger?.enabled,
      triggerMediaTypes: genesys.trigger?.mediaTypes,
      triggerFilters: genesys.trigger?.filters as GenesysBuildConfig['triggerFilters'] | undefined,
    }),
    actionCredentials,
    secrets,
  };
}

/** The ServiceNow half of one environment (deploy:servicenow, doctor). */
export function resolveServiceNowEnvironment(
  config: DeployConfig,
  envName: string,
  env: Env = process.env,
  file: string = DEFAULT_DEPLOY_CONFIG_PATH,
): ResolvedServiceNowEnvironment {
  const environment = environmentOf(config, envName, file);
  const { servicenow } = environment;
  const reader = new SecretReader(env);
  const auth: ResolvedServiceNowAuth =
    servicenow.auth.type === 'basic'
      ? {
          type: 'basic',
          user: reader.read(servicenow.auth.userEnv),
          password: reader.secret(servicenow.auth.passwordEnv),
        }
      : {
          type: 'oauth',
          clientId: reader.read(servicenow.auth.clientIdEnv),
          clientSecret: reader.secret(servicenow.auth.clientSecretEnv),
        };
  const secrets = reader.done(envName);
  return {
    name: envName,
    instanceUrl: servicenow.instanceUrl,
    apiBasePath: servicenow.apiBasePath ?? DEFAULT_GENESYS_BUILD_CONFIG.apiBasePath,
    auth,
    installTimeoutSeconds: servicenow.installTimeoutSeconds ?? DEFAULT_INSTALL_TIMEOUT_SECONDS,
    mapping: resolveMappingConfig(environment.mapping).config,
    secrets,
  };
}

/**
 * The integration user's Basic credentials (genesys.credentials), when the environment has them:
 * deploy:servicenow and doctor use them to call the endpoint as the Data Action will. Undefined
 * for OAuth credentials or unset variables (those checks are then skipped, not failed).
 */
export function integrationUserCredentials(
  config: DeployConfig,
  envName: string,
  env: Env = process.env,
): { user: string; password: string } | undefined {
  const credentials = config.environments[envName]?.genesys.credentials;
  if (credentials?.type !== 'basic') return undefined;
  const user = env[credentials.usernameEnv];
  const password = env[credentials.passwordEnv];
  return user && password ? { user, password } : undefined;
}
