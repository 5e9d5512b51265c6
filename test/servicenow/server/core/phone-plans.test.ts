/**
 * The national numbering plans the masker applies, read from the table generated out of
 * libphonenumber's metadata: checked against that authority's own example numbers (never
 * against the table's own encoding), and the ways a request chooses which plans apply.
 */
import examples from 'libphonenumber-js/examples.mobile.json';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { maskText, validateMaskOptions } from '../../../../servicenow/src/server/core/mask.ts';
import {
  isKnownRegion,
  regionsOfAddress,
} from '../../../../servicenow/src/server/core/phone-plans.ts';
import { leakOf } from '../../../helpers/pii-arbitraries.ts';

const mobileExamples = Object.entries(examples as unknown as Record<string, string>);

describe('phone plans from libphonenumber metadata', () => {
  it.each(mobileExamples)(
    '%s: its example mobile number, written nationally, is masked when the region applies',
    (region, nationalNumber) => {
      const parsed = parsePhoneNumberFromString(nationalNumber, region as never)!;
      const national = parsed.formatNational();
      const result = maskText(`call ${national} please`, { regions: [region] });
      const value = { label: 'phone' as const, kind: 'phone', value: national };
      expect(leakOf(result.text, value), result.text).toBeUndefined();
      expect(result.counts.phone).toBe(1);
    },
  );

  it('applies a national plan only where the request says: regions or the caller', () => {
    // Spain: 9 digits starting 6/7/8/9, no trunk prefix; not a number anywhere else
    expect(maskText('llame al 612 34 56 78').text).toBe('llame al 612 34 56 78');
    expect(maskText('llame al 612 34 56 78', { regions: ['ES'] }).text).toBe(
      'llame al ***-***-5678',
    );
    expect(maskText('llame al 612345678', { callerAddress: '+34699111222' }).text).toBe(
      'llame al ***-***-5678',
    );
    expect(maskText('ligue (21) 98765-4321', { regions: ['BR'] }).text).toBe('ligue ***-***-4321');
    expect(maskText('call 98765 43210', { regions: ['IN'] }).counts.phone).toBe(1);
  });

  it('keeps look-alikes as written under a plan that has numbers of their length', () => {
    for (const text of ['order 92766097', 'invoice #93634068', 'on 20240505', 'RITM0647313'])
      expect(maskText(text, { regions: ['DK', 'DE'] }).text).toBe(text);
  });
});

describe('regionsOfAddress', () => {
  it.each([
    ['+31612345678', ['NL']],
    ['tel:+44 20 7946 0958', ['GB', 'GG', 'IM', 'JE']],
    ['sip:+34699111222@10.1.2.3', ['ES']],
    ['jan@example.nl', []],
    ['0612345678', []],
    [undefined, []],
  ])('%s → %j', (address, regions) => {
    expect([...regionsOfAddress(address)].sort()).toEqual([...regions].sort());
  });

  it('finds every region sharing the North American calling code', () => {
    const regions = regionsOfAddress('+14155550134');
    expect(regions).toEqual(expect.arrayContaining(['US', 'CA', 'PR']));
  });
});

describe('region codes', () => {
  it('knows ISO 3166 codes with a plan, upper case only', () => {
    expect(isKnownRegion('NL')).toBe(true);
    expect(isKnownRegion('nl')).toBe(false);
    expect(isKnownRegion('XX')).toBe(false);
    expect(isKnownRegion('toString')).toBe(false);
  });

  it('names a bad region in the mask options by its index', () => {
    expect(validateMaskOptions({ regions: ['NL', 'xx', 5] })).toEqual([
      expect.objectContaining({ path: '/regions/1' }),
      expect.objectContaining({ path: '/regions/2' }),
    ]);
    expect(validateMaskOptions({ regions: 'NL' })).toEqual([
      { path: '/regions', message: 'must be an array of region codes' },
    ]);
  });
});
