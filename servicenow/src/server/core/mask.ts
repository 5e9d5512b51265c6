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
import { domainEnd, findEmails } from './scan-emails.ts';
import { findNumbers, OTHER_SCRIPT_DIGITS } from './scan-numbers.ts';
import { foldDigits } from './fold-digits.ts';
import { addSpan, EMAIL_KIND, MASK_PREFIX, newSpans, PHONE_KIND, type Spans } from './spans.ts';
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
  enabled: readonly boolean[],
  counter: { steps: number },
): Spans {
  const emails = findEmails(text, counter);
  const plans = nationalPlans(planRegions(options));
  // an e-mail address never joins a number, masked or not ("31612345678@s.whatsapp.net")
  const scan = { plans, skipStarts: emails.start, skipEnds: emails.end, skipCount: emails.count };
  let numbers = findNumbers(text, scan, counter);
  // digits of another script ("٠٥٠١٢٣٤٥٦٧"): found in their ASCII folding, which keeps every
  // position, and masked in the text as written (the digits a mask keeps too)
  if (numbers === OTHER_SCRIPT_DIGITS) numbers = findNumbers(foldDigits(text), scan, counter);
  let numbersOn = true;
  for (let kind = 0; kind < enabled.length; kind++)
    if (kind !== EMAIL_KIND && !enabled[kind]) numbersOn = false;
  const emailOn = enabled[EMAIL_KIND] as boolean;
  // the usual cases, and those of value-dense text: nothing to merge or leave out
  if (emails.count === 0 && numbersOn) return numbers;
  if (numbers.count === 0 && emailOn) return emails;
  // both lists are in text order and never overlap each other: merge them, no sort needed
  const spans = newSpans();
  const count = numbers.count;
  let e = 0;
  for (let n = 0; n <= count; n++) {
    const start = n < count ? (numbers.start[n] as number) : text.length + 1;
    for (; e < emails.count && (emails.start[e] as number) < start; e++)
      if (emailOn)
        addSpan(
          spans,
          emails.start[e] as number,
          emails.end[e] as number,
          EMAIL_KIND,
          emails.replacement[e] as string,
          emails.shown[e] as number,
        );
    if (n === count) break;
    const kind = numbers.kind[n] as number;
    if (enabled[kind])
      addSpan(
        spans,
        start,
        numbers.end[n] as number,
        kind,
        numbers.replacement[n] as string,
        numbers.shown[n] as number,
      );
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

/**
 * Adds the matches of the extra patterns that do not overlap a built-in span (the first
 * `builtIn` spans, in text order); extra pattern p is kind firstKind + p.
 */
function addExtraMatches(
  text: string,
  patterns: readonly ExtraPattern[],
  spans: Spans,
  firstKind: number,
): void {
  const builtIn = spans.count;
  for (let p = 0; p < patterns.length; p++) {
    const extra = patterns[p] as ExtraPattern;
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
      while (b < builtIn && (spans.end[b] as number) <= start) b++;
      if (b < builtIn && (spans.start[b] as number) < end) continue;
      addSpan(spans, start, end, firstKind + p, maskValue(value, extra.keepLast ?? 0), 0);
    }
  }
}

// ---------------------------------------------------------------- assembly

/**
 * The spans in text order without overlaps: of spans starting together the longest wins, and
 * a span overlapping an earlier one is dropped (the sort is stable, so on a tie the one found
 * first, in priority order, wins).
 */
function nonOverlapping(spans: Spans): Spans {
  const order: number[] = [];
  for (let k = 0; k < spans.count; k++) order.push(k);
  order.sort(
    (a, b) =>
      (spans.start[a] as number) - (spans.start[b] as number) ||
      (spans.end[b] as number) - (spans.end[a] as number),
  );
  const kept = newSpans();
  let end = -1;
  for (const k of order) {
    const start = spans.start[k] as number;
    if (start < end) continue;
    end = spans.end[k] as number;
    addSpan(
      kept,
      start,
      end,
      spans.kind[k] as number,
      spans.replacement[k] as string,
      spans.shown[k] as number,
    );
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
  const names: string[] = [];
  const enabled: boolean[] = [];
  const counts: { [type: string]: number } = {};
  for (const name of DETECTOR_NAMES) {
    names.push(name);
    enabled.push(options.detectors?.[name] !== false);
    if (enabled[enabled.length - 1]) counts[name] = 0;
  }
  const extras = options.extraPatterns ?? [];
  const invalid = extras.length > 0 ? validateExtraPatterns(extras) : [];
  if (invalid.length > 0) {
    throw new Error(
      'invalid extraPatterns: ' + invalid.map((e) => `${e.path} ${e.message}`).join('; '),
    );
  }
  for (const extra of extras) {
    names.push(extra.name);
    counts[extra.name] = 0;
  }

  if (options.regions !== undefined) {
    const bad = validateRegions(options.regions);
    if (bad.length > 0)
      throw new Error('invalid regions: ' + bad.map((e) => `${e.path} ${e.message}`).join('; '));
  }

  const counter = { steps: 0 };
  let spans = builtInSpans(text, options, enabled, counter); // in text order, never overlapping
  if (extras.length > 0) {
    addExtraMatches(text, extras, spans, DETECTOR_NAMES.length);
    spans = nonOverlapping(spans);
  }

  let cut = truncated ? maxLength : text.length;
  if (cut > 0 && cut < text.length && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  // the output by concatenation (a rope in V8, a ConsString in Rhino: cheaper than joining
  // an array of thousands of pieces), counts per kind in an array: nothing per value but one
  // slice of the text, which also carries what the mask shows as written (in Rhino a property
  // written by name is a lookup)
  let out = '';
  const tally: number[] = [];
  for (let k = 0; k < names.length; k++) tally.push(0);
  const starts = spans.start;
  const ends = spans.end;
  const kinds = spans.kind;
  const replacements = spans.replacement;
  const shown = spans.shown;
  const count = spans.count;
  let position = 0;
  for (let k = 0; k < count; k++) {
    const start = starts[k] as number;
    if (start >= cut) break;
    if ((ends[k] as number) > cut) {
      cut = start; // never leave part of a value behind the cut
      break;
    }
    out += text.slice(position, start);
    out += replacements[k] as string;
    const kind = kinds[k] as number;
    tally[kind] = (tally[kind] as number) + 1;
    // what the mask shows as written (the last four digits, a domain) goes with the next slice
    position = (ends[k] as number) - (shown[k] as number);
  }
  out += text.slice(position, Math.max(position, cut));
  for (let k = 0; k < names.length; k++)
    if ((tally[k] as number) > 0) counts[names[k] as string] = tally[k] as number;
  return { text: out, counts, truncated, steps: counter.steps };
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
    return (MASK_PREFIX[PHONE_KIND] as string) + digits.slice(digits.length - 4);
  return value.length <= 4 ? maskValue(value, 0) : maskValue(value, 4);
}
