/**
 * E-mail addresses as people write them: local parts with any Unicode letter, apostrophes,
 * "+tags", dots and the other characters RFC 5321/6531 allow, and internationalized domains.
 *
 * Token boundary: the local part runs left from "@" over those characters and stops at anything
 * else (space, quotes, brackets, ",", ";", ":", "<"), at the previous address, after 64
 * characters, and also at "/", "=", "?" and "&" — allowed by the RFC but in practice the glue
 * of URLs and labels ("email=jan@…", "…/users/jan@…"), never part of a real mailbox. The domain
 * runs right over letters, digits, "-", "." and non-ASCII letters and ends at the last label
 * that makes a valid domain, so glued punctuation or text after it ("jan@example.nl.Thanks")
 * does not hide the address. One space (or no-break space) on either side of the "@" ("jan @
 * example.com", typed on a phone or transcribed) does not end it. Also RFC 5321's quoted local
 * parts ('"john doe"@…') and address literals ("…@[192.168.0.1]"), and an "@" URL-encoded as
 * "%40" ("?email=jan%40example.nl", masked "***%40example.nl"). A domain with five digits in a
 * row is not shown as written: the number scan reads it ("jan@4155550134.nl").
 *
 * Linear: each character is read at most once by a left scan and once by a right scan.
 * No regular expressions (Rhino-safe by construction).
 */
import { addSpan, EMAIL_KIND, MASK_PREFIX, newSpans, type Spans } from './spans.ts';
import { isDigit, isAsciiLetter, isHex, isUnicodeWordChar } from './text-classes.ts';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
/** "[IPv6:" and the longest IPv6 address (45 characters, with an IPv4 tail) and "]". */
const MAX_LITERAL = 52;

/**
 * ASCII classes as lookup tables (one array read per character instead of a chain of tests):
 * 1 = local-part character (RFC 5322 atext without "/", "=", "?", "&", plus "."), 2 = may start
 * a local part (letters, digits, "_"), 4 = domain character (letters, digits, "-", "."),
 * 8 = letter.
 */
const ASCII_CLASS: number[] = [];
for (let code = 0; code < 128; code++) {
  const alnum =
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  let bits = 0;
  if (alnum || "!#$%'*+-.^_`{|}~".indexOf(String.fromCharCode(code)) >= 0) bits |= 1;
  if (alnum || code === 95) bits |= 2;
  if (alnum || code === 45 || code === 46) bits |= 4;
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) bits |= 8;
  ASCII_CLASS.push(bits);
}

/** A space or a no-break space at `at`. */
function isSpaceAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === 32 || code === 0xa0;
}

function isLocalStart(code: number): boolean {
  return code < 128 ? ((ASCII_CLASS[code] as number) & 2) !== 0 : isUnicodeWordChar(code);
}

/**
 * Where a label of ASCII letters meets a non-ASCII letter ("comまで"), or -1: only after two
 * ASCII letters at least, and only when the label is not an IDN's own ("рф", "みんな").
 */
function scriptChange(text: string, start: number, end: number): number {
  let k = start;
  while (k < end && isAsciiLetter(text.charCodeAt(k))) k++;
  return k - start >= 2 && k < end && text.charCodeAt(k) >= 0x80 ? k : -1;
}

function isTopLevel(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  if (end - start > 4 && text.slice(start, start + 4).toLowerCase() === 'xn--') return true;
  let ascii = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code)) ascii++;
    else if (code < 0x80) return false; // digits and "-" are not in top-level domains
  }
  return ascii === 0 || ascii === end - start; // all ASCII letters, or an IDN TLD ("рф")
}

/**
 * End of the longest valid domain starting at `start` and ending before `limit`: at least two
 * labels of 1–63 characters, none starting or ending with "-", the last a top-level domain.
 * -1 when there is none.
 */
