import { describe, expect, it } from 'vitest';
import { SecretRedactor } from '../../../scripts/lib/redact-secrets.ts';

describe('SecretRedactor', () => {
  it('replaces every occurrence of a secret', () => {
    const redactor = new SecretRedactor(['s3cr3t-value']);
    expect(redactor.redact('a s3cr3t-value b s3cr3t-value')).toBe('a *** b ***');
  });

  it('also catches the URL-encoded and JSON-escaped forms', () => {
    const secret = 'p@ss "word"/\\x';
    const redactor = new SecretRedactor([secret]);
    expect(redactor.redact(`q=${encodeURIComponent(secret)}`)).toBe('q=***');
    expect(redactor.redact(JSON.stringify({ message: `bad ${secret}` }))).toBe(
      '{"message":"bad ***"}',
    );
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const redactor = new SecretRedactor(['abcd', 'abcdefgh']);
    expect(redactor.redact('xabcdefghx')).toBe('x***x');
  });

  it('ignores values too short to be secrets (they would redact ordinary words)', () => {
    const redactor = new SecretRedactor(['abc', '']);
    expect(redactor.redact('abc')).toBe('abc');
  });
});
