/**
 * Values to mask, in text order, as parallel arrays rather than an object per value: a hostile
 * 50 KB field can hold thousands of values, and in Rhino every object costs an allocation and a
 * scope walk. Both scanners (numbers, e-mail addresses) write them with their replacements;
 * maskText merges the two lists, adds the extra patterns' matches and assembles the output.
 */

export interface Spans {
  count: number;
  start: number[];
  end: number[];
  /** What was found: a detector index (PHONE_KIND …) or, past those, an extra pattern's. */
  kind: number[];
  /** What stands for text[start, end - shown). */
  replacement: string[];
  /**
   * How many of the span's last characters stay as written after the replacement: the digits or
   * the domain a mask keeps, when they stand together in the text ("***-**-" then "6789" as
   * written). The output then copies them with the text that follows, so a value costs no slice
   * of its own: value-dense text ("123-45-6789 123-45-6789 …") costs one slice per value.
   */
  shown: number[];
}

// detector indexes, in the order of mask.ts's DETECTOR_NAMES
export const PHONE_KIND = 0;
export const EMAIL_KIND = 1;
export const CARD_KIND = 2;
export const SSN_KIND = 3;
export const IBAN_KIND = 4;

/** What a masked phone number, card and SSN start with (by detector index) before the digits kept. */
export const MASK_PREFIX = ['***-***-', '***@', '****-****-****-', '***-**-', ''];

export function newSpans(): Spans {
  return { count: 0, start: [], end: [], kind: [], replacement: [], shown: [] };
}

export function addSpan(
  spans: Spans,
  start: number,
  end: number,
  kind: number,
  replacement: string,
  shown: number,
): void {
  const k = spans.count++;
  spans.start[k] = start;
  spans.end[k] = end;
  spans.kind[k] = kind;
  spans.replacement[k] = replacement;
  spans.shown[k] = shown;
}

/** More stars than any IBAN's mask needs (34 characters at most, 6 of them kept). */
const STARS = '****************************';

/**
 * An IBAN's mask from its country, its length (letters and digits) and its last four: the
 * country kept, the rest starred but the last four ("NL************4300").
 */
export function ibanMask(country: string, length: number, last4: string): string {
  return country + STARS.slice(0, length - 6) + last4;
}
