/**
 * The labelled corpus is what the benchmark's recall/precision and the fuzzing tests rest on: its
 * values must really be what their labels say. Checked against authorities, never with the
 * masker's own functions: textbook Luhn examples and test card numbers, the IBANs of the ISO
 * 13616 registry's examples and its lengths, the SSA's published SSN rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ADVERSARIAL_NAMES, ADVERSARIAL_TEXT } from './adversarial-text.ts';
import { regionPhoneCorpus } from './phone-corpus.ts';
import {
  breakIban,
  breakLuhn,
  ibanCheckDigits,
  cardDigits,
  ibanCompact,
  impossibleSsnParts,
  labelledCorpus,
  luhnCheckDigit,
  seededRandom,
  ssnParts,
  transcriptText,
} from './pii-corpus.ts';
import { scoreDetections } from '../../scripts/bench/masking.ts';
import { built } from './stress.ts';

/** Luhn as ISO/IEC 7812-1 states it: from the right, double every second digit, sum the digits. */
function luhnSum(digits: string): number {
  return digits
    .split('')
    .reverse()
    .map((ch, i) => (i % 2 === 1 ? String(Number(ch) * 2) : ch))
    .join('')
    .split('')
    .reduce((sum, ch) => sum + Number(ch), 0);
}

/** ISO 13616 check: move the first four characters to the end, letters to 10–35, mod 97 = 1. */
function iso13616Remainder(iban: string): bigint {
  const moved = iban.slice(4) + iban.slice(0, 4);
  const numeric = moved.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return BigInt(numeric) % 97n;
}

/** IBAN lengths of the corpus's countries, from the ISO 13616 registry. */
const REGISTRY_LENGTHS: Record<string, number> = {
  NL: 18,
  DE: 22,
  GB: 22,
  FR: 27,
  ES: 24,
  IT: 27,
  BE: 16,
  CH: 21,
  NO: 15,
  PL: 28,
  SE: 24,
  IE: 22,
};

describe('pii-corpus builders', () => {
  it('computes Luhn check digits like the textbook examples', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('7992739871')).toBe('3');
    // published test numbers of the card schemes
    for (const card of [
      '4111111111111111',
      '5555555555554444',
      '378282246310005',
      '6011111111111117',
    ])
      expect(luhnCheckDigit(card.slice(0, -1))).toBe(card.slice(-1));
  });

  it('cards pass Luhn and have 13–19 digits; broken ones fail it', () => {
    fc.assert(
      fc.property(built(cardDigits), (card) => {
        expect(card).toMatch(/^[0-9]{13,19}$/);
        expect(luhnSum(card) % 10).toBe(0);
        expect(luhnSum(breakLuhn(card)) % 10).not.toBe(0);
      }),
    );
  });

  it("computes the check digits of the registry's example IBANs", () => {
    expect(ibanCheckDigits('NL', 'ABNA0417164300')).toBe('91');
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
    expect(ibanCheckDigits('GB', 'WEST12345698765432')).toBe('82');
  });

  it('IBANs have the registry length and a valid mod-97 check; broken ones fail it', () => {
    fc.assert(
      fc.property(
        built((random) => ibanCompact(random)),
        (iban) => {
          expect(iban.length).toBe(REGISTRY_LENGTHS[iban.slice(0, 2)]);
          expect(iso13616Remainder(iban)).toBe(1n);
          expect(iso13616Remainder(breakIban(iban))).not.toBe(1n);
        },
      ),
    );
    expect(ibanCompact(seededRandom(1), 'NL')).toMatch(/^NL[0-9]{2}[A-Z]{4}[0-9]{10}$/);
  });

  it('SSNs follow the SSA rules; impossible ones break exactly them', () => {
    // SSA: area 001–899 except 666, group 01–99, serial 0001–9999
    const issuable = /^(?!000|666|9)[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}$/;
    fc.assert(
      fc.property(built(ssnParts), built(impossibleSsnParts), (valid, impossible) => {
        expect(valid.join('-')).toMatch(issuable);
        expect(impossible.join('-')).not.toMatch(issuable);
      }),
    );
  });

  it('the labelled corpus is deterministic, balanced and keeps every value inside its sentence', () => {
    const corpus = labelledCorpus(7, 5);
    expect(labelledCorpus(7, 5)).toEqual(corpus);
    const byKind = new Map<string, number>();
    for (const item of corpus) {
      expect(item.sentence).toContain(item.value);
      expect(item.sentence.replace(item.value, '')).not.toMatch(/[0-9@]/);
      const key = item.label === 'decoy' ? item.kind : item.label;
      byKind.set(key, (byKind.get(key) ?? 0) + 1);
    }
    expect([...byKind.values()].every((count) => count === 5)).toBe(true);
    expect(byKind.size).toBe(15);
  });

  it('every generated region number is one libphonenumber-js calls valid, of its region', () => {
    const corpus = regionPhoneCorpus(7, 1);
    expect(new Set(corpus.map((item) => item.region)).size).toBeGreaterThan(230);
    for (const item of corpus) {
      // (dialled from abroad, the value is read as its caller's region reads it)
      const parsed = parsePhoneNumberFromString(item.value, (item.from ?? item.region) as never);
      expect(parsed?.isValid(), `${item.region} ${item.value}`).toBe(true);
      expect(parsed?.country, `${item.region} ${item.value}`).toBe(item.region);
      expect(item.sentence).toContain(item.value);
    }
  });

  it('transcript text has the requested length', () => {
    expect(transcriptText(3, 12_345)).toHaveLength(12_345);
  });

  it.each(ADVERSARIAL_NAMES)('adversarial "%s" is exactly as long as asked', (name) => {
    expect(ADVERSARIAL_TEXT[name]!(10_000)).toHaveLength(10_000);
  });
});

describe('scoreDetections: recall and precision of the bench', () => {
  const items = [
    { label: 'phone', kind: 'phone', value: '06 12345678', sentence: 'call 06 12345678' },
    { label: 'card', kind: 'card', value: '4111111111111111', sentence: 'card 4111111111111111' },
    { label: 'decoy', kind: 'uuid', value: 'abc', sentence: 'id abc' },
    { label: 'decoy', kind: 'ticket', value: 'INC1', sentence: 'INC1' },
  ] as const;

  it('counts a hit only when the value is gone and reported under its type', () => {
    const score = scoreDetections(items as never, [
      { output: 'call ***', types: new Set(['phone']) },
      { output: 'card ***', types: new Set(['phone']) }, // hidden, but as the wrong type
      { output: 'id ***', types: new Set(['card']) }, // a look-alike destroyed, reported as card
      { output: 'INC1', types: new Set() },
    ]);
    expect(score.recall.phone).toBe(1);
    expect(score.recall.card).toBe(0);
    expect(score.precision.phone).toBe(0.5);
    expect(score.precision.card).toBe(0);
    expect(score.precision.email).toBeUndefined();
    expect(score.hidden).toBe(1);
    expect(score.decoysIntact).toBe(0.5);
  });
});
