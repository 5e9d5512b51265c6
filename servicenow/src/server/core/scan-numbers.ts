/**
 * Phone numbers, payment cards, US SSNs and IBANs in free text, found by one left-to-right scan.
 *
 * Token boundary (all four detectors): a value starts at a digit, at a "+" or "(" before a digit,
 * or (IBAN) at the two letters before its check digits, and ends at the first character that
 * cannot continue it. Whatever stands next to it — any punctuation, quotes, brackets, "=" or ":"
 * labels, letters, another value — only ends it; nothing beside a value is needed to find it.
 *
 * Inside a number, digit groups are joined by runs of at most three separators from
 * "-" "." "/" "(" ")" and one space (no-break and thin spaces included) between spaces: "+31 (0)6
 * 1234 5678", "089/1234567", "(21) 98765-4321". A "+" or a second space ends the number.
 *
 * A number token may hold several values glued together ("+31612345678-+31687654321",
 * "0612345678.0687654321"); values are read as windows of at most 7 consecutive groups and 19
 * digits, longest first, from each group that can start one. Every window is classified in
 * constant time from prefix sums (Luhn), its first five digits and its length, so the scan is
 * linear with a small constant whatever the input: "1 1 1 1…" costs about what prose costs.
 *
 * Look-alikes never masked: dates (4-2-2 / 2-2-4 with a real month and day, any separator),
 * dotted runs of three or more groups not starting with 0 (IPv4, versions such as 124.0.6367.91,
 * amounts such as 1.234.567), UUIDs (8-4-4-4-12), SSN-shaped 3-2-4 numbers the SSA cannot issue,
 * card-shaped numbers failing Luhn and IBAN-shaped strings failing mod-97.
 */
import { IBAN_LENGTHS } from './pii-checks.ts';
import { isNationalNumber, type NationalPlans } from './phone-plans.ts';
import { isAsciiLetter, isDigit } from './text-classes.ts';

export type NumberType = 'phone' | 'card' | 'ssn' | 'iban';

export interface NumberSpan {
  start: number;
  end: number;
  type: NumberType;
  /** Last four characters kept by the mask. */
  last4: string;
  /** IBAN only: the compact upper-case value (its country is kept). */
  iban?: string;
}

const MAX_DIGITS = 19;
const MAX_GROUPS = 7;

// separator flags, per group: what stands between it and the previous group
const SEP_SPACE = 1;
const SEP_DOT = 2;
const SEP_DASH = 4;
const SEP_SLASH = 8;
const SEP_PAREN = 16;

const NONE = 0;
const PHONE = 1;
const CARD = 2;
const SSN = 3;
const SHIELD = 4;

/** Reusable per-scan buffers (one token's groups); sized by the longest token seen. */
interface Groups {
  count: number;
  start: number[];
  end: number[];
  sep: number[];
}

/**
 * One set of buffers for every scan: a token of thousands of groups ("1 1 1 …") then costs no
 * array growth or garbage. Scans never interleave: findNumbers runs to completion without
 * yielding, and ASSUMED: ServiceNow never runs two threads inside one module instance (each
 * transaction evaluates the script include in its own scope).
 */
const GROUPS: Groups = { count: 0, start: [], end: [], sep: [] };

const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/** Which US SSN keyword, if any, ends right before `at` ("SSN: ", "social security number "). */
export function followsSsnKeyword(text: string, at: number): boolean {
  let i = at;
  let skipped = 0;
  while (i > 0 && skipped < 4 && ' \t:#=-.("\'\u00a0'.indexOf(text.charAt(i - 1)) >= 0) {
    i--;
    skipped++;
  }
  let word = previousWord(text, i);
  if (word === 'is' || word === 'number' || word === 'no' || word === 'nr' || word === 'num') {
    i -= word.length;
    while (i > 0 && skipped < 8 && ' .:#'.indexOf(text.charAt(i - 1)) >= 0) {
      i--;
      skipped++;
    }
    word = previousWord(text, i);
  }
  if (word === 'ssn' || word === 'ssns') return true;
  if (word !== 'security' && word !== 'sec') return false;
  i -= word.length;
  if (i > 0 && ' -\u00a0'.indexOf(text.charAt(i - 1)) >= 0) i--;
  const first = previousWord(text, i);
  return (word === 'security' && first === 'social') || (word === 'sec' && first === 'soc');
}

