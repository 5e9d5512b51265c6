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
import {
  isDateShaped,
  isIpv4Shaped,
  isPhoneShaped,
  isUuidShaped,
  isValidIban,
  isValidSsn,
  passesLuhn,
  IBAN_LENGTHS,
} from './pii-checks.ts';

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

/**
 * How far past the cut the scanner reads, so that a value straddling the cut is recognised
 * whole and dropped rather than left half visible. It exceeds the longest value detected
 * (an e-mail: 64 + 1 + 253 characters).
 */
const LOOKAHEAD = 320;
const MAX_EMAIL_LOCAL = 64;
const MAX_EMAIL_DOMAIN = 253;
const MAX_NUMBER_DIGITS = 19;

interface Span {
  start: number;
  end: number;
  type: string;
  replacement: string;
}

// ---------------------------------------------------------------- character classes

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isSpace(code: number): boolean {
  return (
    code <= 32 ||
    code === 0xa0 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x3000
  );
}

function isEmailLocalChar(code: number): boolean {
  // letters, digits and . _ % + - (the characters real mailboxes use)
  return (
    isDigit(code) ||
    isLetter(code) ||
    code === 46 ||
    code === 95 ||
    code === 37 ||
    code === 43 ||
    code === 45
  );
}

function isDomainChar(code: number): boolean {
  return isDigit(code) || isLetter(code) || code === 46 || code === 45;
}

// ---------------------------------------------------------------- e-mail

/**
 * Finds e-mail addresses around each "@". The left scan stops at the previous "@" or match,
 * and the right scan stops at the next character that cannot be in a domain (an "@" among
 * them), so every character is scanned at most twice.
 */
function findEmails(text: string, counter: { steps: number }): Span[] {
  const spans: Span[] = [];
  let floor = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > floor && isEmailLocalChar(text.charCodeAt(start - 1))) {
      start--;
      counter.steps++;
    }
    while (start < at && text.charCodeAt(start) === 46) start++; // no leading dot
    let end = at + 1;
    while (end < text.length && isDomainChar(text.charCodeAt(end))) {
      end++;
      counter.steps++;
    }
    floor = at + 1;
    // a sentence may end right after the address: "mail me at a@b.nl."
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45))
      end--;
    const local = at - start;
    const domain = text.slice(at + 1, end);
    if (local === 0 || local > MAX_EMAIL_LOCAL || !isEmailDomain(domain)) continue;
    spans.push({ start, end, type: 'email', replacement: '***@' + domain });
    floor = end;
  }
  return spans;
}

function isEmailDomain(domain: string): boolean {
  if (domain.length < 4 || domain.length > MAX_EMAIL_DOMAIN) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return false;
    if (label.charCodeAt(0) === 45 || label.charCodeAt(label.length - 1) === 45) return false;
  }
  const tld = labels[labels.length - 1] as string;
  if (tld.length < 2) return false;
  for (let i = 0; i < tld.length; i++) if (!isLetter(tld.charCodeAt(i))) return false;
  return true;
}

// ---------------------------------------------------------------- compounds

/**
 * A compound is a run of non-space characters (an e-mail match also ends one). Numbers are
 * recognised over one compound ("415-555-0134") or several joined by single spaces
 * ("+1 415 555 0134"); a compound holding letters, colons or slashes is never part of a
 * number, which is what keeps UUIDs, timestamps, times and ticket numbers intact.
 */
interface Compound {
  start: number;
  end: number;
  /** Only digits and the separators - . ( ) after trimming: may be part of a number. */
  numeric: boolean;
  /** Never masked (dates, IPv4, UUID-shaped, or part of a failed IBAN / SSN look-alike). */
  shielded: boolean;
  plus: boolean;
  /** Separators other than "-" between digit groups (".", "(", ")"). */
  otherSeparators: boolean;
  digits: string;
  groups: string[];
  /** Index of the first "+", "(" or digit that a mask would replace from. */
  maskStart: number;
  /** Index just after the last digit. */
  maskEnd: number;
  /** Joined to the previous compound by exactly one space character. */
  joined: boolean;
}

function trimmedBounds(text: string, start: number, end: number): [number, number] {
  // quotes and brackets around a value, and trailing sentence punctuation, are not part of it
  while (start < end && '"\'([{<'.indexOf(text.charAt(start)) >= 0) start++;
  while (end > start && '.,;:!?"\')]}>'.indexOf(text.charAt(end - 1)) >= 0) end--;
  return [start, end];
}

