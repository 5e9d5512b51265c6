/**
 * The labelled corpus is what the benchmark's recall/precision and the fuzzing tests rest on: its
 * values must really be what their labels say, checked here with the app's own checksum rules
 * (and independently of the masker).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IBAN_LENGTHS,
  isValidIban,
  isValidSsn,
  passesLuhn,
} from '../../servicenow/src/server/core/pii-checks.ts';
import { ADVERSARIAL_NAMES, ADVERSARIAL_TEXT } from './adversarial-text.ts';
import {
  breakIban,
  breakLuhn,
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

describe('pii-corpus builders', () => {
  it('computes Luhn check digits like the textbook examples', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });

  it('cards pass Luhn and have 13–19 digits; broken ones fail it', () => {
    fc.assert(
      fc.property(built(cardDigits), (card) => {
        expect(card).toMatch(/^[0-9]{13,19}$/);
        expect(passesLuhn(card)).toBe(true);
        expect(passesLuhn(breakLuhn(card))).toBe(false);
      }),
    );
  });

  it('IBANs have a registered length and a valid mod-97 check; broken ones fail it', () => {
    fc.assert(
      fc.property(
        built((random) => ibanCompact(random)),
        (iban) => {
          expect(iban.length).toBe(IBAN_LENGTHS[iban.slice(0, 2)]);
          expect(isValidIban(iban)).toBe(true);
          expect(isValidIban(breakIban(iban))).toBe(false);
        },
      ),
    );
    expect(ibanCompact(seededRandom(1), 'NL')).toMatch(/^NL[0-9]{2}[A-Z]{4}[0-9]{10}$/);
  });

  it('SSNs follow the SSA rules; impossible ones break exactly them', () => {
    fc.assert(
      fc.property(built(ssnParts), built(impossibleSsnParts), (valid, impossible) => {
        expect(isValidSsn(...valid)).toBe(true);
        expect(isValidSsn(...impossible)).toBe(false);
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
