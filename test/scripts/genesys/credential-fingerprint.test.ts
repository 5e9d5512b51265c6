import { describe, expect, it } from 'vitest';
import {
  fingerprintCredential,
  fingerprintFromNotes,
  notesWithFingerprint,
  verifyCredentialFingerprint,
} from '../../../scripts/genesys/credential-fingerprint.ts';

const fields = { userName: 'svc.genesys', password: 'correct horse battery staple' };

describe('credential fingerprint', () => {
  it('verifies the values it was made from, in any key order', () => {
    const fingerprint = fingerprintCredential('basicAuth', fields);
    expect(
      verifyCredentialFingerprint(fingerprint, 'basicAuth', {
        password: fields.password,
        userName: fields.userName,
      }),
    ).toBe(true);
  });

  it('fails for another value, another type or a damaged fingerprint', () => {
    const fingerprint = fingerprintCredential('basicAuth', fields);
    expect(
      verifyCredentialFingerprint(fingerprint, 'basicAuth', { ...fields, password: 'rotated' }),
    ).toBe(false);
    expect(verifyCredentialFingerprint(fingerprint, 'userDefinedOAuth', fields)).toBe(false);
    expect(verifyCredentialFingerprint(fingerprint.slice(0, -4), 'basicAuth', fields)).toBe(false);
    expect(verifyCredentialFingerprint('md5$x$y', 'basicAuth', fields)).toBe(false);
  });

  it('is salted: the same values never give the same text, and the text holds no value', () => {
    const a = fingerprintCredential('basicAuth', fields);
    const b = fingerprintCredential('basicAuth', fields);
    expect(a).not.toBe(b);
    expect(a).not.toContain('svc.genesys');
    expect(a).not.toContain(Buffer.from(fields.password).toString('base64url').slice(0, 8));
  });

  it('round-trips through the integration notes', () => {
    const fingerprint = fingerprintCredential('basicAuth', fields);
    const notes = notesWithFingerprint(fingerprint);
    expect(notes).toContain('Managed by incident-bridge');
    expect(fingerprintFromNotes(notes)).toBe(fingerprint);
    expect(fingerprintFromNotes('edited by hand')).toBeUndefined();
    expect(fingerprintFromNotes(undefined)).toBeUndefined();
  });
});
