/**
 * Architect flows as Archy YAML (importable through the Architect jobs API, `POST /flows/jobs`):
 *
 * - the common module "Create ServiceNow Incident": calls the create action, on failure or
 *   timeout exactly once more (safe: ServiceNow dedups on customCallId, so a timeout that fired
 *   after the insert ends in a 200 replay), and returns number, URL, created and a status;
 * - an inbound call flow and an inbound message flow that call the module, store the incident
 *   number and URL as participant data (the answering agent sees them with the interaction) and
 *   transfer the customer to a queue — never hang up;
 * - the workflow a Process Automation trigger on `…customer.end` starts (see trigger.ts), which
 *   calls the same module with customCallId = the conversation id.
 *
 * Syntax read from public exported flows (research/genesys-flows-and-triggers.md; each rule is
 * checked by test/genesys/archy-flows.test.ts with the flow it came from). What no public flow
 * showed is marked ASSUMED here.
 */
import { stringify } from 'yaml';
import type { GenesysBuildConfig } from './build-config.ts';
import type { SourceObjectSchema } from './input-contract.ts';

type ArchyValue = { lit: unknown } | { exp: string } | { var: string } | { noValue: true };
type ArchyAction = Record<string, unknown>;

const exp = (expression: string): ArchyValue => ({ exp: expression });
const lit = (value: unknown): ArchyValue => ({ lit: value });
const bind = (variable: string): ArchyValue => ({ var: variable });
const NO_VALUE = { noValue: true } as const;

/** Every failure output a Call Data Action has (exported flows list all of them). */
export const CALL_DATA_FAILURE_OUTPUTS = [
  'errorCode',
  'status',
  'correlationId',
  'entityId',
  'entityName',
  'userMessage',
  'userParamsMessage',
  'userParams.key',
  'userParams.value',
  'details.errorCode',
  'details.fieldName',
  'details.entityId',
  'details.entityName',
] as const;

/** The module's outputs; flows bind the ones they need. */
export const MODULE_OUTPUTS = {
  incidentNumber: 'Common.incidentNumber',
  incidentUrl: 'Common.incidentUrl',
  created: 'Common.created',
  status: 'Common.status',
} as const;

/** Participant data keys the example flows set (the agent's interaction panel shows them). */
export const PARTICIPANT_DATA_KEYS = {
  incidentNumber: 'incidentBridge.incidentNumber',
  incidentUrl: 'incidentBridge.incidentUrl',
} as const;

/**
 * Workflow inputs the trigger fills. With the `TopLevelPrimitives` data format each top-level
 * primitive of the event lands in the input of the same name (blueprints use Flow.conversationId,
 * Flow.ani, Flow.addressTo with these topics; the name matching is inferred from them, ASSUMED).
 */
export const WORKFLOW_INPUTS = [
  'conversationId',
  'mediaType',
  'messageType',
  'direction',
  'ani',
  'dnis',
  'addressFrom',
  'addressTo',
  'externalContactId',
  'disconnectType',
  'subject',
] as const;

// ----- the common module -----------------------------------------------------------------------

type VariableKind = 'stringVariable' | 'integerVariable' | 'booleanVariable';

function variableKindOf(type: unknown): VariableKind {
  if (type === 'integer') return 'integerVariable';
  if (type === 'boolean') return 'booleanVariable';
  return 'stringVariable';
}

function variable(
  kind: VariableKind,
  name: string,
  io: { input?: boolean; output?: boolean } = {},
): ArchyAction {
  return {
    [kind]: {
      name,
      initialValue: NO_VALUE,
      isInput: io.input === true,
      isOutput: io.output === true,
    },
  };
}

function setString(name: string, variableName: string, value: ArchyValue): ArchyAction {
  return { updateData: { name, statements: [{ string: { variable: variableName, value } }] } };
}

