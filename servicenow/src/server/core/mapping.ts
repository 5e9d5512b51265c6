/**
 * IncidentRequest → ServiceNow incident field values, driven by a versioned configuration an
 * operator can change without touching code (ServiceNow property or incident-bridge.yaml).
 * Pure: no I/O, no host APIs; runs on Node and inside ServiceNow.
 */
import type { IncidentRequest } from './generated/contract.ts';
import { incidentRequestSchema } from './generated/contract.ts';
import { isPlainObject, pointer, type FieldError } from './field-error.ts';
import { maskAddress, maskText, validateMaskOptions, type MaskOptions } from './mask.ts';

export const MAPPING_CONFIG_VERSION = 1;

export interface MappingConfig {
  /** Version of this configuration format; only 1 exists. */
  version: 1;
  /**
   * ServiceNow `contact_type` per channel. Default: phone for voice/callback, email, chat
   * otherwise. `other` is the fallback for a channel the app does not know (default chat: new
   * Genesys channels have been messaging types).
   */
  contactTypeByChannel: Record<KnownChannel | typeof OTHER_CHANNEL, string>;
  /** Urgency when the request has none (1 high … 3 low). Default 3. */
  defaultUrgency: number;
  /** Impact when the request has none (1 high … 3 low). Default 3. */
  defaultImpact: number;
  /** Text put before every short_description, e.g. "[Genesys] ". Default "". */
  shortDescriptionPrefix: string;
  /** Longest description written; incident.description holds 4,000 characters by default. */
  descriptionMaxLength: number;
  /** Copy the (masked) transcript into the description. Default true. */
  includeTranscript: boolean;
  /** PII masking: detectors on/off, extra patterns, input cap. Default: every detector on. */
  masking: MaskOptions;
}

/** The channels the app knows by name (the contract accepts any channel name). */
export const KNOWN_CHANNELS = incidentRequestSchema.properties.channel['x-known-channels'];
export type KnownChannel = (typeof KNOWN_CHANNELS)[number];
/** The contactTypeByChannel key (and label) of every channel not in {@link KNOWN_CHANNELS}. */
export const OTHER_CHANNEL = 'other';
const CHANNEL_KEYS: readonly string[] = [...KNOWN_CHANNELS, OTHER_CHANNEL];

export function isKnownChannel(channel: string): channel is KnownChannel {
  return (KNOWN_CHANNELS as readonly string[]).indexOf(channel) >= 0;
}

const CHANNEL_NAMES: Record<KnownChannel, string> = {
  voice: 'Voice',
  callback: 'Callback',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  webmessaging: 'Web messaging',
  facebook: 'Facebook Messenger',
  instagram: 'Instagram',
  line: 'LINE',
  twitter: 'X (Twitter)',
  open: 'Open messaging',
  email: 'E-mail',
  chat: 'Chat',
};

export const DEFAULT_MAPPING_CONFIG: MappingConfig = {
  version: 1,
  contactTypeByChannel: {
    voice: 'phone',
    callback: 'phone',
    sms: 'chat',
    whatsapp: 'chat',
    webmessaging: 'chat',
    facebook: 'chat',
    instagram: 'chat',
    line: 'chat',
    twitter: 'chat',
    open: 'chat',
    email: 'email',
    chat: 'chat',
    other: 'chat',
  },
  defaultUrgency: 3,
  defaultImpact: 3,
  shortDescriptionPrefix: '',
  descriptionMaxLength: 4000,
  includeTranscript: true,
  masking: {},
};

const SHORT_DESCRIPTION_MAX = 160;
const MIN_DESCRIPTION_LENGTH = 500;
const MAX_DESCRIPTION_LENGTH = 65000;

function isLevel(value: unknown): boolean {
  return value === 1 || value === 2 || value === 3;
}

/**
 * Merges operator overrides onto the defaults and validates them; errors carry JSON Pointer
 * paths relative to `basePath` (e.g. "/mapping" inside incident-bridge.yaml).
 */
