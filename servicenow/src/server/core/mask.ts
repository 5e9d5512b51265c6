/**
 * PII masking for free text: phone numbers, e-mail addresses, payment cards (Luhn), US SSNs,
 * IBANs (mod-97) and operator-defined extra patterns.
 *
 * Runs on Node and inside ServiceNow's server-side JavaScript, so: no dependencies, no host
 * APIs, and no regex features Rhino lacks (lookbehind, named groups, u/s/y flags, \p{…}).
 *
 * The built-in detectors are a hand-written scanner rather than regular expressions so that
 * the running time is linear in the input whatever it contains: every character is visited a
 * bounded number of times (see `maskTextWithStats`, whose `steps` the tests bound).
 *
 * Only the last 4 digits of a phone, card, SSN or IBAN survive; an e-mail keeps its domain.
 * The result reports counts per type, never the values.
 */
import { pointer, type FieldError } from './field-error.ts';
import { isKnownRegion, nationalPlans, regionsOfAddress } from './phone-plans.ts';
import { domainEnd, findEmails, type EmailSpan } from './scan-emails.ts';
import { findNumbers } from './scan-numbers.ts';
import { isDigit } from './text-classes.ts';

export type DetectorName = 'phone' | 'email' | 'card' | 'ssn' | 'iban';
export const DETECTOR_NAMES: readonly DetectorName[] = ['phone', 'email', 'card', 'ssn', 'iban'];

export interface ExtraPattern {
  /** Name used in counts, e.g. "employee_id" (lower case, digits, underscores). */
  name: string;
  /** JavaScript regular expression source without delimiters; Rhino-compatible. */
  pattern: string;
  /** "i" and/or "m"; "g" is always added. */
  flags?: string;
  /** Characters kept at the end of each match (default 0: fully masked). */
  keepLast?: number;
}

export interface MaskOptions {
  /** Detectors to run; each defaults to on. */
  detectors?: Partial<Record<DetectorName, boolean>>;
  /** Extra patterns, applied after the built-in detectors to text they left alone. */
  extraPatterns?: readonly ExtraPattern[];
  /** Longest input masked, in UTF-16 units; longer input is cut there (default 100,000). */
  maxLength?: number;
  /**
   * Regions (ISO 3166 codes, e.g. ["NL", "DE"]) whose national numbering plans apply to phone
   * numbers written without a country code. Default none. International forms ("+31…", "0031…")
   * and the common national shapes (trunk 0 + 8–11 digits, North American NXX-NXX-XXXX) always
   * apply.
   */
  regions?: readonly string[];
  /**
   * The caller's own address (a request's customerAddress): when it is an international phone
   * number, its country's national plan applies too. Set per request, not an operator option.
   */
  callerAddress?: string;
}

export interface MaskResult {
  text: string;
  /** Number of values masked per type (every enabled type is present, zero included). */
  counts: { [type: string]: number };
  /** True when the input was longer than `maxLength` and the text was cut. */
  truncated: boolean;
}

/** Default and hard cap of characters masked in one call. */
export const DEFAULT_MAX_MASK_LENGTH = 100000;
export const MAX_EXTRA_PATTERNS = 20;
export const MAX_EXTRA_PATTERN_LENGTH = 200;
export const MAX_REGIONS = 50;

/**
 * How far past the cut the scanner reads, so that a value straddling the cut is recognised
 * whole and dropped rather than left half visible. It exceeds the longest value detected
 * (an e-mail: 64 + 1 + 253 characters).
 */
const LOOKAHEAD = 320;

interface Span {
  start: number;
  end: number;
  type: string;
  replacement: string;
}

const PHONE_MASK = '***-***-';
const CARD_MASK = '****-****-****-';
const SSN_MASK = '***-**-';

function ibanMask(compact: string): string {
  let stars = '';
  for (let i = 0; i < compact.length - 6; i++) stars += '*';
  return compact.slice(0, 2) + stars + compact.slice(compact.length - 4);
}

/** The regions whose national plans apply: the org's and the caller's own country. */
function planRegions(options: MaskOptions): string[] {
  const regions: string[] = [];
  for (const region of options.regions ?? []) regions.push(region);
  for (const region of regionsOfAddress(options.callerAddress)) regions.push(region);
  return regions;
}

