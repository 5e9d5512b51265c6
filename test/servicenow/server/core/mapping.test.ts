import { describe, expect, it } from 'vitest';
import type { IncidentRequest } from '../../../../servicenow/src/server/core/generated/contract.ts';
import {
  DEFAULT_MAPPING_CONFIG,
  mapToIncident,
  maskedRequestView,
  resolveMappingConfig,
} from '../../../../servicenow/src/server/core/mapping.ts';
import { normalizeRequest } from '../../../../servicenow/src/server/core/normalize.ts';
import { readSample } from '../../../helpers/samples.ts';

function sampleRequest(name: string): IncidentRequest {
  const result = normalizeRequest(readSample(name));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.request;
}

/** Raw PII that appears in the samples: none of it may survive mapping outside the hidden column. */
const SAMPLE_PII = [
  '415 555 0134',
  '4111 1111 1111 1111',
  'jan.de.vries',
  'NL91ABNA0417164300',
  '06 12345678',
  '+14155550134',
  '+31612345678',
  'Dana Smith',
];

describe('mapToIncident', () => {
  it('maps the voice sample: masked text, metadata, contact type, levels, dedup key, hidden address', () => {
    const mapping = mapToIncident(sampleRequest('data-action-request.voice.json'));
    expect(mapping.dedupKey).toBe('4f6a2c1e-8d3b-4b7a-9e21-6c0d5a7f3b90');
    expect(mapping.customerAddress).toBe('+14155550134');
    expect(mapping.fields).toMatchObject({
      short_description: 'IVR escalation: VPN down for branch office',
      contact_type: 'phone',
      urgency: 2,
      impact: 2,
    });
    expect(mapping.fields.description).toBe(
      [
        'Caller reports VPN outage since 08:10. Callback on ***-***-0134. Card on file mentioned: ****-****-****-1111.',
        '',
        '--- Genesys Cloud conversation ---',
        'Conversation id: 4f6a2c1e-8d3b-4b7a-9e21-6c0d5a7f3b90',
        'Channel: Voice (inbound)',
        'Queue: IT_Support_Hotline',
        'Started: 2026-11-20T14:30:00.000Z',
        'PII masked: 1 phone, 1 card',
      ].join('\n'),
    );
    expect(mapping.maskCounts).toMatchObject({ phone: 1, card: 1, email: 0 });
  });

  it('maps the WhatsApp sample with its transcript and chat contact type, defaults for levels', () => {
    const mapping = mapToIncident(sampleRequest('data-action-request.whatsapp.json'));
    expect(mapping.fields.contact_type).toBe('chat');
    expect(mapping.fields.urgency).toBe(3);
    expect(mapping.fields.impact).toBe(3);
    expect(mapping.fields.description).toContain('Transcript:\ncustomer: hi my laptop');
    expect(mapping.fields.description).toContain('Channel: WhatsApp (inbound)');
    expect(mapping.maskCounts).toMatchObject({ email: 1, iban: 1, phone: 1 });
  });

  it.each([
    'data-action-request.voice.json',
    'data-action-request.whatsapp.json',
    'genesys-conversation.whatsapp.json',
    'genesys-event.conversation-end.json',
  ])('keeps the raw PII of %s out of every written field', (name) => {
    const { fields } = mapToIncident(sampleRequest(name));
    const written = JSON.stringify(fields);
    for (const value of SAMPLE_PII) expect(written).not.toContain(value);
  });

  it('never copies the customer name into the description', () => {
    const mapping = mapToIncident(sampleRequest('genesys-conversation.whatsapp.json'));
    expect(mapping.fields.description).not.toContain('Jan de Vries');
  });

  it('caps the description, keeping the metadata block whole', () => {
    const request: IncidentRequest = {
      customCallId: 'c-1',
      channel: 'chat',
      shortDescription: 's',
      description: 'x'.repeat(10_000),
    };
    const mapping = mapToIncident(request);
    expect(mapping.fields.description.length).toBeLessThanOrEqual(
      DEFAULT_MAPPING_CONFIG.descriptionMaxLength,
    );
    expect(mapping.fields.description).toContain(
      '[truncated]\n\n--- Genesys Cloud conversation ---',
    );
    expect(mapping.fields.description).toMatch(/PII masked: none found$/);
    expect(mapping.truncated).toEqual(['description']);
  });

  it('masks the short description and cuts it to 160 characters with the prefix', () => {
    const { config } = resolveMappingConfig({ shortDescriptionPrefix: '[Genesys] ' });
    const mapping = mapToIncident(
      {
        customCallId: 'c',
        channel: 'sms',
        shortDescription: 'call 06 12345678 ' + 'y'.repeat(150),
      },
      config,
    );
    expect(mapping.fields.short_description.startsWith('[Genesys] call ***-***-5678 ')).toBe(true);
    expect(mapping.fields.short_description).toHaveLength(160);
    expect(mapping.truncated).toContain('shortDescription');
  });

  it('follows the configuration: contact types, default levels, transcript off, detectors off', () => {
    const { config, errors } = resolveMappingConfig({
      version: 1,
      contactTypeByChannel: { whatsapp: 'social' },
      defaultUrgency: 1,
      defaultImpact: 2,
      includeTranscript: false,
      masking: { detectors: { iban: false } },
    });
    expect(errors).toEqual([]);
    const request: IncidentRequest = {
      ...sampleRequest('data-action-request.whatsapp.json'),
      description: 'IBAN NL91ABNA0417164300',
    };
    const mapping = mapToIncident(request, config);
    expect(mapping.fields).toMatchObject({ contact_type: 'social', urgency: 1, impact: 2 });
    expect(mapping.fields.description).not.toContain('Transcript:');
    expect(mapping.fields.description).toContain('IBAN NL91ABNA0417164300');
  });

  it('copies category and subcategory', () => {
    const mapping = mapToIncident({
      customCallId: 'c',
      channel: 'email',
      shortDescription: 's',
      category: 'network',
      subcategory: 'vpn',
    });
    expect(mapping.fields).toMatchObject({
      category: 'network',
      subcategory: 'vpn',
      contact_type: 'email',
    });
  });
});

