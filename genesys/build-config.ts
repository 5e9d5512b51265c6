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
  /**
   * Exact name of the Web Services Data Actions integration the actions belong to. Default
   * `ServiceNow Incident Bridge`.
   */
  integrationName: string;
  /**
   * Category the actions are filed under. Architect's Call Data Action lists actions under their
   * integration's name, and the flows address an action as `category: {<category>: …}`, so the
   * default is {@link GenesysBuildConfig.integrationName}; set it only when your org files them
   * otherwise.
   */
  category: string;
  /**
   * Id of the Genesys `custom-rest-actions` integration holding the ServiceNow credentials.
   * Default {@link INTEGRATION_ID_PLACEHOLDER}, which deploy replaces.
   */
  integrationId: string;
  /** Seconds Genesys waits for ServiceNow before failing the action: an integer 1–60. Default `20`. */
  timeoutSeconds: number;
  /**
   * Mark the actions secure. A secure action can only be called with *Call Secure Data* in secure
   * call flows and voice bot flows, never with the Call Data Action of the inbound call, message and
   * workflow flows and the common module generated here; so `true` is refused unless
   * {@link GenesysBuildConfig.flows} is `false`. PII is protected without it: ServiceNow masks every
   * free-text field and the endpoint never echoes input. Default `false`.
   */
  secure: boolean;
  /**
   * Generate (and deploy) the common module, the example inbound flows, the workflow and its
   * trigger. `false`: only the Data Actions (e.g. to call a secure action from your own secure
   * flow). Default `true`.
   */
  flows: boolean;
  /** Name of the common module flows call to create the incident. Default `Create ServiceNow Incident`. */
  moduleName: string;
  /** Name of the example inbound call flow. Default `Incident Bridge - Inbound Call`. */
  inboundCallFlowName: string;
  /** Name of the example inbound message flow. Default `Incident Bridge - Inbound Message`. */
  inboundMessageFlowName: string;
  /** Name of the workflow the conversation-end trigger runs. Default `Incident Bridge - Conversation End`. */
  workflowName: string;
  /** Name of the Process Automation trigger. Default `Incident Bridge - Conversation End`. */
  triggerName: string;
  /** Queue the example inbound flows transfer the customer to (`transferToAcd`). Default `IT Service Desk`. */
  queueName: string;
  /** Architect division of the generated flows. Default `Home`. */
  division: string;
  /**
   * Media types whose conversation end opens an incident (the trigger's `mediaType In [...]`
   * criterion): VOICE, CALLBACK, CHAT, EMAIL, MESSAGE. Default all but CHAT.
   */
  triggerMediaTypes: string[];
  /** Further trigger criteria, e.g. `{jsonPath: 'queueId', operator: 'Equal', value: '<id>'}`. Default none. */
  triggerFilters: TriggerFilter[];
  /** Whether the trigger fires. Default `true`. */
  triggerEnabled: boolean;
  /**
   * How the integration authenticates to ServiceNow. `basic`: Genesys adds the Basic header from
   * the integration's credentials. `oauth` (User Defined credentials): the actions send
   * `Authorization: Bearer ${authResponse.access_token}` from the integration's auth action.
   * Default `basic`.
   */
  authentication: 'basic' | 'oauth';
}

/** One Process Automation match criterion (the SDK's `MatchCriteria`, with `value` or `values`). */
export interface TriggerFilter {
  jsonPath: string;
  operator: string;
  value?: string | number | boolean | Array<string | number>;
  values?: Array<string | number>;
}

/** Operators a trigger's match criteria take (Java SDK `MatchCriteria.OperatorEnum`). */
export const TRIGGER_OPERATORS = [
  'GreaterThanOrEqual',
  'LessThanOrEqual',
  'Equal',
  'NotEqual',
  'LessThan',
  'GreaterThan',
  'NotIn',
  'In',
  'Contains',
  'All',
  'Exists',
  'Size',
] as const;

/** Media types of a conversation detail event (`mediaType`, upper case). */
export const TRIGGER_MEDIA_TYPES = ['VOICE', 'CALLBACK', 'CHAT', 'EMAIL', 'MESSAGE'] as const;

export const DEFAULT_INTEGRATION_NAME = 'ServiceNow Incident Bridge';

