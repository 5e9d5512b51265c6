/**
 * Expected values were produced with commons-lang3 3.12 `StringEscapeUtils.escapeJson`,
 * `java.net.URLEncoder.encode(s, "UTF-8")`, `Base64.getEncoder()` over `getBytes("UTF-8")` and
 * `java.lang.String` on OpenJDK 17 (Debian), not derived from this implementation.
 */
import { describe, expect, it } from 'vitest';
import {
  base64,
  escapeJson,
  javaEqualsIgnoreCase,
  javaReplace,
  javaSubstring,
  javaTrim,
  urlEncode,
} from '../../../../scripts/sandbox/data-action-runtime/java-text.ts';

// [input, escapeJson, URLEncoder.encode, Base64 of UTF-8]
const JDK_VECTORS: Array<[string, string, string, string]> = [
  [
    'say "hi" \\ back/slash',
    'say \\"hi\\" \\\\ back\\/slash',
    'say+%22hi%22+%5C+back%2Fslash',
    'c2F5ICJoaSIgXCBiYWNrL3NsYXNo',
  ],
  [
    'line1\u000aline2\u000d\u0009tab\u0008\u000c',
    'line1\\nline2\\r\\ttab\\b\\f',
    'line1%0Aline2%0D%09tab%08%0C',
    'bGluZTEKbGluZTINCXRhYggM',
  ],
  [
    '\u0000\u0001\u001f\u007f\u0080',
    '\\u0000\\u0001\\u001F\u007f\\u0080',
    '%00%01%1F%7F%C2%80',
    'AAEff8KA',
  ],
  [
    '\u00fc \u20ac \ud83d\ude00 \u4e2d\u6587',
    '\\u00FC \\u20AC \\uD83D\\uDE00 \\u4E2D\\u6587',
    '%C3%BC+%E2%82%AC+%F0%9F%98%80+%E4%B8%AD%E6%96%87',
    'w7wg4oKsIPCfmIAg5Lit5paH',
  ],
  [
    '$input.x #if(true)x#end ${y} ##c',
    '$input.x #if(true)x#end ${y} ##c',
    '%24input.x+%23if%28true%29x%23end+%24%7By%7D+%23%23c',
    'JGlucHV0LnggI2lmKHRydWUpeCNlbmQgJHt5fSAjI2M=',
  ],
  ["</script>&<'>", "<\\/script>&<'>", '%3C%2Fscript%3E%26%3C%27%3E', 'PC9zY3JpcHQ+JjwnPg=='],
  ['\ud83d', '\\uD83D', '%3F', 'Pw=='],
];

describe.each(JDK_VECTORS)('Java text functions on %j', (input, json, url, b64) => {
  it('escapeJson matches commons-lang3', () => expect(escapeJson(input)).toBe(json));
  it('urlEncode matches URLEncoder', () => expect(urlEncode(input)).toBe(url));
  it('base64 matches java.util.Base64', () => expect(base64(input)).toBe(b64));
});

describe('escapeJson', () => {
  it('always yields the content of a valid JSON string with the same value', () => {
    for (let unit = 0; unit <= 0xffff; unit++) {
      const text = `a${String.fromCharCode(unit)}b`;
      expect(JSON.parse(`"${escapeJson(text)}"`)).toBe(text);
    }
  });

  it('URLEncoder leaves only A-Z a-z 0-9 . - * _ and turns spaces into +', () => {
    expect(urlEncode('AZaz09.-*_ ~!')).toBe('AZaz09.-*_+%7E%21');
  });
});

describe('java.lang.String semantics', () => {
  it('trim strips chars <= U+0020 only (not U+00A0)', () => {
    expect(javaTrim(' \u0001 x\u00a0 \t')).toBe('x\u00a0');
  });
  it('replace replaces every literal occurrence; "" inserts between chars', () => {
    expect(javaReplace('hello', 'l', 'L')).toBe('heLLo');
    expect(javaReplace('abc', '', '-')).toBe('-a-b-c-');
    expect(javaReplace('a.b.c', '.', '$&')).toBe('a$&b$&c');
  });
  it('equalsIgnoreCase compares char by char', () => {
    expect(javaEqualsIgnoreCase('Straße', 'STRASSE')).toBe(false);
    expect(javaEqualsIgnoreCase('ÄÖ', 'äö')).toBe(true);
    expect(javaEqualsIgnoreCase('ı', 'I')).toBe(true);
  });
  it('substring throws where JavaScript would clamp', () => {
    expect(javaSubstring('hello', 1, 3)).toBe('el');
    expect(() => javaSubstring('hello', 3, 1)).toThrow(RangeError);
    expect(() => javaSubstring('hello', -1)).toThrow(RangeError);
    expect(() => javaSubstring('hello', 0, 9)).toThrow(RangeError);
  });
});
