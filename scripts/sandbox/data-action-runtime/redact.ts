/**
 * Keeps secrets and customer data out of traces. Traces are meant to be printed (`simulate`,
 * test failures), so: credentials never appear in any form, sensitive headers are masked, and for
 * a `secure` action the input values and request body are reduced to their shape, just as Genesys
 * keeps a secure action's data out of its logs.
 */

import { REDACTION, SecretRedactor } from '../../lib/redact-secrets.ts';

/** The same marker as command output, so a redacted value looks alike everywhere. */
export const REDACTED = REDACTION;

const SENSITIVE_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|api-?key|password/i;

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SENSITIVE_HEADER.test(name) ? REDACTED : value,
    ]),
  );
}

/** `https://user:pass@host/...` → `https://***@host/...`. */
export function redactUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, `$1${REDACTED}@`);
}

/**
 * Every string inside `value` with each secret replaced, in the forms SecretRedactor knows
 * (plain, URL-encoded, JSON-escaped: a server may echo a credential back inside a JSON body).
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  const redactor = new SecretRedactor(secrets);
  const scrub = (v: unknown): unknown => {
    if (typeof v === 'string') return redactor.redact(v);
    if (Array.isArray(v)) return v.map(scrub);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]));
    return v;
  };
  return scrub(value) as T;
}

/** A value's shape without its content: `"[secure: 12 chars]"`, `"[secure integer]"`, ... */
export function secureShape(value: unknown): unknown {
  if (typeof value === 'string') return `[secure: ${value.length} chars]`;
  if (Array.isArray(value)) return value.map(secureShape);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secureShape(v)]));
  if (typeof value === 'number')
    return Number.isInteger(value) ? '[secure integer]' : '[secure number]';
  if (typeof value === 'boolean') return '[secure boolean]';
  return value;
}

/** A request body for a secure trace: its JSON shape when it parses, else only its length. */
export function secureBody(body: string): string {
  try {
    return JSON.stringify(secureShape(JSON.parse(body)));
  } catch {
    return `[secure: ${body.length} chars]`;
  }
}
