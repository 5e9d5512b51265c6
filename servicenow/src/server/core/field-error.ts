/**
 * Errors and warnings about a request, each naming where in the body it applies.
 * Runs on Node and inside ServiceNow: no dependencies, no host APIs.
 */

export interface FieldError {
  /** JSON Pointer (RFC 6901) into the body as received; "" is the whole body. */
  path: string;
  message: string;
}

export type FieldWarning = FieldError;

const MAX_POINTER_TOKEN = 64;

/** Escapes one reference token for a JSON Pointer and shortens absurdly long keys. */
export function pointerToken(token: string | number): string {
  let text = String(token);
  if (text.length > MAX_POINTER_TOKEN) text = text.slice(0, MAX_POINTER_TOKEN) + '...';
  return text.split('~').join('~0').split('/').join('~1');
}

export function pointer(...tokens: Array<string | number>): string {
  let out = '';
  for (const token of tokens) out += '/' + pointerToken(token);
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
