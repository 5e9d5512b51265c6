import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import {
  buildConversationEndTrigger,
  buildGenesysArtifacts,
  CUSTOMER_END_TOPIC,
  GenesysConfigError,
  resolveGenesysBuildConfig,
  WORKFLOW_ID_PLACEHOLDER,
} from '../../genesys/index.ts';

describe('the conversation-end trigger (CreateTriggerRequest)', () => {
  const trigger: platformClient.Models.CreateTriggerRequest = buildGenesysArtifacts().trigger!;

  it('listens to customer.end and runs the workflow with top-level primitives', () => {
    expect(trigger.topicName).toBe(CUSTOMER_END_TOPIC);
    expect(trigger.target).toEqual({
      type: 'Workflow',
      id: WORKFLOW_ID_PLACEHOLDER,
      workflowTargetSettings: { dataFormat: 'TopLevelPrimitives' },
    });
    expect(trigger.enabled).toBe(true);
    // TF: eventTTLSeconds at least 10, and never together with delayBySeconds
    expect(trigger.eventTTLSeconds).toBeGreaterThanOrEqual(10);
    expect(trigger.delayBySeconds).toBeUndefined();
  });

  it('filters the configured media types, then the configured criteria', () => {
    const config = resolveGenesysBuildConfig({
      triggerMediaTypes: ['VOICE', 'MESSAGE'],
      triggerFilters: [{ jsonPath: 'queueId', operator: 'In', value: ['q-1', 'q-2'] }],
      triggerEnabled: false,
    });
    const built = buildConversationEndTrigger(config, 'wf-1');
    expect(built.matchCriteria).toEqual([
      { jsonPath: 'mediaType', operator: 'In', value: ['VOICE', 'MESSAGE'] },
      { jsonPath: 'queueId', operator: 'In', value: ['q-1', 'q-2'] },
    ]);
    expect(built.target.id).toBe('wf-1');
    expect(built.enabled).toBe(false);
  });

  it.each([
    [{ triggerMediaTypes: [] }, /triggerMediaTypes: must be a non-empty list/],
    [{ triggerMediaTypes: ['VOICE', 'FAX'] }, /triggerMediaTypes/],
    [
      { triggerFilters: [{ jsonPath: 'queueId', operator: 'Like', value: 'x' }] },
      /triggerFilters: \[0\]\.operator must be one of/,
    ],
    [
      { triggerFilters: [{ jsonPath: 'queueId', operator: 'In', value: ['a'], values: ['b'] }] },
      /exactly one of value or values/,
    ],
    [
      { triggerFilters: [{ jsonPath: 'mediaType', operator: 'Equal', value: 'VOICE' }] },
      /which triggerMediaTypes already sets/,
    ],
  ])('refuses %j, naming the option', (overrides, reason) => {
    expect(() => resolveGenesysBuildConfig(overrides as never)).toThrow(GenesysConfigError);
    expect(() => resolveGenesysBuildConfig(overrides as never)).toThrow(reason);
  });
});
