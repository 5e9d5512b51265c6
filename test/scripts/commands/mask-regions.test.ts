/** `incident-bridge mask --regions`: the org's phone regions, as the phone_regions property takes them. */
import { describe, expect, it } from 'vitest';
import { maskOptionsFrom } from '../../../scripts/commands/mask.ts';
import { maskText } from '../../../servicenow/src/server/core/mask.ts';

describe('mask --regions', () => {
  it('upper-cases the codes and applies their national plans', () => {
    const options = maskOptionsFrom({ regions: ['es', ' BR'] });
    expect(options.regions).toEqual(['ES', 'BR']);
    expect(maskText('llame al 612 34 56 78', options).text).toBe('llame al ***-***-5678');
  });

  it('names an unknown code and its position, counted from 1', () => {
    expect(() => maskOptionsFrom({ regions: ['NL', 'XX'] })).toThrow(
      /^--regions: "XX" \(item 2\) is not a region code/,
    );
    expect(() => maskOptionsFrom({ regions: ['ZZZ'] })).toThrow(/^--regions: "ZZZ" \(item 1\)/);
  });
});