/** The ASCII letters right before `at`, lower case, when 2–12 of them form a word. */
function previousWord(text: string, at: number): string {
  let i = at;
  while (i > 0 && at - i < 13 && isAsciiLetter(text.charCodeAt(i - 1))) i--;
  if (at - i < 2 || at - i > 12) return '';
  return text.slice(i, at).toLowerCase();
}

export interface NumberScanOptions {
  plans: NationalPlans;
  /** Stop before these positions (e-mail spans, sorted): [start, end) pairs. */
  skipStarts: readonly number[];
  skipEnds: readonly number[];
}

export function findNumbers(
  text: string,
  options: NumberScanOptions,
  counter: { steps: number },
): NumberSpan[] {
  const spans: NumberSpan[] = [];
  const groups = GROUPS;
  const { skipStarts, skipEnds } = options;
  let skip = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    // the hot path: letters, spaces and most punctuation start nothing
    if (code > 57 || (code < 48 && code !== 43 && code !== 40)) {
      i++;
      continue;
    }
    while (skip < skipStarts.length && (skipEnds[skip] as number) <= i) skip++;
    if (skip < skipStarts.length && (skipStarts[skip] as number) <= i) {
      i = skipEnds[skip] as number;
      continue;
    }
    const stop = skip < skipStarts.length ? (skipStarts[skip] as number) : length;
    const next = i + 1 < stop ? text.charCodeAt(i + 1) : -1;
    if (code === 43 && !isDigit(next)) {
      i++;
      continue;
    }
    if (code === 40 && !isDigit(next) && !(next === 43 && isDigit(text.charCodeAt(i + 2)))) {
      i++;
      continue;
    }
    if (isDigit(code) && i >= 2 && isDigit(next)) {
      const iban = readIban(text, i - 2, stop, counter);
      if (iban > 0) {
        const valid = ibanChecksumOk(text, i - 2, iban);
        if (valid) {
          const compact = ibanCompact(text, i - 2, iban);
          spans.push({
            start: i - 2,
            end: iban,
            type: 'iban',
            last4: compact.slice(compact.length - 4),
            iban: compact,
          });
        }
        // an IBAN look-alike failing mod-97 ("BE43000859577065") is left whole, unless it is
        // letters glued to letters and digits ("xMK2221940922357351", "AD6011…038AAA"): those
        // are read as a number (in groups of four it is a look-alike whatever its characters)
        if (
          valid ||
          letterBeforeDigit(text, i, iban) ||
          !gluedToLetter(text, i - 2) ||
          text.slice(i - 2, iban).indexOf(' ') >= 0
        ) {
          i = iban;
          continue;
        }
      }
    }
    i = readToken(text, i, stop, groups, counter);
    if (groups.count > 0 && !insideIdentifier(text, groups.start[0] as number, i))
      classifyToken(text, groups, options.plans, spans, counter);
  }
  counter.steps += length;
  return spans;
}

// ---------------------------------------------------------------- national-plan context

const NOT_PHONE_WORDS = [
  'order',
  'invoice',
  'ticket',
  'case',
  'ref',
  'reference',
  'id',
  'no',
  'nr',
  'bestellung',
  'rechnung',
  'commande',
  'facture',
  'pedido',
  'factura',
  'bestelling',
  'factuur',
  'ordine',
  'fattura',
];

/**
 * Before bare digits: "#", "n°", an upper-case ticket prefix glued to them ("RITM0647313") or an
 * order/invoice word. Bounded look-back (about 16 characters).
 */
function notAPhoneContext(text: string, at: number): boolean {
  let b = at;
  while (b > 0 && at - b < 2 && text.charCodeAt(b - 1) === 32) b--;
  const before = b > 0 ? text.charCodeAt(b - 1) : 32;
  if (before === 35 || before === 0xb0 || before === 0xba) return true; // "#", "n°", "nº"
  if (before >= 65 && before <= 90) {
    let i = at - 1;
    while (i > 0 && at - i < 8 && text.charCodeAt(i - 1) >= 65 && text.charCodeAt(i - 1) <= 90) i--;
    return at - i >= 2 && (i === 0 || !isAsciiLetter(text.charCodeAt(i - 1)));
  }
  let i = at;
  while (i > 0 && at - i < 3 && ' :.#'.indexOf(text.charAt(i - 1)) >= 0) i--;
  if (i > 0 && text.charCodeAt(i - 1) === 35) return true;
  const word = previousWord(text, i);
  return word !== '' && NOT_PHONE_WORDS.indexOf(word) >= 0;
}

/**
 * The SSA's rules read in place: area (3 digits at a) not 000, 666
 * or 9xx, group (2 at b) not 00, serial (4 at c) not 0000. No strings built.
 */