export function resolveMappingConfig(
  overrides: unknown,
  basePath = '',
): { config: MappingConfig; errors: FieldError[] } {
  const config: MappingConfig = {
    ...DEFAULT_MAPPING_CONFIG,
    contactTypeByChannel: { ...DEFAULT_MAPPING_CONFIG.contactTypeByChannel },
  };
  if (overrides === undefined || overrides === null) return { config, errors: [] };
  if (!isPlainObject(overrides))
    return { config, errors: [{ path: basePath, message: 'must be an object' }] };
  const errors: FieldError[] = [];
  const at = (...tokens: Array<string | number>) => basePath + pointer(...tokens);
  for (const key of Object.keys(overrides)) {
    const value = overrides[key];
    switch (key) {
      case 'version':
        if (value !== MAPPING_CONFIG_VERSION) errors.push({ path: at(key), message: 'must be 1' });
        break;
      case 'contactTypeByChannel':
        if (!isPlainObject(value)) {
          errors.push({ path: at(key), message: 'must be an object of channel: contact_type' });
          break;
        }
        for (const channel of Object.keys(value)) {
          const contactType = value[channel];
          if (CHANNEL_KEYS.indexOf(channel) < 0) {
            errors.push({
              path: at(key, channel),
              message: `is not a channel; known: ${CHANNEL_KEYS.join(', ')}`,
            });
          } else if (typeof contactType !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(contactType)) {
            errors.push({
              path: at(key, channel),
              message: 'must be a contact_type choice value (a-z, 0-9, _ and -)',
            });
          } else {
            config.contactTypeByChannel[channel as KnownChannel] = contactType;
          }
        }
        break;
      case 'defaultUrgency':
      case 'defaultImpact':
        if (!isLevel(value)) errors.push({ path: at(key), message: 'must be 1, 2 or 3' });
        else config[key] = value as number;
        break;
      case 'shortDescriptionPrefix':
        if (typeof value !== 'string' || value.length > 40) {
          errors.push({ path: at(key), message: 'must be a string of at most 40 characters' });
        } else config.shortDescriptionPrefix = value;
        break;
      case 'descriptionMaxLength':
        if (
          typeof value !== 'number' ||
          value % 1 !== 0 ||
          value < MIN_DESCRIPTION_LENGTH ||
          value > MAX_DESCRIPTION_LENGTH
        ) {
          errors.push({
            path: at(key),
            message: `must be an integer from ${MIN_DESCRIPTION_LENGTH} to ${MAX_DESCRIPTION_LENGTH}`,
          });
        } else config.descriptionMaxLength = value;
        break;
      case 'includeTranscript':
        if (typeof value !== 'boolean')
          errors.push({ path: at(key), message: 'must be true or false' });
        else config.includeTranscript = value;
        break;
      case 'masking': {
        const problems = validateMaskOptions(value, at(key));
        for (const problem of problems) errors.push(problem);
        if (problems.length === 0) config.masking = value as MaskOptions;
        break;
      }
      default:
        errors.push({ path: at(key), message: 'is not a mapping option' });
    }
  }
  return { config, errors };
}

/** What the ServiceNow handler writes for one request. */
export interface IncidentMapping {
  /** Value of the unique custom_call_id column. */
  dedupKey: string;
  channel: string;
  /** Unmasked customer address, destined only for the hidden, role-protected column. */
  customerAddress: string | undefined;
  fields: {
    short_description: string;
    description: string;
    contact_type: string;
    urgency: number;
    impact: number;
    category?: string;
    subcategory?: string;
  };
  /** Values masked across all text fields, per type. */
  maskCounts: Record<string, number>;
  /** Contract fields whose text was cut to fit. */
  truncated: string[];
}

