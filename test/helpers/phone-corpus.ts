/**
 * Phone numbers of every region, generated from libphonenumber's metadata and checked by
 * libphonenumber-js itself (never by the masker): each region's example mobile number and
 * numbers sampled from its fixed-line and mobile patterns, each accepted only when
 * libphonenumber-js says it is a valid number of that type. Written the way that region writes
 * them — libphonenumber's national format (its grouping and separators), the international
 * format and E.164 — inside sentences of several languages, some glued to punctuation.
 *
 * Look-alikes a region's plan could mistake for numbers (versions, amounts, order numbers,
 * dates in every common form, IPv4, UUIDs, tickets) come with it, for the damage count.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import {
  DigitAutomaton,
  PLAN_REGIONS,
  regionPlan,
  type PlanType,
} from '../../scripts/lib/phone-metadata.ts';
import { pick, randomInt, seededRandom, uuid, type Random } from './pii-corpus.ts';

/**
 * How a number is written: libphonenumber's national, international and E.164 formats,
 * "cc+national": its country code before its national grouping without the trunk prefix
 * ("+1 (415) 555-0134", "+55 (21) 98765-4321"), as people write it, and "idd": as dialled from
 * another country, libphonenumber's IDD format from one of IDD_CALLERS ("011 44 20 7946 0958").
 */
export type PhoneForm = 'national' | 'international' | 'e164' | 'cc+national' | 'idd' | 'dotted';

/**
 * Callers' regions for the "idd" form, one international prefix each, taken in turn: "011"
 * (North America), "00" (most of the world), "010" (Japan), "0011" (Australia), "009"
 * (Nigeria). Russia's "8~10" (wait for the tone after the 8) is left out: nobody types it.
 */
export const IDD_CALLERS = ['US', 'DE', 'JP', 'AU', 'NG'] as const;

export interface RegionPhone {
  region: string;
  type: PlanType;
  form: PhoneForm;
  /** The "idd" form: the caller's region, whose international prefix the value starts with. */
  from?: string;
  value: string;
  sentence: string;
}

/** Sentences of several languages around a value; some glue it to punctuation. */
const TEMPLATES = [
  'Please call me back on {} tomorrow.',
  'Bitte rufen Sie mich unter {} zurück.',
  "Rappelez-moi au {} s'il vous plaît.",
  'Llámeme al {}, gracias.',
  'Bel me terug op {} aub.',
  'Ligue para {} por favor.',
  'Mi richiami al {}, grazie.',
  'Zadzwoń pod numer {} jutro.',
  'Customer number:{};callback asap',
  'tel.({}),thanks',
  'phone="{}"',
];

function sentence(random: Random, value: string): string {
  return pick(random, TEMPLATES).replace('{}', value);
}

const mobileExamples = examples as unknown as Record<string, string>;

/** A valid national significant number of `type` for `region`, or undefined. */
function sampleNumber(
  random: Random,
  region: string,
  type: PlanType,
  automata: Map<string, DigitAutomaton>,
): string | undefined {
  const plan = regionPlan(region);
  const entry = plan.types.find((t) => t.type === type);
  if (!entry) return undefined;
  let automaton = automata.get(region + type);
  if (!automaton) {
    automaton = new DigitAutomaton(entry.pattern);
    automata.set(region + type, automaton);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const digits = automaton.sample(random, pick(random, entry.lengths));
    if (digits === undefined) continue;
    const parsed = parsePhoneNumberFromString(`+${plan.callingCode}${digits}`);
    const kind = parsed?.getType();
    if (
      parsed?.isValid() &&
      parsed.country === region &&
      (kind === type || kind === 'FIXED_LINE_OR_MOBILE')
    )
      return digits;
  }
  return undefined;
}

/** `perRegion` numbers per type and region (the example mobile number first), in all forms. */
/**
 * A region's national format of a number without its trunk prefix: the grouping people write
 * after the country code ("(415) 555-0134", "20 7946 0958" for the UK's "020 7946 0958").
 */
export function withoutTrunk(region: string, national: string): string {
  const trunk = regionPlan(region).trunk;
  return (
    trunk !== '' && national.startsWith(trunk) ? national.slice(trunk.length) : national
  ).trim();
}

export function regionPhoneCorpus(seed: number, perRegion: number): RegionPhone[] {
  const random = seededRandom(seed);
  const automata = new Map<string, DigitAutomaton>();
  const out: RegionPhone[] = [];
  let caller = 0;
  for (const region of PLAN_REGIONS) {
    const callingCode = regionPlan(region).callingCode;
    for (const type of ['FIXED_LINE', 'MOBILE'] as const) {
      const numbers: string[] = [];
      if (type === 'MOBILE' && mobileExamples[region]) numbers.push(mobileExamples[region]);
      while (numbers.length < perRegion) {
        const sampled = sampleNumber(random, region, type, automata);
        if (sampled === undefined) break;
        numbers.push(sampled);
      }
      for (const digits of numbers) {
        const parsed = parsePhoneNumberFromString(`+${callingCode}${digits}`);
        if (!parsed?.isValid() || parsed.country !== region) continue;
        const national = parsed.formatNational();
        const bare = withoutTrunk(region, national);
        const forms: Array<[PhoneForm, string]> = [
          ['national', national],
          ['international', parsed.formatInternational()],
          ['e164', parsed.number],
        ];
        // (where a leading 0 is part of the number, as in Rwanda's "+250 06 54 94 50", the
        // trunk is not what it starts with: that form is left out)
        const written = `+${callingCode} ${bare}`;
        if (parsePhoneNumberFromString(written)?.number === parsed.number)
          forms.push(['cc+national', written]);
        // the national part dotted after the country code, as France, Belgium and Switzerland
        // write it ("+33 6.12.34.56.78")
        const international = parsed.formatInternational();
        const dotted = international.slice(international.indexOf(' ') + 1).replace(/[ -]/g, '.');
        if (dotted.indexOf('.') > 0) forms.push(['dotted', `+${callingCode} ${dotted}`]);
        // (callers taken in turn; one in the number's own region would dial it nationally)
        const from = IDD_CALLERS[caller++ % IDD_CALLERS.length] as CountryCode;
        const dialled = from === region ? undefined : parsed.format('IDD', { fromCountry: from });
        if (dialled) forms.push(['idd', dialled]);
        for (const [form, value] of forms)
          out.push({
            region,
            type,
            form,
            ...(form === 'idd' ? { from } : {}),
            value,
            sentence: sentence(random, value),
          });
      }
    }
  }
  return out;
}

