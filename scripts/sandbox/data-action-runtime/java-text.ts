/**
 * The Java text functions Genesys's templates call, reproduced byte for byte so a value arrives at
 * the endpoint exactly as it would from Genesys. Checked against commons-lang3 3.12 and
 * java.net.URLEncoder on JDK 17 (vectors in test/scripts/sandbox/data-action-runtime/java-text.test.ts).
 */

const hex4 = (unit: number) => unit.toString(16).toUpperCase().padStart(4, '0');

const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * commons-lang3 `StringEscapeUtils.escapeJson` (what `$esc.jsonString` is assumed to be):
 * `" \ /` and the short control escapes, then every UTF-16 unit below 0x20 or above 0x7F as
 * `\uXXXX` (upper-case hex; 0x7F itself passes through). The result never contains a raw quote,
 * backslash or control character, so it is always safe inside a JSON string.
 */
export function escapeJson(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const unit = text.charCodeAt(i);
    const short = JSON_SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (unit < 0x20 || unit > 0x7f) out += `\\u${hex4(unit)}`;
    else out += ch;
  }
  return out;
}

/**
 * UTF-8 bytes as Java's `String.getBytes(UTF_8)` makes them: a lone surrogate becomes `?`
 * (Node would write U+FFFD instead).
 */
export function javaUtf8Bytes(text: string): Buffer {
  const parts: Buffer[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const lone = char.length === 1 && code >= 0xd800 && code <= 0xdfff;
    parts.push(Buffer.from(lone ? '?' : char, 'utf8'));
  }
  return Buffer.concat(parts);
}

const URL_SAFE_BYTE = /[A-Za-z0-9.\-*_]/;

/** `java.net.URLEncoder.encode(text, "UTF-8")` (`$esc.url`): space → `+`, `~` encoded. */
export function urlEncode(text: string): string {
  let out = '';
  for (const byte of javaUtf8Bytes(text)) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && URL_SAFE_BYTE.test(char)) out += char;
    else if (char === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `$encoding.base64`: standard alphabet with padding, over the UTF-8 bytes. */
export function base64(text: string): string {
  return javaUtf8Bytes(text).toString('base64');
}

/** `String.trim()`: strips every char <= U+0020 at both ends (JS trim strips Unicode spaces instead). */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

/** `String.replace(CharSequence, CharSequence)`: every literal occurrence; "" inserts between units. */
export function javaReplace(text: string, target: string, replacement: string): string {
  if (target === '') return replacement + text.split('').join(replacement) + replacement;
  return text.split(target).join(replacement);
}

/** `String.equalsIgnoreCase`: unit by unit, equal when equal after upper- or lower-casing. */
export function javaEqualsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const ux = x.toUpperCase();
    const uy = y.toUpperCase();
    if (ux.length === 1 && ux === uy) continue;
    if (ux.length === 1 && uy.length === 1 && ux.toLowerCase() === uy.toLowerCase()) continue;
    return false;
  }
  return true;
}

/** `String.substring`: Java throws where JavaScript would clamp or swap the bounds. */
export function javaSubstring(text: string, begin: number, end = text.length): string {
  if (
    !Number.isInteger(begin) ||
    !Number.isInteger(end) ||
    begin < 0 ||
    end > text.length ||
    begin > end
  )
    throw new RangeError(`substring(${begin}, ${end}) out of range for length ${text.length}`);
  return text.slice(begin, end);
}

/**
 * `Double.toString`: decimal notation with at least one fractional digit for 10^-3 <= |d| < 10^7,
 * otherwise `d.dddE±n` (`1.0E21`, `1.0E-5`, `1.23456785E7`). The digits are JavaScript's shortest
 * round-trip digits, which JDK 19+ also prints (ASSUMED for the JDK Genesys runs: older JDKs print
 * a longer form for a few rare values).
 */
export function javaDoubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
