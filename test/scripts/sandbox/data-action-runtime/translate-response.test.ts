import { describe, expect, it } from 'vitest';
import { translateResponse } from '../../../../scripts/sandbox/data-action-runtime/translate-response.ts';

const body = {
  result: {
    sys_id: 'abc',
    number: 'INC1',
    created: false,
    zero: 0,
    nothing: null,
    items: [{ n: 'a' }, { n: 'b' }],
  },
};

describe('translateResponse', () => {
  it('extracts each path as JSON text', () => {
    const result = translateResponse(
      body,
      {
        id: '$.result.sys_id',
        created: '$.result.created',
        zero: '$.result.zero',
        nothing: '$.result.nothing',
      },
      {},
    );
    expect(result).toEqual({
      ok: true,
      values: {
        id: { path: '$.result.sys_id', source: 'response', json: '"abc"' },
        created: { path: '$.result.created', source: 'response', json: 'false' },
        zero: { path: '$.result.zero', source: 'response', json: '0' },
        nothing: { path: '$.result.nothing', source: 'response', json: 'null' },
      },
    });
  });

  it('returns several matches as an array', () => {
    const result = translateResponse(body, { names: '$.result.items[*].n' }, {});
    expect(result.ok && result.values.names!.json).toBe('["a","b"]');
  });

  it('uses the default (JSON text) only when the path matches nothing', () => {
    const result = translateResponse(
      body,
      { created: '$.result.created', url: '$.result.url' },
      { created: 'true', url: '""' },
    );
    expect(result).toEqual({
      ok: true,
      values: {
        created: { path: '$.result.created', source: 'response', json: 'false' },
        url: { path: '$.result.url', source: 'default', json: '""' },
      },
    });
  });

  it('fails, naming key and path, when nothing matches and there is no default', () => {
    const result = translateResponse(
      { result: {} },
      { id: '$.result.sys_id', url: '$.result.url' },
      { url: '""' },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      'id: nothing at $.result.sys_id and no translationMapDefaults entry',
    ]);
  });

  it('fails on a default that is not JSON text', () => {
    const result = translateResponse({}, { name: '$.name' }, { name: 'UNKNOWN' });
    expect(!result.ok && result.problems[0]).toMatch(
      /translationMapDefaults\.name is not JSON text/,
    );
  });

  it('does not execute script in filter expressions', () => {
    const result = translateResponse(
      body,
      { x: "$.result.items[?(@.constructor.constructor('return process')())]" },
      { x: 'null' },
    );
    expect(result.ok ? result.values.x!.json : 'failed').not.toMatch(/process|env/);
  });

  it('never evaluates a filter as script: a JavaScript-only expression selects nothing', () => {
    // Jayway filters compare paths and literals; a native (eval) engine would call the string
    // method and select the item named abc
    const items = { result: { items: [{ name: 'abc' }, { name: 'abcd' }] } };
    const result = translateResponse(
      items,
      { x: "$.result.items[?(@.name.toUpperCase() == 'ABC')].name" },
      { x: '[]' },
    );
    expect(result.ok ? result.values.x!.json : 'failed').not.toContain('"abc"');
    // while a Jayway filter on the same data works
    const jayway = translateResponse(items, { x: "$.result.items[?(@.name == 'abc')].name" }, {});
    expect(jayway.ok && jayway.values.x!.json).toBe('["abc"]');
  });
});
