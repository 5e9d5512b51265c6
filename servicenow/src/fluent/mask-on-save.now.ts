import { BusinessRule } from '@servicenow/sdk/core';
import { maskIncidentOnSave } from '../server/mask-on-save';

/**
 * Masks personal data that agents paste into a bridge incident after it was created: the
 * description, work notes and comments, with the same masking core as the REST endpoint.
 * Runs before insert and update, on incidents that carry a customCallId, or on every incident
 * when x_ibr_incbridge.mask_on_save_all_incidents is true (default false). The script returns
 * at once for any other incident and for saves that touch none of these fields.
 */
BusinessRule({
  $id: Now.ID['br_mask_incident_on_save'],
  name: 'Incident Bridge: mask personal data on save',
  table: 'incident',
  when: 'before',
  action: ['insert', 'update'],
  order: 900,
  active: true,
  script: maskIncidentOnSave,
  description:
    'Masks phone numbers, e-mail addresses, card numbers, IBANs and SSNs in description, work notes and comments (Incident Bridge).',
  protectionPolicy: 'read',
});
