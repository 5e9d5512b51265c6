/**
 * The Process Automation trigger that starts the conversation-end workflow: topic
 * `v2.detail.events.conversation.{id}.customer.end`, one `mediaType In [...]` criterion from the
 * configuration plus any further filters, target the workflow.
 *
 * Data format: **TopLevelPrimitives**. The customer.end event is flat (`CustomerEndDetailEventTopic
 * CustomerEndEvent`): every field the workflow needs (conversationId, mediaType, messageType,
 * direction, ani, dnis, addressFrom, addressTo, externalContactId) is a top-level string, so each
 * lands in a typed workflow input of the same name that Architect validates at publish. `Json`
 * would hand the workflow one `Flow.jsonData` to pick apart with `GetJsonObjectProperty`, whose
 * missing keys are runtime errors instead of NOT_SET values. Given up: the arrays
 * (`callbackNumbers`, `conversationExternalContactIds`) do not reach the workflow; the callback's
 * number is its ani.
 */
import type platformClient from 'purecloud-platform-client-v2';
import type { GenesysBuildConfig } from './build-config.ts';

export const CUSTOMER_END_TOPIC = 'v2.detail.events.conversation.{id}.customer.end';
export const TRIGGER_DATA_FORMAT = 'TopLevelPrimitives';
/** What `target.id` holds until deploy knows the workflow's id. */
export const WORKFLOW_ID_PLACEHOLDER = 'INCIDENT_BRIDGE_WORKFLOW_ID_SET_BY_DEPLOY';
/** Events older than this are dropped instead of running the workflow late (TF minimum 10). */
export const TRIGGER_EVENT_TTL_SECONDS = 300;

export type TriggerDefinition = platformClient.Models.CreateTriggerRequest;

export function buildConversationEndTrigger(
  config: GenesysBuildConfig,
  workflowId = WORKFLOW_ID_PLACEHOLDER,
): TriggerDefinition {
  const criteria: platformClient.Models.MatchCriteria[] = [
    // `value` holding the list, as the public trigger does (BP/automatic-offer-callback-for-disconnected-call)
    {
      jsonPath: 'mediaType',
      operator: 'In',
      value: [...config.triggerMediaTypes] as unknown as object,
    },
    ...config.triggerFilters.map(
      (filter) => ({ ...filter }) as platformClient.Models.MatchCriteria,
    ),
  ];
  return {
    name: config.triggerName,
    description: `Runs "${config.workflowName}" when a customer leaves a conversation (incident-bridge).`,
    topicName: CUSTOMER_END_TOPIC,
    enabled: config.triggerEnabled,
    target: {
      type: 'Workflow',
      id: workflowId,
      workflowTargetSettings: { dataFormat: TRIGGER_DATA_FORMAT },
    },
    matchCriteria: criteria,
    eventTTLSeconds: TRIGGER_EVENT_TTL_SECONDS,
  };
}
