/**
 * Conversation detail events of every media type and every topic a trigger can send, each
 * fixture typed as the SDK's model (purecloud-platform-client-v2 `platformClient.Models.*`), so
 * the typecheck fails on a field Genesys cannot send.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { normalizeRequest } from '../../../../servicenow/src/server/core/normalize.ts';
import { mapToIncident, maskName } from '../../../../servicenow/src/server/core/mapping.ts';

type CustomerEnd = platformClient.Models.CustomerEndDetailEventTopicCustomerEndEvent;
type CustomerStart = platformClient.Models.CustomerStartDetailEventTopicCustomerStartEvent;
type Acw = platformClient.Models.AcwDetailEventTopicAfterCallWorkEvent;
type AcdEnd = platformClient.Models.AcdEndDetailEventTopicAcdEndEvent;
type UserStart = platformClient.Models.UserStartDetailEventTopicUserStartEvent;
type Wrapup = platformClient.Models.WrapupDetailEventTopicWrapupEvent;
type FlowEnd = platformClient.Models.FlowEndDetailEventTopicFlowEndEvent;
type Attributes = platformClient.Models.AttributeDetailEventTopicAttributeUpdateEvent;

const ID = '5f0e8a4c-9d1b-4c3e-8a7f-2b6d1e0c9a11';
const envelope = (topic: string, eventBody: object) => ({
  topicName: `v2.detail.events.conversation.${ID}.${topic}`,
  version: '2',
  eventBody,
});

function ok(body: unknown) {
  const result = normalizeRequest(body);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

const base = { eventTime: 1763630000000, conversationId: ID, participantId: 'p-1' };

describe('customer.end of every media type: the customer address from where that type carries it', () => {
  const cases: Array<[string, CustomerEnd, string, string]> = [
    [
      'voice inbound (ani)',
      {
        ...base,
        mediaType: 'VOICE',
        direction: 'INBOUND',
        ani: 'tel:+14155550134',
        dnis: 'tel:+18005550100',
      },
      'voice',
      '+14155550134',
    ],
    [
      'voice outbound (dnis)',
      {
        ...base,
        mediaType: 'VOICE',
        direction: 'OUTBOUND',
        ani: 'tel:+18005550100',
        dnis: 'tel:+14155550199',
      },
      'voice',
      '+14155550199',
    ],
    [
      'callback (callbackNumbers)',
      {
        ...base,
        mediaType: 'CALLBACK',
        direction: 'OUTBOUND',
        callbackNumbers: ['+31201234567'],
        dnis: 'tel:+18005550100',
      },
      'callback',
      '+31201234567',
    ],
    [
      'WhatsApp inbound (addressFrom, "+" added)',
      {
        ...base,
        mediaType: 'MESSAGE',
        messageType: 'WHATSAPP',
        direction: 'INBOUND',
        addressFrom: '31612345678',
        addressTo: '31201234567',
      },
      'whatsapp',
      '+31612345678',
    ],
    [
      'SMS outbound (addressTo)',
      {
        ...base,
        mediaType: 'MESSAGE',
        messageType: 'SMS',
        direction: 'OUTBOUND',
        addressFrom: '+18005550100',
        addressTo: '+14155550134',
      },
      'sms',
      '+14155550134',
    ],
    [
      'web messaging (guest id)',
      {
        ...base,
        mediaType: 'MESSAGE',
        messageType: 'WEBMESSAGING',
        direction: 'INBOUND',
        addressFrom: 'a6c1e3b0-guest',
      },
      'webmessaging',
      'a6c1e3b0-guest',
    ],
    [
      'e-mail inbound (addressFrom)',
      {
        ...base,
        mediaType: 'EMAIL',
        direction: 'INBOUND',
        addressFrom: 'dana@example.com',
        addressTo: 'support@acme.example',
        subject: 'VPN',
      },
      'email',
      'dana@example.com',
    ],
    [
      'e-mail outbound (addressTo)',
      {
        ...base,
        mediaType: 'EMAIL',
        direction: 'OUTBOUND',
        addressFrom: 'support@acme.example',
        addressTo: 'dana@example.com',
      },
      'email',
      'dana@example.com',
    ],
  ];
  it.each(cases)('%s', (_, eventBody, channel, address) => {
    const result = ok(envelope('customer.end', eventBody));
    expect(result.request.channel).toBe(channel);
    expect(result.request.customerAddress).toBe(address);
    expect(result.request.conversationEnd).toBe(new Date(base.eventTime).toISOString());
    expect(result.request.customCallId).toBe(ID);
  });
});

describe('withheld callers have no address', () => {
  it.each([
    'sip:anonymous@anonymous.invalid',
    'anonymous',
    'Unknown',
    'Restricted',
    'tel:Restricted',
  ])('%s', (ani) => {
    const eventBody: CustomerStart = { ...base, mediaType: 'VOICE', direction: 'INBOUND', ani };
    const result = ok(envelope('customer.start', eventBody));
    expect(result.request.customerAddress).toBeUndefined();
    expect(result.warnings).toContainEqual({
      path: '/eventBody/ani',
      message: 'withheld caller: no customer address',
    });
  });

  it('in a flat Data Action body too', () => {
    const result = ok({
      customCallId: 'c-1',
      channel: 'voice',
      shortDescription: 'x',
      customerAddress: 'Anonymous',
    });
    expect(result.request.customerAddress).toBeUndefined();
    expect(result.warnings).toContainEqual({
      path: '/customerAddress',
      message: 'withheld caller: no customer address',
    });
  });

  it('in a conversation object', () => {
    const result = ok({
      id: 'c-2',
      participants: [{ purpose: 'customer', ani: 'sip:anonymous@example.invalid', calls: [{}] }],
    });
    expect(result.request.customerAddress).toBeUndefined();
  });
});

describe('the other conversation topics a trigger can send', () => {
  it('acw (after-call work, an agent leg): the customer from ani, never the station', () => {
    const eventBody: Acw = {
      ...base,
      mediaType: 'VOICE',
      direction: 'INBOUND',
      ani: 'sip:+14155550134@10.0.0.1',
      dnis: 'sip:agent.station.42@acme.pure.cloud',
      userId: 'user-1',
      wrapupCode: 'wc-1',
    };
    const result = ok(envelope('acw', eventBody));
    expect(result.request.customerAddress).toBe('+14155550134');
    expect(result.request.agentUserId).toBe('user-1');
    expect(result.request.conversationEnd).toBeUndefined();
  });

  it('an agent leg never takes its own station as the customer', () => {
    const eventBody: UserStart = {
      ...base,
      mediaType: 'VOICE',
      direction: 'OUTBOUND',
      ani: 'sip:+14155550134@10.0.0.1',
      dnis: 'sip:station-7f3a@acme.pure.cloud',
      userId: 'user-1',
    };
    expect(ok(envelope('user.start', eventBody)).request.customerAddress).toBeUndefined();
  });

  it('an agent leg of a message: only a phone number counts as the customer', () => {
    const eventBody: Wrapup = {
      ...base,
      mediaType: 'MESSAGE',
      messageType: 'WEBMESSAGING',
      direction: 'INBOUND',
      addressFrom: 'agent-display-name',
    };
    expect(ok(envelope('wrapup', eventBody)).request.customerAddress).toBeUndefined();
  });

  it('acd.end and flow.end (customer legs)', () => {
    const acd: AcdEnd = {
      ...base,
      mediaType: 'CALLBACK',
      direction: 'INBOUND',
      callbackNumbers: ['+4930123456789'],
    };
    expect(ok(envelope('acd.end', acd)).request).toMatchObject({
      channel: 'callback',
      customerAddress: '+4930123456789',
    });
    const flow: FlowEnd = {
      ...base,
      mediaType: 'VOICE',
      direction: 'INBOUND',
      ani: 'tel:+14155550134',
    };
    expect(ok(envelope('flow.end', flow)).request.customerAddress).toBe('+14155550134');
  });

  it('attributes has no media type: named, not guessed (no channel, no incident)', () => {
    const eventBody: Attributes = { ...base, attributes: { incident: 'x' } };
    const result = normalizeRequest(envelope('attributes', eventBody));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([
        {
          path: '/eventBody/mediaType',
          message: 'is required (VOICE, CALLBACK, MESSAGE, EMAIL, CHAT, ...)',
        },
      ]);
  });

  it('an unknown topic is refused, naming the ones accepted', () => {
    const result = normalizeRequest(envelope('segment.end', { ...base, mediaType: 'VOICE' }));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors[0]).toEqual({
        path: '/topicName',
        message: expect.stringContaining('customer.end|acd.start'),
      });
  });
});

describe('a channel the app does not know', () => {
  it('is accepted, warned about, and filed with the fallback contact type', () => {
    const eventBody: CustomerEnd = {
      ...base,
      mediaType: 'MESSAGE',
      messageType: 'APPLEBUSINESSCHAT',
      direction: 'INBOUND',
      addressFrom: 'urn:mbid:abc',
    };
    const result = ok(envelope('customer.end', eventBody));
    expect(result.request.channel).toBe('applebusinesschat');
    expect(result.warnings).toContainEqual({
      path: '/eventBody/messageType',
      message: 'is not a channel the app knows: filed with the contact type of "other"',
    });
    const mapping = mapToIncident(result.request);
    expect(mapping.fields.contact_type).toBe('chat');
    expect(mapping.fields.description).toContain('Channel: Other (applebusinesschat) (inbound)');
  });

  it('a known channel in another case is known', () => {
    const result = ok({ customCallId: 'c', channel: 'WhatsApp', shortDescription: 'x' });
    expect(result.warnings).toEqual([]);
    expect(mapToIncident(result.request).fields.contact_type).toBe('chat');
  });
});

describe('name initials work on code points', () => {
  it.each([
    ['Dana Smith', 'D. S.'],
    ['😀 Smith', '😀. S.'],
    ['𝒜lice 𝔅ob', '𝒜. 𝔅.'],
  ])('%s → %s', (name, initials) => {
    const masked = maskName(name);
    expect(masked).toBe(initials);
    // no lone surrogate anywhere
    expect(masked).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
  });
});

describe('every conversation topic accepted, each body typed as its SDK model', () => {
  const voice = { ...base, mediaType: 'VOICE', direction: 'INBOUND', ani: 'tel:+14155550134' };
  const agentVoice = { ...voice, ani: 'sip:+14155550134@10.0.0.1', dnis: 'sip:station-1@acme' };
  const topics: Array<[string, object, string | undefined]> = [
    ['customer.start', voice satisfies CustomerStart, '+14155550134'],
    ['customer.end', voice satisfies CustomerEnd, '+14155550134'],
    [
      'acd.start',
      voice satisfies platformClient.Models.AcdStartDetailEventTopicAcdStartEvent,
      '+14155550134',
    ],
    ['acd.end', voice satisfies AcdEnd, '+14155550134'],
    [
      'flow.start',
      voice satisfies platformClient.Models.FlowStartDetailEventTopicFlowStartEvent,
      '+14155550134',
    ],
    ['flow.end', voice satisfies FlowEnd, '+14155550134'],
    [
      'flow.outcome',
      voice satisfies platformClient.Models.FlowOutcomeDetailEventTopicFlowOutcomeEvent,
      '+14155550134',
    ],
    [
      'contact',
      voice satisfies platformClient.Models.ContactDetailEventTopicContactUpdateEvent,
      '+14155550134',
    ],
    ['user.start', agentVoice satisfies UserStart, '+14155550134'],
    [
      'user.end',
      agentVoice satisfies platformClient.Models.UserEndDetailEventTopicUserEndEvent,
      '+14155550134',
    ],
    ['acw', agentVoice satisfies Acw, '+14155550134'],
    ['wrapup', agentVoice satisfies Wrapup, '+14155550134'],
    [
      'voicemail.start',
      agentVoice satisfies platformClient.Models.VoicemailStartDetailEventTopicVoicemailStartEvent,
      '+14155550134',
    ],
    [
      'voicemail.end',
      agentVoice satisfies platformClient.Models.VoicemailEndDetailEventTopicVoicemailEndEvent,
      '+14155550134',
    ],
    [
      'outbound',
      {
        ...agentVoice,
        direction: 'OUTBOUND',
        ani: 'sip:station-1@acme',
        dnis: 'tel:+14155550199',
      } satisfies platformClient.Models.OutboundDetailEventTopicOutboundInitEvent,
      '+14155550199',
    ],
  ];
  it.each(topics)('%s', (topic, eventBody, address) => {
    const result = ok(envelope(topic, eventBody));
    expect(result.request.channel).toBe('voice');
    expect(result.request.customerAddress).toBe(address);
  });
});
