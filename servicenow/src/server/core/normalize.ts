/**
 * Turns any body a Genesys org sends — the flat Data Action body, a conversation object, or
 * a notification / event-bus envelope — into one validated IncidentRequest.
 *
 * Never throws for bad input: every problem is reported at once as {path, message}, with
 * JSON Pointer paths into the body as received. Optional empty strings count as absent
 * (Architect passes unset variables that way); unknown fields of a flat body are warnings.
 * Error messages never echo a submitted value (it may be personal data).
 */
import { incidentRequestSchema, type IncidentRequest } from './generated/contract.ts';
import {
  hasOwn,
  isPlainObject,
  pointer,
  type FieldError,
  type FieldWarning,
} from './field-error.ts';
import { checkObject, compileSchema, type ObjectSchema } from './schema-check.ts';
import { maskText } from './mask.ts';
import { isKnownChannel, OTHER_CHANNEL } from './mapping.ts';
import {
  detectShape,
  extractConversation,
  extractEvent,
  isWithheldAddress,
  type Extracted,
  type Shape,
} from './genesys-shapes.ts';

export type { Shape } from './genesys-shapes.ts';

export type NormalizeResult =
  | { ok: true; shape: Shape; request: IncidentRequest; warnings: FieldWarning[] }
  | { ok: false; shape: Shape | undefined; errors: FieldError[]; warnings: FieldWarning[] };

const contract = compileSchema(incidentRequestSchema as unknown as ObjectSchema);
const FIELDS = Object.keys(incidentRequestSchema.properties);
const REQUIRED: readonly string[] = incidentRequestSchema.required;

/** Unknown-field warnings beyond this many are summarised in one line. */
export const MAX_WARNINGS = 20;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The pattern has already fixed the layout; this checks the calendar itself (Date.parse would
 * roll 2026-02-31 over to March 3 instead of failing).
 */
function isoDateTimeProblem(value: string): string | undefined {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const hour = Number(value.slice(11, 13));
  const minute = Number(value.slice(14, 16));
  const second = Number(value.slice(17, 19));
  if (month < 1 || month > 12) return 'is not a real date-time (month)';
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day < 1 || day > days) return 'is not a real date-time (day of month)';
  if (hour > 23 || minute > 59 || second > 60) return 'is not a real date-time (time of day)';
  if (isNaN(Date.parse(value))) return 'is not a real date-time';
  return undefined;
}

/**
 * Checks that a pattern alone cannot express: real calendar dates and their order. Runs only
 * on fields the schema accepted, so every error is still reported in one pass.
 */
function semanticChecks(
  candidate: Record<string, unknown>,
  rejected: (field: string) => boolean,
  pathOf: (field: string) => string,
  errors: FieldError[],
  warnings: FieldWarning[],
): void {
  const times: Record<string, number> = {};
  for (const field of ['conversationStart', 'conversationEnd']) {
    const value = candidate[field];
    if (typeof value !== 'string' || rejected(field)) continue;
    const problem = isoDateTimeProblem(value);
    if (problem) errors.push({ path: pathOf(field), message: problem });
    else times[field] = Date.parse(value);
  }
  const start = times.conversationStart;
  const end = times.conversationEnd;
  if (start !== undefined && end !== undefined && end < start) {
    warnings.push({ path: pathOf('conversationEnd'), message: 'is before conversationStart' });
  }
}

/** Drops optional empty strings; collects unknown fields as warnings. */
function cleanFlat(
  body: Record<string, unknown>,
  warnings: FieldWarning[],
): Record<string, unknown> {
  const candidate: Record<string, unknown> = {};
  let unknown = 0;
  for (const key of Object.keys(body)) {
    if (FIELDS.indexOf(key) < 0) {
      // a key is caller input too: mask personal data in it before echoing it
      if (++unknown <= MAX_WARNINGS) {
        warnings.push({
          path: pointer(maskText(key, { maxLength: 200 }).text),
          message: 'unknown field, ignored',
        });
      }
      continue;
    }
    const value = body[key];
    if (value === '' && REQUIRED.indexOf(key) < 0) continue;
    if (value === null && REQUIRED.indexOf(key) < 0) {
      warnings.push({ path: pointer(key), message: 'null treated as absent' });
      continue;
    }
    if (key === 'customerAddress' && typeof value === 'string' && isWithheldAddress(value)) {
      warnings.push({ path: pointer(key), message: 'withheld caller: no customer address' });
      continue;
    }
    candidate[key] = value;
  }
  if (unknown > MAX_WARNINGS) {
    warnings.push({ path: '', message: `${unknown - MAX_WARNINGS} more unknown fields ignored` });
  }
  return candidate;
}

function fromExtracted(extracted: Extracted): Record<string, unknown> {
  const candidate: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (hasOwn(extracted.fields, field)) candidate[field] = extracted.fields[field];
  }
  return candidate;
}

/** Normalizes and validates a parsed JSON body. */
export function normalizeRequest(body: unknown): NormalizeResult {
  if (!isPlainObject(body)) {
    const got = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body;
    return {
      ok: false,
      shape: undefined,
      errors: [{ path: '', message: `must be a JSON object, got ${got}` }],
      warnings: [],
    };
  }
  const shape = detectShape(body);
  const warnings: FieldWarning[] = [];
  let candidate: Record<string, unknown>;
  let sources: Record<string, string> = {};
  let errors: FieldError[] = [];
  if (shape === 'flat') {
    candidate = cleanFlat(body, warnings);
  } else {
    const extracted = shape === 'event' ? extractEvent(body) : extractConversation(body, '');
    candidate = fromExtracted(extracted);
    sources = extracted.sources;
    errors = extracted.errors;
    for (const note of extracted.notes) warnings.push(note);
  }
  // errors point at where the value came from; a derived field's message names the contract field
  const pathOf = (field: string): string => sources[field] ?? pointer(field);
  const extractionFailed = errors.length > 0;
  const rejectedFields: Record<string, boolean> = {};
  for (const error of checkObject(contract, candidate)) {
    const field = error.path.slice(1);
    rejectedFields[field] = true;
    const source = sources[field];
    // a field missing because extraction already failed is a consequence, not news
    if (extractionFailed && !hasOwn(candidate, field)) continue;
    if (source === undefined) {
      errors.push(error);
    } else if (!errors.some((e) => e.path === source)) {
      errors.push({ path: source, message: `${field} ${error.message}` });
    }
  }
  semanticChecks(candidate, (field) => rejectedFields[field] === true, pathOf, errors, warnings);
  if (errors.length > 0) return { ok: false, shape, errors, warnings };
  const channel = candidate.channel as string;
  if (!isKnownChannel(channel.toLowerCase()))
    warnings.push({
      path: pathOf('channel'),
      message: `is not a channel the app knows: filed with the contact type of "${OTHER_CHANNEL}"`,
    });
  return { ok: true, shape, request: candidate as unknown as IncidentRequest, warnings };
}
