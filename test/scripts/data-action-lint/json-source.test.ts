/** JSON with positions: values as JSON.parse gives them, plus where each came from in the file. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonSource } from '../../../scripts/data-action-lint/json-source.ts';

describe('parseJsonSource', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(parseJsonSource(text).value).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('maps a string character back to the file, through escapes', () => {
    const text = '{\n  "t": "a\\n\\"b\\u0041c"\n}';
    const source = parseJsonSource(text);
    expect(source.value).toEqual({ t: 'a\n"bAc' });
    // characters: a, \n, ", b, A, c — written at columns 9, 10, 12, 14, 15, 21 of line 2
    expect([0, 1, 2, 3, 4, 5].map((i) => source.positionInString('/t', i))).toEqual([
      { line: 2, column: 9 },
      { line: 2, column: 10 },
      { line: 2, column: 12 },
      { line: 2, column: 14 },
      { line: 2, column: 15 },
      { line: 2, column: 21 },
    ]);
    expect(source.positionOf('/t')).toEqual({ line: 2, column: 8 });
  });

  it('escapes / and ~ in pointers as RFC 6901 says', () => {
    const source = parseJsonSource('{"a/b": {"c~d": 1}}');
    expect(source.positionOf('/a~1b/c~0d')).toEqual({ line: 1, column: 17 });
  });

  it('keeps __proto__ as a plain key', () => {
    const source = parseJsonSource('{"__proto__": {"x": 1}}');
    expect(Object.keys(source.value as object)).toEqual(['__proto__']);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it('names line and column of a syntax error, and refuses what JSON refuses', () => {
    expect(() => parseJsonSource('{\n  "a": [1,, 2]\n}')).toThrow(
      new JsonSyntaxError('unexpected character', { line: 2, column: 11 }),
    );
    for (const bad of ['{"a": 1,}', "{'a': 1}", '[1] 2', '"\t"', '01', '{"a" 1}', ''])
      expect(() => parseJsonSource(bad), bad).toThrow(JsonSyntaxError);
  });

  it('refuses nesting deeper than 200 levels instead of overflowing the stack', () => {
    expect(() => parseJsonSource('['.repeat(201) + ']'.repeat(201))).toThrow(/deeper than 200/);
    expect(() => parseJsonSource('['.repeat(200) + ']'.repeat(200))).not.toThrow();
  });
});