function hasUriPrefix(text: string, at: number): boolean {
  const prefix = text.slice(at, at + 4).toLowerCase();
  return prefix === 'tel:' || prefix === 'sip:';
}

function readCompound(
  text: string,
  start: number,
  end: number,
  joined: boolean,
  counter: { steps: number },
): Compound {
  const compound = textCompound(start, end);
  compound.joined = joined;
  const bounds = trimmedBounds(text, start, end);
  let from = bounds[0];
  const to = bounds[1];
  const uri = to - from > 4 && hasUriPrefix(text, from);
  if (uri) from += 4; // "tel:+14155550134", "sip:+14155550134@host"
  let i = from;
  if (i < to && text.charCodeAt(i) === 43) {
    compound.plus = true;
    i++;
  }
  let groupStart = -1;
  let digitCount = 0;
  let separatorRun = 0;
  let lastDigit = -1;
  for (; i < to; i++) {
    counter.steps++;
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      if (++digitCount > MAX_NUMBER_DIGITS) return compound; // too long for any value we mask
      if (groupStart < 0) groupStart = i;
      lastDigit = i;
      separatorRun = 0;
      continue;
    }
    if (uri && code === 64) break; // the host part of a SIP URI
    const separator = code === 45 || code === 46 || code === 40 || code === 41;
    if (!separator || separatorRun >= 2) return compound; // letters, colons, slashes…: not a number
    if (code !== 45) compound.otherSeparators = true;
    if (groupStart >= 0) compound.groups.push(text.slice(groupStart, i));
    groupStart = -1;
    separatorRun++;
  }
  if (groupStart >= 0) compound.groups.push(text.slice(groupStart, lastDigit + 1));
  if (digitCount === 0) return compound;
  compound.numeric = true;
  compound.digits = compound.groups.join('');
  const first = compound.plus ? from : text.indexOf(compound.groups[0] as string, from);
  // "(415) 555-0134": the area code's brackets go with the mask
  const areaCode =
    digitCount <= 4 &&
    from > start &&
    text.charCodeAt(from - 1) === 40 &&
    to < end &&
    text.charCodeAt(to) === 41;
  compound.maskStart = areaCode && !compound.plus ? from - 1 : first;
  compound.maskEnd = lastDigit + 1;
  const groups = compound.groups;
  // an international "+" number is never a date, an IPv4 address or a UUID
  compound.shielded =
    !compound.plus &&
    groups.length > 1 &&
    (isDateShaped(groups) || isIpv4Shaped(groups) || isUuidShaped(groups));
  return compound;
}

function splitCompounds(
  text: string,
  emails: readonly Span[],
  counter: { steps: number },
): Compound[] {
  const compounds: Compound[] = [];
  let emailIndex = 0;
  let i = 0;
  let previousEnd = -2;
  while (i < text.length) {
    const nextEmail = emails[emailIndex];
    if (nextEmail && i >= nextEmail.start) {
      i = nextEmail.end;
      emailIndex++;
      previousEnd = -2; // an e-mail never joins a number
      continue;
    }
    const code = text.charCodeAt(i);
    counter.steps++;
    if (isSpace(code)) {
      i++;
      continue;
    }
    const start = i;
    const stop = nextEmail ? nextEmail.start : text.length;
    while (i < stop && !isSpace(text.charCodeAt(i))) {
      i++;
      counter.steps++;
    }
    const gap = start - previousEnd;
    const joined =
      gap === 1 && (text.charCodeAt(previousEnd) === 32 || text.charCodeAt(previousEnd) === 0xa0);
    // a compound that runs into an e-mail address is never part of a number
    const touchesEmail = nextEmail !== undefined && i === nextEmail.start;
    const label = touchesEmail ? 0 : labelLength(text, start, i);
    if (label > 0) {
      // "card:4111…", "iban=NL91…": the label is text, the value is a compound of its own
      compounds.push(textCompound(start, start + label));
      compounds.push(readCompound(text, start + label, i, false, counter));
    } else {
      compounds.push(
        touchesEmail ? textCompound(start, i) : readCompound(text, start, i, joined, counter),
      );
    }
    previousEnd = i;
  }
  return compounds;
}

const MAX_LABEL = 20;

/**
 * Length of a label glued to a value ("card:", "iban=", "ssn#"): up to 20 letters, then one of
 * ":", "=", "#", then a digit, "+" or "(" or (for an IBAN) a letter; 0 when there is none.
 * "tel:" and "sip:" stay with their number (readCompound reads those URIs).
 */