/** One Call Data Action step of the module; `onFailure` runs on both failure and timeout. */
function callCreateAction(
  config: GenesysBuildConfig,
  stepName: string,
  inputs: Record<string, ArchyValue>,
  onFailure: ArchyAction[],
): ArchyAction {
  return {
    callData: {
      name: stepName,
      // the action's own timeout (≤ 60 s) ends it first; the step's limit is the public flows' one minute
      timeout: lit({ minutes: 1 }),
      category: {
        [config.category]: {
          dataAction: {
            [config.createActionName]: {
              inputs,
              successOutputs: {
                created: bind(MODULE_OUTPUTS.created),
                incidentNumber: bind(MODULE_OUTPUTS.incidentNumber),
                incidentSysId: NO_VALUE,
                incidentUrl: bind(MODULE_OUTPUTS.incidentUrl),
              },
              failureOutputs: Object.fromEntries(
                CALL_DATA_FAILURE_OUTPUTS.map((key) => [
                  key,
                  key === 'errorCode' ? bind('Common.errorCode') : NO_VALUE,
                ]),
              ),
            },
          },
        },
      },
      outputs: {
        success: {
          actions: [
            setString(
              'Status created or existing',
              MODULE_OUTPUTS.status,
              exp(`If(${MODULE_OUTPUTS.created}, "created", "existing")`),
            ),
          ],
        },
        failure: { actions: onFailure },
        timeout: { actions: onFailure },
      },
    },
  };
}

/** Module input variable of a contract field. */
const moduleInput = (field: string) => `Common.${field}`;

/** The common module: inputs = the contract's fields, one retry, outputs number/url/created/status. */
export function buildCommonModule(
  config: GenesysBuildConfig,
  requestSchema: SourceObjectSchema,
): string {
  const fields = Object.entries(requestSchema.properties);
  const inputs = Object.fromEntries(
    // ASSUMED: an unset module input reaches the action as "" (string) or is left out (integer,
    // boolean); the input contract accepts "" for every optional string
    fields.map(([field]) => [field, exp(moduleInput(field))]),
  );
  const retry = callCreateAction(config, `${config.createActionName} (retry)`, inputs, [
    setString('Status failed', MODULE_OUTPUTS.status, lit('failed')),
  ]);
  const first = callCreateAction(config, config.createActionName, inputs, [retry]);
  return toYaml('common module creating one ServiceNow incident', {
    commonModule: {
      name: config.moduleName,
      description:
        `Creates (or finds) the ServiceNow incident of a conversation through "${config.createActionName}", ` +
        'retrying once; outputs the incident number, URL, created and status (created, existing or failed).',
      division: config.division,
      supportedLanguages: { 'en-us': { none: true } },
      variables: [
        ...fields.map(([field, property]) =>
          variable(variableKindOf(property.type), moduleInput(field), { input: true }),
        ),
        variable('stringVariable', MODULE_OUTPUTS.incidentNumber, { output: true }),
        variable('stringVariable', MODULE_OUTPUTS.incidentUrl, { output: true }),
        variable('booleanVariable', MODULE_OUTPUTS.created, { output: true }),
        variable('stringVariable', MODULE_OUTPUTS.status, { output: true }),
        variable('stringVariable', 'Common.errorCode'),
      ],
      settingsCommonModule: {
        compatibleFlowTypes: ['inboundcall', 'inboundshortmessage', 'inboundemail', 'workflow'].map(
          (flowType) => ({ flowType }),
        ),
      },
      startUpTaskActions: [first, { endTask: { name: 'Exit Common Module' } }],
    },
  });
}

// ----- callers ---------------------------------------------------------------------------------

/** Flow variables a caller binds the module's outputs to. */
const CALLER_VARIABLES = {
  incidentNumber: 'Flow.IncidentNumber',
  incidentUrl: 'Flow.IncidentUrl',
  created: 'Flow.IncidentCreated',
  status: 'Flow.IncidentBridgeStatus',
} as const;

function callerVariables(): ArchyAction[] {
  return [
    variable('stringVariable', CALLER_VARIABLES.incidentNumber),
    variable('stringVariable', CALLER_VARIABLES.incidentUrl),
    variable('booleanVariable', CALLER_VARIABLES.created),
    variable('stringVariable', CALLER_VARIABLES.status),
  ];
}

