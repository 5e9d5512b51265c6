/**
 * Last line of defence for command output: every text a deploy command prints passes through a
 * redactor that knows the secret values it read. Commands should not put secrets in messages in
 * the first place; this catches what a server echoes back or a library puts in an error.
 */

export const REDACTION = '***';

/** Values this short would redact ordinary words; none of our secrets is that short. */
const MIN_SECRET_LENGTH = 4;

export class SecretRedactor {
  private forms: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Also redacts the forms a secret takes in URLs and JSON strings. */
  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH) return;
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]);
    for (const form of forms) if (!this.forms.includes(form)) this.forms.push(form);
    // longest first, so a secret containing another is replaced whole
    this.forms.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(REDACTION);
    return out;
  }
}
