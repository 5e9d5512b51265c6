/**
 * Reference results from Jayway JsonPath 2.0.0 (Debian libjsonpath-java, JDK 17), `JsonPath.read`
 * on the document below; functions from the Jayway README (2.1+, not in 2.0.0).
 */
import { describe, expect, it } from 'vitest';
import {
  evaluateJsonPath,
  isDefinitePath,
} from '../../../../scripts/sandbox/data-action-runtime/jsonpath-jayway.ts';

const doc = { a: [{ b: 1 }], o: { x: { id: 5 } }, n: null, e: [], nums: [1, 2, 4] };
const value = (path: string) => {
  const result = evaluateJsonPath(path, doc);
  return result.found ? result.json : 'NOT FOUND';
};

describe('evaluateJsonPath (Jayway semantics)', () => {
  it('indefinite paths always return a list, even for a single match', () => {
    expect(value('$.a[*].b')).toBe('[1]');
    expect(value('$..id')).toBe('[5]');
    expect(value('$.o.*')).toBe('[{"id":5}]');
    expect(value('$.a[0:1]')).toBe('[{"b":1}]');
    expect(value('$.a[0,0]')).toBe('[{"b":1},{"b":1}]');
    expect(value('$.a[?(@.b == 1)].b')).toBe('[1]');
  });

  it('an indefinite path without matches is an empty list, a definite one is not found', () => {
    expect(value('$..nothing')).toBe('[]');
    expect(value('$.e[*]')).toBe('[]');
    expect(value('$.missing')).toBe('NOT FOUND');
    expect(value('$.a[5]')).toBe('NOT FOUND');
  });

  it('definite paths return the value itself; a present null is a value', () => {
    expect(value('$.a[0].b')).toBe('1');
    expect(value("$['o']['x']")).toBe('{"id":5}');
    expect(value('$.n')).toBe('null');
  });

  it('refuses filters whose result depends on comparing different types (Jayway versions differ)', () => {
    // Jayway 2.0.0: @.b == '1' is true for b = 1; jsonpath-plus strict: false
    expect(() => evaluateJsonPath("$.a[?(@.b == '1')].b", doc)).toThrow(/different types/);
    expect(() => evaluateJsonPath("$.a[?(@.b != '1')].b", doc)).toThrow(/different types/);
    expect(value('$.a[?(@.b == 2)].b')).toBe('[]');
  });

  it('refuses paths the engines read differently', () => {
    expect(() => evaluateJsonPath('$.a.length', doc)).toThrow(/write \.length\(\)/);
    expect(() => evaluateJsonPath('$["o"]', doc)).toThrow(/double-quoted/);
    expect(() => evaluateJsonPath("$.o['x','y']", doc)).toThrow(/a map in Jayway/);
    expect(() => evaluateJsonPath('$.a[0:0]', doc)).toThrow(/ending at 0/);
    expect(() => evaluateJsonPath('$.a[::2]', doc)).toThrow(/step/);
  });

  it('length() is an Integer; sum/min/max/avg print as Java Doubles', () => {
    expect(value('$.nums.length()')).toBe('3');
    expect(value('$.nums.sum()')).toBe('7.0');
    expect(value('$.nums.min()')).toBe('1.0');
    expect(value('$.nums[*].max()')).toBe('4.0');
    expect(value('$.nums.avg()')).toBe('2.3333333333333335');
  });

  it('refuses syntax only one of the engines knows, naming it', () => {
    expect(() => evaluateJsonPath('$.a^', doc)).toThrow(/Jayway does not know/);
    expect(() => evaluateJsonPath('$.a[?(@.b =~ /1/)]', doc)).toThrow(/=~/);
    expect(() => evaluateJsonPath('$.a[?(@.b in [1])]', doc)).toThrow(/Jayway filter operator/);
    expect(() => evaluateJsonPath('$.a.keys()', doc)).toThrow(/keys\(\) is not reproduced/);
    expect(() => evaluateJsonPath('a.b', doc)).toThrow(/must start with \$/);
  });

  it('classifies definiteness as Jayway does', () => {
    expect(isDefinitePath('$.a.b[0]')).toBe(true);
    expect(isDefinitePath("$['a']['b']")).toBe(true);
    for (const p of ['$..b', '$.a[*]', '$.a.*', '$.a[?(@.x)]', '$.a[1:]', '$.a[0,1]'])
      expect(isDefinitePath(p), p).toBe(false);
  });
});