/** `callCommonModule` by name at its latest published version; every module input listed. */
function callModule(
  config: GenesysBuildConfig,
  requestSchema: SourceObjectSchema,
  values: Record<string, ArchyValue>,
): ArchyAction {
  const inputs = Object.fromEntries(
    Object.keys(requestSchema.properties).map((field) => [
      moduleInput(field),
      values[field] ?? NO_VALUE,
    ]),
  );
  return {
    callCommonModule: {
      name: config.moduleName,
      commonModule: {
        [config.moduleName]: {
          ver_latestPublished: {
            inputs,
            outputs: {
              [MODULE_OUTPUTS.incidentNumber]: bind(CALLER_VARIABLES.incidentNumber),
              [MODULE_OUTPUTS.incidentUrl]: bind(CALLER_VARIABLES.incidentUrl),
              [MODULE_OUTPUTS.created]: bind(CALLER_VARIABLES.created),
              [MODULE_OUTPUTS.status]: bind(CALLER_VARIABLES.status),
            },
          },
        },
      },
    },
  };
}

/** ASSUMED (Archy's action reference; no public flow read): the attribute list of setParticipantData. */
function setIncidentParticipantData(): ArchyAction {
  const attribute = (key: string, variableName: string) => ({
    attribute: { name: lit(key), value: exp(variableName) },
  });
  return {
    setParticipantData: {
      name: 'Incident on the interaction',
      attributes: [
        attribute(PARTICIPANT_DATA_KEYS.incidentNumber, CALLER_VARIABLES.incidentNumber),
        attribute(PARTICIPANT_DATA_KEYS.incidentUrl, CALLER_VARIABLES.incidentUrl),
      ],
    },
  };
}

function transferToQueue(config: GenesysBuildConfig, voice: boolean): ArchyAction {
  const transfer: Record<string, unknown> = {
    name: 'Transfer to ACD',
    targetQueue: lit({ name: config.queueName }),
    priority: lit(0),
    preferredAgents: NO_VALUE,
    languageSkill: NO_VALUE,
    directAgent: NO_VALUE,
  };
  // inboundCall adds failure outputs (BP/dr-fallback-ivr DR-Emergency-IVR.yaml)
  if (voice) transfer.failureOutputs = { errorType: NO_VALUE, errorMessage: NO_VALUE };
  return { transferToAcd: transfer };
}

/**
 * ASSUMED (the error-handling block of a public flow was always `disconnect`): an unhandled error
 * transfers to the same queue, so no generated flow hangs up on the customer.
 */
function errorHandlingToQueue(config: GenesysBuildConfig) {
  return {
    errorHandling: {
      transferToAcd: {
        targetQueue: lit({ name: config.queueName }),
        priority: lit(0),
        preferredAgents: NO_VALUE,
        languageSkill: NO_VALUE,
        directAgent: NO_VALUE,
      },
    },
  };
}

export function buildInboundCallFlow(
  config: GenesysBuildConfig,
  requestSchema: SourceObjectSchema,
): string {
  const module = callModule(config, requestSchema, {
    customCallId: exp('Call.ConversationId'),
    channel: lit('voice'),
    shortDescription: lit('Inbound call needs IT follow-up'),
    direction: lit('inbound'),
    // E.164 with "+", "tel:" and SIP decoration gone (BP/switch-voice-to-web-messaging)
    customerAddress: exp('ToPhoneNumber(Call.Ani).e164'),
    conversationStart: exp('ToString(Flow.StartDateTimeUtc)'),
    schemaVersion: lit('1'),
  });
  return toYaml('inbound call flow calling the common module', {
    inboundCall: {
      name: config.inboundCallFlowName,
      description: `Opens one ServiceNow incident per call ("${config.moduleName}"), then transfers to ${config.queueName}.`,
      division: config.division,
      startUpRef: '/inboundCall/tasks/task[Create Incident_10]',
      defaultLanguage: 'en-us',
      supportedLanguages: { 'en-us': { defaultLanguageSkill: NO_VALUE } },
      initialGreeting: { tts: 'One moment while we connect you.' },
      variables: callerVariables(),
      settingsErrorHandling: errorHandlingToQueue(config),
      tasks: [
        {
          task: {
            name: 'Create Incident',
            refId: 'Create Incident_10',
            actions: [module, setIncidentParticipantData(), transferToQueue(config, true)],
          },
        },
      ],
    },
  });
}

