import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_MASK_LENGTH,
  maskAddress,
  maskText,
  maskTextWithStats,
  validateExtraPatterns,
  validateMaskOptions,
} from '../../../../servicenow/src/server/core/mask.ts';

const masked = (text: string) => maskText(text).text;

describe('maskText: phone numbers', () => {
  it.each([
    ['+1 415 555 0134', '***-***-0134'],
    ['+14155550134', '***-***-0134'],
    ['(415) 555-0134', '***-***-0134'],
    ['415-555-0134', '***-***-0134'],
    ['415.555.0134', '***-***-0134'],
    ['4155550134', '***-***-0134'],
    ['1-415-555-0134', '***-***-0134'],
    ['06 12345678', '***-***-5678'],
    ['06-12345678', '***-***-5678'],
    ['+31 (0)6 1234 5678', '***-***-5678'],
    ['0031 6 12345678', '***-***-5678'],
    ['07700 900123', '***-***-0123'],
    ['+44 20 7946 0958', '***-***-0958'],
    ['tel:+31612345678', 'tel:***-***-5678'],
    ['sip:+14155550134@10.1.2.3', 'sip:***-***-0134@10.1.2.3'],
  ])('masks %s keeping the last 4 digits', (input, expected) => {
    const result = maskText(`call ${input} today`);
    expect(result.text).toBe(`call ${expected} today`);
    expect(result.counts.phone).toBe(1);
  });

  it('masks a phone number at the end of a sentence and leaves the full stop', () => {
    expect(masked('Callback on +1 415 555 0134.')).toBe('Callback on ***-***-0134.');
  });

  it('masks two numbers in a row separately', () => {
    const result = maskText('either 06 12345678 or 415-555-0134');
    expect(result.text).toBe('either ***-***-5678 or ***-***-0134');
    expect(result.counts.phone).toBe(2);
  });
});

describe('maskText: the dashes word processors type for "-"', () => {
  it.each([
    ['Telefon: +49\u2013151\u201323456789', 'Telefon: ***-***-6789'],
    ['Tel.: +49 151 \u2013 234 567 89', 'Tel.: ***-***-6789'],
    ['tel +33 6\u201112\u201134\u201156\u201178', 'tel ***-***-5678'],
    ['card 4539\u20130124\u20134470\u20132093', 'card ****-****-****-2093'],
    ['SSN 536\u201022\u20108174', 'SSN ***-**-8174'],
    // and what they join stays a look-alike as it would with "-"
    ['2026\u201311\u201320', '2026\u201311\u201320'],
    ['pages 10\u201320', 'pages 10\u201320'],
  ])('%j → %j', (input, expected) => {
    expect(maskText(input).text).toBe(expected);
  });
});

describe('maskText: e-mail addresses', () => {
  it.each([
    ['jan@example.nl', '***@example.nl'],
    ['jan.de.vries@example.nl', '***@example.nl'],
    ['first+tag@mail.example.co.uk', '***@mail.example.co.uk'],
    ['<dana_smith@example.com>', '<***@example.com>'],
    // a space beside the "@", as a phone's keyboard or a transcript leaves it
    ['jan @ example.nl', '***@example.nl'],
    ['jan@ example.nl', '***@example.nl'],
    ['jan @example.nl', '***@example.nl'],
    ['jan\u00a0@\u00a0example.nl', '***@example.nl'],
  ])('hides the local part of %s', (input, expected) => {
    expect(masked(`mail ${input}, thanks`)).toBe(`mail ${expected}, thanks`);
  });

  it('keeps a trailing full stop out of the domain', () => {
    expect(masked('write to jan@example.nl.')).toBe('write to ***@example.nl.');
  });

  it('leaves things that are not addresses alone', () => {
    for (const text of [
      '@@@@',
      'a@b',
      'user@localhost',
      'price @ 5 dollars',
      'meet @ 10.30',
      'see you @ home',
      'a  @  example.com', // two spaces: no longer one address
      '@ example.com',
      'x@1.2.3.4',
      '@example.com',
    ]) {
      expect(masked(text)).toBe(text);
    }
  });

  it('does not let digits inside an address look like a phone number', () => {
    expect(masked('mail 31612345678@s.whatsapp.net')).toBe('mail ***@s.whatsapp.net');
  });
});

