/** Character classes of the masking scanners, by UTF-16 code unit (no regular expressions). */

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isHex(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isSpace(code: number): boolean {
  return (
    code <= 32 ||
    code === 0xa0 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x202f ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x3000
  );
}

/**
 * A non-ASCII code unit that can be part of a word (a letter, a mark, an ideograph, half of a
 * surrogate pair): everything above U+007F except spaces and the punctuation blocks.
 */
export function isUnicodeWordChar(code: number): boolean {
  if (code < 0x80 || isSpace(code)) return false;
  if (code <= 0xbf) return code === 0xaa || code === 0xb5 || code === 0xba; // ª µ º
  if (code === 0xd7 || code === 0xf7) return false; // × ÷
  if (code >= 0x2000 && code <= 0x2bff) return false; // punctuation, symbols, arrows, boxes
  if (code >= 0x2e00 && code <= 0x2e7f) return false; // supplemental punctuation
  if (code >= 0x3000 && code <= 0x303f) return false; // CJK punctuation
  if (code >= 0xfe10 && code <= 0xfe6f) return false; // vertical and small forms
  if (code >= 0xff00 && code <= 0xff20) return false; // fullwidth ASCII punctuation and digits
  return true;
}
