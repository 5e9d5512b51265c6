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
 * 1234 5678", "089/1234567", "(21) 98765-4321". The Unicode hyphens and the en dash that word
 * processors put for "-" ("+49–151–23456789") count as "-". A "+" or a second space ends the
 * number.
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
 * card-shaped numbers failing Luhn and IBAN-shaped strings failing mod-97 that hold a bank code
 * (letters then digits), are grouped in fours or read as an IBAN with a typo (upper-case letters
 * standing apart, then digits); the digits of any other failing IBAN shape are read as a number,
 * so that a card or phone number glued to two letters that happen to make an IBAN's length
 * ("hr4896447081796433082") is still masked.
 */
import { IBAN_LENGTHS } from './pii-checks.ts';
import { isNationalNumber, type NationalPlans } from './phone-plans.ts';
import {
  addSpan,
  CARD_KIND,
  IBAN_KIND,
  ibanMask,
  MASK_PREFIX,
  newSpans,
  PHONE_KIND,
  SSN_KIND,
  type Spans,
} from './spans.ts';
import { isAsciiLetter, isDigit, isHex } from './text-classes.ts';

const MAX_DIGITS = 19;
const MAX_GROUPS = 7;

// separator flags, per group: what stands between it and the previous group
const SEP_SPACE = 1;
const SEP_DOT = 2;
const SEP_DASH = 4;
const SEP_SLASH = 8;
const SEP_PAREN = 16;

// what a window is (classifyWindow's answer)
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
  /**
   * The group's first nine digits (all of a group of up to nine) as a number, read once by
   * readToken so that classifying never reads the text again (in Rhino every `charCodeAt` wraps
   * the string in an object); nine keep it a 32-bit integer, which V8 computes with fastest.
   */
  value: number[];
  /** The group's number of digits (end - start, kept to spare two reads per use). */
  size: number[];
}

/**
 * One set of buffers for every scan: a token of thousands of groups ("1 1 1 …") then costs no
 * array growth or garbage. Scans never interleave: findNumbers runs to completion without
 * yielding, and ASSUMED: ServiceNow never runs two threads inside one module instance (each
 * transaction evaluates the script include in its own scope).
 */
const GROUPS: Groups = { count: 0, start: [], end: [], sep: [], value: [], size: [] };

/**
 * findNumbers' answer, reused the same way: its arrays keep their capacity from one scan to the
 * next, so that writing a value's span never grows an array (in V8 a store that grows one is a
 * call; value-dense text writes thousands). Valid until the next scan: maskText reads it first.
 */
const NUMBER_SPANS: Spans = newSpans();

const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
/**
 * Luhn sums of two digits read from the right, by their value 0–99: the units as they are and
 * the tens doubled (LUHN_PAIR), or the units doubled and the tens as they are (LUHN_PAIR_SHIFTED).
 */
const LUHN_PAIR: number[] = [];
const LUHN_PAIR_SHIFTED: number[] = [];
for (let pair = 0; pair < 100; pair++) {
  const tens = (pair / 10) | 0;
  const units = pair % 10;
  LUHN_PAIR.push(units + (DOUBLED[tens] as number));
  LUHN_PAIR_SHIFTED.push((DOUBLED[units] as number) + tens);
}
/**
 * The separator flag of each ASCII character readToken joins groups with, 0 for every other
 * (digits and letters end a separator run); the non-ASCII ones (no-break, narrow no-break and
 * thin spaces, Unicode hyphens and the en dash) are tested where the table is read.
 */
const SEPARATOR_FLAG: number[] = [];
for (let code = 0; code < 128; code++)
  SEPARATOR_FLAG.push(
    code === 32
      ? SEP_SPACE
      : code === 45
        ? SEP_DASH
        : code === 46
          ? SEP_DOT
          : code === 47
            ? SEP_SLASH
            : code === 40 || code === 41
              ? SEP_PAREN
              : 0,
  );
/** 10^0 … 10^9: a group's value holds at most nine digits (32-bit integers throughout). */
const POW10: number[] = [];
for (let power = 1, k = 0; k <= 9; k++, power *= 10) POW10.push(power);

/** Words that stand between an SSN keyword and the number ("social security number is …"). */
const SSN_FILLERS = ['is', 'es', 'was', 'number', 'no', 'nr', 'num'];

/**
 * An SSN keyword ends right before `at`: "SSN", "social security", "soc. sec.", "SocSec",
 * "social" ("my social is …"), "S.S.N.", "SSN/TIN", and "SS" or "S.S." with a "#" or "no."
 * ("SS# …", "SS no. …"); then at most two filler words ("number is", "no. is") and a few
 * separators ("SSN: ", "(SSN): ", "SS #: ", "ssn, "). Bounded look-back: about 50 characters.
 */
export function followsSsnKeyword(text: string, at: number): boolean {
  let i = skipBack(text, at, SSN_LEAD, 4);
  // "SS# …": a "#" or a "no." makes "SS" one
  let marked = holdsHash(text, i, at);
  let word = previousWord(text, i);
  for (let fillers = 0; fillers < 2 && SSN_FILLERS.indexOf(word) >= 0; fillers++) {
    if (word !== 'is' && word !== 'es' && word !== 'was') marked = true;
    i = skipBack(text, i - word.length, SSN_FILLER_GAP, 3);
    word = previousWord(text, i);
  }
  if (
    word === 'ssn' ||
    word === 'ssns' ||
    word === 'social' ||
    word === 'socsec' ||
    word === 'itin' // the IRS's taxpayer number for those without an SSN, written as one
  )
    return true;
  if (word === 'ss') return marked;
  if (word === '') return dottedSsn(text, i, marked);
  if (word === 'tin' || word === 'itin') {
    // "SSN/TIN: …"
    const slash = i - word.length - 1;
    return slash > 0 && text.charCodeAt(slash) === 47 && previousWord(text, slash) === 'ssn';
  }
  if (word !== 'security' && word !== 'sec') return false;
  i = skipBack(text, i - word.length, SSN_WORD_GAP, 2);
  const first = previousWord(text, i);
  return (
    (word === 'security' && first === 'social') ||
    (word === 'sec' && first === 'soc') ||
    (word === 'sec' && first === 'social')
  );
}

/** "S.S.N" (or "S.S" with a "#" or "no.") ends at `at`, standing apart from other letters. */
function dottedSsn(text: string, at: number, marked: boolean): boolean {
  const letters = (from: number) => text.slice(from, at).toLowerCase();
  const apart = (from: number) => from === 0 || !isAsciiLetter(text.charCodeAt(from - 1));
  if (at >= 5 && letters(at - 5) === 's.s.n' && apart(at - 5)) return true;
  return marked && at >= 3 && letters(at - 3) === 's.s' && apart(at - 3);
}

/** A "#" in text[from, to) (a few separators skipBack stepped over). */
function holdsHash(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 35) return true;
  return false;
}

/**
 * A set of characters skipBack steps over, as a table by code (every one of them is at most
 * U+00A0): one array read per character, where `chars.indexOf(text.charAt(…))` made a string
 * of each (a label-dense field reads thousands).
 */
function charSet(chars: string): number[] {
  const set: number[] = [];
  for (let code = 0; code <= 0xa0; code++)
    set.push(chars.indexOf(String.fromCharCode(code)) >= 0 ? 1 : 0);
  return set;
}

/** Before an SSN: separators, quotes and brackets ("SSN: ", "(SSN): ", 'ssn="'). */
const SSN_LEAD = charSet(' \t:#=-.,()"\'\u00a0');
/** Between an SSN keyword's filler words ("SS no. is"). */
const SSN_FILLER_GAP = charSet(' .:#,\u00a0');
/** Between "social" and "security" ("Soc.-Sec."). */
const SSN_WORD_GAP = charSet(' -.\u00a0');
/** Before digits labelled by a word ("Tel.: ", "order #", "n°=", "RMA-"). */
const LABEL_LEAD = charSet(' :.#=-');
/** Between a label word and its marker ("Bestell-Nr.", "Tel. nº"). */
const MARKER_GAP = charSet(' .:-');

/** Where a run of at most `most` characters of `set` (a charSet) ending before `at` starts. */
function skipBack(text: string, at: number, set: readonly number[], most: number): number {
  let i = at;
  while (i > 0 && at - i < most) {
    const code = text.charCodeAt(i - 1);
    if (code > 0xa0 || set[code] === 0) break;
    i--;
  }
  return i;
}

/**
 * The letters (ASCII and Latin-1: "teléfono", "móvil") right before `at`, lower case, when 2–16
 * of them form a word ("bestellnummer").
 */
