import { Record } from '@servicenow/sdk/core';

// Columns this app adds to the platform `incident` table, as plain sys_dictionary and
// sys_documentation records. NOT Table({ augments: 'incident' }): in SDK 4.9.0 that form also
// emits dictionary/incident.xml carrying table-level settings (ws_access="false",
// create_access="false", ...) for a table we do not own. A test fails on any such file.

/** Deduplication key: one incident per Genesys conversation. Unique (a real index). */
export const customCallIdColumn = Record({
  $id: Now.ID['dict_incident_custom_call_id'],
  table: 'sys_dictionary',
  data: {
    name: 'incident',
    element: 'x_ibr_incbridge_custom_call_id',
    column_label: 'Custom call id',
    internal_type: 'string',
    max_length: 100,
    unique: true,
    active: true,
    mandatory: false,
    read_only: true,
    display: false,
    audit: false,
    array: false,
    primary: false,
    spell_check: false,
    text_index: false,
    xml_view: false,
  },
});
export const customCallIdLabel = Record({
  $id: Now.ID['doc_incident_custom_call_id_en'],
  table: 'sys_documentation',
  data: {
    name: 'incident',
    element: 'x_ibr_incbridge_custom_call_id',
    language: 'en',
    label: 'Custom call id',
    plural: 'Custom call ids',
    hint: 'Genesys Cloud conversation id (or caller-chosen id) this incident was opened for',
  },
});

/** The Genesys channel the customer used (voice, whatsapp, ...). */
export const channelColumn = Record({
  $id: Now.ID['dict_incident_channel'],
  table: 'sys_dictionary',
  data: {
    name: 'incident',
    element: 'x_ibr_incbridge_channel',
    column_label: 'Genesys channel',
    internal_type: 'string',
    max_length: 40,
    unique: false,
    active: true,
    mandatory: false,
    read_only: true,
    display: false,
    audit: false,
    array: false,
    primary: false,
    spell_check: false,
    text_index: false,
    xml_view: false,
  },
});
export const channelLabel = Record({
  $id: Now.ID['doc_incident_channel_en'],
  table: 'sys_documentation',
  data: {
    name: 'incident',
    element: 'x_ibr_incbridge_channel',
    language: 'en',
    label: 'Genesys channel',
    plural: 'Genesys channels',
  },
});

/** Full customer address (E.164 phone or messaging handle). Readable only with the PII reader role. */
export const customerAddressColumn = Record({
  $id: Now.ID['dict_incident_customer_address'],
  table: 'sys_dictionary',
  data: {
    name: 'incident',
    element: 'x_ibr_incbridge_customer_address',
    column_label: 'Customer address',
    internal_type: 'string',
    max_length: 256,
    unique: false,
    active: true,
    mandatory: false,
    read_only: true,
    display: false,
    audit: false,
    // incident is an audited table: without no_audit every value written here would be copied,
    // unmasked, into sys_audit and the history of the record (`audit: false` does not do that)
    attributes: 'no_audit=true',
    array: false,
    primary: false,
    spell_check: false,
    text_index: false,
    xml_view: false,
  },
});
export const customerAddressLabel = Record({
  $id: Now.ID['doc_incident_customer_address_en'],
  table: 'sys_documentation',
  data: {
    name: 'incident',
    element: 'x_ibr_incbridge_customer_address',
    language: 'en',
    label: 'Customer address',
    plural: 'Customer addresses',
    hint: 'Unmasked; visible only to the x_ibr_incbridge.pii_reader role',
  },
});
