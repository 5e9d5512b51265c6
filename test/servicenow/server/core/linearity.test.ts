/**
 * Adversarial performance without a clock: masking and normalization stay linear in their input.
 * For each adversarial generator the work at 10 KB, 50 KB and 100 KB is measured twice — by the
 * scanner's own `steps` counter and by an independent count of the string and object work done
 * (test/helpers/work-counter.ts) — and must grow in proportion to the size (a quadratic scanner
 * would show ratios of 25 and 100 instead of 5 and 10). Absolute bounds: at most
 * MAX_STEPS_PER_CHAR scanner steps per character, the worst case being repeated IBAN prefixes
 * ("NL91 NL91 …": each is read as far as an IBAN of its country could go, ~6 steps per character).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskTextWithStats } from '../../../../servicenow/src/server/core/mask.ts';
import { normalizeRequest } from '../../../../servicenow/src/server/core/normalize.ts';
import {
  ADVERSARIAL_NAMES,
  ADVERSARIAL_TEXT,
  repeatTo,
} from '../../../helpers/adversarial-text.ts';
import { readSample } from '../../../helpers/samples.ts';
import { LOAD, runs, timeoutFor } from '../../../helpers/stress.ts';
import { countWork, countingProxy } from '../../../helpers/work-counter.ts';

const SIZES = [10_000, 50_000, 100_000] as const;
/** Scanner steps per input character, worst case measured 6.0 ("NL91 NL91 …"). */
const MAX_STEPS_PER_CHAR = 8;
/** Growth allowed over the size ratio (constant overheads, rounding). */
const SLACK = 1.15;

function expectLinear(label: string, sizes: readonly number[], work: readonly number[]): void {
  const [size0, work0] = [sizes[0] as number, Math.max(1, work[0] as number)];
  for (let i = 1; i < sizes.length; i++) {
    const ratio = (work[i] as number) / work0;
    const allowed = ((sizes[i] as number) / size0) * SLACK;
    expect(
      ratio,
      `${label}: work ×${ratio.toFixed(2)} for size ×${sizes[i]! / size0}`,
    ).toBeLessThanOrEqual(allowed);
  }
}

describe('maskText stays linear on adversarial input', () => {
  it.each(ADVERSARIAL_NAMES)('%s: 10 KB → 50 KB → 100 KB', (name) => {
    const make = ADVERSARIAL_TEXT[name]!;
    const steps: number[] = [];
    const work: number[] = [];
    for (const size of SIZES) {
      const input = make(size);
      const measured = countWork(() => maskTextWithStats(input));
      steps.push(measured.result.steps);
      work.push(measured.work.string);
      expect(measured.result.steps).toBeLessThanOrEqual(MAX_STEPS_PER_CHAR * size);
    }
    expectLinear(`${name} (steps)`, SIZES, steps);
    expectLinear(`${name} (string work)`, SIZES, work);
  });

  it(
    'any repeated motif of the characters detectors key on: steps per character stay bounded',
    () => {
      const alphabet = '0123456789 +-.()@:/\u00a0NLDEaz"[<>])\n'.split('');
      const motif = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 24 });
      fc.assert(
        fc.property(motif, (text) => {
          const small = maskTextWithStats(repeatTo(text, 10_000)).steps;
          const large = maskTextWithStats(repeatTo(text, 100_000)).steps;
          expect(large).toBeLessThanOrEqual(MAX_STEPS_PER_CHAR * 100_000);
          expect(large / Math.max(1, small), JSON.stringify(text)).toBeLessThanOrEqual(10 * SLACK);
        }),
        { numRuns: runs(60, 5) },
      );
    },
    timeoutFor(20_000, 5),
  );

  it.runIf(LOAD)('1 MB inputs are cut at the cap: the work does not grow past it', () => {
    for (const name of ADVERSARIAL_NAMES) {
      const capped = maskTextWithStats(ADVERSARIAL_TEXT[name]!(100_000 + 320)).steps;
      const huge = maskTextWithStats(ADVERSARIAL_TEXT[name]!(1_000_000)).steps;
      expect(huge, name).toBeLessThanOrEqual(capped * 1.01 + 100);
    }
  });
});

