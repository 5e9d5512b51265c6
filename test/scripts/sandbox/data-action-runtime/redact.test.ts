import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactHeaders,
  redactUrlCredentials,
  scrubSecrets,
  secureBody,
  secureShape,
} from '../../../../scripts/sandbox/data-action-runtime/redact.ts';

describe('redaction', () => {
  it('masks credential-bearing headers, whatever their case', () => {
    expect(
      redactHeaders({
        Authorization: 'Basic abc',
        'x-api-key': 'k',
        'X-Auth-Token': 't',
        Cookie: 'c',
        Accept: 'application/json',
      }),
    ).toEqual({
      Authorization: REDACTED,
      'x-api-key': REDACTED,
      'X-Auth-Token': REDACTED,
      Cookie: REDACTED,
      Accept: 'application/json',
    });
  });

  it('masks user info in URLs', () => {
    expect(redactUrlCredentials('https://user:pw@host/x?q=1')).toBe(
      `https://${REDACTED}@host/x?q=1`,
    );
    expect(redactUrlCredentials('https://host/a@b')).toBe('https://host/a@b');
  });

  it('scrubs every occurrence of every secret in nested values, longest first', () => {
    const scrubbed = scrubSecrets({ a: ['user:pass and pass'], b: { c: 'dXNlcjpwYXNz' }, n: 1 }, [
      'pass',
      'user:pass',
      'dXNlcjpwYXNz',
      '',
    ]);
    expect(scrubbed).toEqual({ a: [`${REDACTED} and ${REDACTED}`], b: { c: REDACTED }, n: 1 });
  });

  it('reduces secure values to their shape', () => {
    expect(secureShape({ s: 'abc', n: 2, d: 1.5, b: true, z: null })).toEqual({
      s: '[secure: 3 chars]',
      n: '[secure integer]',
      d: '[secure number]',
      b: '[secure boolean]',
      z: null,
    });
    expect(secureBody('{"a":"+14155550134"}')).toBe('{"a":"[secure: 12 chars]"}');
    expect(secureBody('not json +14155550134')).toBe('[secure: 21 chars]');
  });
});
