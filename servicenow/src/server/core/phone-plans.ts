/**
 * National numbering plans for the phone detector, read from the generated table
 * (generated/phone-plans.ts, from libphonenumber's metadata). Which plans apply is the caller's
 * business: the caller's own country (from its E.164 address) and the org's regions.
 *
 * A plan answers one question in constant time: could these digits, written nationally (with
 * the region's trunk prefix, or without it where that is usual), be a fixed-line or mobile
 * number of the region? Rows are parsed only for the regions asked for.
 */
import { PHONE_PLANS } from './generated/phone-plans.ts';

/** Compiled plans of a set of regions: per trunk prefix, per national length, 100 two-digit starts. */
export interface NationalPlans {
  /** Trunk prefixes ("" = written without one) and their lengths → allowed starts. */
  readonly trunks: string[];
  /** The trunk prefixes as numbers and their lengths in digits (0 = none). */
  readonly trunkValues: number[];
  readonly trunkSizes: number[];
  /** Fewest digits a number of these plans is written with (7 when there are none shorter). */
  readonly minLength: number;
  readonly starts: Array<{ [length: number]: boolean[] }>;
  readonly regions: string[];
}

export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(PHONE_PLANS, region);
}

function startsOf(hex: string): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i < 25; i++) {
    const nibble = parseInt(hex.charAt(i), 16);
    for (let bit = 3; bit >= 0; bit--) out.push(((nibble >> bit) & 1) === 1);
  }
  return out;
}

const compiled: { [key: string]: NationalPlans } = {};

/** The plans of `regions` (unknown codes are ignored; validate them with isKnownRegion). */
export function nationalPlans(regions: readonly string[]): NationalPlans {
  const wanted: string[] = [];
  for (const region of regions) if (isKnownRegion(region)) wanted.push(region);
  wanted.sort();
  const key = wanted.join(',');
  const cached = compiled[key];
  if (cached) return cached;
  const trunks: string[] = [];
  const starts: Array<{ [length: number]: boolean[] }> = [];
  const add = (trunk: string, length: number, hex: string) => {
    let t = trunks.indexOf(trunk);
    if (t < 0) {
      trunks.push(trunk);
      starts.push({});
      t = trunks.length - 1;
    }
    const byLength = starts[t] as { [length: number]: boolean[] };
    const bits = startsOf(hex);
    const current = byLength[length];
    if (!current) byLength[length] = bits;
    else for (let i = 0; i < 100; i++) current[i] = current[i] || (bits[i] as boolean);
  };
  for (const region of wanted) {
    const [, trunk, bare, table] = (PHONE_PLANS[region] as string).split(',') as [
      string,
      string,
      string,
      string,
    ];
    if (table === '') continue;
    for (const entry of table.split(';')) {
      const colon = entry.indexOf(':');
      const length = Number(entry.slice(0, colon));
      const hex = entry.slice(colon + 1);
      if (trunk !== '') add(trunk, length, hex);
      if (bare === '1') add('', length, hex);
    }
  }
  const trunkValues = trunks.map((trunk) => (trunk === '' ? 0 : Number(trunk)));
  const trunkSizes = trunks.map((trunk) => trunk.length);
  let minLength = 7;
  trunks.forEach((trunk, t) => {
    for (const length of Object.keys(starts[t] as object))
      minLength = Math.min(minLength, Number(length) + trunk.length);
  });
  const plans = { trunks, trunkValues, trunkSizes, minLength, starts, regions: wanted };
  compiled[key] = plans;
  return plans;
}

const POWERS = [1000, 100, 10];

/**
 * True when a number of `length` digits written nationally, whose first four digits are `first4`
 * (e.g. 612 for 0612345678), is a fixed-line or mobile number of one of the plans: with the
 * region's trunk prefix, or without it where that is how it is written. Constant time.
 */
export function isNationalNumber(plans: NationalPlans, first4: number, length: number): boolean {
  for (let t = 0; t < plans.trunks.length; t++) {
    const trunk = plans.trunkValues[t] as number;
    const size = plans.trunkSizes[t] as number;
    if (size > 0 && Math.floor(first4 / (POWERS[size - 1] as number)) !== trunk) continue;
    const allowed = (plans.starts[t] as { [length: number]: boolean[] })[length - size];
    // the two digits after the trunk prefix: first4 / 100 without a prefix, / 10 after one digit
    if (allowed && allowed[Math.floor(first4 / (POWERS[size + 1] ?? 1)) % 100]) return true;
  }
  return false;
}

let byCallingCode: { [code: string]: string[] } | undefined;

/** Regions that share an international calling code ("44" → GB, GG, IM, JE). */
export function regionsOfCallingCode(code: string): string[] {
  if (!byCallingCode) {
    byCallingCode = {};
    for (const region of Object.keys(PHONE_PLANS)) {
      const cc = (PHONE_PLANS[region] as string).split(',')[0] as string;
      (byCallingCode[cc] = byCallingCode[cc] || []).push(region);
    }
  }
  return byCallingCode[code] || [];
}

/**
 * The regions of the caller's own country, read from its address when that is an international
 * phone number ("+31612345678", "tel:+1 415…"); [] for anything else (e-mail, chat handles).
 */
export function regionsOfAddress(address: string | undefined): string[] {
  if (address === undefined) return [];
  let digits = '';
  let plus = false;
  for (let i = 0; i < address.length && digits.length < 16; i++) {
    const code = address.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += address.charAt(i);
    else if (code === 43 && digits === '') plus = true;
    else if (code === 64) break; // "sip:+31612345678@host": the host is not part of it
  }
  if (!plus || digits.length < 8) return [];
  // calling codes are prefix-free (ITU E.164): at most one of 1, 2 or 3 digits is assigned
  for (let length = 1; length <= 3; length++) {
    const regions = regionsOfCallingCode(digits.slice(0, length));
    if (regions.length > 0) return regions;
  }
  return [];
}