// ------------------------------------------------------------------ normalization

const conversation = readSample('genesys-conversation.whatsapp.json');
const event = readSample('genesys-event.conversation-end.json');
const valid = { customCallId: 'c-1', channel: 'voice', shortDescription: 'VPN down' };

/** Bodies of about `size` bytes of JSON, each stressing one loop of normalize/genesys-shapes. */
const ADVERSARIAL_BODIES: Record<string, (size: number) => unknown> = {
  'unknown fields': (size) => {
    const body: Record<string, unknown> = { ...valid };
    for (let i = 0; i < size / 12; i++) body[`x${i}`] = 1;
    return body;
  },
  'description over its cap': (size) => ({ ...valid, description: repeatTo('é', size) }),
  'transcript of surrogate pairs': (size) => ({ ...valid, transcript: repeatTo('😀', size / 3) }),
  'ids far over their cap': (size) => ({
    ...valid,
    customCallId: repeatTo('a', size / 3),
    agentUserId: repeatTo('b', size / 3),
    conversationStart: repeatTo('2', size / 3),
  }),
  'participants without a purpose': (size) => ({
    ...conversation,
    participants: Array.from({ length: size / 16 }, () => ({ purpose: 'x' })),
  }),
  'customer after many agents with attributes': (size) => ({
    ...conversation,
    participants: [
      ...Array.from({ length: size / 60 }, () => ({
        purpose: 'agent',
        attributes: { a: 'b', c: 'd' },
      })),
      ...(conversation.participants as unknown[]),
    ],
  }),
  'message sessions without a type': (size) => ({
    id: 'c-1',
    participants: [{ purpose: 'customer', messages: Array.from({ length: size / 3 }, () => ({})) }],
  }),
  'callback numbers': (size) => ({
    id: 'c-1',
    participants: [
      {
        purpose: 'customer',
        callbacks: [{ callbackNumbers: Array.from({ length: size / 16 }, () => '+31612345678') }],
      },
    ],
  }),
  'event with a long topic': (size) => ({
    ...event,
    topicName: 'v2.detail.events.conversation.' + repeatTo('a.', size),
  }),
  'event wrapping a huge snapshot': (size) => ({
    topicName: 'v2.conversations.x',
    eventBody: {
      ...conversation,
      participants: Array.from({ length: size / 16 }, () => ({ purpose: 'x' })),
    },
  }),
};

describe('normalizeRequest stays linear on adversarial bodies', () => {
  it.each(Object.keys(ADVERSARIAL_BODIES))('%s: 10 KB → 50 KB → 100 KB', (name) => {
    const sizes: number[] = [];
    const work: number[] = [];
    for (const size of SIZES) {
      const body = ADVERSARIAL_BODIES[name]!(size);
      sizes.push(JSON.stringify(body).length);
      const measured = countWork((counter) => normalizeRequest(countingProxy(body, counter)));
      work.push(measured.work.string + measured.work.object);
    }
    expect(sizes[2]! / sizes[0]!).toBeGreaterThan(5); // the generator really scales
    expectLinear(name, sizes, work);
  });
});

describe('the work counter itself', () => {
  it('sees a quadratic scan as quadratic (so the tests above could fail)', () => {
    const rescanEveryPosition = (text: string) => {
      let found = 0;
      for (let i = 0; i < text.length; i++)
        for (let j = i; j < text.length && text.charCodeAt(j) !== 64; j++) found++;
      return found;
    };
    const work = [1_000, 4_000].map(
      (size) => countWork(() => rescanEveryPosition('a'.repeat(size))).work.string,
    );
    expect(work[1]! / work[0]!).toBeGreaterThan(10); // 16 for a quadratic, 4 for a linear scan
  });

  it('counts every access to a proxied body', () => {
    const { work } = countWork((counter) =>
      normalizeRequest(countingProxy({ ...valid, x: 1 }, counter)),
    );
    expect(work.object).toBeGreaterThan(10);
  });
});
