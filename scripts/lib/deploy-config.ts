/**
 * incident-bridge.yaml: where the deploy commands deploy to. `checkDeployConfig` is the pure
 * validator (text in, config or every problem out, each with its line and column);
 * `loadDeployConfig` only reads the file. `resolve*Environment` then reads the secrets of one
 * environment from the environment variables the file names — the file never holds a secret.
 *
 * Error messages never echo a configured value: a secret pasted into the wrong field must not
 * end up in a CI log.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import deployConfigSchema from '../../schemas/deploy-config.schema.json' with { type: 'json' };
import {
  DEFAULT_GENESYS_BUILD_CONFIG,
  GenesysConfigError,
  resolveGenesysBuildConfig,
  type GenesysBuildConfig,
} from '../../genesys/index.ts';
import {
  resolveMappingConfig,
  type MappingConfig,
} from '../../servicenow/src/server/core/mapping.ts';
import { CliError, EXIT_USAGE } from './errors.ts';
import type { ServiceNowAuth } from '../servicenow/client.ts';

export const DEFAULT_DEPLOY_CONFIG_PATH = 'incident-bridge.yaml';
/** now-sdk install is slow on busy instances; its own progress poll never gives up. */
export const DEFAULT_INSTALL_TIMEOUT_SECONDS = 900;
const MAX_CONFIG_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Types (mirror schemas/deploy-config.schema.json)

export type ActionCredentialsConfig =
  | { type: 'basic'; usernameEnv: string; passwordEnv: string }
  | { type: 'oauth'; clientIdEnv: string; clientSecretEnv: string; tokenUrl: string };

export interface GenesysDeployConfig {
  region: string;
  clientIdEnv: string;
  clientSecretEnv: string;
  integrationName: string;
  createActionName?: string;
  getActionName?: string;
  category?: string;
  timeoutSeconds?: number;
  secure?: boolean;
  credentials: ActionCredentialsConfig;
}

export type ServiceNowAuthConfig =
  | { type: 'basic'; userEnv: string; passwordEnv: string }
  | { type: 'oauth'; clientIdEnv: string; clientSecretEnv: string };

export interface ServiceNowDeployConfig {
  instanceUrl: string;
  apiBasePath?: string;
  auth: ServiceNowAuthConfig;
  installTimeoutSeconds?: number;
}

export interface EnvironmentConfig {
  genesys: GenesysDeployConfig;
  servicenow: ServiceNowDeployConfig;
  /** MappingConfig overrides, validated with resolveMappingConfig. */
  mapping?: Record<string, unknown>;
}

export interface DeployConfig {
  version: 1;
  environments: Record<string, EnvironmentConfig>;
}

// ---------------------------------------------------------------------------------------------
// Errors

export interface ConfigProblem {
  /** File the problem is in, as given to the loader. */
  file: string;
  /** 1-based position; absent when the problem is not tied to a place in the file. */
  line?: number;
  col?: number;
  /** Dotted path of the setting, e.g. `environments.dev.genesys.region`; "" = the whole file. */
  path: string;
  reason: string;
}

export function formatConfigProblem(problem: ConfigProblem): string {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col}`;
  return problem.path
    ? `${where} ${problem.path}: ${problem.reason}`
    : `${where}: ${problem.reason}`;
}

/** Invalid or unusable deploy configuration (exit code 2); the message lists every problem. */
export class ConfigError extends CliError {
  constructor(
    readonly problems: readonly ConfigProblem[],
    summary?: string,
  ) {
    const head =
      summary ??
      `invalid deploy configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):`;
    super([head, ...problems.map(formatConfigProblem)].join('\n'), EXIT_USAGE);
    this.name = 'ConfigError';
  }
}

// ---------------------------------------------------------------------------------------------
// Paths and positions

type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `environments.dev.genesys.region`; keys that are not identifiers in brackets. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment.length > 60 ? segment.slice(0, 60) + '…' : segment)}]`;
  }
  return out;
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Where a path is in the YAML source: the value's start, or the key's when `at` is 'key'. A path
 * that does not exist (a missing property) resolves to the deepest existing parent.
 */
