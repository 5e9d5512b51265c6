/**
 * The generated conversation-end workflow's own input expressions, run on detail events typed as
 * the SDK's model: what the Data Action receives for each media type.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { buildGenesysArtifacts } from '../../../genesys/index.ts';
import {
  evaluate,
  workflowActionInput,
  workflowInputsFromEvent,
} from '../../../scripts/sandbox/workflow-runner.ts';
import { normalizeRequest } from '../../../servicenow/src/server/core/normalize.ts';

type CustomerEnd = platformClient.Models.CustomerEndDetailEventTopicCustomerEndEvent;

const { workflow } = buildGenesysArtifacts().flows!;
const base: CustomerEnd = {
  eventTime: 1763630000000,
  conversationId: 'c0ffee00-0000-4000-8000-000000000001',
};
const run = (event: CustomerEnd) =>
  workflowActionInput(
    workflow,
    workflowInputsFromEvent(workflow, event as Record<string, unknown>),
  );

describe('the workflow maps a customer.end event to the Data Action input', () => {
  it.each<[string, CustomerEnd, Record<string, string>]>([
    [
      'voice inbound: ani',
      {
        ...base,
        mediaType: 'VOICE',
        direction: 'INBOUND',
        ani: 'tel:+14155550134',
        dnis: 'tel:+18005550100',
      },
      { channel: 'voice', direction: 'inbound', customerAddress: 'tel:+14155550134' },
    ],
    [
      'voice outbound: dnis',
      {
        ...base,
        mediaType: 'VOICE',
        direction: 'OUTBOUND',
        ani: 'tel:+18005550100',
        dnis: 'tel:+14155550199',
      },
      { channel: 'voice', direction: 'outbound', customerAddress: 'tel:+14155550199' },
    ],
    [
      'WhatsApp: the message type is the channel, addressFrom the customer',
      {
        ...base,
        mediaType: 'MESSAGE',
        messageType: 'WHATSAPP',
        direction: 'INBOUND',
        addressFrom: '31612345678',
        addressTo: '31201234567',
      },
      { channel: 'whatsapp', customerAddress: '31612345678' },
    ],
    [
      'e-mail outbound: addressTo, the subject as description',
      {
        ...base,
        mediaType: 'EMAIL',
        direction: 'OUTBOUND',
        addressFrom: 'desk@acme.example',
        addressTo: 'dana@example.com',
        subject: 'Re: VPN',
      },
      { channel: 'email', customerAddress: 'dana@example.com', description: 'Re: VPN' },
    ],
  ])('%s', (_, event, expected) => {
    const input = run(event);
    expect(input).toMatchObject({ customCallId: base.conversationId, ...expected });
    // and ServiceNow accepts it: the address normalized, the channel known
    const result = normalizeRequest(input);
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });

  it('sends no address and no unset field when the event has none (arrays never reach the workflow)', () => {
    const input = run({
      ...base,
      mediaType: 'CALLBACK',
      direction: 'OUTBOUND',
      callbackNumbers: ['+31201234567'],
    });
    expect(input.customerAddress).toBeUndefined();
    expect(input.description).toBeUndefined();
    expect(Object.values(input)).not.toContain('');
  });
});

describe('the expression subset', () => {
  it('evaluates If, IsSet, ToLower, == and and with NOT_SET semantics', () => {
    const vars = { 'Flow.a': 'X', 'Flow.b': undefined };
    expect(evaluate('If(IsSet(Flow.b), Flow.b, ToLower(Flow.a))', vars)).toBe('x');
    expect(evaluate('Flow.a == "X" and IsSet(Flow.a)', vars)).toBe(true);
    expect(evaluate('Flow.b == "X"', vars)).toBe(false);
    expect(evaluate('ToLower(Flow.b)', vars)).toBeUndefined();
  });

  it('refuses what it does not implement instead of guessing', () => {
    expect(() => evaluate('Substring(Flow.a, "1")', {})).toThrow(/Substring is not supported/);
    expect(() => evaluate('Flow.a + 1', {})).toThrow(/unsupported expression syntax/);
    expect(() => evaluate('Call.Ani', {})).toThrow(/unknown name Call.Ani/);
  });
});