describe('maskText: payment cards', () => {
  it.each([
    ['4111 1111 1111 1111', '****-****-****-1111'],
    ['4111-1111-1111-1111', '****-****-****-1111'],
    ['4111111111111111', '****-****-****-1111'],
    ['3782 822463 10005', '****-****-****-0005'],
    ['5555555555554444', '****-****-****-4444'],
    ['6011 0009 9013 9424', '****-****-****-9424'],
    // dots or slashes alone, grouped as printed
    ['4111.1111.1111.1111', '****-****-****-1111'],
    ['4111/1111/1111/1111', '****-****-****-1111'],
    ['3782.822463.10005', '****-****-****-0005'],
  ])('masks %s (Luhn-valid)', (input, expected) => {
    const result = maskText(`card ${input} on file`);
    expect(result.text).toBe(`card ${expected} on file`);
    expect(result.counts.card).toBe(1);
  });

  it.each([
    // product codes: EAN-13 and ISBN-13 use their own check digit, and one in ten also passes
    // Luhn; after their word they are no card (a 13-digit Visa after another word still is)
    ['EAN 5901234123457', 'EAN 5901234123457'],
    ['EAN-13: 5901234123457', 'EAN-13: 5901234123457'],
    ['ISBN-13 9780306406157', 'ISBN-13 9780306406157'],
    ['gtin:4222222222222', 'gtin:4222222222222'],
    ['card 4222222222222', 'card ****-****-****-2222'],
    // an IMEI passes Luhn too: it names a person's phone, and stays hidden
    ['IMEI 352099001761481', 'IMEI ****-****-****-1481'],
  ])('%s: a product code after its word is no card', (input, expected) => {
    expect(maskText(input).text).toBe(expected);
  });

  it.each([
    '4111 1111 1111 1112',
    '4111111111111112',
    '4111.1111.1111.1112',
    '1234.5678.9012.3456',
    '1234 5678 9012 3456',
    '0000 0000 0000 0000',
  ])('leaves %s alone (fails Luhn or is not a card)', (input) => {
    const result = maskText(`card ${input} on file`);
    expect(result.text).toBe(`card ${input} on file`);
    expect(result.counts.card).toBe(0);
    expect(result.counts.phone).toBe(0);
  });

  it.each([
    // a card and what people type after it: a longer card-shaped number failing Luhn does not
    // hide the card in front of it
    ['4111 1111 1111 1111 123 exp 12/27', '****-****-****-1111 123 exp 12/27'],
    ['5555 5555 5555 4444 12 27', '****-****-****-4444 12 27'],
    ['3782 822463 10005 1234', '****-****-****-0005 1234'],
    [
      '4111 1111 1111 1111 111 4111 1111 1111 1111 111',
      '****-****-****-1111 111 ****-****-****-1111 111',
    ],
  ])('masks the card in %s', (input, expected) => {
    const result = maskText(`card ${input} on file`);
    expect(result.text).toBe(`card ${expected} on file`);
  });

  it('leaves a 19-digit number written with dashes alone when it fails Luhn as a whole', () => {
    // one number, not a card and its CVV: "4472-6139-5157-5308" passes Luhn, all 19 do not
    expect(maskText('ref 4472-6139-5157-5308-195 ok').text).toBe('ref 4472-6139-5157-5308-195 ok');
  });
});