function previousWord(text: string, at: number): string {
  let i = at;
  while (i > 0 && at - i < 17 && isWordLetter(text.charCodeAt(i - 1))) i--;
  if (at - i < 2 || at - i > 16) return '';
  return text.slice(i, at).toLowerCase();
}

function isWordLetter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7);
}

export interface NumberScanOptions {
  plans: NationalPlans;
  /** Stop before these positions (e-mail spans, sorted): [start, end) pairs, skipCount of them. */
  skipStarts: readonly number[];
  skipEnds: readonly number[];
  skipCount: number;
}

/**
 * findNumbers' answer for a text holding a digit of another script (it stops there): scan
 * foldDigits(text) instead, whose digits are all ASCII.
 */
export const OTHER_SCRIPT_DIGITS: Spans = newSpans();

/**
 * The phone numbers, cards, SSNs and IBANs of `text`, in text order, with their masks, or
 * OTHER_SCRIPT_DIGITS. The answer is valid until the next call.
 */
export function findNumbers(
  text: string,
  options: NumberScanOptions,
  counter: { steps: number },
): Spans {
  const spans = NUMBER_SPANS;
  spans.count = 0;
  LOOK_AHEAD.scan++;
  const groups = GROUPS;
  const { skipStarts, skipEnds } = options;
  const skips = options.skipCount;
  let skip = 0;
  const length = text.length;
  let tokenSteps = 0;
  let i = 0;
  // The scan runs up to the next e-mail address (`stop`), then jumps over it: an address's
  // characters are never read here, and nothing is tested per character for it.
  let stop = skips > 0 ? (skipStarts[0] as number) : length;
  for (;;) {
    if (i >= stop) {
      if (skip >= skips) break;
      if (i < (skipEnds[skip] as number)) i = skipEnds[skip] as number;
      skip++;
      stop = skip < skips ? (skipStarts[skip] as number) : length;
      continue;
    }
    // ("| 0": a number-typed local for Rhino's optimizer, whose tests below are then plain
    // comparisons; i < stop, so never NaN)
    const code = text.charCodeAt(i) | 0;
    // the hot path: letters and most punctuation (":" to U+065F) start nothing
    if (code > 57 && code < 0x660) {
      i++;
      continue;
    }
    if (code > 57) {
      // a digit of another script ("٠٥٠١٢٣٤٥٦٧", "０９０"; fold-digits.ts's isOtherScriptDigit,
      // inline: an Arabic or CJK letter pays these tests): the caller folds them and scans again
      if (
        code <= 0x669 ||
        (code >= 0x6f0 && code <= 0x6f9) ||
        (code >= 0x966 && code <= 0x96f) ||
        (code >= 0x9e6 && code <= 0x9ef) ||
        (code >= 0xe50 && code <= 0xe59) ||
        (code >= 0xff10 && code <= 0xff19)
      ) {
        counter.steps += i;
        return OTHER_SCRIPT_DIGITS;
      }
      i++;
      continue;
    }
    if (code < 48 && code !== 43 && code !== 40) {
      i++;
      continue;
    }
    const next = i + 1 < stop ? text.charCodeAt(i + 1) : -1;
    const nextIsDigit = next >= 48 && next <= 57;
    if (code === 43 && !nextIsDigit) {
      i++;
      continue;
    }
    if (code === 40 && !nextIsDigit && !(next === 43 && isDigit(text.charCodeAt(i + 2)))) {
      i++;
      continue;
    }
    // A lone digit (or "+" and one digit) that nothing joins to more digits ("2\u2028", "😀1",
    // "sip:+1@", "+1 +1") is no token: skipped without setting one up, which is what a hostile
    // run of them costs. Joined means a digit next, or a separator and then a digit or another
    // separator (readToken decides those).
    if (code !== 40 && (code === 43 || !nextIsDigit)) {
      const after = code === 43 ? i + 2 : i + 1;
      const c1 = code === 43 ? (after < stop ? text.charCodeAt(after) : -1) : next;
      if (nothingJoins(text, after, c1, stop)) {
        i = after;
        continue;
      }
    }
    if (code !== 43 && code !== 40 && i >= 2 && nextIsDigit) {
      const iban = readIban(text, i - 2, stop, counter);
      if (iban > 0) {
        // (inside a hex UUID or sys_id, "be27-4554-9e62-3c23…" passes mod-97 once in 97: not
        // an IBAN)
        const valid =
          ibanChecksumOk(text, i - 2, iban) &&
          !uuidAround(text, i - 2, iban) &&
          !hexWordAround(text, i - 2, iban, true);
        if (valid) addIbanSpan(spans, text, i - 2, iban);
        // An IBAN look-alike failing mod-97 is left whole when it holds a bank code (letters then
        // digits: "NL91ABNA0417164301"), is grouped in fours, or reads as an IBAN with a typo:
        // upper-case letters standing apart and only digits after them ("BE43000859577065").
        // Otherwise its digits are read as a number, which masks them only when they are one:
        // a card or phone number glued to two letters that happen to make an IBAN's length
        // ("hr4896447081796433082", "AT2221680946837471AA", "xNO0031612345678").
        if (
          valid ||
          letterBeforeDigit(text, i, iban) ||
          groupedInFours(text, i - 2, iban) ||
          (isUpperCase(text.charCodeAt(i - 2)) &&
            isUpperCase(text.charCodeAt(i - 1)) &&
            !(i > 2 && isAlnum(text.charCodeAt(i - 3))) &&
            allDigits(text, i, iban))
        ) {
          i = iban;
          continue;
        }
      }
    }
    // the same for a run of two or three digits ("NL91 NL91 …" once its IBAN check failed):
    // fewer than four digits in all are no value
    if (code !== 40 && code !== 43 && nextIsDigit) {
      let k = i + 2;
      let c1 = k < stop ? text.charCodeAt(k) : -1;
      if (c1 >= 48 && c1 <= 57) c1 = ++k < stop ? text.charCodeAt(k) : -1;
      if (nothingJoins(text, k, c1, stop)) {
        i = k;
        continue;
      }
    }
    const end = readToken(text, i, stop, groups, code, next);
    tokenSteps += end - i;
    i = end;
    if (groups.count > 0 && !insideIdentifier(text, groups.start[0] as number, i)) {
      if (groups.count > 1) shieldTimeFraction(text, groups);
      classifyToken(text, groups, options.plans, spans, counter);
    }
  }
  counter.steps += length + tokenSteps;
  return spans;
}

// ---------------------------------------------------------------- national-plan context

const NOT_PHONE_WORDS = [
  // (loose words first: said in passing before a phone number too, "for reference, 03 …")
  'ref',
  'reference',
  'order',
  'invoice',
  'ticket',
  'case',
  'tracking',
  'transaction',
  'booking',
  'confirmation',
  'pnr',
  'awb',
  'po',
  'sr',
  'bestellung',
  'bestell',
  'bestellnummer',
  'rechnung',
  'rechnungs',
  'rechnungsnummer',
  'auftrag',
  'auftrags',
  'commande',
  'facture',
  'pedido',
  'factura',
  'codigo',
  'referencia',
  'reserva',
  'bestelling',
  'bestelnummer',
  'factuur',
  'ordine',
  'fattura',
  'pratica',
  'fatura',
  'encomenda',
  'protocolo',
  'nota',
  'faktura',
  'faktury',
  'rma',
  'routing',
  'aba',
];

/** Words before product codes, whose 13 or 14 digits may pass Luhn ("EAN 5901234123457"). */
const PRODUCT_CODE_WORDS = ['ean', 'gtin', 'isbn', 'upc'];

/** A product code's word ends right before `at` ("EAN: ", "ISBN-13 " is no card either). */
function productCodeBefore(text: string, at: number): boolean {
  let i = skipBack(text, at, LABEL_LEAD, 3);
  // "ISBN-13: 978…", "EAN-13 …", "GTIN-14 …": the format's length after the word
  if (i >= 3 && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i - 2)))
    i = skipBack(text, i - 2, LABEL_LEAD, 1);
  return PRODUCT_CODE_WORDS.indexOf(previousWord(text, i)) >= 0;
}

/**
 * Words for "number" that say nothing of what kind: the word before them decides. The first
 * three alone ("no. …", "nr …", "id", like "#" and "n°") mark an order number; the others alone
 * ("Customer number: …", "pod numer …", "al n. …") mark nothing.
 */
const NUMBER_MARKERS = [
  'no',
  'nr',
  'id',
  'n',
  'num',
  'number',
  'numero',
  'número',
  'nummer',
  'numer',
];
const SHORT_MARKERS = 3;