function isIssuableSsn(text: string, a: number, b: number, c: number): boolean {
  // digits read inline (a call costs a scope lookup in Rhino, and this runs once per SSN)
  const area =
    (text.charCodeAt(a) - 48) * 100 +
    (text.charCodeAt(a + 1) - 48) * 10 +
    (text.charCodeAt(a + 2) - 48);
  if (area === 0 || area === 666 || area >= 900) return false;
  if ((text.charCodeAt(b) - 48) * 10 + (text.charCodeAt(b + 1) - 48) === 0) return false;
  return (
    (text.charCodeAt(c) - 48) * 1000 +
      (text.charCodeAt(c + 1) - 48) * 100 +
      (text.charCodeAt(c + 2) - 48) * 10 +
      (text.charCodeAt(c + 3) - 48) !==
    0
  );
}

/** ",37" after a number: decimals of an amount, not the end of a phone number. */
function followedByCents(text: string, end: number): boolean {
  return (
    (text.charCodeAt(end) === 44 || text.charCodeAt(end) === 46) &&
    isDigit(text.charCodeAt(end + 1)) &&
    isDigit(text.charCodeAt(end + 2)) &&
    !isDigit(text.charCodeAt(end + 3))
  );
}

/** 8 digits that read as a date: 19xx/20xx, a month and a day (YYYYMMDD). */
function isCompactDate(text: string, at: number, n: number): boolean {
  if (n !== 8) return false;
  const century = twoDigits(text, at);
  const month = twoDigits(text, at + 4);
  const day = twoDigits(text, at + 6);
  return (century === 19 || century === 20) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// ---------------------------------------------------------------- identifiers

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/**
 * Digits glued to letters are values ("tel0612345678", "x4111…y"), except inside identifiers
 * that merely contain digit runs: a hex UUID ("f883-5929-797f" in 786a9992-f883-5929-797f-…)
 * and an IBAN-shaped run that is not an IBAN ("XX91ABNA0417164300": 2 letters, 2 digits, more
 * letters, then the digits; 12–34 long). Bounded look-around: at most 36 characters each side.
 */
function insideIdentifier(text: string, start: number, end: number): boolean {
  if (end - start > 36) return false;
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  const after = end < text.length ? text.charCodeAt(end) : 32;
  const gluedBefore = isAsciiLetter(before);
  if (!gluedBefore && !isAsciiLetter(after) && before !== 45 && after !== 45) return false;
  // a hex UUID around the token: 36 characters, dashes at 8, 13, 18 and 23
  let from = start;
  while (
    from > 0 &&
    start - from < 36 &&
    (isHex(text.charCodeAt(from - 1)) || text.charCodeAt(from - 1) === 45)
  )
    from--;
  let to = end;
  while (
    to < text.length &&
    to - from < 37 &&
    (isHex(text.charCodeAt(to)) || text.charCodeAt(to) === 45)
  )
    to++;
  if (to - from === 36) {
    let uuid = true;
    for (let k = 0; k < 36 && uuid; k++) {
      const dash = text.charCodeAt(from + k) === 45;
      uuid = dash === (k === 8 || k === 13 || k === 18 || k === 23);
    }
    if (uuid) return true;
  }
  if (!gluedBefore) return false;
  from = start;
  while (from > 0 && start - from < 34 && isAlnum(text.charCodeAt(from - 1))) from--;
  to = end;
  while (to < text.length && to - from < 35 && isAlnum(text.charCodeAt(to))) to++;
  return (
    to - from >= 12 &&
    to - from <= 34 &&
    start - from > 4 &&
    isAsciiLetter(text.charCodeAt(from)) &&
    isAsciiLetter(text.charCodeAt(from + 1)) &&
    isDigit(text.charCodeAt(from + 2)) &&
    isDigit(text.charCodeAt(from + 3))
  );
}

// ---------------------------------------------------------------- IBAN

/** IBAN_LENGTHS indexed by country letters: (A..Z - 65) * 26 + (A..Z - 65); 0 = no IBAN. */
const IBAN_LENGTH_BY_CODE: number[] = [];
for (let k = 0; k < 26 * 26; k++) IBAN_LENGTH_BY_CODE.push(0);
for (const country of Object.keys(IBAN_LENGTHS))
  IBAN_LENGTH_BY_CODE[(country.charCodeAt(0) - 65) * 26 + (country.charCodeAt(1) - 65)] =
    IBAN_LENGTHS[country] as number;

function isAlnum(code: number): boolean {
  return isDigit(code) || isAsciiLetter(code);
}

/**
 * End of an IBAN-shaped string at `from` (two letters of a registered country, two digits, then
 * exactly the country's length of letters and digits, compact or in groups of four separated by
 * single spaces), or -1. What follows may be anything but another letter or digit run-on.
 */
function readIban(text: string, from: number, stop: number, counter: { steps: number }): number {
  const a = text.charCodeAt(from);
  const b = text.charCodeAt(from + 1);
  if (!isAsciiLetter(a) || !isAsciiLetter(b)) return -1;
  // upper-case both letters (clear bit 5) and index the country without building a string
  const wanted = IBAN_LENGTH_BY_CODE[((a & ~32) - 65) * 26 + ((b & ~32) - 65)] as number;
  if (wanted === 0) return -1;
  let count = 0;
  let group = 0;
  let j = from;
  while (j < stop && count < wanted) {
    counter.steps++;
    const code = text.charCodeAt(j);
    // inlined isAlnum: this loop is the hot one on IBAN-like text
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      count++;
      group++;
      j++;
    } else if (code === 32 && group === 4 && j + 1 < stop && isAlnum(text.charCodeAt(j + 1))) {
      group = 0;
      j++;
    } else break;
  }
  if (count !== wanted) return -1;
  if (j < stop && isDigit(text.charCodeAt(j))) return -1; // longer than any IBAN of the country
  return j;
}

