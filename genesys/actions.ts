/**
 * The two Data Actions as `PostActionInput` bodies, exactly what deploy posts to
 * `/api/v2/integrations/actions/drafts` (and what the local runtime executes).
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { GenesysBuildConfig } from './build-config.ts';
import { incidentOutputContract, incidentResponseConfig } from './incident-response.ts';
import {
  deriveInputContract,
  type Draft04ObjectSchema,
  type SourceObjectSchema,
} from './input-contract.ts';
import { buildRequestTemplate } from './request-template.ts';

export type PostActionInput = platformClient.Models.PostActionInput;

/** The SDK types `additionalProperties` as `object`; our schemas use the boolean draft-04 form. */
function asJsonSchemaDocument(
  schema: Draft04ObjectSchema,
): platformClient.Models.JsonSchemaDocument {
  return structuredClone(schema) as unknown as platformClient.Models.JsonSchemaDocument;
}

/**
 * With User Defined (OAuth) credentials Genesys adds no Authorization header: the action sends
 * the token its integration's auth action obtained (`authResponse`).
 */
function authorization(config: GenesysBuildConfig): Record<string, string> {
  return config.authentication === 'oauth'
    ? { Authorization: 'Bearer ${authResponse.access_token}' }
    : {};
}

function incidentsUrl(config: GenesysBuildConfig): string {
  return `${config.instanceUrl}${config.apiBasePath}/incidents`;
}

/** POST the flat request; 201 created or 200 replay both map to the same outputs. */
export function buildCreateIncidentAction(
  config: GenesysBuildConfig,
  requestSchema: SourceObjectSchema,
): PostActionInput {
  const inputContract = deriveInputContract(requestSchema, `${config.createActionName} input`);
  return {
    name: config.createActionName,
    category: config.category,
    integrationId: config.integrationId,
    secure: config.secure,
    config: {
      request: {
        requestUrlTemplate: incidentsUrl(config),
        requestType: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          ...authorization(config),
        },
        requestTemplate: buildRequestTemplate(inputContract),
      },
      response: incidentResponseConfig(),
      timeoutSeconds: config.timeoutSeconds,
    },
    contract: {
      input: { inputSchema: asJsonSchemaDocument(inputContract) },
      output: { successSchema: asJsonSchemaDocument(incidentOutputContract) },
    },
  };
}

/** GET by customCallId: lets a flow (or doctor) find the incident of a conversation without writing. */
export function buildGetIncidentAction(
  config: GenesysBuildConfig,
  requestSchema: SourceObjectSchema,
): PostActionInput {
  const customCallId = requestSchema.properties.customCallId;
  if (customCallId === undefined) throw new Error('the request schema has no customCallId');
  const inputContract = deriveInputContract(
    {
      description: 'The conversation whose incident to read.',
      required: ['customCallId'],
      properties: { customCallId },
    },
    `${config.getActionName} input`,
  );
  return {
    name: config.getActionName,
    category: config.category,
    integrationId: config.integrationId,
    secure: config.secure,
    config: {
      request: {
        requestUrlTemplate: `${incidentsUrl(config)}/$esc.url($input.customCallId)`,
        requestType: 'GET',
        headers: { Accept: 'application/json', ...authorization(config) },
        // Genesys's own default; a GET sends no body.
        requestTemplate: '${input.rawRequest}',
      },
      response: incidentResponseConfig(),
      timeoutSeconds: config.timeoutSeconds,
    },
    contract: {
      input: { inputSchema: asJsonSchemaDocument(inputContract) },
      output: { successSchema: asJsonSchemaDocument(incidentOutputContract) },
    },
  };
}
