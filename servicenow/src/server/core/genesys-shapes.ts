/**
 * Reads the two non-flat shapes a Genesys Cloud org sends — a conversation object
 * (Conversations API, customer media nested under participants[]) and a notification /
 * event-bus envelope (topicName + eventBody) — into flat contract fields, remembering for
 * each field where in the body it came from so errors can point there.
 *
 * Facts this relies on (see DESIGN §3): Conversation.address is the org's number, never the
 * customer's; voice customers are the customer participant's ani/address (dnis on outbound);
 * messaging customers are messages[].fromAddress (inbound) or toAddress (outbound); e-mail
 * senders are participant.address; callbacks carry callbackNumbers[]. Detail events are flat
 * with upper-case enums and epoch-millisecond times; their messaging channel is messageType.
 */
import type { Channel } from './generated/contract.ts';
import { isPlainObject, pointer, type FieldError } from './field-error.ts';

export type Shape = 'flat' | 'conversation' | 'event';

export interface Extracted {
  /** Contract fields found, by name. */
  fields: Record<string, unknown>;
  /** Where each field came from (JSON Pointer into the body). */
  sources: Record<string, string>;
  errors: FieldError[];
  /** Informational notes, e.g. which value was derived. */
  notes: FieldError[];
}

/** Participant attribute keys (first found wins) that carry incident text set by a flow. */
const SHORT_DESCRIPTION_ATTRIBUTES = [
  'incidentShortDescription',
  'shortDescription',
  'escalationReason',
];
const DESCRIPTION_ATTRIBUTES = ['incidentDescription', 'description'];

const MESSAGE_TYPES: Record<string, Channel> = {
  sms: 'sms',
  whatsapp: 'whatsapp',
  webmessaging: 'webmessaging',
  facebook: 'facebook',
  instagram: 'instagram',
  line: 'line',
  twitter: 'twitter',
  open: 'open',
};

const MEDIA_TYPES: Record<string, Channel> = {
  voice: 'voice',
  callback: 'callback',
  email: 'email',
  chat: 'chat',
};

const CHANNEL_LABELS: Record<Channel, string> = {
  voice: 'Voice call',
  callback: 'Callback',
  sms: 'SMS conversation',
  whatsapp: 'WhatsApp conversation',
  webmessaging: 'Web messaging conversation',
  facebook: 'Facebook Messenger conversation',
  instagram: 'Instagram conversation',
  line: 'LINE conversation',
  twitter: 'X (Twitter) conversation',
  open: 'Open messaging conversation',
  email: 'E-mail',
  chat: 'Chat',
};

/** Phone-number channels whose addresses may arrive without the leading "+". */
const PHONE_CHANNELS: Channel[] = ['voice', 'callback', 'sms', 'whatsapp'];

