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
import { buildInboundCallFlow, buildInboundMessageFlow } from './archy-flows.ts';
import { resolveGenesysBuildConfig, type GenesysBuildConfig } from './build-config.ts';
import type { SourceObjectSchema } from './input-contract.ts';
import { sortKeysDeep } from './sorted-keys.ts';
import { buildTerraformExport } from './terraform-export.ts';

export interface GenesysArtifacts {
  actions: {
    createIncident: platformClient.Models.PostActionInput;
    getIncident: platformClient.Models.PostActionInput;
  };
  flows: {
    /** Archy YAML of an inbound message flow (SMS, WhatsApp, web messaging, ...). */
    inboundMessage: string;
    /** Archy YAML of an inbound call flow. */
    inboundCall: string;
  };
  /** CX as Code module in Terraform JSON syntax (`.tf.json`). */
  terraform: Record<string, unknown>;
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
  return {
    actions: { createIncident, getIncident },
    flows: {
      inboundMessage: buildInboundMessageFlow(config),
      inboundCall: buildInboundCallFlow(config),
    },
    terraform: sortKeysDeep(buildTerraformExport(config, [createIncident, getIncident])),
  };
}

/** The Genesys artifacts for the committed request contract; throws on any invalid option. */
export function buildGenesysArtifacts(config: Partial<GenesysBuildConfig> = {}): GenesysArtifacts {
  return buildGenesysArtifactsForSchema(incidentRequestSchema, config);
}

export {
  DEFAULT_GENESYS_BUILD_CONFIG,
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
  TERRAFORM_INTEGRATION_VARIABLE,
  escapeTerraformTemplate,
  unescapeTerraformTemplate,
} from './terraform-export.ts';
