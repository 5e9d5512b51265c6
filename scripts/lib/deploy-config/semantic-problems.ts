/**
 * Checks the schema cannot express: the Genesys builders' own option checks, URLs, one variable
 * named for two values, the mapping block. Defensive about types (schema errors are reported too).
 */
import {
  GenesysConfigError,
  DEFAULT_GENESYS_BUILD_CONFIG,
  resolveGenesysBuildConfig,
  type GenesysBuildConfig,
} from '../../../genesys/index.ts';
import { resolveMappingConfig } from '../../../servicenow/src/server/core/mapping.ts';
import { pointerToPath, type PathSegment } from './positions.ts';
import { valueAt, type RawProblem } from './schema-problems.ts';

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
  integrationName: ['genesys', 'integrationName'],
  flows: ['genesys', 'flows', 'enabled'],
  moduleName: ['genesys', 'flows', 'moduleName'],
  inboundCallFlowName: ['genesys', 'flows', 'inboundCallFlowName'],
  inboundMessageFlowName: ['genesys', 'flows', 'inboundMessageFlowName'],
  workflowName: ['genesys', 'flows', 'workflowName'],
  queueName: ['genesys', 'flows', 'queueName'],
  division: ['genesys', 'flows', 'division'],
  triggerName: ['genesys', 'trigger', 'name'],
  triggerEnabled: ['genesys', 'trigger', 'enabled'],
  triggerFilters: ['genesys', 'trigger', 'filters'],
};

/** Pairs of settings that must name different variables (user name and password ...). */
const DISTINCT_VARIABLES: ReadonlyArray<[PathSegment[], string, string]> = [
  [['genesys'], 'clientIdEnv', 'clientSecretEnv'],
  [['genesys', 'credentials'], 'usernameEnv', 'passwordEnv'],
  [['genesys', 'credentials'], 'clientIdEnv', 'clientSecretEnv'],
  [['servicenow', 'auth'], 'userEnv', 'passwordEnv'],
  [['servicenow', 'auth'], 'clientIdEnv', 'clientSecretEnv'],
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function semanticProblems(data: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const environments = isRecord(data) ? data.environments : undefined;
  if (!isRecord(environments)) return problems;
  for (const [name, environment] of Object.entries(environments)) {
    if (!isRecord(environment)) continue;
    const base: PathSegment[] = ['environments', name];

    // the Genesys builders' own option checks (URL shape, names, timeout), so deploy never
    // starts with options the builders would reject
    const options: Partial<GenesysBuildConfig> = {};
    for (const [option, where] of Object.entries(BUILD_OPTION_PATHS)) {
      const value = valueAt(environment, where);
      const expected =
        option === 'timeoutSeconds'
          ? 'number'
          : option === 'triggerFilters'
            ? 'object'
            : typeof DEFAULT_GENESYS_BUILD_CONFIG[option as keyof GenesysBuildConfig] === 'boolean'
              ? 'boolean'
              : 'string';
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

    const tokenUrl = valueAt(environment, ['genesys', 'credentials', 'tokenUrl']);
    if (typeof tokenUrl === 'string') {
      const reason = checkHttpsUrl(tokenUrl);
      if (reason) problems.push({ path: [...base, 'genesys', 'credentials', 'tokenUrl'], reason });
    }

    for (const [where, first, second] of DISTINCT_VARIABLES) {
      const block = valueAt(environment, where);
      if (!isRecord(block)) continue;
      if (typeof block[first] === 'string' && block[first] === block[second])
        problems.push({
          path: [...base, ...where, second],
          reason: `names the same variable as ${first}`,
        });
    }

    if (environment.mapping !== undefined) {
      const { errors } = resolveMappingConfig(environment.mapping, '');
      for (const error of errors)
        problems.push({
          path: [...base, 'mapping', ...pointerToPath(error.path)],
          reason: error.message,
        });
    }
  }
  return problems;
}
