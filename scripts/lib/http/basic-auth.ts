/** HTTP Basic credentials, both ways (RFC 7617): one parser and one builder for the whole repo. */

export interface BasicCredentials {
  user: string;
  password: string;
}

/** `Authorization: Basic …` for these credentials (UTF-8, as ServiceNow and Genesys accept). */
export function basicAuthHeader(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

/**
 * The credentials of an `Authorization` header, or undefined when it is absent, not Basic, or has
 * no colon. The scheme is case-insensitive; the password may itself contain colons.
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
  if (!header) return undefined;
  const match = /^basic[ ]+([A-Za-z0-9+/=]+)[ ]*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