/** Words that say a phone number follows, before a marker ("Tel. nº 612 34 56 78"). */
const PHONE_WORDS = [
  'tel',
  'tele',
  'telefon',
  'telefone',
  'telefono',
  'teléfono',
  'telephone',
  'téléphone',
  'telemovel',
  'telemóvel',
  'movil',
  'móvil',
  'portable',
  'mobiel',
  'phone',
  'ph',
  'fon',
  'mobile',
  'mobil',
  'mob',
  'cell',
  'cel',
  'celular',
  'cellulare',
  'handy',
  'gsm',
  'whatsapp',
  'tlm',
  'tlf',
  'telf',
  'fax',
  // "my no. …": a possessive before the marker ("mój nr 512 345 678", "mi nº …", "meu n.º …")
  'my',
  'mój',
  'moj',
  'mein',
  'meine',
  'mon',
  'ma',
  'mi',
  'meu',
  'mijn',
  'mio',
];

const NO_CONTEXT = 0;
/** An order, invoice or ticket word (after a marker or not): "order no. 9876543210". */
const ORDER_CONTEXT = 1;
/** NOT_PHONE_WORDS' first ones, loose: only a compact run after them is a reference. */
const LOOSE_ORDER_WORDS = 2;
/** A loose order word: "ref …", "reference …". */
const REFERENCE_CONTEXT = 4;
/** A phone word (after a marker or not): "Tel. nº 612 34 56 78". */
const PHONE_CONTEXT = 2;
/** A bare marker: "#", "n°", "no.", "nr" with neither before it. */
const MARKER_CONTEXT = 3;

/**
 * What the words right before the digits at `at` say they are (bounded look-back: about 40
 * characters): "order no. …", "invoice #…", "Bestell-Nr. …", "fattura n. …" are order numbers;
 * "Tel. nº …", "phone number …" phone numbers.
 */
function contextBefore(text: string, at: number): number {
  let i = skipBack(text, at, LABEL_LEAD, 3);
  let marked = holdsHash(text, i, at);
  // "n°", "nº", "n.º"
  const sign = i > 0 ? text.charCodeAt(i - 1) : 32;
  if (sign === 0xb0 || sign === 0xba) {
    i--;
    if (i > 0 && text.charCodeAt(i - 1) === 46) i--;
    if (i > 0 && (text.charCodeAt(i - 1) | 32) === 110) i--;
    marked = true;
  }
  let word = previousWord(text, i);
  // "n. 3331234567" (Italian, Portuguese): a lone "n" before a dot
  if (
    word === '' &&
    !marked &&
    i > 0 &&
    (text.charCodeAt(i - 1) | 32) === 110 &&
    text.charCodeAt(i) === 46 &&
    !(i > 1 && isWordLetter(text.charCodeAt(i - 2)))
  )
    word = 'n';
  const marker = NUMBER_MARKERS.indexOf(word);
  if (marker >= 0) {
    if (marker < SHORT_MARKERS) marked = true;
    i = skipBack(text, i - word.length, MARKER_GAP, 3);
    word = previousWord(text, i);
  } else if (marked) {
    i = skipBack(text, i, MARKER_GAP, 3);
    word = previousWord(text, i);
  }
  if (word !== '' && PHONE_WORDS.indexOf(word) >= 0) return PHONE_CONTEXT;
  const order = word === '' ? -1 : NOT_PHONE_WORDS.indexOf(word);
  if (order >= 0) return order < LOOSE_ORDER_WORDS ? REFERENCE_CONTEXT : ORDER_CONTEXT;
  return marked ? MARKER_CONTEXT : NO_CONTEXT;
}

/**
 * A window of one compact group after an order, invoice or ticket word, or of two groups after
 * one that is not loose, the first of 3 digits or more and the second of 6 or more ("invoice
 * 2025-000123", "AWB 020-12345675": references are grouped so, phone numbers in more groups or
 * none).
 */
function orderNumberAt(text: string, groups: Groups, s: number, count: number): boolean {
  if (
    count > 2 ||
    (count === 2 && ((groups.size[s] as number) < 3 || (groups.size[s + 1] as number) < 6))
  )
    return false;
  const context = contextBefore(text, groups.start[s] as number);
  return context === ORDER_CONTEXT || (context === REFERENCE_CONTEXT && count === 1);
}

/**
 * A window shaped like a phone number: PHONE, unless orderNumberAt says it is a reference; then
 * NONE, or SHIELD for one of two groups, so that its second group starts no number of its own
 * ("AWB 001-22538165" is not "22538165" under a plan of 8-digit numbers).
 */
function phoneUnlessOrder(text: string, groups: Groups, s: number, count: number): number {
  if (!orderNumberAt(text, groups, s, count)) return PHONE;
  return count === 1 ? NONE : SHIELD;
}

/**
 * Before bare digits: an order, invoice or ticket word, a bare "#", "n°" or "nr", or an
 * upper-case ticket prefix glued to them ("RITM0647313"). A phone word before the marker makes
 * them a phone number after all ("Tel. nº 612 34 56 78").
 */
function notAPhoneContext(text: string, at: number): boolean {
  let b = at;
  while (b > 0 && at - b < 2 && text.charCodeAt(b - 1) === 32) b--;
  const before = b > 0 ? text.charCodeAt(b - 1) : 32;
  if (before >= 65 && before <= 90) {
    let i = at - 1;
    while (i > 0 && at - i < 8 && text.charCodeAt(i - 1) >= 65 && text.charCodeAt(i - 1) <= 90) i--;
    return at - i >= 2 && (i === 0 || !isAsciiLetter(text.charCodeAt(i - 1)));
  }
  const context = contextBefore(text, at);
  return context === ORDER_CONTEXT || context === REFERENCE_CONTEXT || context === MARKER_CONTEXT;
}

/**
 * Two digits of seconds and their fraction after ":mm:" ("2026-11-20T15:30:00.123456789Z": RFC
 * 3339 with nanoseconds, as Go, Kubernetes and Docker log it) are a time, never the start of a
 * value: the first two groups are shielded.
 */
function shieldTimeFraction(text: string, groups: Groups): void {
  const at = groups.start[0] as number;
  if (
    at >= 4 &&
    (groups.size[0] as number) === 2 &&
    (groups.sep[1] as number) === SEP_DOT &&
    text.charCodeAt(at - 1) === 58 &&
    isDigit(text.charCodeAt(at - 2)) &&
    isDigit(text.charCodeAt(at - 3)) &&
    text.charCodeAt(at - 4) === 58
  ) {
    groups.sep[0] = (groups.sep[0] as number) | SHIELDED;
    groups.sep[1] = (groups.sep[1] as number) | SHIELDED;
  }
}

/** Labels after which digits are an international number written without its "+". */
const INTERNATIONAL_LABELS = ['wa.me/', 'phone=', 'wa_id":"', 'whatsapp:', 'ani: ', 'ani:', 'ani='];
/** The same labels as character codes, last first (compared with no string made per label). */
const INTERNATIONAL_LABEL_CODES: number[][] = INTERNATIONAL_LABELS.map((label) => {
  const codes: number[] = [];
  for (let k = label.length - 1; k >= 0; k--) codes.push(label.charCodeAt(k));
  return codes;
});

/** One of INTERNATIONAL_LABELS ends right before `at` (any case). Constant work. */
function internationalLabelBefore(text: string, at: number): boolean {
  // every label ends in "/", "=", '"', ":" or ": ": one read rules out most digits
  const last = at > 0 ? text.charCodeAt(at - 1) : -1;
  if (
    last !== 47 &&
    last !== 61 &&
    last !== 34 &&
    last !== 58 &&
    !(last === 32 && at > 1 && text.charCodeAt(at - 2) === 58)
  )
    return false;
  const labels = INTERNATIONAL_LABEL_CODES;
  for (let k = 0; k < labels.length; k++) {
    const codes = labels[k] as number[];
    let j = 0;
    while (j < codes.length && j < at) {
      const code = text.charCodeAt(at - 1 - j);
      // (upper case as lower: the labels' letters are all lower case)
      if ((code >= 65 && code <= 90 ? code + 32 : code) !== codes[j]) break;
      j++;
    }
    if (j === codes.length) return true;
  }
  return false;
}

/**
 * Groups s.. are an SSN's 3-2-4 (one kind of separator), or 3-6 or 5-4: what an SSN with one
 * separator left out looks like.
 */
function ssnLayout(groups: Groups, s: number, count: number): boolean {
  const sizes = groups.size;
  const first = sizes[s] as number;
  if (count === 2)
    return (first === 3 && sizes[s + 1] === 6) || (first === 5 && sizes[s + 1] === 4);
  return (
    first === 3 &&
    sizes[s + 1] === 2 &&
    sizes[s + 2] === 4 &&
    (groups.sep[s + 1] as number) === (groups.sep[s + 2] as number)
  );
}