export function detectShape(body: Record<string, unknown>): Shape {
  if (typeof body.topicName === 'string' && isPlainObject(body.eventBody)) return 'event';
  if (isPlainObject(body.detail) && typeof body.detail.topicName === 'string') return 'event';
  if (Array.isArray(body.participants)) return 'conversation';
  return 'flat';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function lower(value: unknown): string | undefined {
  const found = text(value);
  return found === undefined ? undefined : found.toLowerCase();
}

/** "tel:+1415…", "sip:+1415…@host" → "+1415…"; bare digits on phone channels get a "+". */
function customerAddress(raw: string, channel: Channel | undefined): string {
  let address = raw;
  const scheme = address.slice(0, 4).toLowerCase();
  if (scheme === 'tel:' || scheme === 'sip:') {
    address = address.slice(4);
    const at = address.indexOf('@');
    if (scheme === 'sip:' && at > 0) address = address.slice(0, at);
  }
  if (channel && PHONE_CHANNELS.indexOf(channel) >= 0 && /^[0-9]{8,15}$/.test(address))
    address = '+' + address;
  return address;
}

class Collector implements Extracted {
  fields: Record<string, unknown> = {};
  sources: Record<string, string> = {};
  errors: FieldError[] = [];
  notes: FieldError[] = [];

  /** Keeps the first value found; a missing value still records where it was looked for. */
  set(field: string, value: unknown, source: string): void {
    if (this.fields[field] !== undefined) return;
    if (value === undefined) {
      if (this.sources[field] === undefined) this.sources[field] = source;
      return;
    }
    this.fields[field] = value;
    this.sources[field] = source;
  }
}

type Media = { key: string; channel: Channel | undefined; sessions: unknown[] };

function customerMedia(
  participant: Record<string, unknown>,
  at: string,
  out: Collector,
): Media | undefined {
  const candidates: Array<[string, Channel | undefined]> = [
    ['calls', 'voice'],
    ['callbacks', 'callback'],
    ['messages', undefined],
    ['emails', 'email'],
    ['chats', 'chat'],
  ];
  for (const [key, channel] of candidates) {
    const sessions = participant[key];
    if (!Array.isArray(sessions) || sessions.length === 0) continue;
    if (key !== 'messages') return { key, channel, sessions };
    for (let i = 0; i < sessions.length; i++) {
      const session = sessions[i];
      const type = isPlainObject(session) ? lower(session.type) : undefined;
      if (type === undefined) continue;
      const found = MESSAGE_TYPES[type];
      if (found) return { key, channel: found, sessions };
      out.errors.push({
        path: at + pointer('messages', i, 'type'),
        message: `is not a supported message type; supported: ${Object.keys(MESSAGE_TYPES).join(', ')}`,
      });
      return undefined;
    }
    out.errors.push({ path: at + '/messages', message: 'no message session has a type' });
    return undefined;
  }
  out.errors.push({
    path: at,
    message: 'the customer participant has no calls, callbacks, messages, emails or chats',
  });
  return undefined;
}

function findParticipant(
  participants: unknown[],
  purposes: string[],
  last = false,
): { participant: Record<string, unknown>; index: number } | undefined {
  let found: { participant: Record<string, unknown>; index: number } | undefined;
  for (let index = 0; index < participants.length; index++) {
    const participant = participants[index];
    if (!isPlainObject(participant)) continue;
    const purpose = lower(participant.purpose) ?? lower(participant.participantPurpose);
    if (purpose === undefined || purposes.indexOf(purpose) < 0) continue;
    found = { participant, index };
    if (!last) break;
  }
  return found;
}

/** Reads a Genesys conversation object found at `base` (a JSON Pointer prefix). */
export function extractConversation(
  conversation: Record<string, unknown>,
  base: string,
): Extracted {
  const out = new Collector();
  out.set('customCallId', text(conversation.id) ?? conversation.id, base + '/id');
  const participants = conversation.participants as unknown[];
  const customer = findParticipant(participants, ['customer', 'external']);
  if (!customer) {
    out.errors.push({
      path: base + '/participants',
      message: 'no participant with purpose "customer" or "external"',
    });
    return out;
  }
  const at = base + pointer('participants', customer.index);
  const media = customerMedia(customer.participant, at, out);
  const channel = media?.channel;
  if (media && channel) out.set('channel', channel, at + pointer(media.key));
  const session = media ? media.sessions.find(isPlainObject) : undefined;
  const sessionAt = media ? at + pointer(media.key, media.sessions.indexOf(session)) : at;
  const direction = lower(session?.direction) ?? lower(customer.participant.direction);
  if (direction === 'inbound' || direction === 'outbound')
    out.set('direction', direction, sessionAt + '/direction');

  // where the customer's own address is, per media
  const p = customer.participant;
  if (channel === 'voice') {
    const raw =
      direction === 'outbound'
        ? (text(p.dnis) ?? text(p.address))
        : (text(p.ani) ?? text(p.address));
    if (raw)
      out.set(
        'customerAddress',
        customerAddress(raw, channel),
        at + (direction === 'outbound' ? '/dnis' : '/ani'),
      );
  } else if (channel === 'callback' && session) {
    const numbers = session.callbackNumbers;
    const first = Array.isArray(numbers) ? text(numbers[0]) : undefined;
    if (first)
      out.set('customerAddress', customerAddress(first, channel), sessionAt + '/callbackNumbers/0');
  } else if (channel === 'email' || channel === 'chat') {
    const raw = text(p.address);
    if (raw) out.set('customerAddress', raw, at + '/address');
  } else if (session) {
    const side = direction === 'outbound' ? 'toAddress' : 'fromAddress';
    const address = session[side];
    const raw = isPlainObject(address)
      ? (text(address.addressNormalized) ?? text(address.addressRaw))
      : text(address);
    if (raw) out.set('customerAddress', customerAddress(raw, channel), sessionAt + '/' + side);
    if (isPlainObject(address))
      out.set('customerName', text(address.name), sessionAt + '/' + side + '/name');
  }
  out.set('customerName', text(p.name), at + '/name');
  out.set('externalContactId', text(p.externalContactId), at + '/externalContactId');

  const acd = findParticipant(participants, ['acd'], true);
  if (acd) {
    const queueAt = base + pointer('participants', acd.index);
    out.set(
      'queueName',
      text(acd.participant.queueName) ?? text(acd.participant.name),
      queueAt + '/name',
    );
  }
  const agent = findParticipant(participants, ['agent', 'user'], true);
  if (agent)
    out.set(
      'agentUserId',
      text(agent.participant.userId),
      base + pointer('participants', agent.index, 'userId'),
    );
  out.set('conversationStart', text(conversation.startTime), base + '/startTime');
  out.set('conversationEnd', text(conversation.endTime), base + '/endTime');

  // incident text a flow put into participant data
  for (let index = 0; index < participants.length; index++) {
    const participant = participants[index];
    if (!isPlainObject(participant) || !isPlainObject(participant.attributes)) continue;
    const attributes = participant.attributes;
    const attrAt = base + pointer('participants', index, 'attributes');
    for (const key of SHORT_DESCRIPTION_ATTRIBUTES)
      out.set('shortDescription', text(attributes[key]), attrAt + pointer(key));
    for (const key of DESCRIPTION_ATTRIBUTES)
      out.set('description', text(attributes[key]), attrAt + pointer(key));
  }
  deriveShortDescription(out, base);
  return out;
}

function deriveShortDescription(out: Collector, base: string): void {
  if (out.fields.shortDescription !== undefined) return;
  const channel = out.fields.channel as Channel | undefined;
  if (!channel) return;
  const queue = typeof out.fields.queueName === 'string' ? ` via ${out.fields.queueName}` : '';
  out.set('shortDescription', (CHANNEL_LABELS[channel] + queue).slice(0, 160), base);
  out.notes.push({
    path: base,
    message:
      'shortDescription was derived from the channel and queue (no participant attribute carried one)',
  });
}

const DETAIL_TOPIC = /^v2\.detail\.events\.conversation\.([^.]+)\.([a-z]+)\.([a-z]+)$/;

function isoFromEpochMillis(value: unknown): string | undefined {
  if (typeof value !== 'number' || !isFinite(value) || value < 0 || value > 253402300799999)
    return undefined;
  return new Date(value).toISOString();
}

/** Reads a notification / event-bus envelope, or an AWS EventBridge event wrapping one. */
export function extractEvent(body: Record<string, unknown>): Extracted {
  const wrapped = isPlainObject(body.detail) && typeof body.detail.topicName === 'string';
  const envelope = wrapped ? (body.detail as Record<string, unknown>) : body;
  const base = wrapped ? '/detail' : '';
  const topic = envelope.topicName as string;
  if (!isPlainObject(envelope.eventBody)) {
    const out = new Collector();
    out.errors.push({ path: base + '/eventBody', message: 'must be an object' });
    return out;
  }
  const event = envelope.eventBody;
  const eventAt = base + '/eventBody';
  // snapshot topics (v2.conversations.{id}, v2.users.{id}.conversations, …) carry a whole
  // conversation; the id in their topic may be a user's or queue's, so never read it
  if (Array.isArray(event.participants)) return extractConversation(event, eventAt);

  const out = new Collector();
  const detail = DETAIL_TOPIC.exec(topic);
  if (!detail) {
    out.errors.push({
      path: base + '/topicName',
      message:
        'is not a conversation topic (expected v2.detail.events.conversation.{id}.{participant}.{start|end} or a conversation snapshot)',
    });
    return out;
  }
  const conversationId = text(event.conversationId);
  if (conversationId && conversationId !== detail[1]) {
    out.errors.push({
      path: eventAt + '/conversationId',
      message: 'does not match the conversation id in topicName',
    });
  }
  out.set(
    'customCallId',
    conversationId ?? detail[1],
    conversationId ? eventAt + '/conversationId' : base + '/topicName',
  );

  const mediaType = lower(event.mediaType);
  let channel: Channel | undefined;
  if (mediaType === 'message') {
    const messageType = lower(event.messageType);
    channel = messageType ? MESSAGE_TYPES[messageType] : undefined;
    if (!channel) {
      out.errors.push({
        path: eventAt + '/messageType',
        message: `must be one of: ${Object.keys(MESSAGE_TYPES)
          .map((t) => t.toUpperCase())
          .join(', ')}`,
      });
    }
  } else {
    channel = mediaType ? MEDIA_TYPES[mediaType] : undefined;
    if (!channel)
      out.errors.push({
        path: eventAt + '/mediaType',
        message: 'must be one of: VOICE, CALLBACK, MESSAGE, EMAIL, CHAT',
      });
  }
  if (channel)
    out.set(
      'channel',
      channel,
      eventAt + (mediaType === 'message' ? '/messageType' : '/mediaType'),
    );
  const direction = lower(event.direction);
  if (direction === 'inbound' || direction === 'outbound')
    out.set('direction', direction, eventAt + '/direction');
  const side = direction === 'outbound' ? 'dnis' : 'ani';
  const raw = text(event[side]);
  if (raw) out.set('customerAddress', customerAddress(raw, channel), eventAt + '/' + side);
  const when = isoFromEpochMillis(event.eventTime);
  if (detail[3] === 'end') out.set('conversationEnd', when, eventAt + '/eventTime');
  if (detail[3] === 'start') out.set('conversationStart', when, eventAt + '/eventTime');
  out.set('agentUserId', text(event.userId), eventAt + '/userId');
  out.set('externalContactId', text(event.externalContactId), eventAt + '/externalContactId');
  deriveShortDescription(out, base);
  return out;
}
