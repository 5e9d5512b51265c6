import type platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import {
  MAX_WARNINGS,
  normalizeRequest,
  type NormalizeResult,
} from '../../../../servicenow/src/server/core/normalize.ts';
import { readSample } from '../../../helpers/samples.ts';

function ok(result: NormalizeResult) {
  if (!result.ok) throw new Error('expected a valid request, got ' + JSON.stringify(result.errors));
  return result;
}

function errors(result: NormalizeResult) {
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

const flat = { customCallId: 'c-1', channel: 'voice', shortDescription: 'VPN down' };

describe('normalizeRequest: flat Data Action body', () => {
  it('accepts the voice sample and drops optional empty strings', () => {
    const result = ok(normalizeRequest(readSample('data-action-request.voice.json')));
    expect(result.shape).toBe('flat');
    expect(result.request.channel).toBe('voice');
    expect(result.request).not.toHaveProperty('agentUserId');
    expect(result.request).not.toHaveProperty('conversationEnd');
    expect(result.request.urgency).toBe(2);
    expect(result.warnings).toEqual([]);
  });

  it('accepts the WhatsApp sample', () => {
    const result = ok(normalizeRequest(readSample('data-action-request.whatsapp.json')));
    expect(result.request.channel).toBe('whatsapp');
    expect(result.request.transcript).toContain('IBAN');
  });

  it('reports every error at once, with JSON Pointer paths', () => {
    const result = normalizeRequest({
      channel: 'fax machine',
      shortDescription: '',
      urgency: '2',
      impact: 7,
      direction: 'sideways',
      dryRun: 'yes',
      conversationStart: 'yesterday',
      customerAddress: 'x'.repeat(300),
    });
    expect(errors(result)).toEqual([
      { path: '/customCallId', message: 'is required' },
      {
        path: '/channel',
        message: 'must be a channel name: a letter, then letters, digits, _ or -',
      },
      { path: '/shortDescription', message: 'must not be empty' },
      { path: '/customerAddress', message: 'must be at most 256 characters, got 300' },
      { path: '/direction', message: 'must be one of: inbound, outbound' },
      {
        path: '/conversationStart',
        message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-20T09:12:44Z',
      },
      { path: '/urgency', message: 'must be an integer, got string' },
      { path: '/impact', message: 'must be at most 3' },
      { path: '/dryRun', message: 'must be a boolean (true or false), got string' },
    ]);
  });

  it('names /customCallId when it is missing', () => {
    expect(errors(normalizeRequest({ channel: 'voice', shortDescription: 'x' }))).toEqual([
      { path: '/customCallId', message: 'is required' },
    ]);
  });

  it('rejects ids with characters outside the contract', () => {
    expect(errors(normalizeRequest({ ...flat, customCallId: 'a b' }))).toEqual([
      { path: '/customCallId', message: 'must be letters, digits and . _ : - only' },
    ]);
  });

  it('rejects impossible calendar dates that the pattern lets through, along with other errors', () => {
    const result = normalizeRequest({
      ...flat,
      channel: '9fax',
      conversationStart: '2026-13-45T25:00:00Z',
    });
    expect(errors(result).map((e) => e.path)).toEqual(['/channel', '/conversationStart']);
  });

  it('warns when the conversation ends before it starts', () => {
    const result = ok(
      normalizeRequest({
        ...flat,
        conversationStart: '2026-11-20T10:00:00Z',
        conversationEnd: '2026-11-20T09:00:00Z',
      }),
    );
    expect(result.warnings).toEqual([
      { path: '/conversationEnd', message: 'is before conversationStart' },
    ]);
  });

  it('ignores unknown fields but reports them as warnings, capped', () => {
    const body: Record<string, unknown> = { ...flat, 'a/b~c': 1 };
    for (let i = 0; i < MAX_WARNINGS + 5; i++) body['extra' + i] = i;
    const result = ok(normalizeRequest(body));
    expect(result.request).toEqual(flat);
    expect(result.warnings[0]).toEqual({ path: '/a~1b~0c', message: 'unknown field, ignored' });
    expect(result.warnings).toHaveLength(MAX_WARNINGS + 1);
    expect(result.warnings.at(-1)?.message).toBe('6 more unknown fields ignored');
  });

  it('never lets __proto__ or constructor keys reach the request', () => {
    const body = JSON.parse(
      '{"customCallId":"c-1","channel":"voice","shortDescription":"x","__proto__":{"polluted":1},"constructor":1}',
    );
    const result = ok(normalizeRequest(body));
    expect(Object.getPrototypeOf(result.request)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.warnings.map((w) => w.path)).toEqual(['/__proto__', '/constructor']);
  });

  it('treats null optionals as absent with a warning, null required fields as errors', () => {
    const result = normalizeRequest({ ...flat, queueName: null, shortDescription: null });
    expect(errors(result)).toEqual([
      { path: '/shortDescription', message: 'must be a string, got null' },
    ]);
    expect(result.warnings).toEqual([{ path: '/queueName', message: 'null treated as absent' }]);
  });

  it.each([
    [null, 'must be a JSON object, got null'],
    [[1, 2], 'must be a JSON object, got an array'],
    ['text', 'must be a JSON object, got string'],
    [42, 'must be a JSON object, got number'],
  ])('rejects a body that is not an object (%j)', (body, message) => {
    expect(errors(normalizeRequest(body))).toEqual([{ path: '', message }]);
  });

  it('never echoes submitted values in errors', () => {
    const secret = '+31612345678-jan@example.nl';
    const result = normalizeRequest({
      customCallId: secret,
      channel: secret,
      shortDescription: secret.repeat(20),
    });
    expect(JSON.stringify(result)).not.toContain('jan@example.nl');
    expect(JSON.stringify(result)).not.toContain('31612345678');
  });
});

type Conversation = platformClient.Models.Conversation;

describe('normalizeRequest: Genesys conversation object', () => {
  it('reads the WhatsApp sample: customer address from messages[].fromAddress, queue, agent, text from attributes', () => {
    const result = ok(normalizeRequest(readSample('genesys-conversation.whatsapp.json')));
    expect(result.shape).toBe('conversation');
    expect(result.request).toEqual({
      customCallId: '9b1de5c3-2f7e-4a55-8f0b-1a2b3c4d5e6f',
      channel: 'whatsapp',
      direction: 'inbound',
      shortDescription: 'Laptop will not boot after update',
      customerAddress: '+31612345678',
      customerName: 'Jan de Vries',
      queueName: 'Digital_Service_Desk',
      agentUserId: 'e5f6a7b8-0000-4000-8000-000000000006',
      conversationStart: '2026-11-20T09:12:44.120Z',
    });
  });

  const voiceConversation = (direction: 'inbound' | 'outbound'): Conversation => ({
    id: 'conv-1',
    address: '+18005550100', // the org's number: never the customer
    startTime: '2026-11-20T14:30:00.000Z',
    endTime: '2026-11-20T14:40:00.000Z',
    participants: [
      {
        purpose: 'customer',
        ani: direction === 'inbound' ? 'tel:+14155550134' : 'tel:+18005550100',
        dnis: direction === 'inbound' ? 'tel:+18005550100' : 'tel:+14155550199',
        name: 'Dana Smith',
        calls: [{ state: 'connected', direction }],
      },
      { purpose: 'agent', userId: 'agent-1', ani: 'sip:+14155550134@pbx.example.com', calls: [{}] },
    ],
  });

  it('takes the voice customer from the customer participant ani, stripping tel:', () => {
    const result = ok(normalizeRequest(voiceConversation('inbound')));
    expect(result.request).toMatchObject({
      channel: 'voice',
      direction: 'inbound',
      customerAddress: '+14155550134',
      conversationEnd: '2026-11-20T14:40:00.000Z',
      shortDescription: 'Voice call',
    });
    expect(result.warnings[0]?.message).toMatch(/derived/);
  });

  it('takes the outbound voice customer from the dnis', () => {
    expect(ok(normalizeRequest(voiceConversation('outbound'))).request.customerAddress).toBe(
      '+14155550199',
    );
  });

  it('adds the + that WhatsApp leaves off, and uses toAddress on outbound messages', () => {
    const conversation: Conversation = {
      id: 'conv-2',
      startTime: '2026-11-20T14:30:00.000Z',
      participants: [
        {
          purpose: 'customer',
          messages: [
            {
              type: 'WhatsApp',
              direction: 'outbound',
              toAddress: { addressNormalized: '31612345678' },
            },
          ],
        },
      ],
    };
    const result = ok(normalizeRequest(conversation));
    expect(result.request.customerAddress).toBe('+31612345678');
    expect(result.request.direction).toBe('outbound');
  });

  it.each<[string, platformClient.Models.Message, string]>([
    ['sms', { type: 'sms', fromAddress: { addressNormalized: '+14155550134' } }, '+14155550134'],
    [
      'webmessaging',
      { type: 'webmessaging', fromAddress: { addressNormalized: 'guest-42' } },
      'guest-42',
    ],
    [
      'twitter',
      { type: 'twitter', fromAddress: { addressNormalized: '1469754728409911297' } },
      '1469754728409911297',
    ],
    [
      'line',
      { type: 'line', fromAddress: { addressNormalized: 'U4af4980629d2c1a0b5e9' } },
      'U4af4980629d2c1a0b5e9',
    ],
  ])('reads %s messaging and keeps ids as strings', (channel, message, address) => {
    const result = ok(
      normalizeRequest({ id: 'c', participants: [{ purpose: 'customer', messages: [message] }] }),
    );
    expect(result.request.channel).toBe(channel);
    expect(result.request.customerAddress).toBe(address);
  });

  it('reads e-mail (sender on participant.address) and callback (callbackNumbers)', () => {
    const email = ok(
      normalizeRequest({
        id: 'e',
        participants: [{ purpose: 'customer', address: 'dana@example.com', emails: [{}] }],
      }),
    );
    expect(email.request).toMatchObject({ channel: 'email', customerAddress: 'dana@example.com' });
    const callback = ok(
      normalizeRequest({
        id: 'cb',
        participants: [
          { purpose: 'customer', callbacks: [{ callbackNumbers: ['tel:+14155550134'] }] },
        ],
      }),
    );
    expect(callback.request).toMatchObject({
      channel: 'callback',
      customerAddress: '+14155550134',
    });
  });

  it('points errors at the conversation paths they came from', () => {
    const result = normalizeRequest({
      id: 'not valid!',
      participants: [{ purpose: 'customer', messages: [{ type: 'kakao' }] }],
    });
    expect(errors(result)).toEqual([
      { path: '/id', message: 'customCallId must be letters, digits and . _ : - only' },
    ]);
  });

  it('needs a customer participant', () => {
    expect(errors(normalizeRequest({ id: 'x', participants: [{ purpose: 'agent' }] }))).toEqual([
      { path: '/participants', message: 'no participant with purpose "customer" or "external"' },
    ]);
  });

  it('reports a missing conversation id at /id', () => {
    const result = normalizeRequest({ participants: [{ purpose: 'customer', calls: [{}] }] });
    expect(errors(result)).toEqual([{ path: '/id', message: 'customCallId is required' }]);
  });
});

describe('normalizeRequest: event envelopes', () => {
  it('reads the conversation-end detail event sample', () => {
    const result = ok(normalizeRequest(readSample('genesys-event.conversation-end.json')));
    expect(result.shape).toBe('event');
    expect(result.request).toMatchObject({
      customCallId: '9b1de5c3-2f7e-4a55-8f0b-1a2b3c4d5e6f',
      channel: 'whatsapp',
      direction: 'inbound',
      customerAddress: '+31612345678',
      conversationEnd: new Date(1763630000000).toISOString(),
    });
  });

  it('unwraps an AWS EventBridge event and points errors below /detail', () => {
    const sample = readSample('genesys-event.conversation-end.json');
    const bridged = {
      'detail-type': 'v2.detail.events.conversation',
      source: 'aws.partner/genesys.com/x',
      detail: sample,
    };
    expect(ok(normalizeRequest(bridged)).request.channel).toBe('whatsapp');
    const broken = {
      detail: { ...sample, eventBody: { ...(sample.eventBody as object), messageType: '' } },
    };
    expect(errors(normalizeRequest(broken))).toEqual([
      { path: '/detail/eventBody/messageType', message: 'is required for MESSAGE' },
    ]);
  });

  it('reads a conversation snapshot topic from its body, never from the topic id', () => {
    const conversation = readSample('genesys-conversation.whatsapp.json');
    const result = ok(
      normalizeRequest({ topicName: 'v2.users.user-123.conversations', eventBody: conversation }),
    );
    expect(result.request.customCallId).toBe(conversation.id);
  });

  it('rejects a topic whose conversation id disagrees with the body', () => {
    const sample = readSample('genesys-event.conversation-end.json');
    const result = normalizeRequest({
      ...sample,
      topicName: 'v2.detail.events.conversation.other-id.customer.end',
    });
    expect(errors(result)).toEqual([
      {
        path: '/eventBody/conversationId',
        message: 'does not match the conversation id in topicName',
      },
    ]);
  });

  it('maps voice detail events, outbound customer from the dnis', () => {
    const event = {
      topicName: 'v2.detail.events.conversation.c-9.customer.start',
      eventBody: {
        conversationId: 'c-9',
        mediaType: 'VOICE',
        direction: 'OUTBOUND',
        ani: '+18005550100',
        dnis: '+14155550199',
        eventTime: 0,
      },
    };
    expect(ok(normalizeRequest(event)).request).toMatchObject({
      channel: 'voice',
      direction: 'outbound',
      customerAddress: '+14155550199',
      conversationStart: '1970-01-01T00:00:00.000Z',
    });
  });

  it('rejects topics that are not about a conversation', () => {
    expect(errors(normalizeRequest({ topicName: 'v2.users.u1.presence', eventBody: {} }))).toEqual([
      { path: '/topicName', message: expect.stringMatching(/^is not a conversation topic/) },
    ]);
  });
});
