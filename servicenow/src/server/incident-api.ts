/**
 * The Scripted REST API handlers (POST create-or-return, GET look-up). The steps follow
 * DESIGN §1: platform auth + ACL happen before this code runs; then Content-Type and size
 * (415/413), normalization (400 with every field error), dedup read on the unique column,
 * masking + mapping, caller lookup, insert, and the unique-violation fallback.
 *
 * Never log or return unmasked personal data: log lines carry the customCallId (a conversation
 * id), the incident number and mask counts only. Queries use addQuery, never encoded strings.
 */
import { gs, GlideRecord } from '@servicenow/glide';
import { ServiceError } from '@servicenow/glide/sn_ws_err';
import type { RESTAPIRequest, RESTAPIResponse } from '@servicenow/glide/sn_ws_int';
import { incidentRequestSchema } from './core/generated/contract.ts';
import type { FieldError } from './core/field-error.ts';
import { mapToIncident, maskedRequestView } from './core/mapping.ts';
import { normalizeRequest } from './core/normalize.ts';
import { maskText } from './core/mask.ts';
import { COLUMNS } from './app-names.ts';
import { loadSettings, type Settings } from './settings.ts';
import { utf8ByteLengthExceeds } from './core/utf8.ts';

interface IncidentRef {
  sys_id: string;
  number: string;
}

class HttpFailure {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly detail: string,
  ) {}
}

function fail(response: RESTAPIResponse, failure: HttpFailure): void {
  const error = new ServiceError();
  error.setStatus(failure.status);
  error.setMessage(failure.message);
  error.setDetail(failure.detail);
  response.setError(error);
}

function describeErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ');
}

/**
 * Reads the incident that owns a customCallId: one query on the unique column. The key is
 * case-insensitive: production databases compare (and index) strings that way, so `ABC-1` and
 * `abc-1` are one conversation, the one stored first.
 */
function findByCallId(customCallId: string): IncidentRef | undefined {
  const incident = new GlideRecord('incident');
  incident.addQuery(COLUMNS.customCallId, customCallId);
  incident.setLimit(1);
  incident.query();
  if (!incident.next()) return undefined;
  // belt and braces: a misspelled column is silently ignored by the platform, which would
  // hand back an unrelated incident here
  const stored = incident.getValue(COLUMNS.customCallId) ?? '';
  if (stored.toLowerCase() !== customCallId.toLowerCase()) return undefined;
  return { sys_id: incident.getUniqueValue(), number: incident.getValue('number') ?? '' };
}

const E164 = /^\+[1-9][0-9]{7,14}$/;

/** The active sys_user whose phone or mobile phone is the customer's E.164 number. */
function findCaller(address: string | undefined): string | undefined {
  if (address === undefined || !E164.test(address)) return undefined;
  const user = new GlideRecord('sys_user');
  user.addQuery('phone', address).addOrCondition('mobile_phone', address);
  user.addQuery('active', true);
  user.setLimit(1);
  user.query();
  return user.next() ? user.getUniqueValue() : undefined;
}

function incidentUrl(sysId: string): string {
  const base = gs.getProperty('glide.servlet.uri', '') ?? '';
  return base + 'nav_to.do?uri=' + encodeURIComponent('incident.do?sys_id=' + sysId);
}

function checkTransport(request: RESTAPIRequest, settings: Settings): HttpFailure | string {
  const contentType = (request.getHeader('Content-Type') || '').toLowerCase();
  const mediaType = contentType.split(';')[0]?.trim();
  if (mediaType !== 'application/json') {
    return new HttpFailure(415, 'Unsupported Media Type', 'Content-Type must be application/json');
  }
  const text = request.body ? request.body.dataString : '';
  const raw = typeof text === 'string' ? text : '';
  if (utf8ByteLengthExceeds(raw, settings.maxBodyBytes)) {
    return new HttpFailure(
      413,
      'Request Entity Too Large',
      `body exceeds ${settings.maxBodyBytes} bytes (property x_ibr_incbridge.max_body_bytes)`,
    );
  }
  return raw;
}

function parseJson(raw: string): unknown | HttpFailure {
  if (raw.trim() === '')
    return new HttpFailure(400, 'Invalid request', '(body): is empty; send a JSON object');
  try {
    return JSON.parse(raw);
  } catch (e) {
    return new HttpFailure(400, 'Invalid request', '(body): is not valid JSON');
  }
}