function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  at: 'value' | 'key' = 'value',
): { line: number; col: number } | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const valueStart = rangeStart(pair.value);
      if (last && at === 'key') {
        offset = keyStart ?? offset;
        break;
      }
      offset = valueStart ?? keyStart ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Validation

const ajv = new Ajv({
  allErrors: true,
  verbose: true, // parentSchema: bounds and known properties for the messages
  // "format" is there for editors; URLs get a real check below (scheme, host, no path...).
  formats: { uri: true },
});
const validateSchema = ajv.compile(deployConfigSchema);

const ENV_VAR_PATTERN = '^[A-Z_][A-Z0-9_]{0,127}$';

function reasonForPattern(path: PathSegment[], pattern: string): string {
  const key = path[path.length - 1];
  if (pattern === ENV_VAR_PATTERN)
    return 'must be the NAME of an environment variable (A-Z, 0-9 and _), never the secret itself';
  if (key === 'region')
    return 'must be a Genesys Cloud environment such as mypurecloud.de or usw2.pure.cloud (no https://, no api. or login. prefix)';
  if (key === 'apiBasePath')
    return 'must start with "/", have no trailing "/" and use only letters, digits, _ . - between slashes';
  return 'must not start or end with spaces';
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}

interface RawProblem {
  path: PathSegment[];
  reason: string;
  at?: 'value' | 'key';
  /** Report the position of this path instead (a missing property points at its parent). */
  locateAt?: PathSegment[];
}

function schemaProblems(errors: readonly ErrorObject[], data: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const error of errors) {
    const path = pointerToPath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'if':
        break; // the failing "then" branch reports the real problem
      case 'required':
        problems.push({
          path: [...path, String(params.missingProperty)],
          reason: 'is required',
          locateAt: path,
        });
        break;
      case 'additionalProperties': {
        const property = String(params.additionalProperty);
        const known = Object.keys(
          ((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object,
        );
        const suggestion = closest(property, known);
        problems.push({
          path: [...path, property],
          reason:
            'is not a known setting' +
            (suggestion ? ` (did you mean ${suggestion}?)` : `; known: ${known.join(', ')}`),
          at: 'key',
        });
        break;
      }
      case 'false schema': {
        const type = valueAt(data, [...path.slice(0, -1), 'type']);
        problems.push({
          path,
          reason: `does not apply to type ${typeof type === 'string' ? type : '?'}`,
          at: 'key',
        });
        break;
      }
      case 'propertyNames':
        break; // reported through the nested pattern error, which names the property
      case 'pattern':
        if (params.pattern === '^[a-z0-9_-]{1,40}$' && error.propertyName !== undefined) {
          problems.push({
            path: [...path, error.propertyName],
            reason: 'environment names use only a-z, 0-9, _ and - (at most 40 characters)',
            at: 'key',
          });
        } else problems.push({ path, reason: reasonForPattern(path, String(params.pattern)) });
        break;
      case 'enum':
        problems.push({
          path,
          reason: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
        });
        break;
      case 'const':
        problems.push({ path, reason: `must be ${JSON.stringify(params.allowedValue)}` });
        break;
      case 'type':
        problems.push({
          path,
          reason: `must be ${params.type === 'object' ? 'a mapping' : params.type === 'integer' ? 'an integer' : `a ${String(params.type)}`}`,
        });
        break;
      case 'minimum':
      case 'maximum': {
        const schema = error.parentSchema as { minimum?: number; maximum?: number };
        problems.push({
          path,
          reason: `must be an integer from ${schema.minimum} to ${schema.maximum}`,
        });
        break;
      }
      case 'minLength':
      case 'maxLength': {
        const schema = error.parentSchema as { minLength?: number; maxLength?: number };
        problems.push({
          path,
          reason: `must be ${schema.minLength ?? 0} to ${schema.maxLength} characters`,
        });
        break;
      }
      case 'minProperties':
        problems.push({ path, reason: 'must define at least one environment' });
        break;
      default:
        problems.push({ path, reason: error.message ?? 'is invalid' });
    }
  }
  return problems;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function checkHttpsUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    return 'must use https (http only for 127.0.0.1 or localhost)';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  return undefined;
}

