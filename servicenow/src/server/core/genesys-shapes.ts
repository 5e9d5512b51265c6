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

const CHANNEL_LABELS: Record<string, string> = {
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

/**
 * What carriers and Genesys put where a caller withheld the number (the SIP URI
 * `sip:anonymous@…`, or one of these words in ani/address). None of them is an address.
 */
const WITHHELD = ['anonymous', 'unknown', 'restricted', 'private', 'withheld', 'unavailable'];

/** True for a withheld caller's placeholder, in any of its forms. */
export function isWithheldAddress(raw: string): boolean {
  let value = raw.trim().toLowerCase();
  if (value.slice(0, 4) === 'sip:' || value.slice(0, 4) === 'tel:') value = value.slice(4);
  const at = value.indexOf('@');
  if (at >= 0) value = value.slice(0, at);
  return WITHHELD.indexOf(value) >= 0;
}

/**
 * A SIP URI whose user part is not a phone number: a station or user endpoint of the org (agent
 * legs repeat the customer's number as sip:+…@, but their own side is a station), never a customer.
 */
function isStationAddress(raw: string): boolean {
  if (raw.slice(0, 4).toLowerCase() !== 'sip:') return false;
  const user = raw.slice(4).split('@')[0] ?? '';
  return !/^[+]?[0-9]{3,15}$/.test(user);
}

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
  raw = raw.trim();
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

  /**
   * The customer's address from `raw`, unless it is a withheld caller's placeholder or an org
   * station (then a note, and no address: such a value is never stored as one).
   */
  setAddress(raw: string | undefined, channel: Channel | undefined, source: string): boolean {
    if (raw === undefined || this.fields.customerAddress !== undefined) return false;
    if (isWithheldAddress(raw)) {
      this.notes.push({ path: source, message: 'withheld caller: no customer address' });
      return true;
    }
    if (isStationAddress(raw)) return false;
    this.set('customerAddress', customerAddress(raw, channel), source);
    return true;
  }

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
      // a type the app does not know is still a channel: normalize warns, mapping falls back
      return { key, channel: MESSAGE_TYPES[type] ?? type, sessions };
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
    out.setAddress(raw, channel, at + (direction === 'outbound' ? '/dnis' : '/ani'));
  } else if (channel === 'callback' && session) {
    const numbers = session.callbackNumbers;
    const first = Array.isArray(numbers) ? text(numbers[0]) : undefined;
    out.setAddress(first, channel, sessionAt + '/callbackNumbers/0');
  } else if (channel === 'email' || channel === 'chat') {
    out.setAddress(text(p.address), channel, at + '/address');
  } else if (session) {
    const side = direction === 'outbound' ? 'toAddress' : 'fromAddress';
    const address = session[side];
    const raw = isPlainObject(address)
      ? (text(address.addressNormalized) ?? text(address.addressRaw))
      : text(address);
    out.setAddress(raw, channel, sessionAt + '/' + side);
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
  const label = CHANNEL_LABELS[channel] ?? 'Conversation';
  out.set('shortDescription', (label + queue).slice(0, 160), base);
  out.notes.push({
    path: base,
    message:
      'shortDescription was derived from the channel and queue (no participant attribute carried one)',
  });
}

/** `v2.detail.events.conversation.{id}.{rest}` */
const DETAIL_TOPIC = /^v2\.detail\.events\.conversation\.([^.]+)\.([a-z.]+)$/;

/**
 * The conversation detail topics a trigger or subscription can send, by whose leg they describe.
 * On a customer, ACD or IVR leg the customer is the remote party; on an agent leg (user, acw,
 * wrapup, voicemail, outbound) the station is the agent's own side and never the customer, so
 * only a phone number on the customer's side is taken. attributes/contact carry no address.
 */
const DETAIL_TOPICS: Record<
  string,
  { leg: 'customer' | 'agent' | 'none'; when?: 'start' | 'end' }
