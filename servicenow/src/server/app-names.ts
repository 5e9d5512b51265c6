/**
 * Names this app gives things on the instance. No Glide imports here, so Node code (emulator
 * checks, sandbox, tests) can read them too. Changing the scope: see README "Changing the scope".
 */

/** Incident columns this app adds (servicenow/src/fluent/incident-columns.now.ts). */
export const COLUMNS = {
  customCallId: 'x_ibr_incbridge_custom_call_id',
  channel: 'x_ibr_incbridge_channel',
  customerAddress: 'x_ibr_incbridge_customer_address',
} as const;

/** Base path of the app's Scripted REST API, version 1 (servicenow/src/fluent/incident-bridge-api.now.ts). */
export const API_BASE_PATH = '/api/x_ibr_incbridge/v1/incident_bridge';

/** Prefix of the app's system properties (servicenow/src/fluent/properties.now.ts). */
export const PROPERTY_PREFIX = 'x_ibr_incbridge.';
