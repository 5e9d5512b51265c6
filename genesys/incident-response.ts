/**
 * How both actions turn the endpoint's `{"result": {...}}` into flow variables. The endpoint answers
 * create (201/200 replay) and get (200) with the same result shape, so one response config serves both.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { DRAFT_04_SCHEMA, type Draft04ObjectSchema } from './input-contract.ts';

/** Flat (no arrays at all, so no nested ones), so Architect can bind every field to a variable. */
export const incidentOutputContract: Draft04ObjectSchema = {
  $schema: DRAFT_04_SCHEMA,
  title: 'ServiceNow incident',
  description: 'The incident created for, or already linked to, the conversation.',
  type: 'object',
  required: ['incidentSysId', 'incidentNumber', 'created', 'incidentUrl'],
  properties: {
    incidentSysId: { type: 'string', description: 'sys_id of the incident (32 hex characters).' },
    incidentNumber: { type: 'string', description: 'Incident number, e.g. INC0010001.' },
    created: {
      type: 'boolean',
      description: 'true when this call created the incident; false when it already existed.',
    },
    incidentUrl: {
      type: 'string',
      description: 'Link to the incident in ServiceNow ("" when the instance sent none).',
    },
  },
  additionalProperties: true,
};

/**
 * JSONPath per value; Genesys (Jayway) and jsonpath-plus agree on plain member paths.
 * `dryRun` is not an output: it only tells the success template a dry run answered.
 */
export const incidentTranslationMap: Record<string, string> = {
  incidentSysId: '$.result.sys_id',
  incidentNumber: '$.result.number',
  created: '$.result.created',
  incidentUrl: '$.result.url',
  dryRun: '$.result.dry_run',
};

/**
 * JSON text used only when a path is missing. The ids default to `null`, which the output
 * contract (type string) rejects: a real answer without an incident ends on the failure path
 * instead of looking like success. Only a dry run turns a missing id into "" (see below).
 */
export const incidentTranslationMapDefaults: Record<string, string> = {
  incidentSysId: 'null',
  incidentNumber: 'null',
  created: 'false',
  incidentUrl: '""',
  dryRun: 'false',
};

/** A dry run may legitimately have no incident: then "", otherwise the value as translated. */
const idOrEmptyOnDryRun = (key: string) =>
  `#if("\${${key}}" == "null" && "\${dryRun}" == "true")""#else\${${key}}#end`;

/**
 * Translation values are JSON text (strings arrive quoted), so they are placed unquoted. The
 * conditions compare string literals only, the form Java Velocity and the local runtime agree on.
 */
export const incidentSuccessTemplate =
  `{"incidentSysId": ${idOrEmptyOnDryRun('incidentSysId')}, ` +
  `"incidentNumber": ${idOrEmptyOnDryRun('incidentNumber')}, ` +
  '"created": ${created}, "incidentUrl": ${incidentUrl}}';

export function incidentResponseConfig(): platformClient.Models.ResponseConfig {
  return {
    translationMap: { ...incidentTranslationMap },
    translationMapDefaults: { ...incidentTranslationMapDefaults },
    successTemplate: incidentSuccessTemplate,
  };
}
