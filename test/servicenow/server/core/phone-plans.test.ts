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
import { PLAN_REGIONS, regionPlan } from '../../../../scripts/lib/phone-metadata.ts';
import { leakOf } from '../../../helpers/pii-arbitraries.ts';
import { IDD_CALLERS, lookAlikeCorpus, withoutTrunk } from '../../../helpers/phone-corpus.ts';

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

  it.each(mobileExamples)(
    '%s: its example mobile number, written with its country code and national grouping (spaced, dashed or dotted), is masked whole with no plan',
    (region, nationalNumber) => {
      // "+1 (415) 555-0134", "+55 (21) 98765-4321", "+44 (0)7400 123456", "+91 81234-56789":
      // how people write an international number, not how libphonenumber formats one
      const parsed = parsePhoneNumberFromString(nationalNumber, region as never)!;
      const bare = withoutTrunk(region, parsed.formatNational());
      const international = parsed.formatInternational();
      const national = international.slice(international.indexOf(' ') + 1);
      for (const written of [
        `+${parsed.countryCallingCode} ${bare}`,
        ...(regionPlan(region).trunk === '0' ? [`+${parsed.countryCallingCode} (0)${bare}`] : []),
        international.replace(/ (\d+)$/, '-$1'),
        // the national part dotted, as France, Belgium and Switzerland write it: "+33 6.12.34.56.78"
        `+${parsed.countryCallingCode} ${national.replace(/[ -]/g, '.')}`,
      ]) {
        const result = maskText(`call ${written} please`);
        const value = { label: 'phone' as const, kind: 'phone', value: written };
        expect(leakOf(result.text, value), `${written} -> ${result.text}`).toBeUndefined();
        // all of it is one mask: nothing of the number is left outside it but the last digits
        expect(result.text, written).toMatch(/^call \*\*\*-\*\*\*-[0-9]{0,4} please$/);
      }
    },
  );

  it.each(mobileExamples)(
    '%s: its example mobile number, dialled from abroad with each international prefix, is masked whole with no plan',
    (region, nationalNumber) => {
      // libphonenumber's own IDD format: "011 44 7400 123456" from North America, "00 44 …",
      // "010 44 …" from Japan, "0011 44 …" from Australia, "009 44 …" from Nigeria
      const parsed = parsePhoneNumberFromString(nationalNumber, region as never)!;
      for (const from of IDD_CALLERS) {
        const written = parsed.format('IDD', { fromCountry: from });
        if (from === region || !written) continue;
        const result = maskText(`call ${written} please`);
        const value = { label: 'phone' as const, kind: 'phone', value: written };
        expect(leakOf(result.text, value), `${from}: ${written} -> ${result.text}`).toBeUndefined();
        expect(result.text, `${from}: ${written}`).toMatch(
          /^call \*\*\*-\*\*\*-[0-9]{0,4} please$/,
        );
      }
    },
  );

  it('reads 6 digits after +43, the one calling code with numbers under E.164s 7 in the metadata', () => {
    const shorter = PLAN_REGIONS.filter((region) => {
      const plan = regionPlan(region);
      return plan.callingCode.length + Math.min(...plan.types.flatMap((t) => t.lengths)) < 7;
    });
    expect(shorter).toEqual(['AT']);
    expect(parsePhoneNumberFromString('+431111')?.isValid()).toBe(true);
    for (const written of ['+43 1 111', '+431111'])
      expect(maskText(`Tel. ${written}, danke`).text).toBe('Tel. ***-***-1, danke');
    // six digits after any other calling code are no phone number
    expect(maskText('Tel. +44 1 111, thanks').counts.phone).toBe(0);
  });

  it.each([
    // the rest of the last compound is part of the number when nothing else starts there
    ['+1 415 555-0134', '***-***-0134'],
    ['+1 (415) 555-0134', '***-***-0134'],
    ['+55 21 98765-4321', '***-***-4321'],
    ['+91 98765-43210', '***-***-3210'],
    ['+44 (0)20 7946 0958', '***-***-0958'],
    // a country code in brackets goes with the mask; brackets around the whole number stay
    ['(+31) 6 12345678', '***-***-5678'],
    ['(+31612345678)', '(***-***-5678)'],
    // and ends where another value starts: a phone number glued to an SSN, to a card, to a
    // national number
    ['+44 4 1627 939-240-01-2233', '***-***-7939-***-**-2233'],
    [':+1 751 873 0718/3559 4431 2845 9188.', ':***-***-0718/****-****-****-9188.'],
    ['tel+3189884065.03 84451880', 'tel***-***-4065.***-***-1880'],
    // and a phone number never takes the first group of the value after it
    ['+1 415 555 0134 536-22-8174', '***-***-0134 ***-**-8174'],
    ['+1 415 555 0134 4111 1111 1111 1111', '***-***-0134 ****-****-****-1111'],
    ['+44 20 7946 0958 123-45-6789', '***-***-0958 ***-**-6789'],
  ])('%s: one mask per value, whatever joins its groups', (text, masked) => {
    expect(maskText(text).text).toBe(masked);
  });

  it.each([
    ['https://wa.me/4915123456789?text=hola', 'https://wa.me/***-***-6789?text=hola'],
    [
      'https://api.whatsapp.com/send?phone=5511961234567',
      'https://api.whatsapp.com/send?phone=***-***-4567',
    ],
    ['{"wa_id":"31612345678"}', '{"wa_id":"***-***-5678"}'],
    ['ANI: 4915123456789', 'ANI: ***-***-6789'],
    // elsewhere digits without "+" or a trunk prefix are no international number
    ['order=31612345678', 'order=31612345678'],
  ])('%s: an international number without its "+" where only one can stand', (text, masked) => {
    expect(maskText(text).text).toBe(masked);
  });

  it('reads up to 17 digits after +49, the one calling code whose numbers pass E.164s 15 in the metadata', () => {
    const longer = PLAN_REGIONS.filter((region) => {
      const plan = regionPlan(region);
      return plan.callingCode.length + Math.max(...plan.types.flatMap((t) => t.lengths)) > 15;
    });
    expect(longer).toEqual(['DE']);
    for (const written of ['+49 40 2695735383679', '+49402695735383679']) {
      const result = maskText(`Bitte rufen Sie ${written} an`);
      expect(result.text).toBe('Bitte rufen Sie ***-***-3679 an');
      expect(result.counts.phone).toBe(1);
    }
    // 18 digits are no phone number anywhere
    expect(maskText('+49 40 26957353836790').counts.phone).toBe(0);
  });

  it('masks an SSN after its keyword under every region’s plan, even where the plan reads it as a phone number', () => {
    // "536-22-8174" is the shape of a Saudi or Emirati mobile number too: under those plans it
    // was neither an SSN (the plan said phone) nor a phone number (the keyword said not)
    for (const region of PLAN_REGIONS)
      for (const written of ['536-22-8174', '536 22 8174', '536228174'])
        for (const keyword of ['SSN ', 'social security number: ', 'SS# ']) {
          const text = `my ${keyword}${written} thanks`;
          const result = maskText(text, { regions: [region] });
          const value = { label: 'ssn' as const, kind: 'ssn', value: written };
          expect(
            leakOf(result.text, value),
            `${region}: ${text} -> ${result.text}`,
          ).toBeUndefined();
        }
  });

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

  it.each([
    ['IN', 'Order ID: 9876543210'],
    ['IN', 'invoice 9876543210'],
    ['', 'order no. 9876543210'],
    ['', 'Order #4012345678'],
    ['', 'Invoice 2025550134'],
    ['IT', 'fattura n. 3331234567'],
    ['PL', 'nr faktury 512345678'],
    ['PT', 'fatura 912345678'],
    ['DE', 'Bestell-Nr. 15123456789'],
    ['DE', 'Rechnungs-Nr.: 15123456789'],
    ['DE', 'Bestellnummer 15123456789'],
    ['', 'Bestellnummer: 0301234567'],
    ['BR', 'protocolo 11987654321'],
    // two groups after the word: how references are written, not North American numbers
    ['', 'invoice 2025-000123'],
    ['', 'AWB 176-12345678'],
    ['', 'AWB 123-45678901'],
    ['', 'AWB 020-12345675'],
    ['', 'AWB 001-89273321'],
    ['', 'RMA-2024-001234'],
    ['', 'routing 021000021'],
    ['US', 'ABA routing: 021000021'],
    ['US', 'Order # 2025-000123'],
  ])('%s: an order or invoice number written like a phone number stays: %s', (region, text) => {
    expect(maskText(text, { regions: region ? [region] : [] }).text).toBe(text);
  });

  it.each([
    ['ES', 'Tel nº 612345678', 'Tel nº ***-***-5678'],
    ['ES', 'Teléfono: nº 612 34 56 78', 'Teléfono: nº ***-***-5678'],
    ['PT', 'Telemóvel nº 912 345 678', 'Telemóvel nº ***-***-5678'],
    ['IT', 'Cell. n° 333 1234567', 'Cell. n° ***-***-4567'],
    ['IT', 'chiamami al n. 3331234567', 'chiamami al n. ***-***-4567'],
    ['', 'phone no 4155550134', 'phone no ***-***-0134'],
    ['', 'Customer number: 0612345678', 'Customer number: ***-***-5678'],
    ['PL', 'mój nr 512 345 678', 'mój nr ***-***-5678'],
    ['ES', 'mi nº 612345678', 'mi nº ***-***-5678'],
  ])('%s: a phone word before "nº" or "no." makes a phone number: %s', (region, text, masked) => {
    expect(maskText(text, { regions: region ? [region] : [] }).text).toBe(masked);
  });

  it.each([
    ['order no. 415-555-0134', 'order no. ***-***-0134'],
    ['invoice (415) 555-0134', 'invoice ***-***-0134'],
    ['AWB 1 415 555 0134', 'AWB ***-***-0134'],
    // "reference" is said in passing: only a compact run after it is one
    ['for reference 03 6255502', 'for reference ***-***-5502'],
    ['ref: 0612 345678', 'ref: ***-***-5678'],
  ])(
    'grouped as North American numbers are, it is one after an order word too, and after a loose one any two groups are: %s',
    (text, masked) => {
      expect(maskText(text).text).toBe(masked);
    },
  );

  it('keeps look-alikes as written under a plan that has numbers of their length', () => {
    for (const text of ['order 92766097', 'invoice #93634068', 'on 20240505', 'RITM0647313'])
      expect(maskText(text, { regions: ['DK', 'DE'] }).text).toBe(text);
  });

  it('damages at most 1% of the generated look-alikes, under every region’s plan and none', () => {
    // versions, amounts, order numbers, dates, IPv4, UUIDs, tickets, times, air waybills and
    // invoices by year, each in a sentence (the goal: at most 1% changed)
    const items = lookAlikeCorpus(20261201, 2);
    let damaged = 0;
    let total = 0;
    const byKind: Record<string, number> = {};
    for (const regions of [[], ...PLAN_REGIONS.map((region) => [region])])
      for (const item of items) {
        total++;
        if (maskText(item.sentence, { regions }).text !== item.sentence) {
          damaged++;
          byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
        }
      }
    expect(total).toBeGreaterThan(4000);
    expect(damaged / total, JSON.stringify(byKind)).toBeLessThanOrEqual(0.01);
    // references after their word: none, whatever plan applies
    expect(byKind.reference ?? 0).toBe(0);
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