/** The built-in detectors' spans in text order, each already carrying its replacement. */
function builtInSpans(
  text: string,
  options: MaskOptions,
  enabled: Record<DetectorName, boolean>,
  counter: { steps: number },
): Span[] {
  const emails = findEmails(text, counter);
  const skipStarts: number[] = [];
  const skipEnds: number[] = [];
  for (const email of emails) {
    // an e-mail address never joins a number, masked or not ("31612345678@s.whatsapp.net")
    skipStarts.push(email.start);
    skipEnds.push(email.end);
  }
  const plans = nationalPlans(planRegions(options));
  const numbers = findNumbers(text, { plans, skipStarts, skipEnds }, counter);
  // both lists are in text order and never overlap each other: merge them, no sort needed
  const spans: Span[] = [];
  let e = 0;
  for (let n = 0; n <= numbers.length; n++) {
    const found = numbers[n];
    while (e < emails.length && (!found || (emails[e] as EmailSpan).start < found.start)) {
      const email = emails[e++] as EmailSpan;
      if (enabled.email)
        spans.push({
          start: email.start,
          end: email.end,
          type: 'email',
          replacement: '***@' + email.domain,
        });
    }
    if (!found || !enabled[found.type]) continue;
    const replacement =
      found.type === 'iban'
        ? ibanMask(found.iban as string)
        : (found.type === 'card' ? CARD_MASK : found.type === 'ssn' ? SSN_MASK : PHONE_MASK) +
          found.last4;
    spans.push({ start: found.start, end: found.end, type: found.type, replacement });
  }
  return spans;
}

// ---------------------------------------------------------------- extra patterns

const PATTERN_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * Checks operator-supplied patterns: they must compile, use only features ServiceNow's engine
 * has, and avoid the nested quantifiers that make a regex take exponential time.
 */
export function validateExtraPatterns(
  patterns: unknown,
  basePath = '/extraPatterns',
): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(patterns)) return [{ path: basePath, message: 'must be an array' }];
  if (patterns.length > MAX_EXTRA_PATTERNS) {
    errors.push({ path: basePath, message: `must have at most ${MAX_EXTRA_PATTERNS} patterns` });
  }
  const seen: { [name: string]: boolean } = {};
  patterns.forEach((entry: unknown, index) => {
    const at = (field: string) => basePath + pointer(index, field);
    if (typeof entry !== 'object' || entry === null) {
      errors.push({ path: basePath + pointer(index), message: 'must be an object' });
      return;
    }
    const { name, pattern, flags, keepLast } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || !PATTERN_NAME.test(name)) {
      errors.push({
        path: at('name'),
        message: 'must be 1-32 characters of a-z, 0-9 and _, starting with a letter',
      });
    } else if ((DETECTOR_NAMES as readonly string[]).indexOf(name) >= 0 || seen[name]) {
      errors.push({ path: at('name'), message: `"${name}" is already used` });
    } else {
      seen[name] = true;
    }
    if (flags !== undefined && (typeof flags !== 'string' || !/^(i?m?|mi)$/.test(flags))) {
      errors.push({ path: at('flags'), message: 'may only contain "i" and "m"' });
    }
    if (
      keepLast !== undefined &&
      (typeof keepLast !== 'number' || keepLast % 1 !== 0 || keepLast < 0 || keepLast > 8)
    ) {
      errors.push({ path: at('keepLast'), message: 'must be an integer from 0 to 8' });
    }
    const problem = patternProblem(pattern);
    if (problem) errors.push({ path: at('pattern'), message: problem });
  });
  return errors;
}

function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || pattern.length === 0) return 'must be a non-empty string';
  if (pattern.length > MAX_EXTRA_PATTERN_LENGTH)
    return `must be at most ${MAX_EXTRA_PATTERN_LENGTH} characters`;
  if (pattern.indexOf('(?<') >= 0)
    return 'must not use lookbehind or named groups (not supported by ServiceNow)';
  if (/\\[pPk]/.test(pattern))
    return 'must not use \\p{…} or \\k<…> escapes (not supported by ServiceNow)';
  try {
    new RegExp(pattern, 'g');
  } catch (error) {
    return 'is not a valid regular expression';
  }
  if (hasNestedQuantifier(pattern))
    return 'must not repeat a group that itself repeats, e.g. (a+)+ (catastrophic backtracking)';
  if (new RegExp(pattern).test('')) return 'must not match the empty string';
  return undefined;
}

