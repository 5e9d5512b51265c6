/**
 * The Genesys side as code: pure builders from a typed config to the objects and text deploy
 * uploads. No I/O here; `npm run generate` (scripts/lib/generated-files.ts) writes the defaults
 * under genesys/generated/.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { incidentRequestSchema } from '../schemas/generated/contract.ts';
import {
  buildCreateIncidentAction,
  buildGetIncidentAction,
  type PostActionInput,
} from './actions.ts';
import {
  buildCommonModule,
  buildConversationEndWorkflow,
  buildInboundCallFlow,
  buildInboundMessageFlow,
} from './archy-flows.ts';
import { resolveGenesysBuildConfig, type GenesysBuildConfig } from './build-config.ts';
import type { SourceObjectSchema } from './input-contract.ts';
import { sortKeysDeep } from './sorted-keys.ts';
import { buildTerraformExport } from './terraform-export.ts';
import { buildConversationEndTrigger, type TriggerDefinition } from './trigger.ts';

export interface GenesysArtifacts {
  actions: {
    createIncident: platformClient.Models.PostActionInput;
    getIncident: platformClient.Models.PostActionInput;
  };
  /** Archy YAML; absent with `flows: false`. Deploy order: the module, then its callers. */
  flows?: GenesysFlows;
  /** The Process Automation trigger of the workflow (target id set by deploy); absent with `flows: false`. */
  trigger?: TriggerDefinition;
  /** CX as Code module in Terraform JSON syntax (`.tf.json`). */
  terraform: Record<string, unknown>;
}

export interface GenesysFlows {
  /** The common module "Create ServiceNow Incident" every other flow calls. */
  commonModule: string;
  /** Inbound call flow: module, participant data, transfer to the queue. */
  inboundCall: string;
  /** Inbound message flow (SMS, WhatsApp, web messaging, ...): the same. */
  inboundMessage: string;
  /** Workflow run by the conversation-end trigger. */
  workflow: string;
}

/**
 * Everything for one configuration, derived from `requestSchema` (the generator passes the schema
 * file it just read, so one `npm run generate` is enough after a schema change).
 */
export function buildGenesysArtifactsForSchema(
  requestSchema: SourceObjectSchema,
  overrides: Partial<GenesysBuildConfig> = {},
): GenesysArtifacts {
  const config = resolveGenesysBuildConfig(overrides);
  const createIncident: PostActionInput = sortKeysDeep(
    buildCreateIncidentAction(config, requestSchema),
  );
  const getIncident: PostActionInput = sortKeysDeep(buildGetIncidentAction(config, requestSchema));
  const flows: GenesysFlows | undefined = config.flows
    ? {
        commonModule: buildCommonModule(config, requestSchema),
        inboundCall: buildInboundCallFlow(config, requestSchema),
        inboundMessage: buildInboundMessageFlow(config, requestSchema),
        workflow: buildConversationEndWorkflow(config, requestSchema),
      }
    : undefined;
  const trigger = config.flows ? sortKeysDeep(buildConversationEndTrigger(config)) : undefined;
  return {
    actions: { createIncident, getIncident },
    flows,
    trigger,
    terraform: sortKeysDeep(buildTerraformExport(config, [createIncident, getIncident], trigger)),
  };
}

/** The Genesys artifacts for the committed request contract; throws on any invalid option. */
export function buildGenesysArtifacts(config: Partial<GenesysBuildConfig> = {}): GenesysArtifacts {
  return buildGenesysArtifactsForSchema(incidentRequestSchema, config);
}

export {
  CUSTOMER_END_TOPIC,
  TRIGGER_DATA_FORMAT,
  WORKFLOW_ID_PLACEHOLDER,
  buildConversationEndTrigger,
  type TriggerDefinition,
} from './trigger.ts';
export {
  CALL_DATA_FAILURE_OUTPUTS,
  MODULE_OUTPUTS,
  PARTICIPANT_DATA_KEYS,
  WORKFLOW_INPUTS,
} from './archy-flows.ts';
export {
  DEFAULT_GENESYS_BUILD_CONFIG,
  DEFAULT_INTEGRATION_NAME,
  TRIGGER_MEDIA_TYPES,
  TRIGGER_OPERATORS,
  type TriggerFilter,
  GenesysConfigError,
  INTEGRATION_ID_PLACEHOLDER,
  resolveGenesysBuildConfig,
  type ConfigProblem,
  type GenesysBuildConfig,
} from './build-config.ts';
export {
  DRAFT_04_SCHEMA,
  GENESYS_INPUT_NAME,
  GENESYS_RESERVED_INPUT_NAMES,
  deriveInputContract,
  type Draft04ObjectSchema,
  type Draft04Property,
  type SourceObjectSchema,
} from './input-contract.ts';
export {
  incidentOutputContract,
  incidentSuccessTemplate,
  incidentTranslationMap,
  incidentTranslationMapDefaults,
} from './incident-response.ts';
export { buildRequestTemplate } from './request-template.ts';
export { buildCreateIncidentAction, buildGetIncidentAction, type PostActionInput };
export {
  FLOW_FILES,
  TERRAFORM_INTEGRATION_VARIABLE,
  escapeTerraformTemplate,
  unescapeTerraformTemplate,
} from './terraform-export.ts';