export function domainEnd(text: string, start: number, limit: number): number {
  let best = -1;
  let labels = 0;
  let labelStart = start;
  for (let i = start; i <= limit; i++) {
    if (i < limit && text.charCodeAt(i) !== 46) continue;
    const length = i - labelStart;
    // "jan@example.com-5521 …": a dash glues something else after the top-level domain
    let dash = -1;
    for (let k = labelStart; labels >= 1 && k < i && dash < 0; k++)
      if (text.charCodeAt(k) === 45) dash = k;
    if (dash > labelStart && dash < i && isTopLevel(text, labelStart, dash)) {
      if (dash - start <= MAX_DOMAIN) best = dash;
      break;
    }
    // "jan@example.comまで": text of another script glued after an ASCII top-level domain
    const glued = labels >= 1 ? scriptChange(text, labelStart, i) : -1;
    if (glued > 0 && isTopLevel(text, labelStart, glued)) {
      if (glued - start <= MAX_DOMAIN) best = glued;
      break;
    }
    if (
      length === 0 ||
      length > 63 ||
      text.charCodeAt(labelStart) === 45 ||
      text.charCodeAt(i - 1) === 45
    )
      break;
    labels++;
    if (labels >= 2 && isTopLevel(text, labelStart, i) && i - start <= MAX_DOMAIN) best = i;
    labelStart = i + 1;
  }
  return best;
}

/**
 * "009 79 7452.jan@…", "…6JA1 8JVV 3V6!jan@…": a run of letters and digits (with a digit) that
 * continues a number or IBAN written before the address (after a space, "-", "." or "/" and a
 * letter or digit), glued to the mailbox by a symbol, belongs to what comes before.
 */
function afterGluedNumber(text: string, start: number, at: number): number {
  if (start < 2 || !isAlnum(text.charCodeAt(start)) || !isAlnum(text.charCodeAt(start - 2)))
    return start;
  const before = text.charCodeAt(start - 1);
  if (before !== 32 && before !== 45 && before !== 46 && before !== 47) return start;
  let k = start;
  let digits = 0;
  while (k < at && isAlnum(text.charCodeAt(k))) if (isDigit(text.charCodeAt(k++))) digits++;
  if (k === at || digits === 0) return start;
  while (k < at && !isLocalStart(text.charCodeAt(k))) k++;
  return k;
}

/** "jan@example.nl." or "…nl-": sentence punctuation glued after a domain is not part of it. */
function trimmedEnd(text: string, start: number, limit: number): number {
  let end = limit;
  while (end > start && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  return end;
}

function isAlnum(code: number): boolean {
  return isDigit(code) || isAsciiLetter(code);
}

/**
 * RFC 5321's address literal after the "@": an IPv4 address ("user@[192.168.0.1]") or "IPv6:"
 * and groups of hex digits joined by ":" or "." ("user@[IPv6:2001:db8::1]"). Where it ends,
 * after its "]", or -1: nothing else in brackets is a domain (a domain is shown as written, so
 * digits in brackets must stay the number scan's).
 */
function addressLiteralEnd(text: string, open: number): number {
  const ipv6 = text.slice(open + 1, open + 6).toLowerCase() === 'ipv6:';
  let groups = 1;
  let run = 0;
  for (let i = ipv6 ? open + 6 : open + 1; i < text.length && i - open <= MAX_LITERAL; i++) {
    const code = text.charCodeAt(i);
    if (code === 93) return (ipv6 ? groups >= 3 : groups === 4 && run > 0) ? i + 1 : -1;
    if (ipv6 ? isHex(code) : isDigit(code)) {
      if (++run > (ipv6 ? 4 : 3)) return -1;
    } else if (ipv6 ? code === 58 || code === 46 : code === 46 && run > 0) {
      groups++;
      run = 0;
    } else return -1;
  }
  return -1;
}

/**
 * RFC 5321's quoted local part before the "@" ('"john doe"@example.com', '"a\\"b"@…'): the
 * position of its opening quote, or -1. Printable characters only, at most 64 in all, and not
 * before `floor` (the end of the previous address).
 */
function quotedLocalStart(text: string, close: number, floor: number): number {
  for (let i = close - 1; i >= floor && close - i < MAX_LOCAL; i--) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return -1;
    if (code === 34 && !(i > floor && text.charCodeAt(i - 1) === 92)) return i < close - 1 ? i : -1;
  }
  return -1;
}

/**
 * Where the local part before the "@" at `at` starts, not before `floor`: `at` when there is
 * none, -1 when it is longer than 64 characters. Reads at most 65 characters back.
 */
