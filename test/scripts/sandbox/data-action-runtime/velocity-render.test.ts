/**
 * Java Velocity 1.7 reference outputs are from the probe in shared/research/genesys-sdk-and-runtime.md
 * (Velocity 1.7 + commons-lang3 on JDK 17) and java.lang.String; the rendering must match them.
 */
import { describe, expect, it } from 'vitest';
import {
  renderRequestTemplate,
  renderSuccessTemplate,
} from '../../../../scripts/sandbox/data-action-runtime/velocity-render.ts';

const render = renderRequestTemplate;

describe('renderRequestTemplate', () => {
  it('renders absent and null alike: silent references empty, loud ones as their source text', () => {
    for (const input of [{}, { x: null }]) {
      expect(render('[$!{input.x}][$!input.x][${input.x}][$input.x]', input)).toBe(
        '[][][${input.x}][$input.x]',
      );
    }
  });

  it('#if("$!{x}" != "") is false for absent, null and "", true for any other value', () => {
    const t = '#if("$!{input.x}" != "")T#end#if("$!{input.x}" == "")F#end';
    const cases: Array<[unknown, string]> = [
      [undefined, 'F'],
      [null, 'F'],
      ['', 'F'],
      ['v', 'T'],
      [0, 'T'],
      [false, 'T'],
      ['false', 'T'],
    ];
    for (const [x, expected] of cases)
      expect(render(t.replace('#{else}', '#else'), { x }), String(x)).toBe(expected);
  });

  it('$esc.jsonString of an absent value prints its source text, as Java does for null', () => {
    expect(render('"$esc.jsonString($input.x)"', {})).toBe('"$esc.jsonString($input.x)"');
  });

  it('never re-evaluates Velocity inside values', () => {
    const value = '$input.y ${input.y} #if(true)X#end #set($a = 1)$a ## c';
    expect(
      render('$input.x|$esc.jsonString($input.x)|#if("$!{input.x}" != "")in#end', {
        x: value,
        y: 'Y',
      }),
    ).toBe(`${value}|${value}|in`);
  });

  it('answers the EscapeTool constants and the Genesys helpers', () => {
    expect(render('$esc.quote$esc.dollar$esc.hash$esc.backslash', {})).toBe('"$#\\');
    expect(render('$esc.url($input.x) $encoding.base64($input.x)', { x: 'a b/ü' })).toBe(
      'a+b%2F%C3%BC YSBiL8O8',
    );
    expect(render('$math.add(1, 2) $math.max(3, $input.n)', { n: 7 })).toBe('3 7');
    expect(() => render('$math.add(1, $input.d)', { d: 1.5 })).toThrow(/integers only/);
  });

  it('uses Java String semantics for String methods', () => {
    const input = { s: ' hello ', e: '', n: 2, b: false };
    expect(
      render(
        '$input.s.length()|$input.e.isEmpty()|$input.s.trim()|$input.s.replace("l", "L")',
        input,
      ),
    ).toBe('7|true|hello| heLLo ');
    expect(
      render(
        '$input.s.contains("ell")|$input.s.equals(" hello ")|$input.s.equalsIgnoreCase(" HELLO ")',
        input,
      ),
    ).toBe('true|true|true');
    expect(render('$input.n.equals(2)|$input.b.equals(false)|$input.n.length()', input)).toBe(
      'true|true|$input.n.length()',
    );
    expect(() => render('$input.s.substring(5, 2)', input)).toThrow(/out of range/);
  });

  it('offers $input.rawRequest, the input as JSON text', () => {
    expect(render('${input.rawRequest}', { a: 'x', n: null })).toBe('{"a":"x","n":null}');
  });

  it('does not expose JavaScript prototype members', () => {
    expect(render('$input.toString|$input.constructor|$input.__proto__', { a: 1 })).toBe(
      '$input.toString|$input.constructor|$input.__proto__',
    );
  });

  it('leaves its helper objects untouched across renders', () => {
    expect(render('$esc.jsonString("a")', {})).toBe('a');
    expect(render('$esc.jsonString("b")$esc.quote', {})).toBe('b"');
  });
});

describe('renderSuccessTemplate', () => {
  it('places translation values as JSON text and offers rawResult', () => {
    expect(
      renderSuccessTemplate(
        '{"id": ${id}, "n": ${n}, "raw": $rawResult}',
        { id: '"a\\"b"', n: '3' },
        '{"x":1}',
      ),
    ).toBe('{"id": "a\\"b", "n": 3, "raw": {"x":1}}');
  });

  it('firstFromArray returns the first element as JSON text, or the fallback', () => {
    const t = '$successTemplateUtils.firstFromArray("${ids}", "none")';
    expect(renderSuccessTemplate(t, { ids: '["a","b"]' }, '')).toBe('"a"');
    expect(renderSuccessTemplate(t, { ids: '[]' }, '')).toBe('none');
    expect(() => renderSuccessTemplate(t, { ids: '{"a":1}' }, '')).toThrow(/JSON array/);
  });
});
