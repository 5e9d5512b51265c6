import { Role } from '@servicenow/sdk/core';

/** May call the Incident Bridge REST API (give it to the Genesys integration user, nothing else). */
export const integrationRole = Role({
  name: 'x_ibr_incbridge.integration',
  description:
    'Calls the Incident Bridge REST API (the Genesys Cloud Data Action integration user).',
  grantable: true,
  canDelegate: false,
});

/** May read the full customer address kept in the hidden incident column. */
export const piiReaderRole = Role({
  name: 'x_ibr_incbridge.pii_reader',
  description: 'Reads the unmasked customer address of incidents opened by Incident Bridge.',
  grantable: true,
  canDelegate: false,
});

/** Administers the app: edits its properties. Does not include the PII reader role. */
export const adminRole = Role({
  name: 'x_ibr_incbridge.admin',
  description: 'Administers Incident Bridge: edits its system properties.',
  grantable: true,
  canDelegate: false,
});
