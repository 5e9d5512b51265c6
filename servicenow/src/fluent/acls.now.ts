import { Acl } from '@servicenow/sdk/core';
import { adminRole, integrationRole, piiReaderRole } from './roles.now';

/**
 * Only the integration role may call the REST API. Every route names this ACL itself: routes
 * do not inherit the API-level ACL (they would keep the platform default instead).
 */
export const restEndpointAcl = Acl({
  $id: Now.ID['acl_rest_incident_bridge'],
  type: 'rest_endpoint',
  name: 'Incident Bridge API',
  operation: 'execute',
  roles: [integrationRole],
  adminOverrides: false,
  description: 'Callers of the Incident Bridge REST API need x_ibr_incbridge.integration.',
});

/** The hidden column: the unmasked customer address is readable only by PII readers. */
export const customerAddressReadAcl = Acl({
  $id: Now.ID['acl_incident_customer_address_read'],
  type: 'record',
  table: 'incident',
  field: 'x_ibr_incbridge_customer_address',
  operation: 'read',
  roles: [piiReaderRole],
  adminOverrides: false,
  description:
    'Unmasked customer address: x_ibr_incbridge.pii_reader only (admins too need the role).',
});

/** Nobody edits the customer address by hand; the REST handler writes it once. */
export const customerAddressWriteAcl = Acl({
  $id: Now.ID['acl_incident_customer_address_write'],
  type: 'record',
  table: 'incident',
  field: 'x_ibr_incbridge_customer_address',
  operation: 'write',
  roles: [adminRole],
  adminOverrides: false,
  description: 'The customer address is written by the Incident Bridge API only.',
});

/** The dedup key must not change after insert, or a replay would open a second incident. */
export const customCallIdWriteAcl = Acl({
  $id: Now.ID['acl_incident_custom_call_id_write'],
  type: 'record',
  table: 'incident',
  field: 'x_ibr_incbridge_custom_call_id',
  operation: 'write',
  roles: [adminRole],
  adminOverrides: false,
  description: 'The dedup key is written by the Incident Bridge API only.',
});