export type LookAlikeKind =
  | 'version'
  | 'amount'
  | 'order-number'
  | 'date'
  | 'ipv4'
  | 'uuid'
  | 'ticket'
  | 'time'
  | 'reference';

/**
 * IATA airline prefixes of air waybill numbers (American, Delta, United, Lufthansa, Air France,
 * KLM, Qantas, British Airways, JAL, Qatar, Cathay, Cargolux, Emirates, Korean, ANA, Turkish,
 * Singapore).
 */
const AWB_PREFIXES = [
  '001',
  '006',
  '016',
  '020',
  '057',
  '074',
  '081',
  '125',
  '131',
  '157',
  '160',
  '172',
  '176',
  '180',
  '205',
  '235',
  '618',
];

export interface LookAlike {
  kind: LookAlikeKind;
  value: string;
  sentence: string;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function lookAlikeValue(random: Random, kind: LookAlikeKind): string {
  switch (kind) {
    case 'version':
      return pick(random, [
        `Chrome ${randomInt(random, 90, 140)}.0.${randomInt(random, 4000, 7999)}.${randomInt(random, 10, 250)}`,
        `Windows 10.0.${randomInt(random, 10000, 26999)}.${randomInt(random, 100, 5999)}`,
        `v${randomInt(random, 1, 20)}.${randomInt(random, 0, 30)}.${randomInt(random, 0, 99)}`,
        `build ${randomInt(random, 1, 9)}.${randomInt(random, 0, 9)}.${randomInt(random, 1000, 99999)}`,
      ]);
    case 'amount': {
      const whole = randomInt(random, 1000, 9_999_999);
      const cents = pad(randomInt(random, 0, 99), 2);
      const grouped = whole.toLocaleString('de-DE'); // 1.234.567
      return pick(random, [
        `${grouped},${cents} EUR`,
        `$${whole.toLocaleString('en-US')}.${cents}`,
        `${whole.toLocaleString('fr-FR').replace(/\s/g, ' ')},${cents} €`,
        `CHF ${whole.toLocaleString('de-CH').replace(/’/g, "'")}.${cents}`,
      ]);
    }
    case 'order-number':
      return (
        pick(random, ['order ', 'Bestellung ', 'commande n° ', 'pedido ', 'invoice #']) +
        String(randomInt(random, 100000, 99999999))
      );
    case 'date': {
      const y = randomInt(random, 1990, 2039);
      const m = pad(randomInt(random, 1, 12), 2);
      const d = pad(randomInt(random, 1, 28), 2);
      return pick(random, [
        `${y}-${m}-${d}`,
        `${d}.${m}.${y}`,
        `${d}/${m}/${y}`,
        `${m}/${d}/${y}`,
        `${y}/${m}/${d}`,
        `${d}-${m}-${y}`,
        `${y}${m}${d}`,
        `${d} ${m} ${y}`,
        `${y}-${m}-${d}T${pad(randomInt(random, 0, 23), 2)}:${pad(randomInt(random, 0, 59), 2)}:00Z`,
      ]);
    }
    case 'ipv4':
      return [0, 0, 0, 0].map(() => String(randomInt(random, 1, 254))).join('.');
    case 'uuid':
      return uuid(random, random() < 0.3);
    case 'ticket':
      return (
        pick(random, ['INC', 'CHG', 'RITM', 'PRB', 'TASK']) +
        pad(randomInt(random, 0, 9_999_999), 7)
      );
    case 'time':
      return `${pad(randomInt(random, 0, 23), 2)}:${pad(randomInt(random, 0, 59), 2)}:${pad(randomInt(random, 0, 59), 2)}.${pad(randomInt(random, 0, 999), 3)}`;
    case 'reference': {
      // an air waybill (airline prefix, 7-digit serial, its check digit: the serial mod 7) or
      // an invoice numbered by year
      const serial = randomInt(random, 0, 9_999_999);
      return pick(random, [
        `AWB ${pick(random, AWB_PREFIXES)}-${pad(serial, 7)}${serial % 7}`,
        `${pick(random, ['invoice ', 'Invoice #', 'Rechnung ', 'factura '])}${randomInt(random, 2015, 2030)}-${pad(randomInt(random, 1, 999_999), 6)}`,
      ]);
    }
  }
}

export const LOOK_ALIKE_KINDS: readonly LookAlikeKind[] = [
  'version',
  'amount',
  'order-number',
  'date',
  'ipv4',
  'uuid',
  'ticket',
  'time',
  'reference',
];

export function lookAlikeCorpus(seed: number, perKind: number): LookAlike[] {
  const random = seededRandom(seed);
  const out: LookAlike[] = [];
  for (const kind of LOOK_ALIKE_KINDS)
    for (let i = 0; i < perKind; i++) {
      const value = lookAlikeValue(random, kind);
      out.push({ kind, value, sentence: sentence(random, value) });
    }
  return out;
}
