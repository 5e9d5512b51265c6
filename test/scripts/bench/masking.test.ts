/**
 * The masking bench's own logic: which inputs it times and how it reduces rounds to one figure.
 * A ratio that leaves out an input, or a median that is not one, would misreport the hostile/
 * benign goal of issue 12 (a hand-picked list once hid the worst input).
 */
import { describe, expect, it } from 'vitest';
import { BENCH_ADVERSARIAL, median } from '../../../scripts/bench/masking.ts';
import { ADVERSARIAL_NAMES } from '../../helpers/adversarial-text.ts';

describe('masking bench', () => {
  it('times every adversarial input the linearity tests use, none twice', () => {
    expect([...BENCH_ADVERSARIAL].sort()).toEqual([...ADVERSARIAL_NAMES].sort());
    expect(new Set(BENCH_ADVERSARIAL).size).toBe(BENCH_ADVERSARIAL.length);
  });

  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[10, 1, 7, 3], 5],
    [[2, 2, 9, 2, 100], 2],
  ])('median(%j) is %d, whatever the order', (values, expected) => {
    expect(median(values)).toBe(expected);
    expect(median([...values].reverse())).toBe(expected);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
