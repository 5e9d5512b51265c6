import { RestApi } from '@servicenow/sdk/core';
import { createIncident, getIncident } from '../server/incident-api';
import { restEndpointAcl } from './acls.now';

/**
 * POST /api/x_ibr_incbridge/v1/incident_bridge/incidents              create-or-return
 * GET  /api/x_ibr_incbridge/v1/incident_bridge/incidents/{customCallId}  look up
 *
 * internalRole is false on purpose: the caller is the Genesys integration user, typically
 * "web service access only" without snc_internal. Access is decided by our own ACL instead,
 * which requires x_ibr_incbridge.integration on every route.
 */
RestApi({
  $id: Now.ID['api_incident_bridge'],
  name: 'Incident Bridge API',
  serviceId: 'incident_bridge',
  shortDescription:
    'Genesys Cloud conversations to ServiceNow incidents, deduplicated on customCallId.',
  consumes: 'application/json',
  produces: 'application/json',
  enforceAcl: [restEndpointAcl],
  versions: [{ $id: Now.ID['api_incident_bridge_v1'], version: 1, isDefault: true, active: true }],
  routes: [
    {
      $id: Now.ID['route_create_incident'],
      name: 'create incident',
      method: 'POST',
      path: '/incidents',
      version: 1,
      script: createIncident,
      enforceAcl: [restEndpointAcl],
      authentication: true,
      authorization: true,
      internalRole: false,
      consumes: 'application/json',
      produces: 'application/json',
      shortDescription:
        'Create the incident for a conversation, or return the one already created for its customCallId.',
    },
    {
      $id: Now.ID['route_get_incident'],
      name: 'get incident',
      method: 'GET',
      path: '/incidents/{customCallId}',
      version: 1,
      script: getIncident,
      enforceAcl: [restEndpointAcl],
      authentication: true,
      authorization: true,
      internalRole: false,
      produces: 'application/json',
      shortDescription: 'Look up the incident created for a customCallId.',
    },
  ],
});
