/**
 * A labelled corpus of personal data and look-alikes, for the masking benchmark and the
 * property-based tests: every value is built to be what its label says (a Luhn-valid card, an
 * IBAN with a correct mod-97 check, an SSN the SSA could issue, a phone number in one of the
 * formats README.md lists) or, for decoys, built to be what must *not* be masked (UUIDs, ISO
 * timestamps, ticket numbers, cards failing Luhn, IBANs failing mod-97, impossible SSNs).
 *
 * Deterministic: every builder takes a `Random` (a seeded PRNG here, fast-check's in tests), so a
 * benchmark run is reproducible from its seed.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast, good enough to spread test data (not for anything secret). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function digits(random: Random, count: number, first = '0123456789'): string {
  let out = count > 0 ? pick(random, first.split('')) : '';
  for (let i = 1; i < count; i++) out += String(randomInt(random, 0, 9));
  return out;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Splits `value` into groups of the given sizes (the last group takes the rest). */
export function groupBy(value: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= value.length) break;
    parts.push(value.slice(at, at + size));
    at += size;
  }
  if (at < value.length) parts.push(value.slice(at));
  return parts.join(separator);
}

// ------------------------------------------------------------------ payment cards

/** The digit that makes `payload` + digit pass the Luhn check. */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

const CARD_PREFIXES = [
  { prefix: '4', lengths: [13, 16, 19] }, // Visa
  { prefix: '51', lengths: [16] }, // Mastercard
  { prefix: '55', lengths: [16] },
  { prefix: '2221', lengths: [16] },
  { prefix: '34', lengths: [15] }, // American Express
  { prefix: '37', lengths: [15] },
  { prefix: '6011', lengths: [16, 19] }, // Discover
  { prefix: '35', lengths: [16] }, // JCB
];

/** Digits of a Luhn-valid card number of a real issuer prefix (13–19 digits). */
export function cardDigits(random: Random): string {
  const { prefix, lengths } = pick(random, CARD_PREFIXES);
  const length = pick(random, lengths);
  const payload = prefix + digits(random, length - 1 - prefix.length);
  return payload + luhnCheckDigit(payload);
}

/** The formats README.md documents for cards: compact, or groups of four with spaces or dashes. */
export type CardFormat = 'compact' | 'spaces' | 'dashes';

export function formatCard(value: string, format: CardFormat): string {
  if (format === 'compact') return value;
  return groupBy(value, [4, 4, 4, 4], format === 'spaces' ? ' ' : '-');
}

/** American Express's printed layout, 4-6-5. */
export function formatAmex(value: string, separator = ' '): string {
  return groupBy(value, [4, 6], separator);
}

/** Luhn as ISO/IEC 7812 states it: the last digit is the check digit of the ones before. */
function passesLuhn(value: string): boolean {
  return luhnCheckDigit(value.slice(0, -1)) === value.slice(-1);
}

/** The same card number with its check digit changed: fails Luhn. */
export function breakLuhn(value: string): string {
  const last = value.charCodeAt(value.length - 1) - 48;
  return value.slice(0, -1) + String((last + 1 + (last % 3)) % 10);
}

// ------------------------------------------------------------------ IBANs

/** BBAN layouts (a letter, n digits, c any upper-case alphanumeric) of a few countries. */
const BBAN_LAYOUTS: Record<string, string> = {
  NL: 'aaaa' + 'n'.repeat(10),
  DE: 'n'.repeat(18),
  GB: 'aaaa' + 'n'.repeat(14),
  FR: 'n'.repeat(10) + 'c'.repeat(11) + 'nn',
  ES: 'n'.repeat(20),
  IT: 'a' + 'n'.repeat(10) + 'c'.repeat(12),
  BE: 'n'.repeat(12),
  CH: 'n'.repeat(5) + 'c'.repeat(12),
  NO: 'n'.repeat(11),
  PL: 'n'.repeat(24),
  SE: 'n'.repeat(20),
  IE: 'aaaa' + 'n'.repeat(14),
};

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = LETTERS + '0123456789';

