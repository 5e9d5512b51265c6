/**
 * Digits of other scripts: the scripts' digits come from ICU (Intl.NumberFormat's numbering
 * systems), the numbers from libphonenumber's example numbers, never from the fold table.
 */
import examples from 'libphonenumber-js/examples.mobile.json';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import {
  foldDigits,
  isOtherScriptDigit,
} from '../../../../servicenow/src/server/core/fold-digits.ts';
import { maskText, maskTextWithStats } from '../../../../servicenow/src/server/core/mask.ts';
import { leakOf } from '../../../helpers/pii-arbitraries.ts';

/** Locales whose numbering system writes digits of another script, as people type them. */
const SCRIPTS = [
  ['Arabic-Indic', 'ar-EG'],
  ['Extended Arabic-Indic', 'fa-IR'],
  ['Devanagari', 'hi-IN-u-nu-deva'],
  ['Bengali', 'bn-BD-u-nu-beng'],
  ['Thai', 'th-TH-u-nu-thai'],
  ['fullwidth', 'ja-JP-u-nu-fullwide'],
] as const;

/** ICU's ten digits of a locale's numbering system, "0" to "9". */
function digitsOf(locale: string): string[] {
  const format = new Intl.NumberFormat(locale, { useGrouping: false });
  return Array.from({ length: 10 }, (_, d) => format.format(d));
}

/** `ascii` written in a script's digits (and nothing else changed). */
function inScript(ascii: string, digits: readonly string[]): string {
  return ascii.replace(/[0-9]/g, (d) => digits[Number(d)] as string);
}

/** `text` with a script's digits back in ASCII, by ICU's table (not by foldDigits). */
function toAscii(text: string, digits: readonly string[]): string {
  let out = text;
  digits.forEach((digit, d) => (out = out.split(digit).join(String(d))));
  return out;
}

describe('digits of other scripts', () => {
  it.each(SCRIPTS)('%s: ICU’s digits fold to ASCII, one code unit each', (_name, locale) => {
    const digits = digitsOf(locale);
    expect(digits.every((digit) => digit.length === 1)).toBe(true);
    expect(foldDigits(digits.join(''))).toBe('0123456789');
    for (const digit of digits) expect(isOtherScriptDigit(digit.charCodeAt(0))).toBe(true);
  });

  it('folds nothing else but the separators that go with them, and keeps every position', () => {
    const folded: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      const out = foldDigits(char);
      expect(out.length).toBe(1);
      if (out !== char) folded.push(char + out);
      expect(isOtherScriptDigit(code)).toBe(out !== char && /[0-9]/.test(out));
    }
    // 60 digits, fullwidth + - . / ( ), the ideographic space, the Arabic decimal and
    // thousands separators
    expect(folded).toHaveLength(69);
    expect(folded.filter((pair) => !/[0-9]$/.test(pair)).join(' ')).toBe(
      '٫. ٬, \u3000  （( ）) ＋+ －- ．. ／/',
    );
  });

  it.each(SCRIPTS)(
    '%s: every region’s example mobile number written in its digits is masked whole, as the ASCII one is',
    (_name, locale) => {
      const digits = digitsOf(locale);
      for (const [region, national] of Object.entries(examples as Record<string, string>)) {
        const parsed = parsePhoneNumberFromString(national, region as never)!;
        for (const [written, options] of [
          [parsed.formatInternational(), {}],
          [parsed.formatNational(), { regions: [region] }],
        ] as const) {
          const ascii = maskText(`call ${written} please`, options);
          const result = maskText(`call ${inScript(written, digits)} please`, options);
          // the same masks, the digits kept as written
          expect(toAscii(result.text, digits), `${region} ${written}`).toBe(ascii.text);
          expect(result.counts).toEqual(ascii.counts);
          const value = { label: 'phone' as const, kind: 'phone', value: written };
          expect(
            leakOf(toAscii(result.text, digits), value),
            `${region} ${written}`,
          ).toBeUndefined();
        }
      }
    },
  );

  it('masks cards, SSNs and IBANs in other scripts’ digits, with fullwidth separators', () => {
    const fullwidth = digitsOf('ja-JP-u-nu-fullwide');
    expect(maskText(`カード ${inScript('4111－1111－1111－1111', fullwidth)}`).text).toBe(
      'カード ****-****-****-１１１１',
    );
    expect(
      maskText(`電話 ${inScript('090（1234）5678', fullwidth)}`, { regions: ['JP'] }).counts.phone,
    ).toBe(1);
    expect(
      maskText(`電話\u3000＋${inScript('81\u300090\u30001234\u30005678', fullwidth)}`).text,
    ).toBe('電話\u3000***-***-５６７８');
    const devanagari = digitsOf('hi-IN-u-nu-deva');
    expect(maskText(`SSN ${inScript('536-22-8174', devanagari)}`).text).toBe(
      `SSN ***-**-${inScript('8174', devanagari)}`,
    );
    const arabic = digitsOf('ar-EG');
    expect(maskText(`IBAN SA03${inScript('80000000608010167519', arabic)}`).counts.iban).toBe(1);
  });

  it('leaves look-alikes in other scripts’ digits as they are', () => {
    const arabic = digitsOf('ar-EG');
    for (const text of [
      `المبلغ ${inScript('3', arabic)}٫${inScript('50', arabic)} ريال`,
      `${inScript('1', arabic)}٬${inScript('250', arabic)}٬${inScript('000', arabic)} ريال`,
      `التاريخ ${inScript('2024-05-06', arabic)}`,
      `الإصدار ${inScript('124.0.6367.91', arabic)}`,
    ])
      expect(maskText(text).text).toBe(text);
  });

  it('scans a text with such digits twice at most: linear', () => {
    const arabic = digitsOf('ar-EG');
    for (const length of [10_000, 40_000]) {
      const text = (inScript('5 ', arabic) + 'x').repeat(length / 3);
      expect(maskTextWithStats(text).steps).toBeLessThanOrEqual(8 * text.length);
    }
  });
});