describe('resolveMappingConfig', () => {
  it('returns the defaults for no overrides, without sharing their objects', () => {
    const { config } = resolveMappingConfig(undefined);
    expect(config).toEqual(DEFAULT_MAPPING_CONFIG);
    config.contactTypeByChannel.voice = 'changed';
    expect(DEFAULT_MAPPING_CONFIG.contactTypeByChannel.voice).toBe('phone');
  });

  it('names every bad option with its path', () => {
    const { errors } = resolveMappingConfig(
      {
        version: 2,
        contactTypeByChannel: { fax: 'phone', voice: 'Phone Call' },
        defaultUrgency: 0,
        descriptionMaxLength: 10,
        includeTranscript: 'yes',
        masking: { detectors: { phone: 'off' } },
        colour: 'blue',
      },
      '/mapping',
    );
    expect(errors.map((e) => e.path)).toEqual([
      '/mapping/version',
      '/mapping/contactTypeByChannel/fax',
      '/mapping/contactTypeByChannel/voice',
      '/mapping/defaultUrgency',
      '/mapping/descriptionMaxLength',
      '/mapping/includeTranscript',
      '/mapping/masking/detectors/phone',
      '/mapping/colour',
    ]);
  });
});

describe('maskedRequestView', () => {
  it('masks free text, address and name for display', () => {
    const view = maskedRequestView(sampleRequest('data-action-request.voice.json'));
    expect(view.customerAddress).toBe('***-***-0134');
    expect(view.customerName).toBe('D. S.');
    expect(view.description).toContain('****-****-****-1111');
    const shown = JSON.stringify(view);
    for (const value of SAMPLE_PII) expect(shown).not.toContain(value);
  });
});