/** True when a quantified group contains a quantifier: the classic exponential-backtracking shape. */
function hasNestedQuantifier(pattern: string): boolean {
  const stack: boolean[] = [];
  let inClass = false;
  let groupHadQuantifier = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') {
      stack.push(false);
    } else if (ch === ')') {
      groupHadQuantifier = stack.pop() === true;
      const after = pattern.charAt(i + 1);
      const quantified = after === '*' || after === '+' || after === '{' || after === '?';
      if (quantified && groupHadQuantifier && after !== '?') return true;
      if (stack.length > 0 && (groupHadQuantifier || quantified)) stack[stack.length - 1] = true;
    } else if ((ch === '*' || ch === '+' || ch === '{') && stack.length > 0) {
      stack[stack.length - 1] = true;
    }
  }
  return false;
}

function maskValue(value: string, keepLast: number): string {
  let out = '';
  const keep = Math.min(keepLast, value.length);
  for (let i = 0; i < value.length - keep; i++) out += '*';
  return out + value.slice(value.length - keep);
}

/** Matches of the extra patterns that do not overlap a built-in span, in text order. */
function findExtraMatches(
  text: string,
  patterns: readonly ExtraPattern[],
  builtIn: readonly Span[],
): Span[] {
  const found: Span[] = [];
  for (const extra of patterns) {
    const regex = new RegExp(extra.pattern, 'g' + (extra.flags ?? ''));
    let b = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      const value = match[0];
      if (value.length === 0) {
        regex.lastIndex++;
        continue;
      }
      const start = match.index;
      const end = start + value.length;
      while (b < builtIn.length && (builtIn[b] as Span).end <= start) b++;
      const next = builtIn[b];
      if (next && next.start < end) continue;
      found.push({
        start,
        end,
        type: extra.name,
        replacement: maskValue(value, extra.keepLast ?? 0),
      });
    }
  }
  return found;
}

// ---------------------------------------------------------------- assembly

function bySpanStart(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end;
}

/** Drops spans that overlap an earlier one (earlier = found first in priority order). */
function nonOverlapping(spans: Span[]): Span[] {
  spans.sort(bySpanStart);
  const kept: Span[] = [];
  let end = -1;
  for (const span of spans) {
    if (span.start < end) continue;
    kept.push(span);
    end = span.end;
  }
  return kept;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Checks a list of phone regions: ISO 3166 codes the numbering-plan table knows, upper case. */
export function validateRegions(regions: unknown, basePath = '/regions'): FieldError[] {
  if (!Array.isArray(regions))
    return [{ path: basePath, message: 'must be an array of region codes' }];
  const errors: FieldError[] = [];
  if (regions.length > MAX_REGIONS)
    errors.push({ path: basePath, message: `must have at most ${MAX_REGIONS} regions` });
  regions.forEach((region: unknown, index) => {
    if (typeof region !== 'string' || !isKnownRegion(region))
      errors.push({
        path: basePath + pointer(index),
        message:
          'is not a region code with a numbering plan (ISO 3166 alpha-2, upper case, e.g. "NL")',
      });
  });
  return errors;
}

/** Checks mask options as an operator wrote them (e.g. in a ServiceNow property or config file). */
export function validateMaskOptions(options: unknown, basePath = ''): FieldError[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return [{ path: basePath, message: 'must be an object' }];
  }
  const errors: FieldError[] = [];
  const { detectors, extraPatterns, maxLength, regions } = options as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (
      key !== 'detectors' &&
      key !== 'extraPatterns' &&
      key !== 'maxLength' &&
      key !== 'regions'
    ) {
      errors.push({ path: basePath + pointer(key), message: 'is not a masking option' });
    }
  }
  if (detectors !== undefined) {
    if (typeof detectors !== 'object' || detectors === null || Array.isArray(detectors)) {
      errors.push({
        path: basePath + '/detectors',
        message: 'must be an object of detector: true|false',
      });
    } else {
      for (const key of Object.keys(detectors)) {
        const at = basePath + pointer('detectors', key);
        if ((DETECTOR_NAMES as readonly string[]).indexOf(key) < 0) {
          errors.push({
            path: at,
            message: `is not a detector; known: ${DETECTOR_NAMES.join(', ')}`,
          });
        } else if (typeof (detectors as Record<string, unknown>)[key] !== 'boolean') {
          errors.push({ path: at, message: 'must be true or false' });
        }
      }
    }
  }
  if (extraPatterns !== undefined) {
    for (const error of validateExtraPatterns(extraPatterns, basePath + '/extraPatterns'))
      errors.push(error);
  }
  if (regions !== undefined)
    for (const error of validateRegions(regions, basePath + '/regions')) errors.push(error);
  if (
    maxLength !== undefined &&
    (typeof maxLength !== 'number' ||
      maxLength % 1 !== 0 ||
      maxLength < 1 ||
      maxLength > DEFAULT_MAX_MASK_LENGTH)
  ) {
    errors.push({
      path: basePath + '/maxLength',
      message: `must be an integer from 1 to ${DEFAULT_MAX_MASK_LENGTH}`,
    });
  }
  return errors;
}

