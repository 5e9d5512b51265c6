/**
 * Small text tools the checks share: positions inside a template, where a render stopped being
 * JSON, and a JSON lexer that tells whether a marker landed inside a string.
 */
import { JsonSyntaxError, LineIndex, parseJsonSource, type Position } from './json-source.ts';

/** Offset of a velocityjs position (1-based line, 0-based column) in `template`. */
export function offsetOf(template: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = template.indexOf('\n', offset);
    if (next === -1) return template.length;
    offset = next + 1;
  }
  return Math.min(template.length, offset + column);
}

export const templatePosition = (template: string, offset: number): Position =>
  new LineIndex(template).position(offset);

/** Where `text` stops being JSON (strict, RFC 8259); undefined when it is JSON. */
export function jsonErrorOffset(text: string): { offset: number; message: string } | undefined {
  try {
    parseJsonSource(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, column } = error.position;
    return { offset: offsetOf(text, line, column - 1), message: error.message };
  }
}

/** A short one-line excerpt of `text` around `offset`, newlines shown as ⏎. */
export function excerpt(text: string, offset: number, radius = 24): string {
  const start = Math.max(0, offset - radius);
  const end = Math.min(text.length, offset + radius);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`.replace(
    /\r?\n/g,
    '⏎',
  );
}

/**
 * Where in the template a render error most likely comes from: the last place the literal text
 * just before the error occurs in the template; the template start when it cannot be found.
 */
export function locateInTemplate(template: string, rendered: string, offset: number): number {
  // Near the end of the output, the same distance from the template's end (a stray closing brace).
  const fromEnd = rendered.length - offset;
  if (fromEnd <= 4 && template.length >= fromEnd) return template.length - fromEnd;
  for (const length of [16, 8, 4, 2]) {
    const start = Math.max(0, offset - length + 1);
    const needle = rendered.slice(start, offset + 1);
    if (needle.length < 2) continue;
    const at = template.lastIndexOf(needle);
    if (at !== -1 && template.indexOf(needle) === at) return at + needle.length - 1;
  }
  // Then the literal text from the error on (the error is its first character).
  for (const length of [16, 8, 4]) {
    const needle = rendered.slice(offset, offset + length);
    if (needle.length < 2) continue;
    const at = template.indexOf(needle);
    if (at !== -1 && template.lastIndexOf(needle) === at) return at;
  }
  return 0;
}

/** Marker characters no real value holds; `$esc.jsonString` escapes them (`\u0002`). */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';
export const marker = (id: number) => `${MARK_OPEN}${id}${MARK_CLOSE}`;

export interface MarkerSite {
  id: number;
  /** Inside a JSON string literal of the rendered text. */
  inString: boolean;
}

/** Every raw marker in `rendered`, and whether a JSON lexer sees it inside a string. */
export function findMarkers(rendered: string): MarkerSite[] {
  const sites: MarkerSite[] = [];
  let inString = false;
  for (let i = 0; i < rendered.length; i++) {
    const ch = rendered[i]!;
    if (ch === MARK_OPEN) {
      const close = rendered.indexOf(MARK_CLOSE, i);
      if (close === -1) break;
      sites.push({ id: Number(rendered.slice(i + 1, close)), inString });
      i = close;
      continue;
    }
    if (inString && ch === '\\') i++;
    else if (ch === '"') inString = !inString;
  }
  return sites;
}
