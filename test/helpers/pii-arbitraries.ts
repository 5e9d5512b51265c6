/**
 * Generators of personal data in the formats README.md documents, the context README says may
 * surround it, and the oracle that says what of a seeded value survived in an output. Shared by
 * the masking fuzz tests and the leak scan; values come from test/helpers/pii-corpus.ts.
 */
import fc from 'fast-check';
import {
  DECOY_KINDS,
  PII_TYPES,
  decoyValue,
  piiValue,
  type DecoyKind,
  type LabelledValue,
  type PiiType,
} from './pii-corpus.ts';
import { built, digitsOf } from './stress.ts';

export const letterWord = fc.stringMatching(/^[A-Za-zÀ-ÖØ-öø-ÿ]{1,10}$/);
/** Non-ASCII neighbours (emoji, CJK, combining marks, odd spaces): no ASCII at all. */
export const unicodeWord = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 8 })
  .map((s) =>
    Array.from(s)
      .filter((c) => c.charCodeAt(0) > 0x7f)
      .join(''),
  )
  .filter((s) => s.length > 0);
export const word = fc.oneof(
  { weight: 4, arbitrary: letterWord },
  { weight: 1, arbitrary: unicodeWord },
);
export const words = fc.array(word, { minLength: 0, maxLength: 4 }).map((w) => w.join(' '));

/** What README.md says may surround a value: quotes or brackets before, punctuation after. */
export const wrapper = fc.record({
  open: fc.constantFrom('', '', '"', "'", '[', '<', '(', '{'),
  trail: fc.constantFrom('', '', '.', ',', ';', ':', '!', '?', '...', '?!'),
});

export function wrap(value: string, w: { open: string; trail: string }): string {
  const close =
    { '': '', '"': '"', "'": "'", '[': ']', '<': '>', '(': ')', '{': '}' }[w.open] ?? '';
  return w.open + value + close + w.trail;
}

export const pii = (type: PiiType) => built((random) => piiValue(random, type));
export const anyPii = fc.constantFrom(...PII_TYPES).chain(pii);

/** Decoys README.md promises to leave alone: every kind (the Amex layout is fixed). */
export const PROMISED_DECOYS = DECOY_KINDS;
export const decoy = fc
  .constantFrom(...PROMISED_DECOYS)
  .chain((kind: DecoyKind) => built((random) => decoyValue(random, kind)));

/** The part of a value that must not survive masking (a SIP URI's host is not personal). */
export function secretPart(value: LabelledValue): string {
  return value.value.replace(/@10\.1\.2\.3$/, '');
}

/** Every 5-digit window of the value's digits: masking keeps at most the last 4. */
function digitWindows(value: LabelledValue): string[] {
  const digits = digitsOf(secretPart(value));
  const windows: string[] = [];
  for (let i = 0; i + 5 <= digits.length; i++) windows.push(digits.slice(i, i + 5));
  return windows;
}

/** What of `value` a reader could still use in `output`, or undefined when nothing. */
export function leakOf(output: string, value: LabelledValue): string | undefined {
  if (output.includes(secretPart(value))) return 'the whole value';
  if (value.label === 'email') {
    // a mask keeps the domain: what must go is the mailbox in front of it
    const mailbox = value.value.toLowerCase();
    return output.toLowerCase().includes(mailbox) ? 'the mailbox' : undefined;
  }
  if (value.label === 'iban') {
    const compact = value.value.replace(/ /g, '').toUpperCase();
    if (output.toUpperCase().includes(compact.slice(0, 8))) return 'the IBAN prefix';
  }
  // digit runs of the output, read across the separators a number is written with but not
  // across a mask's "*" (two masks side by side each keep their own last 4 digits)
  const runsOfDigits = output
    .replace(/@10\.1\.2\.3/g, '')
    .split(/[^0-9 .()-]+/)
    .map(digitsOf)
    .filter((run) => run.length >= 5);
  for (const window of digitWindows(value))
    if (runsOfDigits.some((run) => run.includes(window))) return `the digits ${window}`;
  return undefined;
}
