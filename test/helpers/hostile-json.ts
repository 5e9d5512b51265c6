/**
 * Hostile request bodies for the fuzzing tests, built as JSON *text* so they can hold what
 * JSON.stringify cannot produce: duplicate keys, "__proto__" keys, nesting thousands of levels
 * deep, numbers written in odd ways, and (as bytes) invalid UTF-8.
 */
import fc from 'fast-check';
import { incidentRequestSchema } from '../../servicenow/src/server/core/generated/contract.ts';
import { readSample } from './samples.ts';

/** JSON text of one value. */
export type JsonText = string;

export const CONTRACT_FIELDS = Object.keys(incidentRequestSchema.properties);

/** Keys that break naive code: prototype names, near-misses of real fields, odd characters. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  ' ',
  'customCallId ',
  'CustomCallId',
  'custom_call_id',
  '\u0000',
  'a~b/c',
  'participants',
  'topicName',
  'eventBody',
  'detail',
  '😀',
];

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels (JSON.stringify gives up long before). */
export function deepJson(depth: number, kind: 'array' | 'object'): JsonText {
  return kind === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** An object written entry by entry: keys may repeat (the last one wins in JSON.parse). */
export function objectText(entries: ReadonlyArray<readonly [string, JsonText]>): JsonText {
  return '{' + entries.map(([key, value]) => JSON.stringify(key) + ':' + value).join(',') + '}';
}

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
});
/** UTF-16 units including lone surrogates: valid JSON once escaped, odd for everything after. */
const rawUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 30,
});

/** Values of the wrong type or shape for any field, as JSON text. */
export function hostileValue(options: { huge?: boolean } = {}): fc.Arbitrary<JsonText> {
  const candidates: Array<fc.WeightedArbitrary<JsonText>> = [
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '"1"',
        '"2"',
        '"3"',
        '" 2"',
        '"1e0"',
        '"0x1"',
        '"true"',
        '"false"',
        '"null"',
        '""',
        '"   "',
      ),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '1',
        '2.0',
        '1e0',
        '-0',
        '1e400',
        '-1e400',
        '3.0000000000000001',
        '9007199254740993',
        '0.1',
        '2e-400',
        '[]',
        '{}',
        'null',
        'true',
        'false',
        '[1,2,3]',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
      ),
    },
    { weight: 2, arbitrary: controlChars.map((s) => JSON.stringify(s)) },
    { weight: 2, arbitrary: rawUnits.map((s) => JSON.stringify(s)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.integer({ min: 500, max: 6000 }),
          fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>,
        )
        .map(([depth, kind]) => deepJson(depth, kind)),
    },
  ];
  if (options.huge) {
    candidates.push({
      weight: 1,
      arbitrary: fc
        .constantFrom(200, 40_000, 100_001, 300_000)
        .map((n) => JSON.stringify('x'.repeat(n))),
    });
  }
  return fc.oneof(...candidates);
}

/** Every JSON Pointer-ish path (as key arrays) of containers and leaves in `value`. */
function pathsOf(
  value: unknown,
  prefix: Array<string | number> = [],
): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

export interface Mutation {
  /** Which path of the document (modulo their number). */
  at: number;
  action: 'delete' | 'replace' | 'empty';
  /** Replacement JSON text for "replace". */
  value: JsonText;
}

const PLACEHOLDER = (i: number) => `\u0000RAW${i}\u0000`;

/**
 * Applies mutations to a copy of `document` and returns the JSON text: replacements are spliced
 * in as text, so they may be deep or hold duplicate and "__proto__" keys.
 */