describe('maskText: US social security numbers', () => {
  it.each([
    ['123-45-6789', '***-**-6789'],
    ['123 45 6789', '***-**-6789'],
    // after its keyword, however it is written: dots, slashes, a separator left out
    ['536.22.8174', '***-**-8174'],
    ['536/22/8174', '***-**-8174'],
    ['536-228174', '***-**-8174'],
    ['53622-8174', '***-**-8174'],
  ])('masks %s', (input, expected) => {
    const result = maskText(`SSN ${input}.`);
    expect(result.text).toBe(`SSN ${expected}.`);
    expect(result.counts.ssn).toBe(1);
  });

  it.each([
    ['ITIN 912-78-1234', 'ITIN ***-**-1234'],
    ['my itin is 912781234', 'my itin is ***-**-1234'],
    ['ITIN: 912.78.1234', 'ITIN: ***-**-1234'],
    // an ITIN given where an SSN was asked for
    ['SSN 970-94-0001', 'SSN ***-**-0001'],
  ])(
    'masks the ITIN in %s (9xx and a group the IRS issues, after its keyword)',
    (text, expected) => {
      const result = maskText(text);
      expect(result.text).toBe(expected);
      expect(result.counts.ssn).toBe(1);
    },
  );

  it.each(['912-78-1234', 'ITIN 912-40-1234', 'tin 912-78-1234'])(
    'leaves %s alone: an ITIN shape without its keyword, or a group the IRS does not use',
    (text) => {
      expect(maskText(text).text).toBe(text);
    },
  );

  it.each([
    'version 536.22.8174',
    'build 536/22/8174',
    'ref 536-228174',
    'SSN 536.22.8174.1', // four dotted groups: not an SSN's layout
  ])('leaves %s alone: the same digits without the keyword, or not laid out as an SSN', (text) => {
    expect(maskText(text).text).toBe(text);
  });

  it.each([
    '000-12-3456',
    '666-12-3456',
    '912-34-5678',
    '123-00-4567',
    '123-45-0000',
    '966.22.8174',
  ])('rejects the impossible SSN %s and does not mask it as anything else', (input) => {
    const result = maskText(`SSN ${input}`);
    expect(result.text).toBe(`SSN ${input}`);
    expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('maskText: IBANs', () => {
  it('reads one IBAN with one kind of gap, in groups of four once grouped', () => {
    // an IBAN-shaped run before a real one does not swallow it
    expect(maskText('NL91-ABCD-1234 GB82 WEST 1234 5698 7654 32').text).toBe(
      'NL91-ABCD-1234 GB****************5432',
    );
    expect(maskText('DE89-FR1420041010050500013M02606').text).toBe(
      'DE89-FR*********************2606',
    );
  });

  it.each([
    ['NL91ABNA0417164300', 'NL************4300'],
    ['NL91 ABNA 0417 1643 00', 'NL************4300'],
    ['DE89370400440532013000', 'DE****************3000'],
    ['GB82 WEST 1234 5698 7654 32', 'GB****************5432'],
    ['nl91abna0417164300', 'NL************4300'],
    // grouped as banking apps, PDF invoices and word processors write it: no-break spaces, dashes
    ['ES91\u00a02100\u00a00418\u00a04502\u00a00005\u00a01332', 'ES******************1332'],
    ['PT50\u00a00002\u00a00123\u00a01234\u00a05678\u00a09015\u00a04', 'PT*******************0154'],
    ['ES91-2100-0418-4502-0005-1332', 'ES******************1332'],
    ['GB82-WEST-1234-5698-7654-32', 'GB****************5432'],
  ])('masks %j keeping the country and last 4', (input, expected) => {
    const result = maskText(`IBAN ${input}, thanks`);
    expect(result.text).toBe(`IBAN ${expected}, thanks`);
    expect(result.counts.iban).toBe(1);
  });

  it.each([
    'NL91ABNA0417164301',
    'NL91 ABNA 0417 1643 01',
    'XX91ABNA0417164300',
    'NL91ABNA041716430',
  ])('leaves %s alone (checksum, country or length wrong), digits included', (input) => {
    const result = maskText(`IBAN ${input}`);
    expect(result.text).toBe(`IBAN ${input}`);
    expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('maskText: things that must stay', () => {
  it.each([
    'INC0012345',
    'CHG0034567',
    '2026-11-20T09:12:44Z',
    '2026-11-20T09:12:44.120+01:00',
    '2026-11-20',
    '20.11.2026',
    '11/20/2026',
    '09:12',
    '08:10:59',
    '9b1de5c3-2f7e-4a55-8f0b-1a2b3c4d5e6f',
    '12345678-1234-1234-1234-123456789012',
    '192.168.100.200',
    'v1.2.3',
    '$1,234,567.89',
    '1.000.000',
    'order 1234567',
    'ext. 1234',
    // RFC 3339 with nanoseconds (Go, Kubernetes, Docker logs), whatever the seconds
    '2026-11-20T15:30:00.123456789Z',
    '2026-11-20T15:30:45.012345678Z',
    // US ZIP+4 codes, New England's starting with 0 ("Boston, MA 02134-1234")
    'Boston, MA 02134-1234',
    'Hartford, CT 06103-1234',
    'ZIP: 02134-1234',
  ])('does not mask %s', (text) => {
    const result = maskText(`see ${text} now`);
    expect(result.text).toBe(`see ${text} now`);
  });

  it('handles the acceptance sentence of the foundation issue', () => {
    const result = maskText(
      'call +1 415 555 0134, mail jan@example.nl, card 4111 1111 1111 1111, IBAN NL91ABNA0417164300, SSN 123-45-6789, ticket INC0012345 at 2026-11-20T09:12:44Z id 9b1de5c3-2f7e-4a55-8f0b-1a2b3c4d5e6f',
    );
    expect(result.text).toBe(
      'call ***-***-0134, mail ***@example.nl, card ****-****-****-1111, IBAN NL************4300, SSN ***-**-6789, ticket INC0012345 at 2026-11-20T09:12:44Z id 9b1de5c3-2f7e-4a55-8f0b-1a2b3c4d5e6f',
    );
    expect(result.counts).toEqual({ phone: 1, email: 1, card: 1, ssn: 1, iban: 1 });
    expect(result.truncated).toBe(false);
  });

  it('leaves text without PII byte-for-byte identical, unicode included', () => {
    const text = 'Grüße 😀 — "quoted" \\ back\tslash\r\nnew line ${x} #if(true) 2 + 2 = 4';
    expect(masked(text)).toBe(text);
  });
});

describe('maskText: options', () => {
  it('switches detectors off one by one', () => {
    const text = 'call 06 12345678 or mail jan@example.nl';
    expect(maskText(text, { detectors: { phone: false } }).text).toBe(
      'call 06 12345678 or mail ***@example.nl',
    );
    const noEmail = maskText(text, { detectors: { email: false } });
    expect(noEmail.text).toBe('call ***-***-5678 or mail jan@example.nl');
    expect(noEmail.counts).not.toHaveProperty('email');
  });

  it('applies extra patterns to text the built-ins left alone, counting them by name', () => {
    const result = maskText('employee E-123456 called from 06 12345678', {
      extraPatterns: [{ name: 'employee_id', pattern: 'E-[0-9]{6}', keepLast: 2 }],
    });
    expect(result.text).toBe('employee ******56 called from ***-***-5678');
    expect(result.counts.employee_id).toBe(1);
  });

  it('does not let an extra pattern re-mask a built-in span', () => {
    const result = maskText('call 06 12345678', {
      extraPatterns: [{ name: 'digits', pattern: '[0-9]{4}' }],
    });
    expect(result.text).toBe('call ***-***-5678');
    expect(result.counts.digits).toBe(0);
  });

  it('throws on invalid extra patterns instead of running them', () => {
    expect(() => maskText('x', { extraPatterns: [{ name: 'bad', pattern: '(a+)+' }] })).toThrow(
      /extraPatterns\/0\/pattern/,
    );
  });
});

describe('maskText: size cap', () => {
  it('cuts input beyond maxLength and says so', () => {
    const result = maskText('a'.repeat(50), { maxLength: 10 });
    expect(result.text).toBe('a'.repeat(10));
    expect(result.truncated).toBe(true);
  });

  it('never leaves part of a value behind the cut', () => {
    const prefix = 'x'.repeat(20) + ' ';
    for (let cut = 21; cut < 21 + 19; cut++) {
      const result = maskText(prefix + '4111 1111 1111 1111 end', { maxLength: cut });
      expect(result.text).not.toMatch(/4111|1111/);
      expect(result.text.length).toBeLessThanOrEqual(cut);
    }
    for (let cut = 21; cut < 21 + 14; cut++) {
      const result = maskText(prefix + 'jan@example.nl end', { maxLength: cut });
      expect(result.text).not.toContain('jan');
    }
  });

  it('does not split a surrogate pair at the cut', () => {
    const result = maskText('ab😀cd', { maxLength: 3 });
    expect(result.text).toBe('ab');
  });

  it('caps maxLength at the documented hard limit', () => {
    const result = maskText('a'.repeat(DEFAULT_MAX_MASK_LENGTH + 5), {
      maxLength: DEFAULT_MAX_MASK_LENGTH * 2,
    });
    expect(result.text.length).toBe(DEFAULT_MAX_MASK_LENGTH);
    expect(result.truncated).toBe(true);
  });
});

describe('maskText: linear time on adversarial input', () => {
  const adversarial: Record<string, (n: number) => string> = {
    'one digit run': (n) => '1'.repeat(n),
    'digit groups': (n) => '1234 '.repeat(n / 5),
    'at signs': (n) => '@'.repeat(n),
    'local parts and at signs': (n) => 'a@'.repeat(n / 2),
    'long local part then at': (n) => 'a'.repeat(n - 1) + '@',
    'long domain run': (n) => '@' + 'a.'.repeat(n / 2),
    'repeated separators': (n) => '- '.repeat(n / 2),
    'dots and digits': (n) => '1.'.repeat(n / 2),
    parentheses: (n) => '(1)'.repeat(n / 3),
    'plus signs': (n) => '+1 '.repeat(n / 3),
    'IBAN prefixes': (n) => 'NL91 '.repeat(n / 5),
    'IBAN-like run': (n) => 'NL91' + 'A'.repeat(n - 4),
    'card-like groups': (n) => '4111 '.repeat(n / 5),
  };

  it.each(Object.keys(adversarial))(
    '%s: steps grow linearly with the input (10 KB vs 50 KB)',
    (name) => {
      const make = adversarial[name] as (n: number) => string;
      const small = maskTextWithStats(make(10_000));
      const large = maskTextWithStats(make(50_000));
      expect(large.steps).toBeLessThanOrEqual(8 * 50_000);
      expect(large.steps / Math.max(1, small.steps)).toBeLessThan(5.5);
    },
  );
});

describe('validateExtraPatterns / validateMaskOptions', () => {
  it('reports every problem with its path', () => {
    const errors = validateExtraPatterns([
      { name: 'Bad Name', pattern: 'x' },
      { name: 'lookbehind', pattern: '(?<=a)b' },
      { name: 'named', pattern: '(?<n>a)' },
      { name: 'nested', pattern: '(a+)+b' },
      { name: 'nested_star', pattern: '(?:[0-9]*x)*' },
      { name: 'broken', pattern: '(' },
      { name: 'empty_match', pattern: 'a*' },
      { name: 'flags', pattern: 'a', flags: 'gu' },
      { name: 'phone', pattern: 'a' },
      { name: 'keep', pattern: 'a', keepLast: 99 },
    ]);
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        '/extraPatterns/0/name',
        '/extraPatterns/1/pattern',
        '/extraPatterns/2/pattern',
        '/extraPatterns/3/pattern',
        '/extraPatterns/4/pattern',
        '/extraPatterns/5/pattern',
        '/extraPatterns/6/pattern',
        '/extraPatterns/7/flags',
        '/extraPatterns/8/name',
        '/extraPatterns/9/keepLast',
      ].sort(),
    );
    expect(byPath['/extraPatterns/3/pattern']).toMatch(/catastrophic/);
  });

  it('accepts safe patterns', () => {
    expect(
      validateExtraPatterns([{ name: 'badge', pattern: 'B[0-9]{5}', flags: 'i', keepLast: 2 }]),
    ).toEqual([]);
  });

  it('names unknown options and detectors', () => {
    expect(
      validateMaskOptions({ detectors: { fax: true, phone: 'no' }, maxLength: 0, colour: 1 }),
    ).toEqual([
      { path: '/colour', message: 'is not a masking option' },
      {
        path: '/detectors/fax',
        message: 'is not a detector; known: phone, email, card, ssn, iban',
      },
      { path: '/detectors/phone', message: 'must be true or false' },
      { path: '/maxLength', message: 'must be an integer from 1 to 100000' },
    ]);
  });
});

describe('maskAddress', () => {
  it.each([
    ['+31612345678', '***-***-5678'],
    ['tel:+14155550134', '***-***-0134'],
    ['jan@example.nl', '***@example.nl'],
    ['U4af4980629d2c1a0b5e9a2b1c3d4e5f6', '*****************************e5f6'],
    ['abc', '***'],
  ])('%s → %s', (input, expected) => {
    expect(maskAddress(input)).toBe(expected);
  });
});