function labelLength(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && i - start < MAX_LABEL && isLetter(text.charCodeAt(i))) i++;
  if (i === start || i + 1 >= end) return 0;
  const separator = text.charAt(i);
  if (separator !== ':' && separator !== '=' && separator !== '#') return 0;
  if (separator === ':' && hasUriPrefix(text, start) && i - start === 3) return 0;
  const next = text.charCodeAt(i + 1);
  return isDigit(next) || isLetter(next) || next === 43 || next === 40 ? i + 1 - start : 0;
}

function textCompound(start: number, end: number): Compound {
  return {
    start,
    end,
    numeric: false,
    shielded: false,
    plus: false,
    otherSeparators: false,
    digits: '',
    groups: [],
    maskStart: start,
    maskEnd: end,
    joined: false,
  };
}

// ---------------------------------------------------------------- IBAN

function upperAlnum(text: string, start: number, end: number): string | undefined {
  const value = text.slice(start, end).toUpperCase();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (!isDigit(code) && !(code >= 65 && code <= 90)) return undefined;
  }
  return value;
}

function ibanMask(compact: string): string {
  let stars = '';
  for (let i = 0; i < compact.length - 6; i++) stars += '*';
  return compact.slice(0, 2) + stars + compact.slice(compact.length - 4);
}

/**
 * IBANs written compact ("NL91ABNA0417164300") or in groups of four ("NL91 ABNA 0417 1643 00").
 * A look-alike that fails the checksum shields its compounds so that its digit groups are not
 * mistaken for a phone number.
 */
function findIbans(
  text: string,
  compounds: Compound[],
  spans: Span[],
  counter: { steps: number },
): void {
  for (let c = 0; c < compounds.length; c++) {
    const first = compounds[c] as Compound;
    const [from, to] = trimmedBounds(text, first.start, first.end);
    if (to - from < 4 || !isLetter(text.charCodeAt(from)) || !isLetter(text.charCodeAt(from + 1)))
      continue;
    if (!isDigit(text.charCodeAt(from + 2)) || !isDigit(text.charCodeAt(from + 3))) continue;
    const country = text.slice(from, from + 2).toUpperCase();
    const length = IBAN_LENGTHS[country];
    if (length === undefined) continue;
    if (to - from > 4) {
      const compact = upperAlnum(text, from, to);
      if (compact === undefined || compact.length !== length) continue;
      if (isValidIban(compact))
        spans.push({ start: from, end: to, type: 'iban', replacement: ibanMask(compact) });
      continue;
    }
    // grouped form: the first group is exactly "CCdd", then groups of up to 4 characters
    let compact = text.slice(from, to).toUpperCase();
    let last = c;
    let end = to;
    while (compact.length < length && last + 1 < compounds.length) {
      const next = compounds[last + 1] as Compound;
      counter.steps++;
      if (!next.joined) break;
      const [gFrom, gTo] = trimmedBounds(text, next.start, next.end);
      const group = upperAlnum(text, gFrom, gTo);
      if (group === undefined || group.length === 0 || group.length > 4) break;
      compact += group;
      last++;
      end = gTo;
    }
    if (compact.length !== length || last === c) continue;
    if (isValidIban(compact)) {
      spans.push({ start: from, end, type: 'iban', replacement: ibanMask(compact) });
    }
    for (let k = c; k <= last; k++) (compounds[k] as Compound).shielded = true;
    c = last;
  }
}

// ---------------------------------------------------------------- numbers

const PHONE_MASK = '***-***-';
const CARD_MASK = '****-****-****-';
const SSN_MASK = '***-**-';

/** Compounds c..k joined by single spaces; its groups are the first `groupCount` of a shared list. */
interface Candidate {
  digits: string;
  groupCount: number;
  plus: boolean;
  otherSeparators: boolean;
}

/** How cards are written: one run, or a first group of four then groups of four or six (Amex 4-6-5). */
function isCardLayout(groups: readonly string[], count: number): boolean {
  if (count === 1) return true;
  if ((groups[0] as string).length !== 4) return false;
  for (let i = 1; i < count - 1; i++) {
    const length = (groups[i] as string).length;
    if (length !== 4 && length !== 6) return false;
  }
  return true;
}