function localPartStart(text: string, at: number, floor: number): number {
  if (at > floor && text.charCodeAt(at - 1) === 34) {
    const quoted = quotedLocalStart(text, at - 1, floor);
    if (quoted >= 0) return quoted;
  }
  const classes = ASCII_CLASS;
  let start = at;
  let digit = false;
  while (start > floor && at - start <= MAX_LOCAL) {
    const code = text.charCodeAt(start - 1);
    if (code < 128 ? ((classes[code] as number) & 1) === 0 : !isUnicodeWordChar(code)) break;
    if (code >= 48 && code <= 57) digit = true;
    start--;
  }
  if (at - start > MAX_LOCAL) return -1;
  while (start < at && !isLocalStart(text.charCodeAt(start))) start++;
  // (a local part without a digit never continues a number)
  return digit ? afterGluedNumber(text, start, at) : start;
}

/**
 * findEmails' answer, reused from one scan to the next as findNumbers' is (its arrays keep their
 * capacity); valid until the next scan.
 */
const EMAIL_SPANS: Spans = newSpans();

/** The mask of an address written with the fullwidth "@" of Japanese and Chinese input. */
const FULLWIDTH_MASK = (MASK_PREFIX[EMAIL_KIND] as string).slice(0, -1) + '\uff20';

/**
 * The e-mail addresses of `text`, in text order, each with its mask ("***@", the domain shown
 * as written). The answer is valid until the next call.
 *
 * A fullwidth "@" ("jan＠example.jp", as Japanese and Chinese input methods type it) is read as
 * "@": the text is scanned with it replaced (one code unit for one, so every position holds),
 * and the mask keeps it ("***＠example.jp"). Text without one costs one native search.
 */
export function findEmails(text: string, counter: { steps: number }): Spans {
  if (text.indexOf('\uff20') < 0) return scanEmails(text, counter);
  const spans = scanEmails(text.split('\uff20').join('@'), counter);
  for (let k = 0; k < spans.count; k++) {
    // the sign is the last character the mask stands for, or the one before a space after it
    let sign = (spans.end[k] as number) - (spans.shown[k] as number) - 1;
    if (text.charCodeAt(sign) !== 0xff20) sign--;
    if (text.charCodeAt(sign) === 0xff20) spans.replacement[k] = FULLWIDTH_MASK;
  }
  return spans;
}