export function mutateToText(document: unknown, mutations: readonly Mutation[]): JsonText {
  const copy = structuredClone(document);
  const raws: JsonText[] = [];
  let root: unknown = copy;
  for (const mutation of mutations) {
    const paths = pathsOf(root);
    const path = paths[mutation.at % paths.length] as Array<string | number>;
    const replacement =
      mutation.action === 'empty'
        ? '""'
        : mutation.action === 'replace'
          ? mutation.value
          : undefined;
    const marker = replacement === undefined ? undefined : PLACEHOLDER(raws.push(replacement) - 1);
    if (path.length === 0) {
      root = marker ?? {};
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    if (marker === undefined) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else parent[last] = marker;
  }
  let text = JSON.stringify(root);
  raws.forEach((raw, i) => {
    text = text.split(JSON.stringify(PLACEHOLDER(i))).join(raw);
  });
  return text;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  action: fc.constantFrom('delete', 'replace', 'replace', 'empty'),
  value: hostileValue(),
});

/** Id fields of the samples that must be unique for a request to create an incident. */
export function withFreshId(
  document: Record<string, unknown>,
  id: string,
): Record<string, unknown> {
  const copy = structuredClone(document);
  if ('customCallId' in copy) copy.customCallId = id;
  if ('participants' in copy) copy.id = id;
  if ('eventBody' in copy && copy.eventBody && typeof copy.eventBody === 'object') {
    (copy.eventBody as Record<string, unknown>).conversationId = id;
    copy.topicName = `v2.detail.events.conversation.${id}.customer.end`;
  }
  return copy;
}

export const SAMPLE_NAMES = [
  'data-action-request.voice.json',
  'data-action-request.whatsapp.json',
  'genesys-conversation.whatsapp.json',
  'genesys-event.conversation-end.json',
];

/** A sample (fresh id) with 0–4 random holes and wrong-typed values, as JSON text. */
export function mutatedSample(freshId: () => string): fc.Arbitrary<JsonText> {
  return fc
    .tuple(fc.constantFrom(...SAMPLE_NAMES), fc.array(mutation, { maxLength: 4 }))
    .map(([name, mutations]) => mutateToText(withFreshId(readSample(name), freshId()), mutations));
}

/** A flat body: valid fields, then hostile entries (duplicates and odd keys allowed) after them. */
export function flatBody(
  freshId: () => string,
  options: { huge?: boolean } = {},
): fc.Arbitrary<JsonText> {
  const key = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...CONTRACT_FIELDS) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
  return fc
    .tuple(
      fc.subarray(['channel', 'shortDescription', 'description', 'customerAddress', 'urgency']),
      fc.array(fc.tuple(key, hostileValue(options)), { maxLength: 5 }),
      fc.boolean(),
    )
    .map(([kept, extra, dryRun]) => {
      const base: Record<string, JsonText> = {
        channel: '"sms"',
        shortDescription: '"Printer jam"',
        description: '"call +31 6 1234 5678"',
        customerAddress: '"+31612345678"',
        urgency: '2',
      };
      const entries: Array<[string, JsonText]> = [['customCallId', JSON.stringify(freshId())]];
      for (const name of kept) entries.push([name, base[name] as JsonText]);
      if (dryRun) entries.push(['dryRun', 'true']);
      return objectText([...entries, ...extra]);
    });
}

/** Anything at all: random JSON of any type, random text, deep nesting at the top. */
export const anyBody: fc.Arbitrary<JsonText> = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  hostileValue(),
);

/** Invalid UTF-8 sequences: lone continuation, truncated lead, overlong, surrogate, out of range. */
const INVALID_UTF8 = [
  [0x80],
  [0xbf],
  [0xc3],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
];

/** The UTF-8 bytes of `text` with invalid sequences spliced in at the given positions. */
export function withInvalidUtf8(
  text: string,
  insertions: ReadonlyArray<{ at: number; sequence: number }>,
): Buffer {
  let bytes = Buffer.from(text, 'utf8');
  for (const { at, sequence } of insertions) {
    const position = bytes.length === 0 ? 0 : at % (bytes.length + 1);
    const bad = Buffer.from(INVALID_UTF8[sequence % INVALID_UTF8.length] as number[]);
    bytes = Buffer.concat([bytes.subarray(0, position), bad, bytes.subarray(position)]);
  }
  return bytes;
}

export const invalidUtf8Insertions = fc.array(fc.record({ at: fc.nat(), sequence: fc.nat() }), {
  minLength: 1,
  maxLength: 3,
});
