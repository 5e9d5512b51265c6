/**
 * fast-check generators for Data Action inputs: valid requests with random subsets of optional
 * fields (absent, "" or a value) and hostile free text (quotes, backslashes, control characters,
 * emoji, lone surrogates, Velocity syntax).
 */
import fc from 'fast-check';

const VELOCITY_BITS = [
  '$',
  '#',
  '${x}',
  '$input.customCallId',
  '$!{input.x}',
  '#if(true)',
  '#end',
  '##',
  '#*',
  '*#',
  '#set($a=1)',
  '\\',
  '\\$x',
  '"',
  "'",
  '\n',
  '\t',
  '\r',
  '\u0000',
  '\u007f',
  '\u2028',
  '😀',
  'ü',
  '/',
  '</script>',
];

/** Any text a caller could put in a free-text field, biased towards what breaks templates. */
export function hostileString(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength, unit: 'binary' }),
    fc.array(fc.constantFrom(...VELOCITY_BITS), { maxLength: 12 }).map((parts) => parts.join('')),
    fc
      .array(
        fc.oneof(fc.constantFrom(...VELOCITY_BITS), fc.string({ maxLength: 4, unit: 'grapheme' })),
        { maxLength: 10 },
      )
      .map((p) => p.join('')),
  );
}

const optionalValue = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(fc.constant(undefined), fc.constant(''), value);
const id = fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/);
const isoTime = fc.constantFrom('2026-11-20T09:12:44Z', '2026-11-20T09:12:44.120+01:00');

/** Hostile text cut to a contract maxLength (a cut may leave a lone surrogate: fine, also hostile). */
const text = (max: number) => hostileString(max).map((s) => s.slice(0, max));

/** Inputs valid against the create action's input contract (string optionals may be ""). */
export function requestInputs(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      customCallId: id,
      channel: fc.constantFrom('voice', 'callback', 'sms', 'whatsapp', 'webmessaging', 'email'),
      // the contract wants some non-space text (pattern \S)
      shortDescription: text(160).filter((s) => /\S/.test(s)),
      description: optionalValue(text(60)),
      transcript: optionalValue(text(80)),
      customerAddress: optionalValue(text(20)),
      customerName: optionalValue(text(20)),
      direction: optionalValue(fc.constantFrom('inbound', 'outbound')),
      queueName: optionalValue(text(20)),
      agentUserId: optionalValue(id),
      conversationStart: optionalValue(isoTime),
      conversationEnd: optionalValue(isoTime),
      urgency: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      impact: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      category: optionalValue(text(40)),
      subcategory: optionalValue(text(40)),
      externalContactId: optionalValue(id),
      schemaVersion: optionalValue(fc.constant('1')),
      dryRun: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map((input) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
}