export function buildInboundMessageFlow(
  config: GenesysBuildConfig,
  requestSchema: SourceObjectSchema,
): string {
  const module = callModule(config, requestSchema, {
    customCallId: exp('Message.ConversationId'),
    // any message type is accepted: ServiceNow maps one it does not know to a fallback, with a warning
    channel: exp('ToLower(Message.Message.type)'),
    shortDescription: lit('Message conversation needs IT follow-up'),
    direction: lit('inbound'),
    description: exp('Message.Message.body'),
    // ASSUMED: Message.Message.senderAddress (no public flow reads it)
    customerAddress: exp('Message.Message.senderAddress'),
    conversationStart: exp('ToString(Flow.StartDateTimeUtc)'),
    schemaVersion: lit('1'),
  });
  return toYaml('inbound message flow calling the common module', {
    inboundShortMessage: {
      name: config.inboundMessageFlowName,
      description: `Opens one ServiceNow incident per conversation ("${config.moduleName}"), then transfers to ${config.queueName}.`,
      division: config.division,
      startUpRef: '/inboundShortMessage/states/state[Create Incident_10]',
      defaultLanguage: 'en-us',
      supportedLanguages: { 'en-us': { defaultLanguageSkill: NO_VALUE } },
      variables: callerVariables(),
      settingsErrorHandling: errorHandlingToQueue(config),
      states: [
        {
          state: {
            name: 'Create Incident',
            refId: 'Create Incident_10',
            actions: [module, setIncidentParticipantData(), transferToQueue(config, false)],
          },
        },
      ],
    },
  });
}

/**
 * The workflow the conversation-end trigger runs. The customer's address is where its media
 * carries it: voice and callback in ani (dnis when outbound), messaging and e-mail in addressFrom
 * (addressTo when outbound). ServiceNow strips tel:/sip: and drops withheld numbers.
 */
export function buildConversationEndWorkflow(
  config: GenesysBuildConfig,
  requestSchema: SourceObjectSchema,
): string {
  const flow = (name: string) => `Flow.${name}`;
  const inbound = 'If(IsSet(Flow.ani), Flow.ani, Flow.addressFrom)';
  const outbound = 'If(IsSet(Flow.dnis), Flow.dnis, Flow.addressTo)';
  const module = callModule(config, requestSchema, {
    customCallId: exp(flow('conversationId')),
    channel: exp(
      'If(Flow.mediaType == "MESSAGE" and IsSet(Flow.messageType), ToLower(Flow.messageType), ToLower(Flow.mediaType))',
    ),
    shortDescription: lit('Customer conversation ended; IT follow-up'),
    direction: exp('ToLower(Flow.direction)'),
    customerAddress: exp(`If(Flow.direction == "OUTBOUND", ${outbound}, ${inbound})`),
    externalContactId: exp(flow('externalContactId')),
    // an e-mail's subject is customer text: the description (masked by ServiceNow), never the
    // 160-character short description it could overflow
    description: exp(flow('subject')),
    schemaVersion: lit('1'),
  });
  return toYaml('workflow run by the conversation-end trigger', {
    workflow: {
      name: config.workflowName,
      description: `Started by the trigger "${config.triggerName}" when a customer leaves a conversation; calls "${config.moduleName}".`,
      division: config.division,
      startUpRef: '/workflow/states/state[Create Incident_10]',
      defaultLanguage: 'en-us',
      supportedLanguages: { 'en-us': { none: true } },
      variables: [
        ...WORKFLOW_INPUTS.map((name) => variable('stringVariable', flow(name), { input: true })),
        ...callerVariables(),
      ],
      settingsErrorHandling: { errorHandling: { endWorkflow: { none: true } } },
      states: [
        {
          state: {
            name: 'Create Incident',
            refId: 'Create Incident_10',
            actions: [module, { endWorkflow: { name: 'End Workflow', exitReason: NO_VALUE } }],
          },
        },
      ],
    },
  });
}

const GENERATED_HEADER = (what: string) =>
  `# GENERATED by \`npm run generate\` (genesys/archy-flows.ts): ${what}. Do not edit by hand.\n`;

function toYaml(what: string, document: Record<string, unknown>): string {
  return (
    GENERATED_HEADER(what) + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