const BUILD_OPTION_PATHS: Record<string, PathSegment[]> = {
  instanceUrl: ['servicenow', 'instanceUrl'],
  apiBasePath: ['servicenow', 'apiBasePath'],
  createActionName: ['genesys', 'createActionName'],
  getActionName: ['genesys', 'getActionName'],
  category: ['genesys', 'category'],
  timeoutSeconds: ['genesys', 'timeoutSeconds'],
  secure: ['genesys', 'secure'],
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the schema cannot express; defensive about types (schema errors are reported too). */
function semanticProblems(data: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const environments = isRecord(data) ? data.environments : undefined;
  if (!isRecord(environments)) return problems;
  for (const [name, environment] of Object.entries(environments)) {
    if (!isRecord(environment)) continue;
    const base: PathSegment[] = ['environments', name];
    const genesys = isRecord(environment.genesys) ? environment.genesys : {};

    // the Genesys builders' own option checks (URL shape, names, timeout), so deploy never
    // starts with options the builders would reject
    const options: Partial<GenesysBuildConfig> = {};
    for (const [option, where] of Object.entries(BUILD_OPTION_PATHS)) {
      const value = valueAt(environment, where);
      const expected =
        option === 'timeoutSeconds' ? 'number' : option === 'secure' ? 'boolean' : 'string';
      if (typeof value === expected) (options as Record<string, unknown>)[option] = value;
    }
    try {
      resolveGenesysBuildConfig(options);
    } catch (error) {
      if (!(error instanceof GenesysConfigError)) throw error;
      for (const problem of error.problems) {
        const where = BUILD_OPTION_PATHS[problem.option];
        if (where) problems.push({ path: [...base, ...where], reason: problem.reason });
      }
    }

    const credentials = isRecord(genesys.credentials) ? genesys.credentials : {};
    if (typeof credentials.tokenUrl === 'string') {
      const reason = checkHttpsUrl(credentials.tokenUrl);
      if (reason) problems.push({ path: [...base, 'genesys', 'credentials', 'tokenUrl'], reason });
    }

    // one variable for two different values is always a mistake (user name = password ...)
    const pairs: Array<[PathSegment[], string, string]> = [
      [['genesys'], 'clientIdEnv', 'clientSecretEnv'],
      [['genesys', 'credentials'], 'usernameEnv', 'passwordEnv'],
      [['genesys', 'credentials'], 'clientIdEnv', 'clientSecretEnv'],
      [['servicenow', 'auth'], 'userEnv', 'passwordEnv'],
      [['servicenow', 'auth'], 'clientIdEnv', 'clientSecretEnv'],
    ];
    for (const [where, first, second] of pairs) {
      const block = valueAt(environment, where);
      if (!isRecord(block)) continue;
      if (typeof block[first] === 'string' && block[first] === block[second])
        problems.push({
          path: [...base, ...where, second],
          reason: `names the same variable as ${first}`,
        });
    }

    const mapping = environment.mapping;
    if (mapping !== undefined) {
      const { errors } = resolveMappingConfig(mapping, '');
      for (const error of errors)
        problems.push({
          path: [...base, 'mapping', ...pointerToPath(error.path)],
          reason: error.message,
        });
    }
  }
  return problems;
}

/**
 * Validates the text of a deploy configuration. Pure: no file or environment access.
 * `fileName` only labels the positions in problems.
 */
export function checkDeployConfig(
  text: string,
  fileName: string = DEFAULT_DEPLOY_CONFIG_PATH,
): { config: DeployConfig | undefined; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  // prettyErrors off: the pretty form quotes source lines, which may hold a pasted secret
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      problems.push({
        file: fileName,
        line,
        col,
        path: '',
        reason: `YAML: ${error.message.split('\n')[0]}`,
      });
    }
    return { config: undefined, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push({
      file: fileName,
      path: '',
      reason: `YAML: ${error instanceof Error ? error.message : String(error)}`,
    });
    return { config: undefined, problems };
  }
  const raw: RawProblem[] = [];
  if (!validateSchema(data)) raw.push(...schemaProblems(validateSchema.errors ?? [], data));
  const schemaPaths = new Set(raw.map((problem) => formatPath(problem.path)));
  for (const problem of semanticProblems(data))
    if (!schemaPaths.has(formatPath(problem.path))) raw.push(problem);

  const seen = new Set<string>();
  for (const problem of raw) {
    const path = formatPath(problem.path);
    const key = `${path}\u0000${problem.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = locate(doc, lineCounter, problem.locateAt ?? problem.path, problem.at);
    problems.push({ file: fileName, ...position, path, reason: problem.reason });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return problems.length === 0
    ? { config: data as DeployConfig, problems }
    : { config: undefined, problems };
}

/** {@link checkDeployConfig}, throwing one {@link ConfigError} that lists every problem. */
export function validateDeployConfig(
  text: string,
  fileName: string = DEFAULT_DEPLOY_CONFIG_PATH,
): DeployConfig {
  const { config, problems } = checkDeployConfig(text, fileName);
  if (!config) throw new ConfigError(problems);
  return config;
}

/** Reads and validates the deploy configuration (relative paths from the working directory). */
export function loadDeployConfig(path: string = DEFAULT_DEPLOY_CONFIG_PATH): DeployConfig {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.length > MAX_CONFIG_BYTES)
      throw new ConfigError([
        { file: path, path: '', reason: `is larger than ${MAX_CONFIG_BYTES} bytes` },
      ]);
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'not found (copy incident-bridge.example.yaml to incident-bridge.yaml and edit it, or pass --config <file>)'
        : `cannot be read (${code ?? 'error'})`;
    throw new ConfigError(
      [{ file: path, path: '', reason }],
      'cannot load the deploy configuration:',
    );
  }
  return validateDeployConfig(text, path);
}

// ---------------------------------------------------------------------------------------------
// Environments and secrets

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
  /** Every value read from the environment: redact these from any output. */
  secrets: string[];
}

/** The admin login deploy:servicenow and doctor use: the ServiceNow client's own auth type. */
export type ResolvedServiceNowAuth = ServiceNowAuth;

export interface ResolvedServiceNowEnvironment {
  name: string;
  instanceUrl: string;
  apiBasePath: string;
  auth: ResolvedServiceNowAuth;
  installTimeoutSeconds: number;
  mapping: MappingConfig;
  secrets: string[];
}

export interface ResolvedEnvironment {
  name: string;
  genesys: ResolvedGenesysEnvironment;
  servicenow: ResolvedServiceNowEnvironment;
  mapping: MappingConfig;
  secrets: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads named variables, remembering the names of those unset or empty (never the values). */
class SecretReader {
  readonly missing: string[] = [];
  readonly values: string[] = [];
  constructor(private readonly env: Env) {}
  read(name: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') {
      if (!this.missing.includes(name)) this.missing.push(name);
      return '';
    }
    this.values.push(value);
    return value;
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

function missingError(envName: string, missing: readonly string[]): ConfigError {
  return new ConfigError(
    [],
    `environment "${envName}" needs these environment variables, which are not set (or empty): ` +
      `${missing.join(', ')} (see .env.example)`,
  );
}

function readGenesys(
  environment: EnvironmentConfig,
  envName: string,
  reader: SecretReader,
): Omit<ResolvedGenesysEnvironment, 'secrets'> {
  const { genesys, servicenow } = environment;
  const clientId = reader.read(genesys.clientIdEnv);
  const clientSecret = reader.read(genesys.clientSecretEnv);
  const credentials = genesys.credentials;
  const actionCredentials: ResolvedActionCredentials =
    credentials.type === 'basic'
      ? {
          type: 'basic',
          username: reader.read(credentials.usernameEnv),
          password: reader.read(credentials.passwordEnv),
        }
      : {
          type: 'oauth',
          clientId: reader.read(credentials.clientIdEnv),
          clientSecret: reader.read(credentials.clientSecretEnv),
          tokenUrl: credentials.tokenUrl,
        };
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
      category: genesys.category,
      timeoutSeconds: genesys.timeoutSeconds,
      secure: genesys.secure,
      authentication: actionCredentials.type,
    }),
    actionCredentials,
  };
}

function readServiceNow(
  environment: EnvironmentConfig,
  envName: string,
  reader: SecretReader,
): Omit<ResolvedServiceNowEnvironment, 'secrets'> {
  const { servicenow } = environment;
  const auth: ResolvedServiceNowAuth =
    servicenow.auth.type === 'basic'
      ? {
          type: 'basic',
          user: reader.read(servicenow.auth.userEnv),
          password: reader.read(servicenow.auth.passwordEnv),
        }
      : {
          type: 'oauth',
          clientId: reader.read(servicenow.auth.clientIdEnv),
          clientSecret: reader.read(servicenow.auth.clientSecretEnv),
        };
  return {
    name: envName,
    instanceUrl: servicenow.instanceUrl,
    apiBasePath: servicenow.apiBasePath ?? DEFAULT_GENESYS_BUILD_CONFIG.apiBasePath,
    auth,
    installTimeoutSeconds: servicenow.installTimeoutSeconds ?? DEFAULT_INSTALL_TIMEOUT_SECONDS,
    mapping: resolveMappingConfig(environment.mapping).config,
  };
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
  const environment = environmentOf(config, envName, file);
  const reader = new SecretReader(env);
  const genesys = readGenesys(environment, envName, reader);
  if (reader.missing.length > 0) throw missingError(envName, reader.missing);
  return { ...genesys, secrets: reader.values };
}

/** The ServiceNow half of one environment (deploy:servicenow, doctor). */
export function resolveServiceNowEnvironment(
  config: DeployConfig,
  envName: string,
  env: Env = process.env,
  file: string = DEFAULT_DEPLOY_CONFIG_PATH,
): ResolvedServiceNowEnvironment {
  const environment = environmentOf(config, envName, file);
  const reader = new SecretReader(env);
  const servicenow = readServiceNow(environment, envName, reader);
  if (reader.missing.length > 0) throw missingError(envName, reader.missing);
  return { ...servicenow, secrets: reader.values };
}

/** Both halves; one error names every missing variable of the environment. */
export function resolveEnvironment(
  config: DeployConfig,
  envName: string,
  env: Env = process.env,
  file: string = DEFAULT_DEPLOY_CONFIG_PATH,
): ResolvedEnvironment {
  const environment = environmentOf(config, envName, file);
  const genesysReader = new SecretReader(env);
  const servicenowReader = new SecretReader(env);
  const genesys = readGenesys(environment, envName, genesysReader);
  const servicenow = readServiceNow(environment, envName, servicenowReader);
  const missing = [...new Set([...genesysReader.missing, ...servicenowReader.missing])];
  if (missing.length > 0) throw missingError(envName, missing);
  const secrets = [...new Set([...genesysReader.values, ...servicenowReader.values])];
  return {
    name: envName,
    genesys: { ...genesys, secrets: genesysReader.values },
    servicenow: { ...servicenow, secrets: servicenowReader.values },
    mapping: servicenow.mapping,
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

/** What deploy output must never show: passwords and client secrets (not user names or client ids). */
export function serviceNowSecret(auth: ResolvedServiceNowAuth): string {
  return auth.type === 'basic' ? auth.password : auth.clientSecret;
}
