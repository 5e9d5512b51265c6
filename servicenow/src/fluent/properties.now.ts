import { Property } from '@servicenow/sdk/core';
import { adminRole, integrationRole } from './roles.now';

Property({
  $id: Now.ID['prop_max_body_bytes'],
  name: 'x_ibr_incbridge.max_body_bytes',
  type: 'integer',
  value: 1048576,
  description:
    'Largest request body accepted, in bytes (UTF-8). Larger bodies get 413. Default 1048576 (1 MiB).',
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_default_caller'],
  name: 'x_ibr_incbridge.default_caller_sys_id',
  type: 'string',
  value: '',
  description:
    'sys_id of the sys_user set as caller when the customer address matches no user phone or mobile phone. Empty: no caller.',
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_masking_detectors'],
  name: 'x_ibr_incbridge.masking_detectors',
  type: 'string',
  value: 'phone,email,card,ssn,iban',
  description:
    'Comma-separated PII detectors that run on every free-text field: phone, email, card, ssn, iban.',
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_phone_regions'],
  name: 'x_ibr_incbridge.phone_regions',
  type: 'string',
  value: '',
  description:
    "Comma-separated ISO 3166 region codes (e.g. NL,DE,ES) whose national phone numbering plans the masker applies to numbers written without a country code, besides the caller's own country. International numbers are always masked. Empty: none.",
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_default_urgency'],
  name: 'x_ibr_incbridge.default_urgency',
  type: 'integer',
  value: 3,
  description: 'Urgency (1 high, 2 medium, 3 low) when the request carries none.',
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_default_impact'],
  name: 'x_ibr_incbridge.default_impact',
  type: 'integer',
  value: 3,
  description: 'Impact (1 high, 2 medium, 3 low) when the request carries none.',
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_mapping_overrides'],
  name: 'x_ibr_incbridge.mapping_overrides',
  type: 'string',
  value: '{}',
  description:
    'JSON object of mapping overrides (version 1): contactTypeByChannel, shortDescriptionPrefix, descriptionMaxLength, includeTranscript, masking.extraPatterns. See the README.',
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_mask_on_save_all_incidents'],
  name: 'x_ibr_incbridge.mask_on_save_all_incidents',
  type: 'boolean',
  value: false,
  description:
    'true: the mask-on-save business rule masks description, work notes and comments of every incident; false (default): only of incidents opened by Incident Bridge (with a custom call id).',
  roles: { read: [integrationRole, adminRole], write: [adminRole] },
});

Property({
  $id: Now.ID['prop_package_fingerprint'],
  name: 'x_ibr_incbridge.package_fingerprint',
  type: 'string',
  value: '',
  description:
    'Written by deploy:servicenow after each install: sha256 of the installed package, so a changed app with an unchanged version is noticed. Do not edit.',
  roles: { read: [adminRole], write: [adminRole] },
});