function mod97(text: string): number {
  let remainder = 0;
  for (const ch of text) {
    const value = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** The two check digits of an IBAN (ISO 13616): 98 - (BBAN + country + "00") mod 97. */
export function ibanCheckDigits(country: string, bban: string): string {
  return pad(98 - mod97(bban + country + '00'), 2);
}

export const IBAN_COUNTRIES = Object.keys(BBAN_LAYOUTS);

/** A compact, upper-case IBAN with a correct mod-97 check. */
export function ibanCompact(random: Random, country = pick(random, IBAN_COUNTRIES)): string {
  const layout = BBAN_LAYOUTS[country];
  if (!layout) throw new Error(`no BBAN layout for ${country}`);
  let bban = '';
  for (const kind of layout)
    bban +=
      kind === 'n' ? digits(random, 1) : pick(random, (kind === 'a' ? LETTERS : ALNUM).split(''));
  return country + ibanCheckDigits(country, bban) + bban;
}

/** The same IBAN with wrong check digits (registered country, right length, fails mod-97). */
export function breakIban(compact: string): string {
  const check = Number(compact.slice(2, 4));
  const wrong = check >= 97 ? check - 1 : check + 1;
  return compact.slice(0, 2) + pad(wrong, 2) + compact.slice(4);
}

export type IbanFormat = 'compact' | 'groups' | 'lower';

export function formatIban(compact: string, format: IbanFormat): string {
  if (format === 'lower') return compact.toLowerCase();
  if (format === 'compact') return compact;
  return compact.replace(/(.{4})(?=.)/g, '$1 ');
}

// ------------------------------------------------------------------ US SSNs

/** Parts of an SSN the SSA could issue: area not 000/666/9xx, group not 00, serial not 0000. */
export function ssnParts(random: Random): [string, string, string] {
  let area = randomInt(random, 1, 899);
  if (area === 666) area = 665;
  return [pad(area, 3), pad(randomInt(random, 1, 99), 2), pad(randomInt(random, 1, 9999), 4)];
}

/** Parts of an SSN that cannot exist (one rule broken). */
export function impossibleSsnParts(random: Random): [string, string, string] {
  const [area, group, serial] = ssnParts(random);
  switch (randomInt(random, 0, 4)) {
    case 0:
      return ['000', group, serial];
    case 1:
      return ['666', group, serial];
    case 2:
      return [String(randomInt(random, 900, 999)), group, serial];
    case 3:
      return [area, '00', serial];
    default:
      return [area, group, '0000'];
  }
}

export function formatSsn(parts: readonly string[], separator: '-' | ' '): string {
  return parts.join(separator);
}

// ------------------------------------------------------------------ phone numbers

/** A North American number NXX-NXX-XXXX (N = 2–9) as its 10 digits. */
export function nanpDigits(random: Random): string {
  return digits(random, 3, '23456789') + digits(random, 3, '23456789') + digits(random, 4);
}

const COUNTRY_CODES = ['31', '44', '49', '33', '34', '39', '46', '61', '81', '55', '27', '353'];

/**
 * A phone number in one of the formats README.md lists as detected: E.164 compact or grouped,
 * `tel:`/`sip:` URIs, North American formats, `00` international and national trunk-0 numbers.
 */
export function phoneNumber(random: Random): string {
  const nanp = nanpDigits(random);
  const area = nanp.slice(0, 3);
  const exchange = nanp.slice(3, 6);
  const line = nanp.slice(6);
  const cc = pick(random, COUNTRY_CODES);
  const subscriber = digits(random, randomInt(random, 8, 10), '123456789');
  switch (randomInt(random, 0, 12)) {
    case 0:
      return `+1${nanp}`;
    case 1:
      return `+1 ${area} ${exchange} ${line}`;
    case 2:
      return `(${area}) ${exchange}-${line}`;
    case 3:
      return `${area}-${exchange}-${line}`;
    case 4:
      return `${area}.${exchange}.${line}`;
    case 5:
      return `1-${area}-${exchange}-${line}`;
    case 6:
      return `+${cc}${subscriber}`;
    case 7:
      return `+${cc} ${groupBy(subscriber, [1, 4, 4], ' ')}`;
    case 8:
      return `00${cc} ${groupBy(subscriber, [1, 8], ' ')}`;
    case 9:
      return `0${subscriber.slice(0, 1)} ${subscriber.slice(1, 9)}`;
    case 10:
      return `tel:+${cc}${subscriber}`;
    case 11:
      return `+${cc}-${groupBy(subscriber, [3, 3], '-')}`;
    default:
      return `sip:+1${nanp}@10.1.2.3`;
  }
}

// ------------------------------------------------------------------ e-mail addresses

const TLDS = ['com', 'nl', 'de', 'org', 'net', 'co.uk', 'io', 'example'];

function word(random: Random, min: number, max: number, alphabet = 'abcdefghijklmnopqrstuvwxyz') {
  let out = '';
  const length = randomInt(random, min, max);
  for (let i = 0; i < length; i++) out += pick(random, alphabet.split(''));
  return out;
}

export function emailAddress(random: Random): string {
  const localParts = [word(random, 1, 10, 'abcdefghijklmnopqrstuvwxyz0123456789')];
  const more = randomInt(random, 0, 2);
  for (let i = 0; i < more; i++)
    localParts.push(word(random, 1, 8, 'abcdefghijklmnopqrstuvwxyz0123456789'));
  const local = localParts.join(pick(random, ['.', '_', '-', '+']));
  const domain = word(random, 2, 12) + (random() < 0.3 ? '.' + word(random, 2, 8) : '');
  const address = `${local}@${domain}.${pick(random, TLDS)}`;
  return random() < 0.2 ? address.toUpperCase() : address;
}

// ------------------------------------------------------------------ decoys

function hex(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += pick(random, '0123456789abcdef'.split(''));
  return out;
}

export function uuid(random: Random, digitsOnly = false): string {
  const part = (n: number) => (digitsOnly ? digits(random, n) : hex(random, n));
  return [part(8), part(4), part(4), part(4), part(12)].join('-');
}

export function isoTimestamp(random: Random): string {
  const date = `${randomInt(random, 2000, 2039)}-${pad(randomInt(random, 1, 12), 2)}-${pad(randomInt(random, 1, 28), 2)}`;
  const time = `${pad(randomInt(random, 0, 23), 2)}:${pad(randomInt(random, 0, 59), 2)}:${pad(randomInt(random, 0, 59), 2)}`;
  const millis = random() < 0.5 ? '.' + pad(randomInt(random, 0, 999), 3) : '';
  const zone =
    random() < 0.5
      ? 'Z'
      : `${pick(random, ['+', '-'])}${pad(randomInt(random, 0, 14), 2)}:${pick(random, ['00', '30'])}`;
  return `${date}T${time}${millis}${zone}`;
}

// ------------------------------------------------------------------ labelled corpus

export type PiiType = 'phone' | 'email' | 'card' | 'iban' | 'ssn';
export const PII_TYPES: readonly PiiType[] = ['phone', 'email', 'card', 'iban', 'ssn'];

export type DecoyKind =
  | 'uuid'
  | 'uuid-digits'
  | 'timestamp'
  | 'ticket'
  | 'card-luhn-fail'
  | 'amex-luhn-fail'
  | 'iban-bad-check'
  | 'ssn-impossible'
  | 'date'
  | 'ipv4';

export const DECOY_KINDS: readonly DecoyKind[] = [
  'uuid',
  'uuid-digits',
  'timestamp',
  'ticket',
  'card-luhn-fail',
  'amex-luhn-fail',
  'iban-bad-check',
  'ssn-impossible',
  'date',
  'ipv4',
];

export interface LabelledValue {
  /** The PII type, or "decoy" for a value that must be left as written. */
  label: PiiType | 'decoy';
  /** Which decoy (or which format family for PII). */
  kind: string;
  value: string;
}

export function piiValue(random: Random, type: PiiType): LabelledValue {
  switch (type) {
    case 'phone':
      return { label: type, kind: 'phone', value: phoneNumber(random) };
    case 'email':
      return { label: type, kind: 'email', value: emailAddress(random) };
    case 'card': {
      const card = cardDigits(random);
      const format = pick(random, ['compact', 'spaces', 'dashes'] as const);
      return { label: type, kind: `card-${format}`, value: formatCard(card, format) };
    }
    case 'iban': {
      const format = pick(random, ['compact', 'groups', 'lower'] as const);
      return {
        label: type,
        kind: `iban-${format}`,
        value: formatIban(ibanCompact(random), format),
      };
    }
    case 'ssn':
      return {
        label: type,
        kind: 'ssn',
        value: formatSsn(ssnParts(random), pick(random, ['-', ' '] as const)),
      };
  }
}

export function decoyValue(random: Random, kind: DecoyKind): LabelledValue {
  const decoy = (value: string): LabelledValue => ({ label: 'decoy', kind, value });
  switch (kind) {
    case 'uuid':
      return decoy(uuid(random));
    case 'uuid-digits':
      return decoy(uuid(random, true));
    case 'timestamp':
      return decoy(isoTimestamp(random));
    case 'ticket':
      return decoy(pick(random, ['INC', 'CHG', 'RITM', 'PRB']) + digits(random, 7));
    case 'card-luhn-fail': {
      const format = pick(random, ['compact', 'spaces', 'dashes'] as const);
      let value = breakLuhn(cardDigits(random));
      // written in spaced groups, a 17–19-digit number whose first 16 digits pass Luhn is a
      // card and then more digits ("4111 1111 1111 1111 123": its CVV), which must be masked:
      // no look-alike
      while (format === 'spaces' && value.length > 16 && passesLuhn(value.slice(0, 16)))
        value = breakLuhn(cardDigits(random));
      return decoy(formatCard(value, format));
    }
    case 'amex-luhn-fail': {
      const payload = pick(random, ['34', '37']) + digits(random, 12);
      return decoy(formatAmex(breakLuhn(payload + luhnCheckDigit(payload))));
    }
    case 'iban-bad-check':
      return decoy(formatIban(breakIban(ibanCompact(random)), pick(random, ['compact', 'groups'])));
    case 'ssn-impossible':
      return decoy(formatSsn(impossibleSsnParts(random), pick(random, ['-', ' '] as const)));
    case 'date': {
      const [y, m, d] = [
        randomInt(random, 1990, 2039),
        randomInt(random, 1, 12),
        randomInt(random, 1, 28),
      ];
      return decoy(
        random() < 0.5 ? `${y}-${pad(m, 2)}-${pad(d, 2)}` : `${pad(d, 2)}.${pad(m, 2)}.${y}`,
      );
    }
    case 'ipv4':
      return decoy([0, 0, 0, 0].map(() => String(randomInt(random, 1, 254))).join('.'));
  }
}

const FILLER = [
  'the customer',
  'said that',
  'the VPN client',
  'keeps failing',
  'after the update',
  'please call back',
  'regarding',
  'reference',
  'noted by the agent',
  'escalated to second line',
  'laptop',
  'printer on floor three',
  'password reset',
  'as discussed',
];

/** A sentence of filler words (letters only) around `value`, so the value stands alone. */
export function sentenceAround(random: Random, value: string): string {
  const before = Array.from({ length: randomInt(random, 1, 3) }, () => pick(random, FILLER));
  const after = Array.from({ length: randomInt(random, 1, 3) }, () => pick(random, FILLER));
  const close = pick(random, ['.', ',', '', ';', '!']);
  const open = pick(random, ['', '', '', '"', '(', '<']);
  const shut = open === '"' ? '"' : open === '(' ? ')' : open === '<' ? '>' : '';
  return `${before.join(' ')} ${open}${value}${shut}${close} ${after.join(' ')}`;
}

export interface LabelledSentence extends LabelledValue {
  sentence: string;
}

/**
 * `perType` values of every PII type and every decoy kind, each in its own sentence, shuffled:
 * the corpus the benchmark scores recall and precision on.
 */
export function labelledCorpus(seed: number, perType: number): LabelledSentence[] {
  const random = seededRandom(seed);
  const values: LabelledValue[] = [];
  for (const type of PII_TYPES)
    for (let i = 0; i < perType; i++) values.push(piiValue(random, type));
  for (const kind of DECOY_KINDS)
    for (let i = 0; i < perType; i++) values.push(decoyValue(random, kind));
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    [values[i], values[j]] = [values[j] as LabelledValue, values[i] as LabelledValue];
  }
  return values.map((v) => ({ ...v, sentence: sentenceAround(random, v.value) }));
}

/**
 * Realistic free text of about `length` characters: transcript lines where roughly one line in
 * five carries a value (PII or decoy). The benign corpus of the throughput benchmark.
 */
export function transcriptText(seed: number, length: number): string {
  const random = seededRandom(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < length) {
    const speaker = pick(random, ['customer', 'agent', 'bot']);
    let line = `${speaker}: ${sentenceAround(random, pick(random, FILLER))}`;
    if (random() < 0.2) {
      const value =
        random() < 0.6
          ? piiValue(random, pick(random, PII_TYPES))
          : decoyValue(random, pick(random, DECOY_KINDS));
      line = `${speaker}: ${sentenceAround(random, value.value)}`;
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n').slice(0, length);
}
