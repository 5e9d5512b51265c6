/**
 * Constructs where velocityjs and Java Velocity 1.7 disagree. Each expected value is Velocity 1.7
 * (Debian `velocity` 1.7-6, JDK 17) rendering the same template over the same input parsed by
 * json-smart; the runtime must print the same or refuse the template or value.
 */
import { describe, expect, it } from 'vitest';
import { javaDoubleToString } from '../../../../scripts/sandbox/data-action-runtime/java-text.ts';
import {
  renderRequestTemplate,
  replaceBlockComments,
} from '../../../../scripts/sandbox/data-action-runtime/velocity-render.ts';
import { findUnsupportedVelocity } from '../../../../scripts/sandbox/data-action-runtime/velocity-support.ts';

const refused = (template: string) =>
  findUnsupportedVelocity(template, 'request').map((p) => p.construct);

describe('Java Velocity 1.7 fidelity', () => {
  it('keeps the whitespace and newline after a block comment, as Java does', () => {
    expect(renderRequestTemplate('a\n#* x *#\nb', {})).toBe('a\n\nb');
    expect(renderRequestTemplate('a #* x *#\nb', {})).toBe('a \nb');
    expect(renderRequestTemplate('#* x *# \nb', {})).toBe(' \nb');
    expect(renderRequestTemplate('#if(true)#* c *#\nY#end', {})).toBe('\nY');
    // line comments swallow their newline in both engines
    expect(renderRequestTemplate('a ## c\nX', {})).toBe('a X');
  });

  it('leaves comment-like text in raw blocks and line comments alone', () => {
    expect(replaceBlockComments('#[[#* raw *#]]# ## #* c *#\nx')).toBe(
      '#[[#* raw *#]]# ## #* c *#\nx',
    );
  });

  it('prints decimal inputs as Double.toString', () => {
    const cases: Array<[number, string]> = [
      [10.5, '10.5'],
      [-0.5, '-0.5'],
      [0.001, '0.001'],
      [1e-5, '1.0E-5'],
      [12345678.5, '1.23456785E7'],
      [9999999.5, '9999999.5'],
    ];
    for (const [n, java] of cases)
      expect(renderRequestTemplate('[$input.n]', { n }), String(n)).toBe(`[${java}]`);
    expect(renderRequestTemplate('"$esc.jsonString($input.n)"', { n: 1e-5 })).toBe('"1.0E-5"');
    expect(renderRequestTemplate('#if("$!{input.n}" == "1.0E-5")Y#end', { n: 1e-5 })).toBe('Y');
    expect(renderRequestTemplate('[$input.n]', { n: 100 })).toBe('[100]');
  });

  it('refuses to print values whose Java form is not verified: lists, maps, huge integers', () => {
    expect(() => renderRequestTemplate('[$input.l]', { l: [1, 'a', 2.5] })).toThrow(
      /\$input\.l is a list/,
    );
    expect(() => renderRequestTemplate('[$input.o]', { o: { a: 1 } })).toThrow(
      /\$input\.o is an object/,
    );
    expect(() => renderRequestTemplate('[$input.n]', { n: 1e21 })).toThrow(/beyond 2\^53/);
    // not printed: no refusal
    expect(renderRequestTemplate('ok', { l: [1] })).toBe('ok');
  });

  it('refuses method calls with blank parentheses, which Java cannot parse', () => {
    expect(refused('$input.s.length( )')).toEqual(['method call with blank ( )']);
    expect(refused('$input.s.trim(\t)x')).toEqual(['method call with blank ( )']);
    // spaces around real arguments parse the same in both engines
    expect(refused('$esc.jsonString( $input.s )$input.s.substring( 1,2)')).toEqual([]);
    expect(renderRequestTemplate('[$esc.jsonString( $input.s )]', { s: 'a"b' })).toBe('[a\\"b]');
  });

  it('refuses an empty raw block (Java prints nothing, velocityjs the text)', () => {
    expect(refused('a#[[]]#b')).toEqual(['empty #[[]]#']);
  });

  it('names custom-auth and vendor roots when refusing them', () => {
    const reasons = (t: string) => findUnsupportedVelocity(t, 'request').map((p) => p.reason);
    expect(reasons('${credentials.clientId}')[0]).toMatch(/\$credentials .*User Defined/);
    expect(reasons('$authResponse.access_token')[0]).toMatch(/\$authResponse .*custom auth/);
    expect(reasons('$urlTool.optionalQueryParam("a", $input.a)')[0]).toMatch(/\$urlTool/);
  });
});

describe('javaDoubleToString', () => {
  it('matches Double.toString', () => {
    expect(javaDoubleToString(3)).toBe('3.0');
    expect(javaDoubleToString(1e7)).toBe('1.0E7');
    expect(javaDoubleToString(1e21)).toBe('1.0E21');
    expect(javaDoubleToString(-0)).toBe('-0.0');
    expect(javaDoubleToString(0.1 + 0.2)).toBe('0.30000000000000004');
  });
});