function classify(
  candidate: Candidate,
  groups: readonly string[],
  compounds: number,
): { type: DetectorName; mask: string } | 'shield' | undefined {
  const { digits, groupCount } = candidate;
  const last4 = digits.slice(digits.length - 4);
  // SSN look-alikes (3-2-4 written with separators) are SSNs or nothing, never phone numbers.
  const ssnShaped =
    digits.length === 9 &&
    groupCount === 3 &&
    (groups[0] as string).length === 3 &&
    (groups[1] as string).length === 2 &&
    !candidate.plus &&
    !candidate.otherSeparators &&
    (compounds === 1 || compounds === 3);
  if (ssnShaped) {
    return isValidSsn(groups[0] as string, groups[1] as string, groups[2] as string)
      ? { type: 'ssn', mask: SSN_MASK + last4 }
      : 'shield';
  }
  if (digits.length >= 13 && !candidate.plus && !candidate.otherSeparators) {
    // no card number starts with 0 (no issuer has a 0 prefix): those are "00" phone numbers
    if (digits.charAt(0) !== '0' && passesLuhn(digits))
      return { type: 'card', mask: CARD_MASK + last4 };
    // written like a card but fails Luhn: leave it all alone rather than half-mask it
    if (digits.charAt(0) !== '0' && isCardLayout(groups, groupCount)) return 'shield';
  }
  if (isPhoneShaped(digits, candidate.plus)) return { type: 'phone', mask: PHONE_MASK + last4 };
  return undefined;
}

/**
 * Tries, at each numeric compound, the longest candidate of joined compounds first (at most 19
 * digits, so a bounded number of candidates per compound): linear in the number of compounds.
 * The candidates share one list of groups, so trying them copies no arrays.
 */
function findNumbers(
  compounds: readonly Compound[],
  enabled: Record<DetectorName, boolean>,
  spans: Span[],
  counter: { steps: number },
): void {
  let c = 0;
  const groups: string[] = [];
  while (c < compounds.length) {
    const first = compounds[c] as Compound;
    if (!first.numeric || first.shielded) {
      c++;
      continue;
    }
    const candidates: Candidate[] = [];
    groups.length = 0;
    let digits = '';
    let otherSeparators = false;
    for (let k = c; k < compounds.length; k++) {
      const next = compounds[k] as Compound;
      counter.steps++;
      if (k > c && (!next.joined || !next.numeric || next.shielded || next.plus)) break;
      if (digits.length + next.digits.length > MAX_NUMBER_DIGITS) break;
      digits += next.digits;
      for (const group of next.groups) groups.push(group);
      otherSeparators = otherSeparators || next.otherSeparators;
      candidates.push({ digits, groupCount: groups.length, plus: first.plus, otherSeparators });
    }
    let matched = false;
    for (let w = candidates.length - 1; w >= 0 && !matched; w--) {
      counter.steps++;
      const verdict = classify(candidates[w] as Candidate, groups, w + 1);
      if (verdict === undefined) continue;
      matched = true;
      if (verdict !== 'shield' && enabled[verdict.type]) {
        const lastCompound = compounds[c + w] as Compound;
        spans.push({
          start: first.maskStart,
          end: lastCompound.maskEnd,
          type: verdict.type,
          replacement: verdict.mask,
        });
      }
      c += w + 1;
    }
    if (!matched) c++;
  }
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

/** Checks mask options as an operator wrote them (e.g. in a ServiceNow property or config file). */
export function validateMaskOptions(options: unknown, basePath = ''): FieldError[] {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return [{ path: basePath, message: 'must be an object' }];
  }
  const errors: FieldError[] = [];
  const { detectors, extraPatterns, maxLength } = options as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (key !== 'detectors' && key !== 'extraPatterns' && key !== 'maxLength') {
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

  const counter = { steps: 0 };
  const emails = findEmails(text, counter);
  const compounds = splitCompounds(text, emails, counter);
  const spans: Span[] = enabled.email ? emails.slice() : [];
  const ibans: Span[] = [];
  findIbans(text, compounds, ibans, counter);
  if (enabled.iban) for (const span of ibans) spans.push(span);
  findNumbers(compounds, enabled, spans, counter);
  let all = nonOverlapping(spans);
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
  if (at > 0 && isEmailDomain(value.slice(at + 1))) return '***@' + value.slice(at + 1);
  let digits = '';
  for (let i = 0; i < value.length; i++)
    if (isDigit(value.charCodeAt(i))) digits += value.charAt(i);
  if (digits.length >= 7 && /^(tel:)?[+0-9 ().-]+$/.test(value))
    return PHONE_MASK + digits.slice(digits.length - 4);
  return value.length <= 4 ? maskValue(value, 0) : maskValue(value, 4);
}
