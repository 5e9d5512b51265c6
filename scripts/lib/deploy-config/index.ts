/**
 * incident-bridge.yaml: where the deploy commands deploy to. One module per job:
 * - types.ts: the file's shapes (generated from schemas/deploy-config.schema.json);
 * - check.ts: validate the text (pure) and load the file;
 * - schema-problems.ts / semantic-problems.ts: what the schema finds, and what it cannot express;
 * - positions.ts: setting paths and their line and column (yaml node ranges + LineCounter);
 * - problems.ts: the problem record and ConfigError;
 * - environments.ts: one environment with its secrets read from environment variables.
 *
 * Error messages never echo a configured value: a secret pasted into the wrong field must not
 * end up in a CI log.
 */
export {
  DEFAULT_DEPLOY_CONFIG_PATH,
  DEFAULT_INSTALL_TIMEOUT_SECONDS,
  type ActionCredentialsConfig,
  type DeployConfig,
  type EnvironmentConfig,
  type GenesysDeployConfig,
  type ServiceNowAuthConfig,
  type ServiceNowDeployConfig,
} from './types.ts';
export { checkDeployConfig, loadDeployConfig, validateDeployConfig } from './check.ts';
export { ConfigError, formatConfigProblem, type ConfigProblem } from './problems.ts';
export { formatPath } from './positions.ts';
export {
  integrationUserCredentials,
  resolveGenesysEnvironment,
  resolveServiceNowEnvironment,
  type ResolvedActionCredentials,
  type ResolvedGenesysEnvironment,
  type ResolvedServiceNowAuth,
  type ResolvedServiceNowEnvironment,
} from './environments.ts';