export interface MaskStats extends MaskResult {
  /** Scanner loop iterations: bounded by a constant times the input length. */
  steps: number;
}

/** `maskText` plus the scanner's step count, for complexity tests and benchmarks. */
export function maskTextWithStats(input: string, options: MaskOptions = {}): MaskStats {
  const maxLength = Math.min(options.maxLength ?? DEFAULT_MAX_MASK_LENGTH, DEFAULT_MAX_MASK_LENGTH);
  const truncated = input.length > maxLength;
  const text = truncated ? input.slice(0, maxLength + LOOKAHEAD) : input;
  const enabled = {} as Record<DetectorName, boolean>;
  const counts: { [type: string]: number } = {};
  for (const name of DETECTOR_NAMES) {
    enabled[name] = options.detectors?.[name] !== false;
    if (enabled[name]) counts[name] = 0;
  }
  const extras = options.extraPatterns ?? [];
  const invalid = extras.length > 0 ? validateExtraPatterns(extras) : [];
  if (invalid.length > 0) {
    throw new Error(
      'invalid extraPatterns: ' + invalid.map((e) => `${e.path} ${e.message}`).join('; '),
    );
  }
  for (const extra of extras) counts[extra.name] = 0;

  if (options.regions !== undefined) {
    const bad = validateRegions(options.regions);
    if (bad.length > 0)
      throw new Error('invalid regions: ' + bad.map((e) => `${e.path} ${e.message}`).join('; '));
  }

  const counter = { steps: 0 };
  const spans = builtInSpans(text, options, enabled, counter);
  let all = spans; // in text order, never overlapping (see builtInSpans)
  if (extras.length > 0) all = nonOverlapping(all.concat(findExtraMatches(text, extras, all)));

  let cut = truncated ? maxLength : text.length;
  if (cut > 0 && cut < text.length && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  const parts: string[] = [];
  let position = 0;
  for (const span of all) {
    if (span.start >= cut) break;
    if (span.end > cut) {
      cut = span.start; // never leave part of a value behind the cut
      break;
    }
    parts.push(text.slice(position, span.start), span.replacement);
    counts[span.type] = (counts[span.type] ?? 0) + 1;
    position = span.end;
  }
  parts.push(text.slice(position, Math.max(position, cut)));
  return { text: parts.join(''), counts, truncated, steps: counter.steps };
}

/** Masks PII in free text. Linear time; input beyond `maxLength` is cut (see `truncated`). */
export function maskText(input: string, options: MaskOptions = {}): MaskResult {
  const { text, counts, truncated } = maskTextWithStats(input, options);
  return { text, counts, truncated };
}

/**
 * Masks a single customer address for display: a phone number keeps its last 4 digits, an
 * e-mail its domain, any other handle its last 4 characters.
 */
export function maskAddress(address: string): string {
  const value = address.trim();
  const at = value.lastIndexOf('@');
  if (at > 0 && domainEnd(value, at + 1, value.length) === value.length)
    return '***@' + value.slice(at + 1);
  let digits = '';
  for (let i = 0; i < value.length; i++)
    if (isDigit(value.charCodeAt(i))) digits += value.charAt(i);
  if (digits.length >= 7 && /^(tel:)?[+0-9 ().-]+$/.test(value))
    return PHONE_MASK + digits.slice(digits.length - 4);
  return value.length <= 4 ? maskValue(value, 0) : maskValue(value, 4);
}