/** Nine digits (as one number) an SSN the SSA could issue, or an ITIN. */
function isSsnOrItin(value: number): boolean {
  const area = (value / 1000000) | 0;
  const group = ((value / 10000) | 0) % 100;
  const serial = value % 10000;
  return isIssuableSsn(area, group, serial) || isItin(area, group, serial);
}

/** The nine digits of groups s..e (each of at most nine) as one number. */
function ssnValue(groups: Groups, s: number, e: number): number {
  let value = 0;
  for (let g = s; g <= e; g++)
    value = value * (POW10[groups.size[g] as number] as number) + (groups.value[g] as number);
  return value;
}

/**
 * An ITIN, the IRS's individual taxpayer number: 9xx, then a group of 50-65, 70-88, 90-92 or
 * 94-99 (the ranges the IRS has issued), and a serial not 0000.
 */
function isItin(area: number, group: number, serial: number): boolean {
  return (
    area >= 900 &&
    serial !== 0 &&
    ((group >= 50 && group <= 65) ||
      (group >= 70 && group <= 88) ||
      (group >= 90 && group <= 92) ||
      group >= 94)
  );
}

/** The SSA's rules: area not 000, 666 or 9xx, group not 00, serial not 0000. */
function isIssuableSsn(area: number, group: number, serial: number): boolean {
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
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

/** 8 digits (as a number) that read as a date: 19xx/20xx, a month and a day (YYYYMMDD). */
function isCompactDate(value: number, n: number): boolean {
  if (n !== 8) return false;
  const century = Math.floor(value / 1000000);
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  return (century === 19 || century === 20) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// ---------------------------------------------------------------- identifiers

/** A hex UUID's 36 characters start at `at`: dashes at 8, 13, 18 and 23, hex digits elsewhere. */
function uuidAt(text: string, at: number): boolean {
  if (at + 36 > text.length) return false;
  for (let k = 0; k < 36; k++) {
    const code = text.charCodeAt(at + k);
    if (k === 8 || k === 13 || k === 18 || k === 23 ? code !== 45 : !isHex(code)) return false;
  }
  return true;
}

/**
 * text[start, end) lies in a hex UUID: 36 characters, dashes at 8, 13, 18 and 23, starting where
 * the run of hex digits and dashes before `start` does or right after one of its dashes, and no
 * hex digit right after it ("sandbox-77e06f08-5079-…", "…-440ac1eb7c37-copy"); the span may run
 * on past it by a few characters, too few to be a value ("…-440ac1eb7c37-1"). Bounded: 36
 * characters back, 36 candidate starts.
 */
function uuidAround(text: string, start: number, end: number): boolean {
  let from = start;
  while (
    from > 0 &&
    start - from < 36 &&
    (isHex(text.charCodeAt(from - 1)) || text.charCodeAt(from - 1) === 45)
  )
    from--;
  for (let w = from; w <= start; w++)
    if (
      (w === from || text.charCodeAt(w - 1) === 45) &&
      end - (w + 36) <= 6 &&
      uuidAt(text, w) &&
      !(w + 36 < text.length && isHex(text.charCodeAt(w + 36)))
    )
      return true;
  return false;
}

/**
 * text[start, end) lies in a word of hex digits that is an identifier: 24, 32, 40 or 64 of them
 * (an object id, a ServiceNow sys_id, a SHA-1 or SHA-256 digest) with a letter among its digits, and
 * no letter, digit or "_" right before or after it ("…eaba425a97617d4187226348"); with `wider`,
 * a word longer than the span (a valid IBAN that is the whole word is an IBAN). Bounded: 64
 * characters each side.
 */
function hexWordAround(text: string, start: number, end: number, wider = false): boolean {
  let from = start;
  while (from > 0 && start - from < 64 && isHex(text.charCodeAt(from - 1))) from--;
  let to = start;
  while (to < text.length && to - from < 65 && isHex(text.charCodeAt(to))) to++;
  const length = to - from;
  if (to < end || (length !== 24 && length !== 32 && length !== 40 && length !== 64)) return false;
  // (a valid IBAN that is the whole word stays one, unless written in lower case: hex ids are,
  // and one random 24-digit id in about 60,000 reads as an Andorran IBAN, "ad47260009de0fec…")
  if (wider && from === start && to === end && !isLowerCaseWord(text, from, to)) return false;
  if ((from > 0 && isWordChar(text.charCodeAt(from - 1))) || isWordChar(text.charCodeAt(to)))
    return false;
  // a letter between its first and its last digit: letters only at its ends are a value glued
  // to letters ("DE04323333206067946098aA", "ab4111111111111111cdef"), not an identifier
  let first = from;
  while (first < to && !isDigit(text.charCodeAt(first))) first++;
  let last = to - 1;
  while (last > first && !isDigit(text.charCodeAt(last))) last--;
  for (let k = first + 1; k < last; k++) if (!isDigit(text.charCodeAt(k))) return true;
  return false;
}

/** text[from, to) has no upper-case ASCII letter. */
function isLowerCaseWord(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (isUpperCase(text.charCodeAt(k))) return false;
  return true;
}

function isWordChar(code: number): boolean {
  return isAlnum(code) || code === 95;
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
  if (uuidAround(text, start, end) || hexWordAround(text, start, end)) return true;
  if (!gluedBefore) return false;
  let from = start;
  while (from > 0 && start - from < 34 && isAlnum(text.charCodeAt(from - 1))) from--;
  let to = end;
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

/** By the same index: the mask of the country's IBANs but their last four ("NL**********"). */
const IBAN_MASK_BY_CODE: string[] = [];
for (let k = 0; k < 26 * 26; k++) IBAN_MASK_BY_CODE.push('');
for (const country of Object.keys(IBAN_LENGTHS))
  IBAN_MASK_BY_CODE[(country.charCodeAt(0) - 65) * 26 + (country.charCodeAt(1) - 65)] = ibanMask(
    country,
    IBAN_LENGTHS[country] as number,
    '',
  );

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
  if (longerThanAny(text, from, stop, wanted)) return -1;
  // the two letters and the two check digits are known (the caller read the digits): read on
  // from the fifth character, each character once (a space after a group of four is taken,
  // and given back when no letter or digit follows it)
  let count = 4;
  let group = 4;
  // one IBAN is written with one kind of gap: "NL91-ABCD-1234 GB82 WEST …" is no Dutch IBAN
  // that runs on into the British one
  let gap = -1;
  let j = from + 4;
  while (j < stop && count < wanted) {
    const code = text.charCodeAt(j);
    // inlined isAlnum: this loop is the hot one on IBAN-like text
    if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      count++;
      group++;
    } else if (group === 4 && (code === gap || (gap < 0 && isIbanGap(code)))) {
      group = 0;
      gap = code;
    } else break;
    j++;
  }
  counter.steps += j - from;
  if (group === 0) j--; // a space at the end (or before the stop) is not part of it
  if (count !== wanted) return -1;
  if (j < stop && isDigit(text.charCodeAt(j))) return -1; // longer than any IBAN of the country
  // once grouped, in fours to the end: "DE89-FR84047108…" is no German IBAN (a longer group can
  // only be the last one: a gap is taken after four only)
  if (gap >= 0 && group > 4) return -1;
  return j;
}

function isUpperCase(code: number): boolean {
  return code >= 65 && code <= 90;
}

/**
 * An IBAN shape written in groups of four ("DK50 0040 0440 1162 43"): readIban accepts a space
 * only after four characters, so it is grouped when it has a space and at most four after the
 * last one ("dK02 46096841…" is a phone number glued to letters, not a grouped IBAN).
 */
function groupedInFours(text: string, from: number, to: number): boolean {
  for (let j = to - 1; j >= from && j >= to - 5; j--)
    if (isIbanGap(text.charCodeAt(j))) return true;
  return false;
}

/**
 * What separates an IBAN's groups of four: a space, as ISO 13616 prints it, or what banking
 * apps, PDF invoices and word processors put there (a no-break or narrow no-break space, a dash).
 */
function isIbanGap(code: number): boolean {
  return code === 32 || code === 0xa0 || code === 0x202f || code === 45;
}

/**
 * A few reads that prove readIban would answer -1 without reading all of it: written compact
 * (a letter or digit after the check digits) with a digit right after its length, or in groups
 * of four (spaces where each group ends) with a digit right after that. Whatever stands between
 * those reads, the full read either breaks early or finds it longer than any IBAN of the
 * country: "NL91 NL91 NL91 …" tries an IBAN every five characters, each read about twenty long.
 */
function longerThanAny(text: string, from: number, stop: number, wanted: number): boolean {
  const fifth = from + 4 < stop ? text.charCodeAt(from + 4) : -1;
  if (fifth !== 32 && !isIbanGap(fifth)) {
    const after = from + wanted;
    return after < stop && isDigit(text.charCodeAt(after)) && isAlnum(fifth);
  }
  const spaces = ((wanted - 1) / 4) | 0;
  const after = from + wanted + spaces;
  if (after >= stop || !isDigit(text.charCodeAt(after))) return false;
  // (the same gap each time: readIban takes one kind of gap per IBAN)
  for (let k = 1; k < spaces; k++) if (text.charCodeAt(from + 4 + 5 * k) !== fifth) return false;
  return true;
}

/**
 * Nothing joins the digits right before `at` (where the character is `code`, -1 at the stop) to
 * more digits: no digit there, and no separator followed by a digit or another separator (those
 * readToken decides).
 */
function nothingJoins(text: string, at: number, code: number, stop: number): boolean {
  if (code >= 48 && code <= 57) return false;
  if (!isSeparator(code)) return true;
  const next = at + 1 < stop ? text.charCodeAt(at + 1) : -1;
  return !(next >= 48 && next <= 57) && !isSeparator(next);
}

/**
 * A character readToken joins digit groups with: SEPARATOR_FLAG's ASCII ones and the
 * non-ASCII spaces and dashes, which readToken's separator loop tests inline with each one's
 * flag (a call there costs 5–15% on separator-dense text in both engines, measured): change
 * both together.
 */
function isSeparator(code: number): boolean {
  return code >= 0 && code < 128
    ? (SEPARATOR_FLAG[code] as number) !== 0
    : code === 0xa0 || code === 0x202f || code === 0x2009 || (code >= 0x2010 && code <= 0x2013);
}

/** Only digits in text[from, to). */
function allDigits(text: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (!isDigit(text.charCodeAt(j))) return false;
  return true;
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
  // the BBAN first, then the country and check digits (ISO 13616: move the first four to the end);
  // the remainder is taken only once the number passes 10^7 (about every sixth digit), which
  // keeps it under 10^9 + 35, a 32-bit integer: a division costs more than the rest of a digit
  let j = from + 4;
  for (let pass = 0; pass < 2; pass++) {
    const end = pass === 0 ? to : from + 4;
    for (; j < end; j++) {
      const code = text.charCodeAt(j);
      // (readIban let only letters, digits and gaps between groups through)
      if (code >= 48 && code <= 57) remainder = remainder * 10 + (code - 48);
      else if (code >= 65 && code <= 122)
        remainder = remainder * 100 + ((code & ~32) - 55); // A=10 … Z=35
      else continue;
      if (remainder >= 10000000) remainder %= 97;
    }
    j = from;
  }
  return remainder % 97 === 1;
}

/**
 * What masks the IBAN text[from, to) as written (compact or grouped, either case): its country,
 * then stars for all but the last four letters or digits. When those four stand together in
 * upper case at its end, as usual, the span shows them as written and its replacement is the
 * country's prefix from IBAN_MASK_BY_CODE: no slice of the text for a value ("IBANs back to
 * back" then cost little more than phone numbers).
 */
function addIbanSpan(spans: Spans, text: string, from: number, to: number): void {
  const code = ((text.charCodeAt(from) & ~32) - 65) * 26 + ((text.charCodeAt(from + 1) & ~32) - 65);
  const prefix = IBAN_MASK_BY_CODE[code] as string;
  let shown = 4;
  for (let j = to - 4; j < to && shown > 0; j++) {
    const c = text.charCodeAt(j);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) shown = 0;
  }
  if (shown > 0) {
    addSpan(spans, from, to, IBAN_KIND, prefix, 4);
    return;
  }
  // a gap between groups or a lower-case letter among the last four: read them (among the
  // last five characters at most one is a gap)
  const tail = text.slice(to - 5, to);
  let gap = -1;
  for (let k = 0; k < 5; k++) if (isIbanGap(tail.charCodeAt(k))) gap = k;
  const last4 = gap < 0 ? tail.slice(1) : tail.slice(0, gap) + tail.slice(gap + 1);
  addSpan(spans, from, to, IBAN_KIND, prefix + last4.toUpperCase(), 0);
}