/** POST /incidents: create the incident for a conversation, or return the existing one. */
export function createIncident(request: RESTAPIRequest, response: RESTAPIResponse): void {
  const settings = loadSettings();
  if (settings instanceof Array) {
    gs.error('incident-bridge: misconfigured: ' + settings.join('; '));
    fail(response, new HttpFailure(500, 'Incident Bridge is misconfigured', settings.join('; ')));
    return;
  }
  const raw = checkTransport(request, settings);
  if (raw instanceof HttpFailure) return fail(response, raw);
  const body = parseJson(raw);
  if (body instanceof HttpFailure) return fail(response, body);

  const normalized = normalizeRequest(body);
  if (!normalized.ok) {
    const count = normalized.errors.length;
    gs.info(
      `incident-bridge: rejected a ${normalized.shape ?? 'non-object'} body with ${count} field error(s)`,
    );
    fail(
      response,
      new HttpFailure(
        400,
        `Invalid request: ${count} field error${count === 1 ? '' : 's'}`,
        describeErrors(normalized.errors),
      ),
    );
    return;
  }
  const incomingRequest = normalized.request;
  const warnings = normalized.warnings;
  const key = incomingRequest.customCallId;

  const existing = findByCallId(key);
  if (existing) {
    gs.info(`incident-bridge: replay of customCallId ${key} -> ${existing.number}`);
    response.setStatus(200);
    response.setBody({
      sys_id: existing.sys_id,
      number: existing.number,
      created: false,
      custom_call_id: key,
      url: incidentUrl(existing.sys_id),
      warnings,
      ...(incomingRequest.dryRun ? { dry_run: true } : {}),
    });
    return;
  }

  // the caller's own country's numbering plan applies to its free text too
  const masking = { ...settings.mapping.masking, callerAddress: incomingRequest.customerAddress };
  const mapping = mapToIncident(incomingRequest, { ...settings.mapping, masking });
  const caller = findCaller(mapping.customerAddress) ?? settings.defaultCallerSysId;
  if (incomingRequest.dryRun) {
    response.setStatus(200);
    response.setBody({
      dry_run: true,
      created: false,
      custom_call_id: key,
      would_create: {
        ...mapping.fields,
        caller_id: caller ?? '',
        [COLUMNS.channel]: mapping.channel,
        [COLUMNS.customerAddress]: mapping.customerAddress === undefined ? '' : '(hidden)',
      },
      request: maskedRequestView(incomingRequest, masking),
      masked: mapping.maskCounts,
      truncated: mapping.truncated,
      warnings,
    });
    return;
  }

  const incident = new GlideRecord('incident');
  incident.initialize();
  const fields = mapping.fields;
  incident.setValue('short_description', fields.short_description);
  incident.setValue('description', fields.description);
  incident.setValue('contact_type', fields.contact_type);
  incident.setValue('urgency', String(fields.urgency));
  incident.setValue('impact', String(fields.impact));
  if (fields.category !== undefined) incident.setValue('category', fields.category);
  if (fields.subcategory !== undefined) incident.setValue('subcategory', fields.subcategory);
  if (caller !== undefined) incident.setValue('caller_id', caller);
  incident.setValue(COLUMNS.customCallId, key);
  incident.setValue(COLUMNS.channel, mapping.channel);
  if (mapping.customerAddress !== undefined)
    incident.setValue(COLUMNS.customerAddress, mapping.customerAddress);
  const sysId = incident.insert();

  if (!sysId) {
    // most likely a concurrent request for the same conversation won the unique index
    const winner = findByCallId(key);
    if (!winner) {
      // the platform's own reason (a business rule's abort, a data policy, a cross-scope refusal)
      // masked: a platform message may quote a value it refused
      const reason = maskText(
        incident.getLastErrorMessage() || 'no reason given by the platform',
      ).text;
      gs.error(
        `incident-bridge: insert refused for customCallId ${key} and no incident holds it: ${reason}`,
      );
      fail(
        response,
        new HttpFailure(
          500,
          'Incident not created',
          'the instance refused the insert; its reason is in the system log (incident-bridge: insert refused)',
        ),
      );
      return;
    }
    gs.info(`incident-bridge: lost the insert race for customCallId ${key} -> ${winner.number}`);
    response.setStatus(200);
    response.setBody({
      sys_id: winner.sys_id,
      number: winner.number,
      created: false,
      custom_call_id: key,
      url: incidentUrl(winner.sys_id),
      warnings,
    });
    return;
  }
  const number = incident.getValue('number') ?? '';
  gs.info(
    `incident-bridge: created ${number} for customCallId ${key} (${mapping.channel}, masked ${JSON.stringify(mapping.maskCounts)})`,
  );
  response.setStatus(201);
  response.setBody({
    sys_id: sysId,
    number,
    created: true,
    custom_call_id: key,
    url: incidentUrl(sysId),
    masked: mapping.maskCounts,
    truncated: mapping.truncated,
    warnings,
  });
}

const CALL_ID = incidentRequestSchema.properties.customCallId;
const CALL_ID_PATTERN = new RegExp(CALL_ID.pattern);

/** GET /incidents/{customCallId}: the incident created for a customCallId, or 404. */
export function getIncident(request: RESTAPIRequest, response: RESTAPIResponse): void {
  const id = String(request.pathParams.customCallId ?? '');
  if (id.length < CALL_ID.minLength || id.length > CALL_ID.maxLength || !CALL_ID_PATTERN.test(id)) {
    fail(
      response,
      new HttpFailure(
        400,
        'Invalid request',
        `/customCallId: must be 1-${CALL_ID.maxLength} ${CALL_ID['x-hint']}`,
      ),
    );
    return;
  }
  const found = findByCallId(id);
  if (!found) {
    fail(response, new HttpFailure(404, 'No incident for this customCallId', `customCallId ${id}`));
    return;
  }
  response.setStatus(200);
  response.setBody({
    sys_id: found.sys_id,
    number: found.number,
    created: false,
    custom_call_id: id,
    url: incidentUrl(found.sys_id),
  });
}
