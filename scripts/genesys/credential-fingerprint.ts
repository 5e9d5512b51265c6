/**
 * Genesys never returns the secret fields of a credential, so deploy cannot compare them. To keep
 * "a second run writes nothing" and still roll out a rotated password, deploy stores a salted
 * scrypt hash of the credential values in the integration's notes and rewrites the credential
 * only when the values from the environment no longer match it. scrypt (not a plain hash) so the
 * note is no shortcut for guessing the password of someone who can read the integration.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const SCHEME = 'scrypt1';
const KEY_LENGTH = 32;
// N=2^14, r=8: ~16 MiB and a few tens of ms per check
const COST = { N: 16384, r: 8, p: 1 };
const MARKER = 'incident-bridge-credentials=';
const FINGERPRINT = new RegExp(`${MARKER}(${SCHEME}\\$[A-Za-z0-9_-]+\\$[A-Za-z0-9_-]+)`);

function material(type: string, fields: Readonly<Record<string, string>>): Buffer {
  const entries = Object.keys(fields)
    .sort()
    .map((key) => [key, fields[key]]);
  return Buffer.from(JSON.stringify([type, entries]), 'utf8');
}

export function fingerprintCredential(
  type: string,
  fields: Readonly<Record<string, string>>,
  salt: Buffer = randomBytes(16),
): string {
  const hash = scryptSync(material(type, fields), salt, KEY_LENGTH, COST);
  return `${SCHEME}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifyCredentialFingerprint(
  fingerprint: string,
  type: string,
  fields: Readonly<Record<string, string>>,
): boolean {
  const [scheme, salt, hash] = fingerprint.split('$');
  if (scheme !== SCHEME || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = scryptSync(
    material(type, fields),
    Buffer.from(salt, 'base64url'),
    KEY_LENGTH,
    COST,
  );
  return timingSafeEqual(actual, expected);
}

/** The integration notes deploy writes. */
export function notesWithFingerprint(fingerprint: string): string {
  return (
    'Managed by incident-bridge (deploy:genesys): changes made here are overwritten on the next deploy. ' +
    `${MARKER}${fingerprint}`
  );
}

export function fingerprintFromNotes(notes: string | undefined): string | undefined {
  return notes ? FINGERPRINT.exec(notes)?.[1] : undefined;
}
