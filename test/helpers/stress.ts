/**
 * Knobs shared by the property-based, leak and linearity tests. `npm test` runs them small so each
 * file takes a few seconds; `npm run test:load` (vitest.load.config.ts) sets
 * INCIDENT_BRIDGE_LOAD=1 and the same properties run many times more cases.
 */
import fc from 'fast-check';
import { seededRandom, type Random } from './pii-corpus.ts';

export const LOAD = process.env.INCIDENT_BRIDGE_LOAD === '1';

/** Cases per property: `base` in `npm test`, `base * factor` under `npm run test:load`. */
export function runs(base: number, factor = 20): number {
  return LOAD ? base * factor : base;
}

/** Timeout (ms) for a property test, scaled like its run count. */
export function timeoutFor(baseMs: number, factor = 20): number {
  return LOAD ? baseMs * factor : baseMs;
}

/**
 * An arbitrary built from one of the seeded corpus builders (test/helpers/pii-corpus.ts), so the
 * tests and `npm run bench` draw from the same generators. Counterexamples print the built value.
 */
export function built<T>(build: (random: Random) => T): fc.Arbitrary<T> {
  return fc.integer({ min: 0, max: 0x7fffffff }).map((seed) => build(seededRandom(seed)));
}

/** The characters of `text` that are ASCII digits, in order. */
export function digitsOf(text: string): string {
  return text.replace(/[^0-9]/g, '');
}
