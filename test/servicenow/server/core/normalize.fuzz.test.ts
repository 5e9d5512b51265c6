/**
 * Property-based tests of normalizeRequest on hostile bodies (wrong types, holes in conversation
 * objects and events, duplicate and "__proto__" keys, deep nesting, control characters, lone
 * surrogates): it never throws, never changes its input, answers either a request that satisfies
 * the contract or errors that each name a JSON Pointer, and never echoes a submitted value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentRequestSchema } from '../../../../servicenow/src/server/core/generated/contract.ts';
import { normalizeRequest } from '../../../../servicenow/src/server/core/normalize.ts';
import {
  checkObject,
  compileSchema,
  type ObjectSchema,
} from '../../../../servicenow/src/server/core/schema-check.ts';
import {
  anyBody,
  flatBody,
  invalidUtf8Insertions,
  mutatedSample,
  withInvalidUtf8,
} from '../../../helpers/hostile-json.ts';
import { readSample } from '../../../helpers/samples.ts';
import { runs, timeoutFor } from '../../../helpers/stress.ts';

const contract = compileSchema(incidentRequestSchema as unknown as ObjectSchema);
const FIELDS = Object.keys(incidentRequestSchema.properties);

let sequence = 0;
const freshId = () => `fuzz-${++sequence}`;

/** Every body the endpoint could be sent, as the text a JSON parser would see. */
const bodyText = fc.oneof(
  flatBody(freshId),
  mutatedSample(freshId),
  anyBody,
  fc
    .tuple(mutatedSample(freshId), invalidUtf8Insertions)
    .map(([text, insertions]) => withInvalidUtf8(text, insertions).toString('utf8')),
);

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Resolves a JSON Pointer in `document`; undefined when any step is missing. */
function resolvePointer(document: unknown, path: string): { found: boolean } {
  if (path === '') return { found: true };
  let node: unknown = document;
  for (const raw of path.slice(1).split('/')) {
    const token = raw.split('~1').join('/').split('~0').join('~');
    if (node === null || typeof node !== 'object') return { found: false };
    if (!Object.prototype.hasOwnProperty.call(node, token)) return { found: false };
    node = (node as Record<string, unknown>)[token];
  }
  return { found: true };
}

/** Nesting depth, computed without recursion (bodies may be thousands of levels deep). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    deepest = Math.max(deepest, depth);
    if (node !== null && typeof node === 'object')
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** JSON.stringify and the recursive helpers below overflow long before JSON.parse does. */
const SHALLOW = 200;

const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

describe('normalizeRequest under fuzzing', () => {
  it(
    'never throws or mutates its input; answers a contract-valid request or located errors',
    () => {
      fc.assert(
        fc.property(bodyText, (text) => {
          const body = parsed(text);
          if (!body.ok) return;
          const shallow = depthOf(body.value) <= SHALLOW;
          const before = shallow ? JSON.stringify(body.value) : '';
          const result = normalizeRequest(body.value);
          if (shallow) expect(JSON.stringify(body.value)).toBe(before);
          if (result.ok) {
            expect(checkObject(contract, result.request)).toEqual([]);
            for (const key of Object.keys(result.request)) expect(FIELDS).toContain(key);
          } else {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const error of result.errors) {
              expect(error.path === '' || error.path.startsWith('/'), error.path).toBe(true);
              expect(error.message.length).toBeGreaterThan(0);
              // the path, or at least its parent, is somewhere in the body as received
              expect(
                resolvePointer(body.value, parentOf(error.path)).found,
                `${error.path}: ${error.message}`,
              ).toBe(true);
            }
          }
          for (const warning of result.warnings)
            expect(warning.path === '' || warning.path.startsWith('/')).toBe(true);
        }),
        { numRuns: runs(600) },
      );
    },
    timeoutFor(20_000),
  );

  it(
    'never echoes a submitted string value in an error or a warning',
    () => {
      const MARK = 'ZQXJ';
      /** Prefixes every string leaf (message-session types too: their echo is fixed). */
      const marked = (value: unknown): unknown => {
        if (typeof value === 'string') return MARK + value;
        if (Array.isArray(value)) return value.map((v) => marked(v));
        if (value !== null && typeof value === 'object') {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(value)) {
            Object.defineProperty(out, k, {
              value: marked(v),
              enumerable: true,
              configurable: true,
              writable: true,
            });
          }
          return out;
        }
        return value;
      };
      fc.assert(
        fc.property(bodyText, (text) => {
          const body = parsed(text);
          if (!body.ok || depthOf(body.value) > SHALLOW) return;
          const result = normalizeRequest(marked(body.value));
          const said = JSON.stringify([result.ok ? [] : result.errors, result.warnings]);
          // keys may legitimately appear in paths; the marker only ever prefixes values
          expect(said.toUpperCase()).not.toContain(MARK);
        }),
        { numRuns: runs(600) },
      );
    },
    timeoutFor(20_000),
  );
});

describe('normalizeRequest: no echo of an unsupported message type', () => {
  // Found by fuzzing in servicenow/src/server/core/genesys-shapes.ts, customerMedia; kept as a regression test.
  it('does not quote an unsupported messages[].type', () => {
    const conversation = readSample('genesys-conversation.whatsapp.json') as {
      participants: Array<{ messages?: Array<{ type?: string }> }>;
    };
    conversation.participants[0]!.messages![0]!.type = 'jan@example.nl';
    const result = normalizeRequest(conversation);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('jan@example.nl');
  });
});

describe('normalizeRequest: impossible calendar dates', () => {
  // Found by fuzzing in servicenow/src/server/core/normalize.ts, isoDateTimeProblem; kept as a regression test.
  it.each(['2026-02-31T00:00:00Z', '2026-04-31T12:00:00+02:00', '2025-02-29T08:00:00Z'])(
    'rejects conversationStart %s',
    (when) => {
      const result = normalizeRequest({
        customCallId: 'c-1',
        channel: 'voice',
        shortDescription: 'x',
        conversationStart: when,
      });
      expect(result.ok).toBe(false);
    },
  );
});