function scanEmails(text: string, counter: { steps: number }): Spans {
  const spans = EMAIL_SPANS;
  spans.count = 0;
  const prefix = MASK_PREFIX[EMAIL_KIND] as string;
  // module-level names held in locals: in Rhino each use of one is a scope-chain lookup
  const classes = ASCII_CLASS;
  const maxLocal = MAX_LOCAL;
  const maxDomain = MAX_DOMAIN;
  const length = text.length;
  let steps = 0;
  let floor = 0;
  // the next "%40", an "@" URL-encoded ("…/reset?email=jan%40example.nl"), -1 once none is left
  let percent = text.indexOf('%40');
  const encodedMask = prefix.slice(0, -1) + '%40';
  // The "@" or "%40" tried: the earlier of the next of each. The next "@" is found by the
  // domain read when it stops at one ("a@a@a@…", `nextAt`), else by indexOf (the loop's
  // update, so that every `continue` takes it). Few locals per "@": each is a cost in Rhino.
  let at = -1;
  let encoded = false;
  let nextAt = -1;
  let mask = prefix;
  for (
    let sign = text.indexOf('@');
    ;
    sign = encoded ? sign : nextAt >= 0 ? nextAt : text.indexOf('@', at + 1)
  ) {
    nextAt = -1;
    if (percent >= 0 && (sign < 0 || percent < sign)) {
      at = percent;
      encoded = true;
      mask = encodedMask;
      percent = text.indexOf('%40', at + 3);
    } else if (sign >= 0) {
      at = sign;
      if (encoded) {
        encoded = false;
        mask = prefix;
      }
    } else break;
    // where the domain starts, and where the next local part may start if this is no
    // address: after an "@", but a "%40" may stand inside a local part
    let after = encoded ? at + 3 : at + 1;
    // "jan @ example.com", "jan@ example.com": a space after the "@" (typed on a phone, or
    // transcribed) does not end the address when a domain follows it
    if (
      !encoded &&
      after + 1 < length &&
      isSpaceAt(text, after) &&
      isLocalStart(text.charCodeAt(after + 1))
    )
      after++;
    const failed = encoded ? floor : after;
    // the domain first: most "@" in hostile text ("a@a@…", "a.b-c@d-…") have none, and then
    // the local part is never read (which "@" are tried, and where, is the same either way)
    let limit = after;
    let dots = 0;
    // A top-level domain (or the part of a label before a glued "-…") starts with two letters
    // (ASCII or not; "xn--" too): without a label after the first that does, domainEnd can
    // only say no. `lead` counts a label's leading letters up to 2; -1 once it cannot.
    let lead = 0;
    let topLevel = false;
    let literal = false;
    // The common domain ("example.nl"): ASCII letters, digits and dots only, no empty or
    // overlong label, the last all letters. Its end is where the read stopped, with no second
    // read by domainEnd (the same answer: every label valid, the last a top-level domain).
    let plain = true;
    let labelStart = after;
    let lastLetters = true;
    // digits in a row: a domain with five of them ("jan@4155550134.nl", "…%400612345678wa.me")
    // is not shown, its digits are left to the number scan
    let digits = 0;
    let numeric = false;
    while (limit < length && limit - after < maxDomain) {
      const code = text.charCodeAt(limit);
      if (code < 128 ? ((classes[code] as number) & 4) === 0 : !isUnicodeWordChar(code)) {
        if (code === 64) nextAt = limit;
        // "user@[192.168.0.1]": an address literal is the domain (read here, where the domain
        // read met its "[": a "@" costs no read of its own for it)
        else if (code === 91 && limit === after) literal = true;
        break;
      }
      if (code === 46) {
        dots++;
        lead = 0;
        digits = 0;
        if (limit === labelStart || limit - labelStart > 63) plain = false;
        labelStart = limit + 1;
        lastLetters = true;
      } else {
        const letter = code < 128 && ((classes[code] as number) & 8) !== 0;
        if (!letter) {
          lastLetters = false;
          if (code === 45 || code >= 128) plain = false;
        }
        if (code >= 48 && code <= 57) {
          if (++digits === 5) numeric = true;
        } else digits = 0;
        if (dots > 0 && lead >= 0 && lead < 2) {
          if (letter || code >= 128) {
            if (++lead === 2) topLevel = true;
          } else lead = -1;
        }
      }
      limit++;
    }
    steps += limit - after;
    if (literal) {
      // shown as written
      const literalEnd = addressLiteralEnd(text, after);
      const start = literalEnd > 0 ? localPartStart(text, at, floor) : -1;
      steps += literalEnd > 0 ? literalEnd - at + Math.min(at - floor, maxLocal + 1) : 1;
      floor = failed;
      if (start >= 0 && start < at) {
        addSpan(spans, start, literalEnd, EMAIL_KIND, mask, literalEnd - after);
        floor = literalEnd;
      }
      continue;
    }
    // no domain without a dot and a possible top-level domain ("a@a@a@…", "a.b-c@d-…" end here)
    if (!topLevel) {
      floor = failed;
      continue;
    }
    const end =
      plain && lastLetters && limit - labelStart >= 2 && limit - labelStart <= 63
        ? limit
        : domainEnd(text, after, trimmedEnd(text, after, limit));
    if (end < 0) {
      floor = failed;
      continue;
    }
    // (and a space before it: "jan @example.com"; but not when the domain runs into another
    // "@": "mail @jan@example.nl" is an address glued after an "@", not "mail" at "jan")
    const localEnd =
      !encoded && nextAt !== limit && at - 1 > floor && isSpaceAt(text, at - 1) ? at - 1 : at;
    const start = localPartStart(text, localEnd, floor);
    steps += Math.min(at - floor, maxLocal + 1);
    floor = failed;
    if (start < 0 || start === localEnd) continue;
    // "***@" ("***%40") stands for the local part and the "@"; the domain stays as written
    // (or is left to the number scan, digits and all)
    addSpan(spans, start, numeric ? after : end, EMAIL_KIND, mask, numeric ? 0 : end - after);
    floor = numeric ? after : end;
  }
  counter.steps += steps;
  return spans;
}