function addCounts(total: Record<string, number>, counts: Record<string, number>): void {
  for (const type of Object.keys(counts))
    total[type] = (total[type] ?? 0) + (counts[type] as number);
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

function summarizeCounts(counts: Record<string, number>): string {
  const parts: string[] = [];
  for (const type of Object.keys(counts))
    if ((counts[type] as number) > 0) parts.push(`${counts[type]} ${type}`);
  return parts.length > 0 ? parts.join(', ') : 'none found';
}

/** Maps a validated request to incident fields: masks every free-text field first. */
export function mapToIncident(
  request: IncidentRequest,
  config: MappingConfig = DEFAULT_MAPPING_CONFIG,
): IncidentMapping {
  const maskCounts: Record<string, number> = {};
  const truncated: string[] = [];
  const mask = (field: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const result = maskText(value, config.masking);
    addCounts(maskCounts, result.counts);
    if (result.truncated) truncated.push(field);
    return result.text;
  };

  const summary = mask('shortDescription', request.shortDescription) as string;
  let shortDescription = config.shortDescriptionPrefix + summary;
  if (shortDescription.length > SHORT_DESCRIPTION_MAX) {
    shortDescription = cutText(shortDescription, SHORT_DESCRIPTION_MAX);
    truncated.push('shortDescription');
  }

  const body: string[] = [];
  const description = mask('description', request.description);
  if (description !== undefined) body.push(description);
  const transcript = config.includeTranscript ? mask('transcript', request.transcript) : undefined;
  if (transcript !== undefined) body.push('Transcript:\n' + transcript);
  const queue = mask('queueName', request.queueName);

  const direction = request.direction ? ` (${request.direction})` : '';
  const metadata = [
    '--- Genesys Cloud conversation ---',
    `Conversation id: ${request.customCallId}`,
  ];
  const channel = request.channel.toLowerCase();
  const channelName = isKnownChannel(channel) ? CHANNEL_NAMES[channel] : `Other (${channel})`;
  metadata.push(`Channel: ${channelName}${direction}`);
  if (queue !== undefined) metadata.push(`Queue: ${queue}`);
  if (request.agentUserId !== undefined) metadata.push(`Agent user id: ${request.agentUserId}`);
  if (request.conversationStart !== undefined)
    metadata.push(`Started: ${request.conversationStart}`);
  if (request.conversationEnd !== undefined) metadata.push(`Ended: ${request.conversationEnd}`);
  if (request.externalContactId !== undefined)
    metadata.push(`External contact id: ${request.externalContactId}`);
  metadata.push(`PII masked: ${summarizeCounts(maskCounts)}`);
  const metadataBlock = metadata.join('\n');

  // the metadata block always fits; free text gets what is left
  const marker = '\n[truncated]';
  let freeText = body.join('\n\n');
  const room = config.descriptionMaxLength - metadataBlock.length - 2;
  if (freeText.length > room) {
    freeText = cutText(freeText, Math.max(0, room - marker.length)) + marker;
    truncated.push('description');
  }
  const fields: IncidentMapping['fields'] = {
    short_description: shortDescription,
    description: freeText ? freeText + '\n\n' + metadataBlock : metadataBlock,
    contact_type: isKnownChannel(channel)
      ? config.contactTypeByChannel[channel]
      : config.contactTypeByChannel[OTHER_CHANNEL],
    urgency: request.urgency ?? config.defaultUrgency,
    impact: request.impact ?? config.defaultImpact,
  };
  // choice values in principle, but a flow may fill them from what the customer typed
  const category = mask('category', request.category);
  const subcategory = mask('subcategory', request.subcategory);
  if (category !== undefined) fields.category = category;
  if (subcategory !== undefined) fields.subcategory = subcategory;
  return {
    dedupKey: request.customCallId,
    channel,
    customerAddress: request.customerAddress,
    fields,
    maskCounts,
    truncated,
  };
}

/**
 * Initial of each name part: "Dana Smith" → "D. S." (never the full name). The initial is the
 * first code point, so a name starting with an emoji or a supplementary-plane letter keeps it
 * whole instead of leaving a lone surrogate.
 */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/);
  const initials: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    const code = part.charCodeAt(0);
    const pair = code >= 0xd800 && code <= 0xdbff && part.length > 1;
    initials.push(part.slice(0, pair ? 2 : 1) + '.');
  }
  return initials.join(' ');
}

/**
 * The request as it may be shown (CLI output, dry-run responses, logs): free text masked,
 * the customer address and name reduced to what identifies nobody.
 */
export function maskedRequestView(
  request: IncidentRequest,
  masking: MaskOptions = {},
): IncidentRequest {
  const view: IncidentRequest = { ...request };
  view.shortDescription = maskText(request.shortDescription, masking).text;
  if (request.description !== undefined)
    view.description = maskText(request.description, masking).text;
  if (request.transcript !== undefined)
    view.transcript = maskText(request.transcript, masking).text;
  if (request.queueName !== undefined) view.queueName = maskText(request.queueName, masking).text;
  if (request.category !== undefined) view.category = maskText(request.category, masking).text;
  if (request.subcategory !== undefined)
    view.subcategory = maskText(request.subcategory, masking).text;
  if (request.customerAddress !== undefined)
    view.customerAddress = maskAddress(request.customerAddress);
  if (request.customerName !== undefined) view.customerName = maskName(request.customerName);
  return view;
}