> = {
  'customer.start': { leg: 'customer', when: 'start' },
  'customer.end': { leg: 'customer', when: 'end' },
  'acd.start': { leg: 'customer' },
  'acd.end': { leg: 'customer' },
  'flow.start': { leg: 'customer' },
  'flow.end': { leg: 'customer' },
  'flow.outcome': { leg: 'customer' },
  'user.start': { leg: 'agent' },
  'user.end': { leg: 'agent' },
  acw: { leg: 'agent' },
  wrapup: { leg: 'agent' },
  'voicemail.start': { leg: 'agent' },
  'voicemail.end': { leg: 'agent' },
  outbound: { leg: 'agent' },
  attributes: { leg: 'none' },
  contact: { leg: 'customer' },
};

function isoFromEpochMillis(value: unknown): string | undefined {
  if (typeof value !== 'number' || !isFinite(value) || value < 0 || value > 253402300799999)
    return undefined;
  return new Date(value).toISOString();
}

/** A phone number (possibly tel:/sip:+…@ decorated): what an agent leg may carry of the customer. */
function isPhoneAddress(raw: string): boolean {
  let value = raw.trim();
  const scheme = value.slice(0, 4).toLowerCase();
  if (scheme === 'tel:' || scheme === 'sip:') value = value.slice(4);
  value = value.split('@')[0] ?? '';
  return /^[+]?[0-9]{6,15}$/.test(value);
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
  const kind = detail ? DETAIL_TOPICS[detail[2] as string] : undefined;
  if (!detail || !kind) {
    out.errors.push({
      path: base + '/topicName',
      message:
        'is not a conversation topic (expected v2.detail.events.conversation.{id}.' +
        Object.keys(DETAIL_TOPICS).join('|') +
        ', or a conversation snapshot)',
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
    // any message type is a channel; one the app does not know gets the mapping's fallback
    const messageType = lower(event.messageType);
    channel = messageType ? (MESSAGE_TYPES[messageType] ?? messageType) : undefined;
    if (!channel)
      out.errors.push({ path: eventAt + '/messageType', message: 'is required for MESSAGE' });
  } else if (mediaType) {
    channel = MEDIA_TYPES[mediaType] ?? mediaType;
  } else {
    out.errors.push({
      path: eventAt + '/mediaType',
      message: 'is required (VOICE, CALLBACK, MESSAGE, EMAIL, CHAT, ...)',
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
  if (kind.leg !== 'none') eventAddress(event, eventAt, channel, direction, kind.leg, out);
  const when = isoFromEpochMillis(event.eventTime);
  if (kind.when === 'end') out.set('conversationEnd', when, eventAt + '/eventTime');
  if (kind.when === 'start') out.set('conversationStart', when, eventAt + '/eventTime');
  out.set('agentUserId', text(event.userId), eventAt + '/userId');
  out.set('externalContactId', text(event.externalContactId), eventAt + '/externalContactId');
  // an e-mail's subject is the customer's own words: description (masked), never the summary
  out.set('description', text(event.subject), eventAt + '/subject');
  deriveShortDescription(out, base);
  return out;
}

/**
 * Where a detail event carries the customer: voice in ani (dnis when outbound); messaging,
 * e-mail and chat in addressFrom (addressTo when outbound) — they have no ani; callbacks first in
 * callbackNumbers.
 */
function eventAddress(
  event: Record<string, unknown>,
  eventAt: string,
  channel: Channel | undefined,
  direction: string | undefined,
  leg: 'customer' | 'agent',
  out: Collector,
): void {
  const take = (field: string, raw: string | undefined): boolean => {
    if (raw === undefined) return false;
    if (leg === 'agent' && !isPhoneAddress(raw) && !isWithheldAddress(raw)) return false;
    return out.setAddress(raw, channel, eventAt + '/' + field);
  };
  const numbers = event.callbackNumbers;
  if (channel === 'callback' && Array.isArray(numbers)) {
    for (let i = 0; i < numbers.length; i++) {
      if (take('callbackNumbers/' + i, text(numbers[i]))) return;
    }
  }
  const outbound = direction === 'outbound';
  const phoneSide = outbound ? 'dnis' : 'ani';
  const addressSide = outbound ? 'addressTo' : 'addressFrom';
  const phoneMedia = channel === 'voice' || channel === 'callback';
  for (const field of phoneMedia ? [phoneSide, addressSide] : [addressSide, phoneSide]) {
    if (take(field, text(event[field]))) return;
  }
}