function gluedToLetter(text: string, at: number): boolean {
  return at > 0 && isAsciiLetter(text.charCodeAt(at - 1));
}

/** A letter followed by a digit in text[from, to): a BBAN's bank code ("ABNA0417…"). */
function letterBeforeDigit(text: string, from: number, to: number): boolean {
  for (let j = from; j + 1 < to; j++)
    if (isAsciiLetter(text.charCodeAt(j)) && isDigit(text.charCodeAt(j + 1))) return true;
  return false;
}

/**
 * ISO 13616 mod-97 over text[from, to) as written (spaces skipped, letters of either case),
 * without building the compact string: only a valid IBAN is copied (for its mask).
 */
function ibanChecksumOk(text: string, from: number, to: number): boolean {
  let remainder = 0;
  // the BBAN first, then the country and check digits (ISO 13616: move the first four to the end)
  let j = from + 4;
  for (let pass = 0; pass < 2; pass++) {
    const end = pass === 0 ? to : from + 4;
    for (; j < end; j++) {
      const code = text.charCodeAt(j);
      if (code === 32) continue;
      if (code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
      else remainder = (remainder * 100 + ((code & ~32) - 55)) % 97; // A=10 … Z=35
    }
    j = from;
  }
  return remainder === 1;
}

function ibanCompact(text: string, from: number, to: number): string {
  let out = '';
  for (let j = from; j < to; j++) if (text.charCodeAt(j) !== 32) out += text.charAt(j);
  return out.toUpperCase();
}

// ---------------------------------------------------------------- number tokens

/** Reads the groups of the number token at `from`; returns where it ends. */
function readToken(
  text: string,
  from: number,
  stop: number,
  groups: Groups,
  counter: { steps: number },
): number {
  let i = from;
  let sep = 0;
  if (text.charCodeAt(i) === 40) {
    i++;
    sep = SEP_PAREN;
  }
  const plus = text.charCodeAt(i) === 43;
  if (plus) i++;
  groups.count = 0;
  let longest = 0;
  let digits = 0;
  // hot loop: inlined character tests (a call per character costs in Rhino)
  for (;;) {
    const g = groups.count++;
    const groupStart = i;
    groups.start[g] = i;
    groups.sep[g] = sep;
    let code = i < stop ? text.charCodeAt(i) : -1;
    while (code >= 48 && code <= 57) code = ++i < stop ? text.charCodeAt(i) : -1;
    groups.end[g] = i;
    if (i - groupStart > longest) longest = i - groupStart;
    digits += i - groupStart;
    counter.steps += i - groupStart + 1;
    // a separator run: at most 3 characters, at most one space between two non-spaces
    let j = i;
    sep = 0;
    let previousSpace = false;
    while (j < stop && j - i < 3) {
      code = text.charCodeAt(j);
      let flag = 0;
      if (code === 32 || code === 0xa0 || code === 0x202f || code === 0x2009) {
        if (previousSpace) break;
        flag = SEP_SPACE;
      } else if (code === 45) flag = SEP_DASH;
      else if (code === 46) flag = SEP_DOT;
      else if (code === 47) flag = SEP_SLASH;
      else if (code === 40 || code === 41) flag = SEP_PAREN;
      else break;
      previousSpace = flag === SEP_SPACE;
      sep |= flag;
      j++;
    }
    if (j === i || j >= stop) break;
    code = text.charCodeAt(j);
    if (code < 48 || code > 57) break;
    i = j;
  }
  if (plus) groups.sep[0] = (groups.sep[0] as number) | PLUS;
  // lone digits ("1 1 1 …", "1.1.1.…") start no value, nor do fewer than 4 digits ("+1",
  // "tel:+1"): nothing more to look at
  if ((longest < 2 && !plus) || digits < 4) groups.count = 0;
  else shieldLookAlikes(text, groups);
  return i;
}

/** Marks group 0 as written after a "+". */
const PLUS = 64;
/** Marks a group of a look-alike compound: never part of a value. */
const SHIELDED = 128;

function groupLength(groups: Groups, g: number): number {
  return (groups.end[g] as number) - (groups.start[g] as number);
}

function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + (text.charCodeAt(at + 1) - 48);
}

