/**
 * Options of the Genesys artifact builders: defaults, and the one validator that names every bad
 * option at once (an operator fixing a config file wants the whole list, not one error per run).
 */

import { API_BASE_PATH } from '../schemas/generated/servicenow-app.ts';

/** What `integrationId` holds until deploy knows the real id of the Genesys integration. */
export const INTEGRATION_ID_PLACEHOLDER = 'INCIDENT_BRIDGE_INTEGRATION_ID_SET_BY_DEPLOY';

export interface GenesysBuildConfig {
  /**
   * Base URL of the ServiceNow instance the actions call: `https://`, no path, no trailing slash.
   * `http://` is accepted only for 127.0.0.1 / localhost (the local sandbox).
   * Default `https://your-instance.service-now.com`.
   */
  instanceUrl: string;
  /**
   * Path of the incident bridge Scripted REST API under the instance.
   * Default `/api/x_ibr_incbridge/v1/incident_bridge`.
   */
  apiBasePath: string;
  /** Name of the Data Action that creates (or finds) the incident. Default `Create ServiceNow Incident`. */
  createActionName: string;
  /** Name of the Data Action that reads an incident by customCallId. Default `Get ServiceNow Incident`. */
  getActionName: string;
  /** Category the actions are filed under in Genesys. Default `ServiceNow`. */
  category: string;
  /**
   * Id of the Genesys `custom-rest-actions` integration holding the ServiceNow credentials.
   * Default {@link INTEGRATION_ID_PLACEHOLDER}, which deploy replaces.
   */
  integrationId: string;
  /** Seconds Genesys waits for ServiceNow before failing the action: an integer 1–60. Default `20`. */
  timeoutSeconds: number;
  /**
   * Mark the actions secure, so Genesys keeps their inputs and outputs (customer address, transcript)
   * out of execution logs; flows must then store the outputs only in secure variables. Default `true`.
   */
  secure: boolean;
  /**
   * How the integration authenticates to ServiceNow. `basic`: Genesys adds the Basic header from
   * the integration's credentials. `oauth` (User Defined credentials): the actions send
   * `Authorization: Bearer ${authResponse.access_token}` from the integration's auth action.
   * Default `basic`.
   */
  authentication: 'basic' | 'oauth';
}

export const DEFAULT_GENESYS_BUILD_CONFIG: Readonly<GenesysBuildConfig> = Object.freeze({
  instanceUrl: 'https://your-instance.service-now.com',
  apiBasePath: API_BASE_PATH,
  createActionName: 'Create ServiceNow Incident',
  getActionName: 'Get ServiceNow Incident',
  category: 'ServiceNow',
  integrationId: INTEGRATION_ID_PLACEHOLDER,
  timeoutSeconds: 20,
  secure: true,
  authentication: 'basic',
});

export interface ConfigProblem {
  option: string;
  reason: string;
}

/** Thrown by {@link resolveGenesysBuildConfig}; the message lists every problem. */
export class GenesysConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'invalid Genesys build configuration:\n' +
        problems.map((p) => `- ${p.option}: ${p.reason}`).join('\n'),
    );
    this.name = 'GenesysConfigError';
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_NAME_LENGTH = 200;
// Velocity would read `$` and `#` in the URL template as references and directives.
const VELOCITY_SPECIAL = /[$#]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function checkInstanceUrl(value: string): string | undefined {
  if (VELOCITY_SPECIAL.test(value)) return 'must not contain $ or # (they are Velocity syntax)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a URL: ${JSON.stringify(value)}`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
    return 'must use https (http only for 127.0.0.1 or localhost)';
  if (url.username || url.password)
    return 'must not carry credentials (the integration holds them)';
  if (url.search || url.hash) return 'must not have a query or fragment';
  if (value !== url.origin) return `must be the origin only, e.g. ${url.origin}`;
  return undefined;
}

function checkApiBasePath(value: string): string | undefined {
  if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(value))
    return 'must start with "/", have no trailing "/" and use only letters, digits, _ . - between slashes';
  return undefined;
}

function checkName(value: string): string | undefined {
  if (value.trim() !== value || value === '') return 'must be non-empty without surrounding spaces';
  if (value.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  if (CONTROL_CHARS.test(value)) return 'must not contain control characters';
  return undefined;
}

const CHECKS: { [K in keyof GenesysBuildConfig]: (value: unknown) => string | undefined } = {
  instanceUrl: (v) => (typeof v === 'string' ? checkInstanceUrl(v) : 'must be a string'),
  apiBasePath: (v) => (typeof v === 'string' ? checkApiBasePath(v) : 'must be a string'),
  createActionName: (v) => (typeof v === 'string' ? checkName(v) : 'must be a string'),
  getActionName: (v) => (typeof v === 'string' ? checkName(v) : 'must be a string'),
  category: (v) => (typeof v === 'string' ? checkName(v) : 'must be a string'),
  integrationId: (v) =>
    typeof v === 'string' && /^\S+$/.test(v)
      ? undefined
      : 'must be a non-empty string without spaces',
  timeoutSeconds: (v) =>
    Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 60
      ? undefined
      : `must be an integer from 1 to 60 (Genesys limit), got ${JSON.stringify(v)}`,
  secure: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  authentication: (v) => (v === 'basic' || v === 'oauth' ? undefined : 'must be basic or oauth'),
};

/** Defaults + overrides, validated; throws {@link GenesysConfigError} naming every bad option. */
export function resolveGenesysBuildConfig(
  overrides: Partial<GenesysBuildConfig> = {},
): GenesysBuildConfig {
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(overrides)) {
    if (!(key in CHECKS)) problems.push({ option: key, reason: 'unknown option' });
  }
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
  const config = { ...DEFAULT_GENESYS_BUILD_CONFIG, ...defined } as GenesysBuildConfig;
  for (const option of Object.keys(CHECKS) as Array<keyof GenesysBuildConfig>) {
    const reason = CHECKS[option](config[option]);
    if (reason !== undefined) problems.push({ option, reason });
  }
  if (config.createActionName === config.getActionName)
    problems.push({ option: 'getActionName', reason: 'must differ from createActionName' });
  if (problems.length > 0) throw new GenesysConfigError(problems);
  return config;
}
