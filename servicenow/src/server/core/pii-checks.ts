/**
 * Checksums and shape rules that decide whether a run of characters really is a card number,
 * an IBAN or a US SSN. Pure functions over short strings (callers bound their length).
 * Runs on Node and inside ServiceNow: no dependencies, no host APIs.
 */

/** Luhn (mod 10) check over a string of ASCII digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * IBAN length per country (ISO 13616 registry). A country absent here has no IBAN, so a
 * look-alike string for it is never treated as one.
 */
// prettier-ignore
export const IBAN_LENGTHS: { readonly [country: string]: number } = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

function isUpperAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}

/** A compact, upper-case IBAN candidate: registered country, exact length, mod-97 remainder 1. */
export function isValidIban(compact: string): boolean {
  const length = IBAN_LENGTHS[compact.slice(0, 2)];
  if (length === undefined || compact.length !== length) return false;
  for (let i = 0; i < compact.length; i++) {
    const code = compact.charCodeAt(i);
    if (!isUpperAlnum(code)) return false;
    if (i >= 2 && i < 4 && (code < 48 || code > 57)) return false;
  }
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    const value = code <= 57 ? code - 48 : code - 55; // A=10 … Z=35
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** US SSN rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area.charAt(0) === '9') return false;
  return group !== '00' && serial !== '0000';
}

/** Phone rules over the digits of a candidate, given whether it was written with a leading +. */
export function isPhoneShaped(digits: string, leadingPlus: boolean): boolean {
  const n = digits.length;
  if (leadingPlus) return n >= 8 && n <= 15 && digits.charAt(0) !== '0';
  if (digits.slice(0, 2) === '00') return n >= 10 && n <= 17 && digits.charAt(2) !== '0';
  if (digits.charAt(0) === '0') return n >= 9 && n <= 12;
  // North American Numbering Plan: NXX-NXX-XXXX, optionally with the country code 1.
  const national = n === 11 && digits.charAt(0) === '1' ? digits.slice(1) : digits;
  if (national.length !== 10) return false;
  return national.charAt(0) >= '2' && national.charAt(3) >= '2';
}

function inRange(text: string, min: number, max: number): boolean {
  const value = Number(text);
  return value >= min && value <= max;
}

/**
 * Dates such as 2026-11-20, 20-11-2026, 20.11.2026 and 2026.11.20 (group lengths 4-2-2 or
 * 2-2-4 with valid month/day) are never personal data here.
 */
export function isDateShaped(groups: readonly string[]): boolean {
  if (groups.length !== 3) return false;
  const [a, b, c] = groups as [string, string, string];
  if (a.length === 4 && b.length <= 2 && c.length <= 2)
    return inRange(b, 1, 12) && inRange(c, 1, 31);
  if (a.length <= 2 && b.length <= 2 && c.length === 4) {
    return (inRange(a, 1, 31) && inRange(b, 1, 12)) || (inRange(a, 1, 12) && inRange(b, 1, 31));
  }
  return false;
}

/** Dotted IPv4 addresses. */
export function isIpv4Shaped(groups: readonly string[]): boolean {
  if (groups.length !== 4) return false;
  for (const group of groups) if (group.length > 3 || !inRange(group, 0, 255)) return false;
  return true;
}

/** UUID layout 8-4-4-4-12 (an all-digit UUID is still an identifier, not a phone number). */
export function isUuidShaped(groups: readonly string[]): boolean {
  if (groups.length !== 5) return false;
  const sizes = [8, 4, 4, 4, 12];
  for (let i = 0; i < 5; i++) if ((groups[i] as string).length !== sizes[i]) return false;
  return true;
}