/** A 1- or 2-digit group's value (no closures here: each costs an allocation in Rhino). */
function smallValue(text: string, at: number, length: number): number {
  return length === 1 ? text.charCodeAt(at) - 48 : twoDigits(text, at);
}

function isCentury(text: string, at: number): boolean {
  const century = twoDigits(text, at);
  return century === 19 || century === 20;
}

/** Groups a..a+2 read as a date: 4-2-2 (year first) or 2-2-4, with a real month and day. */
function isDateLayout(text: string, groups: Groups, a: number): boolean {
  const starts = groups.start;
  const ends = groups.end;
  const s0 = starts[a] as number;
  const s1 = starts[a + 1] as number;
  const s2 = starts[a + 2] as number;
  const l0 = (ends[a] as number) - s0;
  const l1 = (ends[a + 1] as number) - s1;
  const l2 = (ends[a + 2] as number) - s2;
  // a year is 19xx or 20xx: "0473 04 18" is a phone number, not the 18th of April 473
  if (l0 === 4 && l1 <= 2 && l2 <= 2 && isCentury(text, s0)) {
    const month = smallValue(text, s1, l1);
    const day = smallValue(text, s2, l2);
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  if (l0 <= 2 && l1 <= 2 && l2 === 4 && isCentury(text, s2)) {
    const x = smallValue(text, s0, l0);
    const y = smallValue(text, s1, l1);
    return (x >= 1 && x <= 31 && y >= 1 && y <= 12) || (x >= 1 && x <= 12 && y >= 1 && y <= 31);
  }
  return false;
}

/**
 * Compounds (groups joined without a space) that are look-alikes are shielded whole: dates,
 * UUIDs, and dotted runs of 3+ groups that do not start with 0 and are not laid out like a North
 * American number (IPv4, versions, amounts).
 */
function shieldLookAlikes(text: string, groups: Groups): void {
  let a = 0;
  // locals for the per-group loop (module-level names are scope-chain lookups in Rhino)
  const total = groups.count;
  const seps = groups.sep;
  const sepSpace = SEP_SPACE;
  const plus = ((seps[0] as number) & PLUS) !== 0;
  while (a < total) {
    let b = a;
    let dots = 0;
    let dashes = 0;
    while (b + 1 < total && ((seps[b + 1] as number) & sepSpace) === 0) {
      b++;
      const glue = seps[b] as number;
      if (glue & SEP_DOT) dots++;
      if (glue & SEP_DASH) dashes++;
    }
    const count = b - a + 1;
    let shield = false;
    if (!(plus && a === 0)) {
      if (count === 3 && isDateLayout(text, groups, a)) shield = true;
      else if (count === 5 && dashes === 4 && groupLength(groups, a) === 8) shield = true;
      else if (
        count >= 3 &&
        dots === count - 1 &&
        text.charCodeAt(groups.start[a] as number) !== 48 &&
        !(count === 3 && allTwoDigits(groups, a, b)) && // "47.58.76": New Caledonia
        !isNanpLayout(groups, a, count) &&
        !isNanpLayout(groups, a, 3) // "630.200.0358.05 …": a number glued to the next by "."
      )
        shield = true;
    }
    if (shield) for (let g = a; g <= b; g++) groups.sep[g] = (groups.sep[g] as number) | SHIELDED;
    a = b + 1;
  }
}

function allTwoDigits(groups: Groups, a: number, b: number): boolean {
  for (let g = a; g <= b; g++) if (groupLength(groups, g) !== 2) return false;
  return true;
}

/** 3-3-4, or 1-3-3-4 starting with "1": how North American numbers are grouped. */
function isNanpLayout(groups: Groups, a: number, count: number): boolean {
  let g = a;
  if (count === 4) {
    if (groupLength(groups, g) !== 1) return false;
    g++;
  } else if (count !== 3) return false;
  return (
    groupLength(groups, g) === 3 &&
    groupLength(groups, g + 1) === 3 &&
    groupLength(groups, g + 2) === 4
  );
}

/** Can a value start at group g? Not at a lone digit, except "1 415…" and right after a "+". */
function canStart(text: string, groups: Groups, g: number, plans: NationalPlans): boolean {
  if ((groups.sep[g] as number) & SHIELDED) return false;
  if (groupLength(groups, g) >= 2) return true;
  if (g === 0 && ((groups.sep[0] as number) & PLUS) !== 0) return true;
  if (g + 1 >= groups.count) return false;
  // "1 415 555 0134"; with national plans also "2 22 13 20 00" (Cameroon), "(2) 2123 4567"
  if (text.charCodeAt(groups.start[g] as number) === 49 && groupLength(groups, g + 1) === 3)
    return true;
  return plans.trunks.length > 0 && groupLength(groups, g + 1) >= 2;
}

function classifyToken(
  text: string,
  groups: Groups,
  plans: NationalPlans,
  spans: NumberSpan[],
  counter: { steps: number },
): void {
  let s = 0;
  let afterValue = 0;
  // local aliases: in Rhino every use of a module-level name is a scope-chain lookup
  const count = groups.count;
  const starts = groups.start;
  const ends = groups.end;
  const seps = groups.sep;
  const minLength = plans.minLength;
  const withTrunks = plans.trunks.length > 0;
  const shielded = SHIELDED;
  const sepSlash = SEP_SLASH;
  const sepSpace = SEP_SPACE;
  const maxGroups = MAX_GROUPS;
  const maxDigits = MAX_DIGITS;
  while (s < count) {
    // a value starts a compound (after a space or a "+", or at the token's start), follows a
    // value it is glued to ("0612345678-0687654321") or a different separator; not the middle
    // of "415-555-0134-…"
    const sep = seps[s] as number;
    const startsCompound =
      s === 0 || s === afterValue || (sep & sepSpace) !== 0 || sep !== (seps[s - 1] as number); // "10.1.2.3-402-345-6645": the glue differs

    // canStart's first answers inline (shielded: no; two digits or more: yes), the call for the rest
    const first = (ends[s] as number) - (starts[s] as number);
    if (
      !startsCompound ||
      (sep & shielded) !== 0 ||
      (first < 2 && !canStart(text, groups, s, plans))
    ) {
      s++;
      continue;
    }
    // "27 05 2038": a date written with spaces is never the start of a number
    if (
      s + 2 < count &&
      !(s === 0 && ((seps[0] as number) & PLUS) !== 0) &&
      (seps[s + 1] as number) === (seps[s + 2] as number) &&
      (first === 4 || first <= 2) && // a date starts with a year or a day or month
      isDateLayout(text, groups, s)
    ) {
      s += 3;
      continue;
    }
    const plus = s === 0 && ((seps[0] as number) & PLUS) !== 0;
    // the first five digits of any window from s, as one number and one by one
    // (one walk over at most five groups, no calls: each costs a name lookup in Rhino)
    let d0 = -1;
    let d1 = -1;
    let d2 = -1;
    let d3 = -1;
    let d4 = -1;
    let k = 0;
    for (let h = s; h < count && k < 5; h++) {
      const to = ends[h] as number;
      for (let p = starts[h] as number; p < to && k < 5; p++) {
        const d = text.charCodeAt(p) - 48;
        if (k === 0) d0 = d;
        else if (k === 1) d1 = d;
        else if (k === 2) d2 = d;
        else if (k === 3) d3 = d;
        else d4 = d;
        k++;
      }
    }
    const first4 = d0 * 1000 + d1 * 100 + d2 * 10 + d3;
    // Which window wins: the longest that ends where a compound ends ("+31-715-669-99"),
    // unless one ends at the first group of that compound or a later one: then that one, so
    // that a value glued to the next by a separator leaves the next whole
    // ("+44 4 1627 939-240-01-2233" → the phone, then the SSN).
    let bestEnd = -1;
    let bestType = NONE;
    let midEnd = -1;
    let midType = NONE;
    let midCompound = -1;
    let bestCompound = -1;
    let longestMid = -1;
    let longestMidType = NONE;
    let compound = s;
    let flags = 0;
    let slashes = 0;
    let n = 0;
    let steps = 0;
    for (let e = s; e < count && e - s < maxGroups; e++) {
      steps++;
      const glue = seps[e] as number;
      if (glue & shielded) break;
      if (e > s) {
        if (glue & sepSlash) slashes++;
        if (glue & sepSpace) compound = e;
        flags |= glue;
      }
      n += (ends[e] as number) - (starts[e] as number);
      if (n > maxDigits) break;
      if (n < minLength) continue;
      // what classifyWindow could return something other than NONE for, tested cheaply first
      // (most windows of digit-heavy text are none of these: "123 45 6789 123")
      const worthClassifying =
        (plus && n <= 15) ||
        n === 9 ||
        d0 === 0 ||
        n === 10 ||
        n === 11 ||
        withTrunks ||
        (n >= 13 &&
          (flags & (SEP_DOT | SEP_SLASH | SEP_PAREN)) === 0 &&
          (s === e || first === 4) && // isCardLayout's first test, inline
          isCardLayout(groups, s, e));
      if (!worthClassifying) continue;
      const type = classifyWindow(
        text,
        groups,
        plans,
        s,
        e,
        n,
        plus,
        flags,
        slashes,
        d0,
        d1,
        d2,
        d3,
        d4,
        first4,
      );
      if (type === NONE) continue;
      const endsCompound = e + 1 === count || ((seps[e + 1] as number) & sepSpace) !== 0;
      if (endsCompound) {
        bestEnd = e;
        bestType = type;
        bestCompound = compound;
      } else {
        longestMid = e;
        longestMidType = type;
        if (e === compound && midCompound !== compound) {
          midEnd = e;
          midType = type;
          midCompound = compound;
        }
      }
    }
    counter.steps += steps;
    if (bestEnd < 0 && midEnd < 0) {
      // "402-345-6645-402-345-6645": no window ends a compound; the longest inside one wins
      bestEnd = longestMid;
      bestType = longestMidType;
    }
    if (midEnd > bestEnd || (midEnd >= 0 && midCompound === bestCompound)) {
      bestEnd = midEnd;
      bestType = midType;
    }
    if (bestType === NONE) {
      s++;
      continue;
    }
    if (bestType !== SHIELD) spans.push(windowSpan(text, groups, s, bestEnd, plus, bestType));
    s = bestEnd + 1;
    afterValue = s;
  }
}

function windowSpan(
  text: string,
  groups: Groups,
  s: number,
  e: number,
  plus: boolean,
  type: number,
): NumberSpan {
  let start = groups.start[s] as number;
  if (plus) start--;
  // "(415) 555-0134": the area code's brackets go with the mask
  else if (
    start > 0 &&
    text.charCodeAt(start - 1) === 40 &&
    e > s &&
    text.charCodeAt(groups.end[s] as number) === 41
  )
    start--;
  const end = groups.end[e] as number;
  // the last four digits (a last group may be shorter than four); of a short number fewer,
  // so that at least five stay hidden: a 7-digit number keeps 2, a 4-digit one none
  const starts = groups.start;
  const ends = groups.end;
  let digits = 0;
  for (let g = s; g <= e; g++) digits += (ends[g] as number) - (starts[g] as number);
  const keep = digits >= 9 ? 4 : Math.max(0, digits - 5);
  const name = type === CARD ? 'card' : type === SSN ? 'ssn' : 'phone';
  // the usual case: the last group holds every digit kept, one slice
  if (end - (starts[e] as number) >= keep)
    return { start, end, type: name, last4: text.slice(end - keep, end) };
  let last4 = '';
  for (let g = e; g >= s && last4.length < keep; g--) {
    const from = Math.max(
      groups.start[g] as number,
      (groups.end[g] as number) - (keep - last4.length),
    );
    last4 = text.slice(from, groups.end[g] as number) + last4;
  }
  return { start, end, type: name, last4 };
}

/** Luhn over the digits of groups s..e (at most 19 digits, so constant work). */
function passesLuhnWindow(text: string, groups: Groups, s: number, e: number): boolean {
  let sum = 0;
  let double = false;
  for (let g = e; g >= s; g--) {
    for (let i = (groups.end[g] as number) - 1; i >= (groups.start[g] as number); i--) {
      const d = text.charCodeAt(i) - 48;
      sum += double ? (DOUBLED[d] as number) : d;
      double = !double;
    }
  }
  return sum % 10 === 0;
}

function isCardLayout(groups: Groups, s: number, e: number): boolean {
  if (s === e) return true;
  if (groupLength(groups, s) !== 4) return false;
  for (let g = s + 1; g < e; g++) {
    const len = groupLength(groups, g);
    if (len !== 4 && len !== 6) return false;
  }
  return true;
}

function classifyWindow(
  text: string,
  groups: Groups,
  plans: NationalPlans,
  s: number,
  e: number,
  n: number,
  plus: boolean,
  flags: number,
  slashes: number,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
  d4: number,
  first4: number,
): number {
  const count = e - s + 1;
  const onlyDashOrSpace = (flags & (SEP_DOT | SEP_SLASH | SEP_PAREN)) === 0;
  // E.164: 7 digits ("+683 7507", Niue) to 15, the country code never starting with 0; but a
  // "+" glued before a card grouped as printed does not make it a phone number
  if (plus && n >= 7 && n <= 15 && d0 !== 0) {
    const grouped = count > 1 && onlyDashOrSpace;
    if (!grouped) return PHONE;
    if (n >= 13 && isCardLayout(groups, s, e) && passesLuhnWindow(text, groups, s, e)) return CARD;
    return PHONE; // "+358 40 1258" is Finnish, not an SSN
  }
  // SSN: 3-2-4 with dashes or spaces is an SSN or nothing; 9 bare digits only after a keyword
  // (one kind of separator: "011 15-2345…" is not one); where a national plan applies and
  // says it is a phone number there ("027 63 0981" in Congo), it is one
  if (
    n === 9 &&
    count === 3 &&
    onlyDashOrSpace &&
    (groups.sep[s + 1] as number) === (groups.sep[s + 2] as number) &&
    !isNationalNumber(plans, first4, n)
  ) {
    const a = groups.start[s] as number;
    if (groupLength(groups, s) === 3 && groupLength(groups, s + 1) === 2) {
      const b = groups.start[s + 1] as number;
      const c = groups.start[s + 2] as number;
      return isIssuableSsn(text, a, b, c) ? SSN : SHIELD;
    }
  }
  if (n === 9 && count === 1 && followsSsnKeyword(text, groups.start[s] as number)) {
    const a = groups.start[s] as number;
    if (isIssuableSsn(text, a, a + 3, a + 5)) return SSN;
  }
  // cards: one run or grouped as printed (4-4-4-4, Amex 4-6-5); a card-shaped number failing
  // Luhn is left as written; a "+" glued in front does not make a card a phone number
  if (n >= 13 && onlyDashOrSpace && d0 !== 0 && isCardLayout(groups, s, e))
    return passesLuhnWindow(text, groups, s, e) ? CARD : SHIELD;
  if (count === 3 && isDateLayout(text, groups, s)) return NONE;
  // nobody writes one number with both dots and dashes: "006-23-2951.5521" is two values
  if ((flags & SEP_DOT) !== 0 && (flags & SEP_DASH) !== 0) return NONE;
  if (
    flags & SEP_DOT &&
    d0 !== 0 &&
    !isNanpLayout(groups, s, count) &&
    !(count === 3 && allTwoDigits(groups, s, e) && isNationalNumber(plans, first4, n))
  )
    return NONE;
  if (slashes > 1 || (slashes === 1 && !((groups.sep[s + 1] as number) & SEP_SLASH))) return NONE;
  if (d0 === 0 && d1 === 0) return n >= 10 && n <= 17 && d2 !== 0 ? PHONE : NONE; // "0044…"
  if (d0 === 0 && n >= 9 && n <= 13) return PHONE; // trunk prefix 0, most of the world
  // North American Numbering Plan: NXX-NXX-XXXX, optionally after the country code 1
  if (n === 10 && d0 >= 2 && d3 >= 2) return PHONE;
  if (n === 11 && d0 === 1 && d1 >= 2 && d4 >= 2) return PHONE;
  if (!isNationalNumber(plans, first4, n)) return NONE;
  // a national plan alone is weak evidence: not after "#" or "n°", a ticket prefix
  // ("RITM0647313") or an order/invoice word, not a compact date (20240505), not an amount
  // ("9 112 888,37 €")
  const start = groups.start[s] as number;
  if (
    notAPhoneContext(text, start) ||
    (count === 1 && isCompactDate(text, start, n)) ||
    followedByCents(text, groups.end[e] as number)
  )
    return NONE;
  return PHONE;
}
