/**
 * The shapes of incident-bridge.yaml under the names the CLI uses. The types themselves are
 * generated from schemas/deploy-config.schema.json (`npm run generate`); nothing here restates them.
 */
import type {
  ActionCredentials,
  DeployConfig,
  Environment,
  Genesys,
  Servicenow,
  ServicenowAuth,
} from '../../../schemas/generated/deploy-config.ts';

export type { DeployConfig };
export type ActionCredentialsConfig = ActionCredentials;
export type GenesysDeployConfig = Genesys;
export type ServiceNowAuthConfig = ServicenowAuth;
export type ServiceNowDeployConfig = Servicenow;
export type EnvironmentConfig = Environment;

export const DEFAULT_DEPLOY_CONFIG_PATH = 'incident-bridge.yaml';
/** now-sdk install is slow on busy instances; its own progress poll never gives up. */
export const DEFAULT_INSTALL_TIMEOUT_SECONDS = 900;