export const DEFAULT_GENESYS_BUILD_CONFIG: Readonly<GenesysBuildConfig> = Object.freeze({
  instanceUrl: 'https://your-instance.service-now.com',
  apiBasePath: API_BASE_PATH,
  createActionName: 'Create ServiceNow Incident',
  getActionName: 'Get ServiceNow Incident',
  integrationName: DEFAULT_INTEGRATION_NAME,
  category: DEFAULT_INTEGRATION_NAME,
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
  integrationName: nameCheck,
  flows: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  moduleName: nameCheck,
  inboundCallFlowName: nameCheck,
  inboundMessageFlowName: nameCheck,
  workflowName: nameCheck,
  triggerName: nameCheck,
  queueName: nameCheck,
  division: nameCheck,
  triggerMediaTypes: (v) =>
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((t) => (TRIGGER_MEDIA_TYPES as readonly unknown[]).includes(t)) &&
    new Set(v).size === v.length
      ? undefined
      : `must be a non-empty list of distinct media types from ${TRIGGER_MEDIA_TYPES.join(', ')}`,
  triggerFilters: checkTriggerFilters,
  triggerEnabled: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
};

function nameCheck(v: unknown): string | undefined {
  return typeof v === 'string' ? checkName(v) : 'must be a string';
}

const FILTER_VALUE = (v: unknown) =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function checkTriggerFilters(v: unknown): string | undefined {
  if (!Array.isArray(v)) return 'must be a list of {jsonPath, operator, value | values}';
  if (v.length > 20) return 'must have at most 20 criteria';
  for (const [i, filter] of v.entries()) {
    const f = filter as Partial<TriggerFilter> | null;
    if (typeof f !== 'object' || f === null) return `[${i}] must be an object`;
    if (typeof f.jsonPath !== 'string' || !/^[A-Za-z][A-Za-z0-9_.[\]*]{0,199}$/.test(f.jsonPath))
      return `[${i}].jsonPath must be a field path of the event such as queueId`;
    if (!(TRIGGER_OPERATORS as readonly unknown[]).includes(f.operator))
      return `[${i}].operator must be one of ${TRIGGER_OPERATORS.join(', ')}`;
    if (f.jsonPath === 'mediaType')
      return `[${i}] filters mediaType, which triggerMediaTypes already sets`;
    const hasValue = f.value !== undefined;
    const hasValues = f.values !== undefined;
    // Java SDK MatchCriteria: one of value or values, never both
    if (hasValue === hasValues) return `[${i}] must have exactly one of value or values`;
    const ok = hasValue
      ? FILTER_VALUE(f.value) || (Array.isArray(f.value) && f.value.every(FILTER_VALUE))
      : Array.isArray(f.values) && f.values.every(FILTER_VALUE);
    if (!ok) return `[${i}] value(s) must be strings, numbers or booleans`;
  }
  return undefined;
}

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
  // the category follows the integration name unless set on its own (Architect groups by integration)
  const category =
    (defined.category as string | undefined) ??
    (defined.integrationName as string | undefined) ??
    DEFAULT_GENESYS_BUILD_CONFIG.category;
  const config = { ...DEFAULT_GENESYS_BUILD_CONFIG, ...defined, category } as GenesysBuildConfig;
  const categoryDerived = defined.category === undefined;
  for (const option of Object.keys(CHECKS) as Array<keyof GenesysBuildConfig>) {
    // a category taken from a bad integration name is that name's problem, reported once
    if (option === 'category' && categoryDerived && CHECKS.integrationName(config.integrationName))
      continue;
    const reason = CHECKS[option](config[option]);
    if (reason !== undefined) problems.push({ option, reason });
  }
  if (config.createActionName === config.getActionName)
    problems.push({ option: 'getActionName', reason: 'must differ from createActionName' });
  if (config.secure === true && config.flows !== false)
    problems.push({
      option: 'secure',
      reason:
        'a secure Data Action can only be called with Call Secure Data in secure call flows and voice bot flows; ' +
        'the generated common module, inbound call and message flows and the workflow use Call Data, which cannot call it. ' +
        'Set secure: false (ServiceNow masks personal data and never echoes input), or flows: false and call the action from your own secure flow',
    });
  const flowNames = [
    config.inboundCallFlowName,
    config.inboundMessageFlowName,
    config.workflowName,
    config.moduleName,
  ];
  if (new Set(flowNames).size !== flowNames.length)
    problems.push({
      option: 'workflowName',
      reason:
        'moduleName, inboundCallFlowName, inboundMessageFlowName and workflowName must differ',
    });
  if (problems.length > 0) throw new GenesysConfigError(problems);
  return config;
}
