/**
 * Inputs built to make a PII scanner slow: runs and repetitions of the characters each detector
 * keys on (digits, separators, "@", dots, "+", IBAN prefixes, SSN and card shapes, near misses
 * just past each length limit). A backtracking regex or a rescan-per-candidate scanner goes
 * quadratic (or worse) on at least one of them. The linearity tests and `npm run bench` share
 * this list.
 */

/** Repeats `motif` and cuts the result to exactly `length` characters. */
export function repeatTo(motif: string, length: number): string {
  if (motif.length === 0) throw new Error('empty motif');
  return motif.repeat(Math.ceil(length / motif.length)).slice(0, length);
}

/** Each generator returns a string of exactly `length` UTF-16 units. */
export const ADVERSARIAL_TEXT: Readonly<Record<string, (length: number) => string>> = {
  'one digit run': (n) => repeatTo('1', n),
  'digits joined by single spaces': (n) => repeatTo('1 ', n),
  'four-digit groups (card-like)': (n) => repeatTo('4111 ', n),
  'dashed digit groups': (n) => repeatTo('415-555-', n),
  'dotted digit groups': (n) => repeatTo('1.', n),
  'parentheses and digits': (n) => repeatTo('(1)', n),
  'plus signs and digits': (n) => repeatTo('+1 ', n),
  'SSN-shaped chain': (n) => repeatTo('123-45-6789-', n),
  'SSN-shaped spaced': (n) => repeatTo('123 45 6789 ', n),
  'almost a card: 19 digits then more': (n) => repeatTo('4111 1111 1111 1111 111 ', n),
  'separator runs': (n) => repeatTo('- ', n),
  'at signs': (n) => repeatTo('@', n),
  'local parts and at signs': (n) => repeatTo('a@', n),
  'long local part then one at': (n) => repeatTo('a', n - 1) + '@',
  'one at then a long domain': (n) => '@' + repeatTo('a.', n - 1),
  'e-mail near misses': (n) => repeatTo('a.b-c@d-', n),
  'long local part over the limit': (n) => repeatTo('x'.repeat(70) + '@ex.com ', n),
  'IBAN prefixes': (n) => repeatTo('NL91 ', n),
  'IBAN-like run': (n) => 'NL91' + repeatTo('A', n - 4),
  'IBAN groups that never end': (n) => 'NL91 ' + repeatTo('ABCD ', n - 5),
  'tel: URIs': (n) => repeatTo('tel:+1', n),
  'sip: URIs with hosts': (n) => repeatTo('sip:+1@', n),
  'quotes and brackets': (n) => repeatTo('"[<(', n),
  'trailing punctuation runs': (n) => '1' + repeatTo('.,;:!?', n - 1),
  'no-break spaces and digits': (n) => repeatTo('1\u00a0', n),
  'unicode spaces and digits': (n) => repeatTo('2\u2028', n),
  'emoji and digits': (n) => repeatTo('😀1', n),
  // digits of another script make the text be scanned twice (the second time folded to ASCII)
  'Arabic-Indic digits joined by spaces': (n) => repeatTo('\u0665 ', n),
  'lone surrogates': (n) => repeatTo('\ud800', n),
  'UUID-like chain': (n) => repeatTo('12345678-1234-', n),
  'date-like chain': (n) => repeatTo('20.11.', n),
  // valid values back to back (a pasted list): every few characters one is found, classified,
  // counted and masked, the costliest kind of text per character for any masker
  'NANP numbers back to back': (n) => repeatTo('(415) 555-0134 ', n),
  'E.164 numbers back to back': (n) => repeatTo('+31612345678 ', n),
  'cards back to back': (n) => repeatTo('4111 1111 1111 1111 ', n),
  'IBANs back to back': (n) => repeatTo('NL91ABNA0417164300 ', n),
  'e-mail addresses back to back': (n) => repeatTo('jan@example.nl ', n),
  // the look-backs and look-aheads around a value: a keyword or label read before each one, or
  // a second window search to tell a value from the one glued after it
  'SSN keywords back to back': (n) => repeatTo('SS# 536228174 ', n),
  'order numbers with their labels': (n) => repeatTo('order no. 9876543210 ', n),
  'WhatsApp links back to back': (n) => repeatTo('wa.me/4915123456789 ', n),
  'a phone number, then an SSN': (n) => repeatTo('+1 415 555 0134 536-22-8174 ', n),
};

export const ADVERSARIAL_NAMES = Object.keys(ADVERSARIAL_TEXT);