// ---------------------------------------------------------------- number tokens

/**
 * Reads the groups of the number token at `from`, whose first two characters the caller has
 * read (`first`, and `second` or -1 at the stop); returns where it ends.
 */
function readToken(
  text: string,
  from: number,
  stop: number,
  groups: Groups,
  first: number,
  second: number,
): number {
  let i = from;
  let sep = 0;
  // every character of the token is read once: `code` carries it from one step to the next
  let code = first;
  if (code === 40) {
    i++;
    sep = SEP_PAREN;
    code = second;
  }
  const plus = code === 43;
  if (plus) code = ++i === from + 1 ? second : i < stop ? text.charCodeAt(i) : -1;
  if (code < 48 || code > 57) {
    // "(+" right before an e-mail address: no digits here
    groups.count = 0;
    return i;
  }
  let count = 0;
  let longest = 0;
  let digits = 0;
  // the most groups joined without a space: only compounds of three or more can be look-alikes
  let run = 0;
  let widest = 1;
  // the buffers in locals, and no object property written per group: each is a lookup in Rhino
  const starts = groups.start;
  const ends = groups.end;
  const seps = groups.sep;
  const values = groups.value;
  const sizes = groups.size;
  const sepSpace = SEP_SPACE;
  const sepDash = SEP_DASH;
  const sepFlags = SEPARATOR_FLAG;
  // hot loop: inlined character tests (a call per character costs in Rhino)
  for (;;) {
    const g = count++;
    const groupStart = i;
    starts[g] = i;
    seps[g] = sep;
    if ((sep & sepSpace) !== 0) run = 1;
    else if (++run > widest) widest = run;
    let value = 0;
    do {
      if (i - groupStart < 9) value = value * 10 + (code - 48);
      code = ++i < stop ? text.charCodeAt(i) : -1;
    } while (code >= 48 && code <= 57);
    ends[g] = i;
    sizes[g] = i - groupStart;
    values[g] = value;
    if (i - groupStart > longest) longest = i - groupStart;
    digits += i - groupStart;
    // a separator run: at most 3 characters, at most two spaces in a row ("415  555  0134",
    // "4111  1111  1111  1111": doubled spaces, as pasted or transcribed) (the set isSeparator
    // names, inline here: this is the hot path of digit-dense text)
    let j = i;
    sep = 0;
    let spaces = 0;
    while (j - i < 3) {
      // one table read for ASCII (a digit or a letter is 0: the run ends), three tests above it
      const flag =
        code >= 0 && code < 128
          ? (sepFlags[code] as number)
          : code === 0xa0 || code === 0x202f || code === 0x2009
            ? sepSpace
            : code >= 0x2010 && code <= 0x2013 // Unicode hyphens, en dash
              ? sepDash
              : 0;
      if (flag === 0 || (spaces === 2 && flag === sepSpace)) break;
      spaces = flag === sepSpace ? spaces + 1 : 0;
      sep |= flag;
      code = ++j < stop ? text.charCodeAt(j) : -1;
    }
    // the character after the separators (-1 at the stop) must start the next group
    if (j === i || code < 48 || code > 57) break;
    i = j;
  }
  // lone digits ("1 1 1 …", "1.1.1.…") start no value, nor do fewer than 4 digits ("+1",
  // "tel:+1"): nothing more to look at
  if ((longest < 2 && !plus) || digits < 4) {
    groups.count = 0;
    return i;
  }
  groups.count = count;
  if (plus) seps[0] = (seps[0] as number) | PLUS;
  if (widest >= 3) shieldLookAlikes(text, groups);
  return i;
}

/** Marks group 0 as written after a "+". */
const PLUS = 64;
/** Marks a group of a look-alike compound: never part of a value. */
const SHIELDED = 128;

function groupLength(groups: Groups, g: number): number {
  return groups.size[g] as number;
}

