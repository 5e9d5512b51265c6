/**
 * The same actions as a CX as Code (Terraform, `mypurecloud/genesyscloud` provider) module in JSON
 * syntax, for orgs that manage Genesys with Terraform instead of `incident-bridge deploy`.
 *
 * Terraform reads JSON string values as templates, so every `${` / `%{` of the Velocity templates
 * and contracts is escaped to `$${` / `%%{`; only the integration id is a real interpolation.
 */
import type { PostActionInput } from './actions.ts';
import { INTEGRATION_ID_PLACEHOLDER, type GenesysBuildConfig } from './build-config.ts';
import type { TriggerDefinition } from './trigger.ts';

/** The flow files next to the `.tf.json` (genesys/generated/), in deploy order: module first. */
export const FLOW_FILES = {
  commonModule: 'create-incident-module.yaml',
  inboundCall: 'inbound-call-flow.yaml',
  inboundMessage: 'inbound-message-flow.yaml',
  workflow: 'conversation-end-workflow.yaml',
} as const;

export const TERRAFORM_INTEGRATION_VARIABLE = 'incident_bridge_integration_id';

/** Make a literal string survive Terraform's template interpretation unchanged. */
export function escapeTerraformTemplate(text: string): string {
  // Function replacers: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** The inverse of {@link escapeTerraformTemplate}, for tests and for reading a module back. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

const escapeValues = (map: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, escapeTerraformTemplate(v)]));

/** Terraform resource name from an action name: lower snake case, letter first. */
export function terraformResourceName(actionName: string): string {
  const snake = actionName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(snake) ? snake : `action_${snake}`;
}

function actionResource(action: PostActionInput): Record<string, unknown> {
  const { request, response, timeoutSeconds } = action.config;
  const escape = escapeTerraformTemplate;
  return {
    name: escape(action.name),
    category: escape(action.category),
    integration_id: `\${var.${TERRAFORM_INTEGRATION_VARIABLE}}`,
    secure: action.secure ?? false,
    config_timeout_seconds: timeoutSeconds,
    contract_input: escape(JSON.stringify(action.contract.input.inputSchema)),
    contract_output: escape(JSON.stringify(action.contract.output.successSchema)),
    config_request: {
      request_url_template: escape(request?.requestUrlTemplate ?? ''),
      request_type: request?.requestType,
      request_template: escape(request?.requestTemplate ?? ''),
      headers: escapeValues(request?.headers),
    },
    config_response: {
      translation_map: escapeValues(response?.translationMap),
      translation_map_defaults: escapeValues(response?.translationMapDefaults),
      success_template: escape(response?.successTemplate ?? ''),
    },
  };
}

/**
 * `genesyscloud_flow` (Archy YAML imported by the provider through the jobs API) for the module and
 * each caller, callers after the module they embed; `genesyscloud_processautomation_trigger` on
 * the workflow. `file_content_hash` makes Terraform re-import a flow whose file changed.
 */
function flowResources(createActionResource: string): {
  flows: Record<string, unknown>;
  names: Record<keyof typeof FLOW_FILES, string>;
} {
  const names = {
    commonModule: 'incident_bridge_module',
    inboundCall: 'incident_bridge_inbound_call',
    inboundMessage: 'incident_bridge_inbound_message',
    workflow: 'incident_bridge_conversation_end',
  };
  const flow = (file: string, dependsOn: string[]) => ({
    filepath: `\${path.module}/${file}`,
    file_content_hash: `\${filesha256("\${path.module}/${file}")}`,
    depends_on: dependsOn,
  });
  const module = `genesyscloud_flow.${names.commonModule}`;
  return {
    names,
    flows: {
      [names.commonModule]: flow(FLOW_FILES.commonModule, [
        `genesyscloud_integration_action.${createActionResource}`,
      ]),
      [names.inboundCall]: flow(FLOW_FILES.inboundCall, [module]),
      [names.inboundMessage]: flow(FLOW_FILES.inboundMessage, [module]),
      [names.workflow]: flow(FLOW_FILES.workflow, [module]),
    },
  };
}

function triggerResource(trigger: TriggerDefinition, workflowResource: string) {
  const escape = escapeTerraformTemplate;
  return {
    name: escape(trigger.name),
    description: escape(trigger.description ?? ''),
    topic_name: escape(trigger.topicName),
    enabled: trigger.enabled,
    target: {
      id: `\${genesyscloud_flow.${workflowResource}.id}`,
      type: trigger.target.type,
      workflow_target_settings: { data_format: trigger.target.workflowTargetSettings?.dataFormat },
    },
    match_criteria: escape(JSON.stringify(trigger.matchCriteria ?? [])),
    event_ttl_seconds: trigger.eventTTLSeconds,
  };
}

export function buildTerraformExport(
  config: GenesysBuildConfig,
  actions: readonly PostActionInput[],
  trigger?: TriggerDefinition,
): Record<string, unknown> {
  const names = actions.map((a) => terraformResourceName(a.name));
  if (new Set(names).size !== names.length)
    throw new Error(`action names map to the same Terraform resource name: ${names.join(', ')}`);
  const integrationVariable: Record<string, unknown> = {
    type: 'string',
    description:
      'Id of the Genesys custom-rest-actions integration holding the ServiceNow credentials.',
  };
  if (config.integrationId !== INTEGRATION_ID_PLACEHOLDER)
    integrationVariable.default = escapeTerraformTemplate(config.integrationId);
  return {
    '//': 'GENERATED by `npm run generate` (genesys/terraform-export.ts). Do not edit by hand.',
    terraform: {
      required_providers: { genesyscloud: { source: 'mypurecloud/genesyscloud' } },
    },
    variable: { [TERRAFORM_INTEGRATION_VARIABLE]: integrationVariable },
    resource: {
      genesyscloud_integration_action: Object.fromEntries(
        actions.map((action, i) => [names[i], actionResource(action)]),
      ),
      ...(trigger && names[0] ? flowsAndTrigger(trigger, names[0]) : {}),
    },
  };
}

function flowsAndTrigger(trigger: TriggerDefinition, createActionResource: string) {
  const { flows, names } = flowResources(createActionResource);
  return {
    genesyscloud_flow: flows,
    genesyscloud_processautomation_trigger: {
      incident_bridge_conversation_end: triggerResource(trigger, names.workflow),
    },
  };
}