/** Groups a..a+2 read as a date: 4-2-2 (year first) or 2-2-4, with a real month and day. */
function isDateLayout(groups: Groups, a: number): boolean {
  const sizes = groups.size;
  const values = groups.value;
  const l0 = sizes[a] as number;
  const l1 = sizes[a + 1] as number;
  const l2 = sizes[a + 2] as number;
  // a year is 19xx or 20xx: "0473 04 18" is a phone number, not the 18th of April 473
  if (l0 === 4 && l1 <= 2 && l2 <= 2) {
    const century = Math.floor((values[a] as number) / 100);
    const month = values[a + 1] as number;
    const day = values[a + 2] as number;
    return (century === 19 || century === 20) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }
  if (l0 <= 2 && l1 <= 2 && l2 === 4) {
    const century = Math.floor((values[a + 2] as number) / 100);
    const x = values[a] as number;
    const y = values[a + 1] as number;
    return (
      (century === 19 || century === 20) &&
      ((x >= 1 && x <= 31 && y >= 1 && y <= 12) || (x >= 1 && x <= 12 && y >= 1 && y <= 31))
    );
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
      if (count === 3 && isDateLayout(groups, a)) shield = true;
      else if (count === 5 && dashes === 4 && groupLength(groups, a) === 8) shield = true;
      else if (
        // (after a "+" and a country code standing alone, the next compound is the national
        // number, dotted as France, Belgium or Switzerland write it: "+33 6.12.34.56.78")
        !(plus && a === 1) &&
        count >= 3 &&
        dots === count - 1 &&
        text.charCodeAt(groups.start[a] as number) !== 48 &&
        !(count === 3 && allTwoDigits(groups, a, b)) && // "47.58.76": New Caledonia
        !isNanpLayout(groups, a, count) &&
        !isNanpLayout(groups, a, 3) && // "630.200.0358.05 …": a number glued to the next by "."
        // "SSN 536.22.8174": an SSN dotted after its keyword
        !(
          count === 3 &&
          ssnLayout(groups, a, 3) &&
          followsSsnKeyword(text, groups.start[a] as number)
        ) &&
        // "4111.1111.1111.1111": a card grouped as printed, dotted, that passes Luhn
        !(printedCardLayout(groups, a, b) && passesLuhnWindow(text, groups, a, b))
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
  spans: Spans,
  counter: { steps: number },
): void {
  let s = 0;
  let afterValue = 0;
  // local aliases: in Rhino every use of a module-level name is a scope-chain lookup
  const count = groups.count;
  const seps = groups.sep;
  const sizes = groups.size;
  const shielded = SHIELDED;
  const sepSpace = SEP_SPACE;
  const tokenPlus = ((seps[0] as number) & PLUS) !== 0;
  while (s < count) {
    // a value starts a compound (after a space or a "+", or at the token's start), follows a
    // value it is glued to ("0612345678-0687654321") or a different separator; not the middle
    // of "415-555-0134-…"
    const sep = seps[s] as number;
    const startsCompound =
      s === 0 || s === afterValue || (sep & sepSpace) !== 0 || sep !== (seps[s - 1] as number); // "10.1.2.3-402-345-6645": the glue differs

    // canStart's first answers inline (shielded: no; two digits or more: yes), the call for the rest
    const first = sizes[s] as number;
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
      (first === 4 || first <= 2) && // a date starts with a year or a day or month
      !(s === 0 && tokenPlus) &&
      dateAt(groups, s)
    ) {
      s += 3;
      continue;
    }
    // the look-ahead of the value before often searched this group already ("+1 415 555 0134
    // 536-22-8174": the SSN)
    const look = LOOK_AHEAD;
    const found =
      look.scanOf[s] === look.scan && look.final[s] === true && look.at[s] === groups.start[s]
        ? (look.found[s] as number)
        : windowAt(text, groups, plans, s, counter, true);
    if (found < 0) {
      s++;
      continue;
    }
    const bestEnd = found >> 3;
    const bestType = found & 7;
    if (bestType !== SHIELD)
      addWindowSpan(spans, text, groups, s, bestEnd, s === 0 && tokenPlus, bestType);
    s = bestEnd + 1;
    afterValue = s;
  }
}

/**
 * The value that starts at group s (whose start the caller has checked): its last group and
 * type as end * 8 + type, or -1 when none does. With `lookAhead`, a value that ends at the first
 * group of a compound ("+44 4 1627 939-240-01-2233" → "+44 4 1627 939") is chosen over the
 * longer one ending that compound only when another value starts right after it ("…-240-01-2233",
 * "+3189884065.03 84451880"); otherwise the rest of the compound is part of the number:
 * "+1 415 555-0134", "+55 21 98765-4321". At most one look-ahead per value (the look-ahead does
 * not look ahead again), so constant work per start.
 */
function windowAt(
  text: string,
  groups: Groups,
  plans: NationalPlans,
  s: number,
  counter: { steps: number },
  lookAhead: boolean,
): number {
  // local aliases: in Rhino every use of a module-level name is a scope-chain lookup
  const count = groups.count;
  const seps = groups.sep;
  const values = groups.value;
  const sizes = groups.size;
  const pow10 = POW10;
  const withTrunks = plans.trunks.length > 0;
  const shielded = SHIELDED;
  const sepSlash = SEP_SLASH;
  const sepSpace = SEP_SPACE;
  const sepDot = SEP_DOT;
  const maxGroups = MAX_GROUPS;
  const maxDigits = MAX_DIGITS;
  const none = NONE;
  const notNumber = SEP_DOT | SEP_SLASH | SEP_PAREN;
  const first = sizes[s] as number;
  const plus = s === 0 && ((seps[0] as number) & PLUS) !== 0;
  // the first five digits of any window from s, from the groups' values (no text read, no
  // calls: each costs a name lookup in Rhino); a token shorter than five digits has fewer
  // (first5 stays a 32-bit integer, "| 0": V8 takes "%" of a double in a slow call)
  let first5 = 0;
  let k = 0;
  for (let h = s; h < count && k < 5; h++) {
    const length = sizes[h] as number;
    const value = values[h] as number; // its first nine digits at most
    if (k + length <= 5) {
      first5 = (first5 * (pow10[length] as number) + value) | 0;
      k += length;
    } else {
      const take = 5 - k;
      first5 =
        (first5 * (pow10[take] as number) +
          ((value / (pow10[(length < 9 ? length : 9) - take] as number)) | 0)) |
        0;
      k = 5;
    }
  }
  // a window holds at least four digits (the shortest national number, Luxembourg's), so
  // first4 is always whole; d4 is -1 when the token has only four
  const d4 = k === 5 ? first5 % 10 : -1;
  // (integer division as "| 0": 32-bit integers in V8, and no Math lookup in Rhino)
  const first4 = k === 5 ? (first5 / 10) | 0 : first5;
  const d0 = (first4 / 1000) | 0;
  // "+43 1 111": Austria's shortest numbers (four national digits) make six in all, the one
  // country under seven in libphonenumber's metadata
  const minLength = plus && ((first4 / 100) | 0) === 43 ? 6 : plans.minLength;
  // Which window wins: the longest that ends where a compound ends ("+31-715-669-99"),
  // unless one ends at the first group of that compound or a later one: then that one, so
  // that a value glued to the next by a separator leaves the next whole
  // ("+44 4 1627 939-240-01-2233" → the phone, then the SSN).
  let bestEnd = -1;
  let bestType = none;
  let midEnd = -1;
  let midType = none;
  let midCompound = -1;
  let bestCompound = -1;
  let longestMid = -1;
  let longestMidType = none;
  // the longest window that is a card (passes Luhn) and ends a compound: a longer card-shaped
  // look-alike never hides it ("4111 1111 1111 1111 123": a card, then its CVV; but
  // "4472-6139-5157-5308-195" is one 19-digit number, failing Luhn)
  let cardEnd = -1;
  // the compound-ending window before the longest: it wins when a value starts right after it
  // and none after the longest ("+1 415 555 0134 4111 1111 1111 1111": a phone number, a card)
  let shorterEnd = -1;
  let shorterType = none;
  let compound = s;
  let flags = 0;
  let slashes = 0;
  let n = 0;
  let steps = 0;
  // past 11 digits only a "+", a leading 0, a national plan or a card grouped from four
  // digits (or one run) makes a value: stop there otherwise ("123 45 6789 123 …")
  const longest = plus || d0 === 0 || withTrunks || first === 4 ? maxDigits : 11;
  for (let e = s; e < count && e - s < maxGroups; e++) {
    steps++;
    const glue = seps[e] as number;
    if (glue & shielded) break;
    if (e > s) {
      if (glue & sepSlash) slashes++;
      if (glue & sepSpace) compound = e;
      flags |= glue;
    }
    n += sizes[e] as number;
    if (n > maxDigits || (n > longest && e > s)) break;
    if (n < minLength) continue;
    // what classifyWindow could return something other than NONE for, tested cheaply first
    // (most windows of digit-heavy text are none of these: "123 45 6789 123")
    const worthClassifying =
      (plus && n <= 17) ||
      n === 9 ||
      d0 === 0 ||
      n === 10 ||
      n === 11 ||
      withTrunks ||
      (n >= 13 &&
        (s === e || first === 4) && // isCardLayout's first test, inline
        ((flags & notNumber) === 0
          ? isCardLayout(groups, s, e)
          : (flags === sepDot || flags === sepSlash) && printedCardLayout(groups, s, e)));
    if (!worthClassifying) continue;
    const type = classifyWindow(text, groups, plans, s, e, n, plus, flags, slashes, first4, d4);
    if (type === none) continue;
    const endsCompound = e + 1 === count || ((seps[e + 1] as number) & sepSpace) !== 0;
    if (type === CARD && endsCompound) cardEnd = e;
    if (endsCompound) {
      shorterEnd = bestEnd;
      shorterType = bestType;
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
  // (a call without look-ahead notes whether one could have changed its answer: when not,
  // classifyToken takes it as it is for the same group, with no second search)
  if (!lookAhead)
    LOOK_AHEAD.lastFinal =
      !(shorterEnd >= 0 && shorterType !== SHIELD && bestType !== SHIELD) &&
      !(midEnd > bestEnd && bestEnd >= 0) &&
      !(midEnd >= 0 && midEnd <= bestEnd && midCompound === bestCompound);
  if (
    lookAhead &&
    shorterEnd >= 0 &&
    shorterType !== SHIELD &&
    bestType !== SHIELD && // (a card before a longer look-alike wins anyway, below)
    // (after the longer one first: at the token's end, the usual case, that costs nothing)
    !valueStartsAt(text, groups, plans, bestEnd + 1, counter) &&
    valueStartsAt(text, groups, plans, shorterEnd + 1, counter)
  ) {
    bestEnd = shorterEnd;
    bestType = shorterType;
  }
  if (bestEnd < 0 && midEnd < 0) {
    // "402-345-6645-402-345-6645": no window ends a compound; the longest inside one wins
    bestEnd = longestMid;
    bestType = longestMidType;
  }
  if (
    midEnd > bestEnd
      ? // the value ending inside the next compound, unless that compound is a value of its own
        // and nothing starts after the longer one: "+1 415 555 0134 536-22-8174" is a phone
        // number, then an SSN ("+44 4 1627 939-240-01-2233" keeps "939" in the phone number)
        !(
          lookAhead &&
          bestEnd >= 0 &&
          valueStartsAt(text, groups, plans, bestEnd + 1, counter) &&
          !valueStartsAt(text, groups, plans, midEnd + 1, counter)
        )
      : midEnd >= 0 &&
        midCompound === bestCompound &&
        (!lookAhead || valueStartsAt(text, groups, plans, midEnd + 1, counter))
  ) {
    bestEnd = midEnd;
    bestType = midType;
  }
  if (bestType === SHIELD && cardEnd >= 0) {
    bestEnd = cardEnd;
    bestType = CARD;
  }
  return bestType === none ? -1 : bestEnd * 8 + bestType;
}

/** Groups g..g+2 are a date written with one kind of separator ("27 05 2038", "2038-05-27"). */
function dateAt(groups: Groups, g: number): boolean {
  return (
    g + 2 < groups.count &&
    (groups.sep[g + 1] as number) === (groups.sep[g + 2] as number) &&
    isDateLayout(groups, g)
  );
}

/**
 * A value (not a look-alike) starts at group g, right after a value ends: windowAt's look-ahead,
 * with classifyToken's tests of where a value may start.
 */
function valueStartsAt(
  text: string,
  groups: Groups,
  plans: NationalPlans,
  g: number,
  counter: { steps: number },
): boolean {
  if (g >= groups.count) return false;
  // answers remembered by group: the look-aheads of one value often ask about the same group
  // ("+1 415 555 0134 536-22-8174" asks twice whether a value starts at "536"), and the window
  // found is the next value's when nothing else could change it
  const look = LOOK_AHEAD;
  const at = groups.start[g] as number;
  if (look.scanOf[g] === look.scan && look.at[g] === at) {
    const known = look.found[g] as number;
    return known >= 0 && (known & 7) !== SHIELD;
  }
  let found = -1;
  look.lastFinal = false;
  if (
    ((groups.sep[g] as number) & SHIELDED) === 0 &&
    ((groups.size[g] as number) >= 2 || canStart(text, groups, g, plans)) &&
    !dateAt(groups, g)
  )
    found = windowAt(text, groups, plans, g, counter, false);
  const answer = found >= 0 && (found & 7) !== SHIELD;
  // (the arrays grow one element at a time, so that they stay dense: a first write far past
  // their end would make them hash tables, in V8 and in Rhino)
  while (look.scanOf.length <= g) {
    look.scanOf.push(-1);
    look.at.push(-1);
    look.found.push(-1);
    look.final.push(false);
  }
  look.scanOf[g] = look.scan;
  look.at[g] = at;
  look.found[g] = found;
  look.final[g] = look.lastFinal;
  return answer;
}

/**
 * valueStartsAt's answers by group, each valid in scan `scanOf[g]` for the group starting at
 * text position `at[g]` (a text's groups start at distinct positions; each scan counts up
 * `scan`): the window found (windowAt's answer without look-ahead, -1 when none was searched;
 * a value starts there when it is one and no look-alike) and whether that is final, the answer
 * a search with look-ahead would give too. `lastFinal` is that of windowAt's last search without look-ahead.
 */
const LOOK_AHEAD = {
  scan: 0,
  scanOf: [] as number[],
  at: [] as number[],
  found: [] as number[],
  final: [] as boolean[],
  lastFinal: false,
};

function addWindowSpan(
  spans: Spans,
  text: string,
  groups: Groups,
  s: number,
  e: number,
  plus: boolean,
  type: number,
): void {
  const starts = groups.start;
  const ends = groups.end;
  let start = starts[s] as number;
  if (plus) {
    start--;
    // "(+31) 6 1234 5678": the country code's brackets go with the mask ("(+31612345678)" keeps
    // both of its own)
    if (
      e > s &&
      start > 0 &&
      text.charCodeAt(start - 1) === 40 &&
      text.charCodeAt(ends[s] as number) === 41
    )
      start--;
  }
  // "(415) 555-0134": the area code's brackets go with the mask (a "(" before the group always
  // shows in its separator flags: tested first, a text read costs in Rhino)
  else if (
    ((groups.sep[s] as number) & SEP_PAREN) !== 0 &&
    start > 0 &&
    text.charCodeAt(start - 1) === 40 &&
    e > s &&
    text.charCodeAt(ends[s] as number) === 41
  )
    start--;
  const end = ends[e] as number;
  // the last four digits (a last group may be shorter than four); of a short number fewer,
  // so that at least five stay hidden: a 7-digit number keeps 2, a 4-digit one none
  let digits = 0;
  const sizes = groups.size;
  for (let g = s; g <= e; g++) digits += sizes[g] as number;
  const keep = digits >= 9 ? 4 : Math.max(0, digits - 5);
  const kind = type === CARD ? CARD_KIND : type === SSN ? SSN_KIND : PHONE_KIND;
  const prefix = MASK_PREFIX[kind] as string;
  // the usual case: the last group holds every digit kept, shown as written (no slice here)
  if (end - (starts[e] as number) >= keep) {
    addSpan(spans, start, end, kind, prefix, keep);
    return;
  }
  let kept = '';
  for (let g = e; g >= s && kept.length < keep; g--) {
    const from = Math.max(starts[g] as number, (ends[g] as number) - (keep - kept.length));
    kept = text.slice(from, ends[g] as number) + kept;
  }
  addSpan(spans, start, end, kind, prefix + kept, 0);
}

/** Luhn over the digits of groups s..e (at most 19 digits, so constant work). */
function passesLuhnWindow(text: string, groups: Groups, s: number, e: number): boolean {
  const starts = groups.start;
  const ends = groups.end;
  const values = groups.value;
  const sizes = groups.size;
  const doubled = DOUBLED;
  const pairs = LUHN_PAIR;
  const shiftedPairs = LUHN_PAIR_SHIFTED;
  let sum = 0;
  let double = false;
  for (let g = e; g >= s; g--) {
    let value = values[g] as number;
    let length = sizes[g] as number;
    if (length <= 9) {
      // the group's digits from its value, last first, two at a time, in 32-bit integer
      // arithmetic (V8 divides doubles in a slow call); a pair leaves the parity as it was
      for (; length >= 2; length -= 2) {
        const rest = (value / 100) | 0;
        const pair = value - rest * 100;
        value = rest;
        sum += double ? (shiftedPairs[pair] as number) : (pairs[pair] as number);
      }
      if (length === 1) {
        sum += double ? (doubled[value] as number) : value;
        double = !double;
      }
      continue;
    }
    for (let i = (ends[g] as number) - 1; i >= (starts[g] as number); i--) {
      const d = text.charCodeAt(i) - 48;
      sum += double ? (doubled[d] as number) : d;
      double = !double;
    }
  }
  return sum % 10 === 0;
}

/**
 * A card grouped exactly as printed, in three groups or more: 4-4-4-4, 4-4-4-4-3, Amex's 4-6-5,
 * Diners' 4-6-4 (what dots or slashes between groups may stand for; isCardLayout's last group
 * may be anything).
 */
function printedCardLayout(groups: Groups, s: number, e: number): boolean {
  const last = groups.size[e] as number;
  return e - s >= 2 && e - s <= 4 && last >= 3 && last <= 5 && isCardLayout(groups, s, e);
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
  first4: number,
  d4: number,
): number {
  // the first four digits one by one (a window has at least four), and the fifth (-1: none)
  const d0 = (first4 / 1000) | 0;
  const d1 = ((first4 / 100) | 0) % 10;
  const d2 = ((first4 / 10) | 0) % 10;
  const d3 = first4 % 10;
  const count = e - s + 1;
  const onlyDashOrSpace = (flags & (SEP_DOT | SEP_SLASH | SEP_PAREN)) === 0;
  // E.164 without its "+" where only an international number can stand: a WhatsApp link or
  // payload ("wa.me/4915123456789", "send?phone=5511961234567", "wa_id":"31612345678") or a
  // caller's ANI in a telephony log ("ANI: 4915123456789")
  if (
    !plus &&
    count === 1 &&
    n >= 8 &&
    n <= 15 &&
    d0 !== 0 &&
    internationalLabelBefore(text, groups.start[s] as number)
  )
    return PHONE;
  // E.164: 7 digits ("+683 7507", Niue; 6 after +43, "+43 1 111") to 15, the country code
  // never starting with 0, and 17 after +49: Germany's fixed lines have up to 15 national
  // digits (the one region whose numbers pass 15 in libphonenumber's metadata); but a "+"
  // glued before a card grouped as printed does not make it a phone number
  if (
    plus &&
    (n >= 7 || (n === 6 && d0 === 4 && d1 === 3)) &&
    (n <= 15 || (n <= 17 && d0 === 4 && d1 === 9)) &&
    d0 !== 0
  ) {
    const grouped = count > 1 && onlyDashOrSpace;
    if (!grouped) return PHONE;
    if (n >= 13 && isCardLayout(groups, s, e) && passesLuhnWindow(text, groups, s, e)) return CARD;
    // "+358 40 1258" is Finnish, not an SSN; but nobody writes a phone number "+792-97-2110":
    // an issuable SSN laid out 3-2-4 with dashes, a "+" glued before it, is an SSN
    if (
      n === 9 &&
      count === 3 &&
      flags === SEP_DASH &&
      (groups.size[s] as number) === 3 &&
      (groups.size[s + 1] as number) === 2 &&
      isIssuableSsn(
        groups.value[s] as number,
        groups.value[s + 1] as number,
        groups.value[s + 2] as number,
      )
    )
      return SSN;
    return PHONE;
  }
  // SSN: 3-2-4 with dashes or spaces is an SSN or nothing; 9 bare digits only after a keyword
  // (one kind of separator: "011 15-2345…" is not one); where a national plan applies and
  // says it is a phone number there ("027 63 0981" in Congo), it is one
  // (the SSA's rules inline, as isIssuableSsn states them: a call costs a name lookup in Rhino,
  // and an SSN-dense field has thousands)
  const sizes = groups.size;
  if (
    n === 9 &&
    count === 3 &&
    (sizes[s] as number) === 3 &&
    (sizes[s + 1] as number) === 2 &&
    onlyDashOrSpace &&
    (groups.sep[s + 1] as number) === (groups.sep[s + 2] as number) &&
    // (after an SSN keyword it is one whatever a plan says: "SSN 536-22-8174" is a Saudi
    // mobile number's shape too, and a phone number is never read after that keyword)
    (!isNationalNumber(plans, first4, n) || followsSsnKeyword(text, groups.start[s] as number))
  ) {
    const values = groups.value;
    const area = values[s] as number;
    if (
      area !== 0 &&
      area !== 666 &&
      area < 900 &&
      (values[s + 1] as number) !== 0 &&
      (values[s + 2] as number) !== 0
    )
      return SSN;
    // "ITIN: 912-78-1234": an ITIN (9xx, a group the IRS uses) after the keyword of either
    return isItin(area, values[s + 1] as number, values[s + 2] as number) &&
      followsSsnKeyword(text, groups.start[s] as number)
      ? SSN
      : SHIELD;
  }
  // after its keyword: 9 bare digits, or an SSN written with dots or slashes ("SSN
  // 536.22.8174") or with one of its separators left out ("SSN: 536-228174", "SSN 53622-8174")
  if (
    n === 9 &&
    (count === 1 || ((count === 2 || count === 3) && ssnLayout(groups, s, count))) &&
    followsSsnKeyword(text, groups.start[s] as number) &&
    isSsnOrItin(ssnValue(groups, s, e))
  )
    return SSN;
  // cards: one run or grouped as printed (4-4-4-4, Amex 4-6-5), with dashes or spaces, or with
  // dots or slashes alone ("4111.1111.1111.1111"); a card-shaped number failing Luhn is left as
  // written; a "+" glued in front does not make a card a phone number
  if (
    n >= 13 &&
    d0 !== 0 &&
    (onlyDashOrSpace
      ? isCardLayout(groups, s, e)
      : (flags === SEP_DOT || flags === SEP_SLASH) && printedCardLayout(groups, s, e))
  )
    return passesLuhnWindow(text, groups, s, e) &&
      !(n <= 14 && count === 1 && productCodeBefore(text, groups.start[s] as number))
      ? CARD
      : SHIELD;
  if (count === 3 && isDateLayout(groups, s)) return NONE;
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
  // dialled from abroad: "00" (most of the world) and then a country code that never starts
  // with 0, and 7 to 15 digits after it ("0044…", "00 683 7507": Niue); as many after
  // Australia's "0011" (no country code starts "11") and Nigeria's "009" written apart
  // ("0011 49 5835 49982106": Germany's longest; "009 383 38 2115659949")
  // (after an order word, a compact run or two groups are a reference: "AWB 001-89273321")
  if (d0 === 0 && d1 === 0)
    return n >= 9 &&
      d2 !== 0 &&
      (n <= 17 || (d2 === 1 && d3 === 1) || (n === 18 && (sizes[s] as number) === 3 && d2 === 9))
      ? phoneUnlessOrder(text, groups, s, count)
      : NONE;
  // the other international prefixes written before a country code, apart or glued to it:
  // North America's "011" and Japan's "010" (their international_prefix in libphonenumber's
  // metadata): "011 44 20 7946 0958", "01144207946095"; read as a trunk 0 and a national
  // number ("011 2345 6789", Delhi), it is a phone number as well
  if (
    d0 === 0 &&
    d1 === 1 &&
    (d2 === 1 || d2 === 0) &&
    d3 !== 0 &&
    n >= 10 &&
    n <= 18 &&
    ((sizes[s] as number) === 3 || count === 1)
  )
    return phoneUnlessOrder(text, groups, s, count);
  // a US ZIP+4 code ("Boston, MA 02134-1234"): 5-4 with a dash, unless a national plan that
  // applies says it is a phone number there
  if (
    n === 9 &&
    count === 2 &&
    flags === SEP_DASH &&
    (sizes[s] as number) === 5 &&
    !isNationalNumber(plans, first4, n)
  )
    return NONE;
  // trunk prefix 0, most of the world; but a compact run after an order or invoice word is an
  // order number ("Bestellnummer: 0301234567", "invoice 2025550134"), here and in North America,
  // and so are two groups after one that is not loose ("AWB 020-12345675")
  if (d0 === 0 && n >= 9 && n <= 13) return phoneUnlessOrder(text, groups, s, count);
  // North American Numbering Plan: NXX-NXX-XXXX, optionally after the country code 1
  if ((n === 10 && d0 >= 2 && d3 >= 2) || (n === 11 && d0 === 1 && d1 >= 2 && d4 >= 2))
    return phoneUnlessOrder(text, groups, s, count);
  // a reference in two groups is one whole, even where it is no national number: its second
  // group starts none ("AWB 157-10405345" is not "10405345" under a plan of 8-digit numbers)
  if (count === 2 && orderNumberAt(text, groups, s, count)) return SHIELD;
  if (!isNationalNumber(plans, first4, n)) return NONE;
  // a national plan alone is weak evidence: not after "#" or "n°", a ticket prefix
  // ("RITM0647313") or an order/invoice word, not a compact date (20240505), not an amount
  // ("9 112 888,37 €")
  const start = groups.start[s] as number;
  if (
    notAPhoneContext(text, start) ||
    (count === 1 && isCompactDate(groups.value[s] as number, n)) ||
    followedByCents(text, groups.end[e] as number)
  )
    return NONE;
  return PHONE;
}
