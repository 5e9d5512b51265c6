/**
 * The few ServiceNow REST calls deploy and doctor make, over injected `fetch`: Table API reads
 * (name=value filters in URLSearchParams, never hand-built encoded queries), the OAuth client
 * credentials grant, and a dry-run call of our own endpoint. Every call is time-limited,
 * rate limits are retried after Retry-After, and errors never carry credentials.
 */
import type { ResolvedServiceNowAuth } from '../lib/deploy-config/index.ts';
import type { SecretRedactor } from '../lib/redact-secrets.ts';
import { parseRetryAfter, RetryGaveUp, withRetry, type RetryOptions } from '../lib/retry.ts';

/** One definition of ServiceNow credentials, shared with the deploy config that resolves them. */
export type ServiceNowAuth = ResolvedServiceNowAuth;

export interface ServiceNowClientOptions {
  instanceUrl: string;
  auth: ServiceNowAuth;
  fetch?: typeof fetch;
  /** Per-call time limit (default 30 s). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Learns the OAuth access token, so output redacted with it never shows the token. */
  redactor?: SecretRedactor;
}

/** A failed call: status, the platform's own message, and the request line (no credentials). */
export class ServiceNowApiError extends Error {
  constructor(
    readonly status: number,
    readonly platformMessage: string,
    readonly detail: string,
    readonly request: string,
    readonly retryAfterMs?: number,
  ) {
    super(
      `${request} → ${status || 'no response'}${platformMessage ? `: ${platformMessage}` : ''}${detail ? ` (${detail})` : ''}`,
    );
    this.name = 'ServiceNowApiError';
  }
}

export interface InstalledApp {
  sys_id: string;
  scope: string;
  name: string;
  version: string;
  active: string;
}

export interface DryRunResult {
  status: number;
  result: Record<string, unknown> | undefined;
}

function basic(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
}

export class ServiceNowClient {
  private readonly fetch: typeof fetch;
  private readonly base: string;
  private bearer: Promise<string> | undefined;

  constructor(private readonly options: ServiceNowClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.base = options.instanceUrl.replace(/\/+$/, '');
  }

  private async authorization(): Promise<string> {
    const auth = this.options.auth;
    if (auth.type === 'basic') return basic(auth.user, auth.password);
    this.bearer ??= this.token(auth.clientId, auth.clientSecret);
    return 'Bearer ' + (await this.bearer);
  }

  private async token(clientId: string, clientSecret: string): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const response = await this.send('POST /oauth_token.do', '/oauth_token.do', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body.toString(),
    });
    const json = (await response.json().catch(() => ({}))) as { access_token?: string };
    if (!json.access_token)
      throw new ServiceNowApiError(
        response.status,
        'no access_token in the OAuth answer',
        '',
        'POST /oauth_token.do',
      );
    this.options.redactor?.add(json.access_token);
    return json.access_token;
  }

  /** One HTTP exchange with time limit and 429 retries; non-2xx becomes ServiceNowApiError. */
  private async send(label: string, path: string, init: RequestInit): Promise<Response> {
    const attempt = async () => {
      let response: Response;
      try {
        response = await this.fetch(this.base + path, {
          ...init,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'unreachable';
        throw new ServiceNowApiError(
          0,
          `instance ${reason}`,
          error instanceof Error
            ? ((error.cause as Error | undefined)?.message ?? error.message)
            : '',
          label,
        );
      }
      if (response.ok) return response;
      const text = await response.text();
      let message = response.statusText;
      let detail = '';
      try {
        const json = JSON.parse(text) as {
          error?: { message?: string; detail?: string } | string;
          error_description?: string;
        };
        if (typeof json.error === 'object' && json.error) {
          message = json.error.message ?? message;
          detail = json.error.detail ?? '';
        } else if (typeof json.error === 'string') {
          message = json.error_description ?? json.error;
        }
      } catch {
        detail = /<html/i.test(text)
          ? 'an HTML page instead of JSON (instance asleep or behind a proxy?)'
          : '';
      }
      const retryAfter =
        response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
      throw new ServiceNowApiError(response.status, message, detail, label, retryAfter);
    };
    return withRetry(
      attempt,
      (error) =>
        error instanceof ServiceNowApiError && error.retryAfterMs !== undefined
          ? { retryAfterMs: error.retryAfterMs }
          : undefined,
      this.options.retry,
    );
  }

  /** GET /api/now/table/<table> with name=value filters. */
  async table(
    table: string,
    filters: Record<string, string>,
    fields: string[],
    limit = 10,
  ): Promise<Array<Record<string, string>>> {
    const params = new URLSearchParams(filters);
    params.set('sysparm_fields', fields.join(','));
    params.set('sysparm_limit', String(limit));
    const path = `/api/now/table/${encodeURIComponent(table)}?${params.toString()}`;
    const response = await this.send(`GET /api/now/table/${table}`, path, {
      headers: { Accept: 'application/json', Authorization: await this.authorization() },
    });
    const json = (await response.json()) as { result?: Array<Record<string, string>> };
    return json.result ?? [];
  }

  /**
   * POST (no sysId), PATCH or DELETE of one record through the Table API; the written record, or
   * undefined for DELETE. `displayValue` sends sysparm_input_display_value=true, which the
   * platform needs to hash a user_password it is given. ASSUMED(password-display-value)
   */
  async tableWrite(
    method: 'POST' | 'PATCH' | 'DELETE',
    table: string,
    sysId: string | undefined,
    values: Record<string, string | boolean>,
    options: { displayValue?: boolean } = {},
  ): Promise<Record<string, string> | undefined> {
    const params = new URLSearchParams();
    if (options.displayValue) params.set('sysparm_input_display_value', 'true');
    const query = params.size > 0 ? `?${params.toString()}` : '';
    const target = sysId === undefined ? '' : `/${encodeURIComponent(sysId)}`;
    const path = `/api/now/table/${encodeURIComponent(table)}${target}${query}`;
    const response = await this.send(`${method} /api/now/table/${table}`, path, {
      method,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Authorization: await this.authorization(),
      },
      ...(method === 'DELETE' ? {} : { body: JSON.stringify(values) }),
    });
    if (method === 'DELETE') return undefined;
    const json = (await response.json().catch(() => ({}))) as {
      result?: Record<string, string>;
    };
    return json.result;
  }

  /**
   * Whether the instance refuses these Basic credentials (401). Any other answer — 200, or 403
   * because the account may not read the table — means the password was accepted.
   * ASSUMED(login-probe)
   */
  async credentialsRefused(user: string, password: string): Promise<boolean> {
    const params = new URLSearchParams({ sysparm_limit: '1', sysparm_fields: 'sys_id' });
    const path = `/api/now/table/sys_user?${params.toString()}`;
    try {
      await this.send('GET /api/now/table/sys_user (login check)', path, {
        headers: { Accept: 'application/json', Authorization: basic(user, password) },
      });
      return false;
    } catch (error) {
      const last = error instanceof RetryGaveUp ? error.lastError : error;
      if (last instanceof ServiceNowApiError && last.status === 401) return true;
      if (last instanceof ServiceNowApiError && last.status === 403) return false;
      throw error;
    }
  }

  async installedApp(scope: string): Promise<InstalledApp | undefined> {
    const rows = await this.table(
      'sys_app',
      { scope },
      ['sys_id', 'scope', 'name', 'version', 'active'],
      2,
    );
    return rows[0] as InstalledApp | undefined;
  }

  /** Which of these role names exist on the instance. */
  async existingRoles(names: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const name of names) {
      const rows = await this.table('sys_user_role', { name }, ['sys_id', 'name'], 1);
      if (rows.length > 0) found.push(name);
    }
    return found;
  }

  /** POSTs a dryRun request to our endpoint as the integration user; any status is returned. */
  async endpointDryRun(
    apiBasePath: string,
    integration: { user: string; password: string },
  ): Promise<DryRunResult> {
    const body = JSON.stringify({
      customCallId: 'incident-bridge-deploy-check',
      channel: 'voice',
      shortDescription: 'incident-bridge deploy check (dry run, nothing is written)',
      dryRun: true,
    });
    const path = `${apiBasePath.replace(/\/+$/, '')}/incidents`;
    try {
      const response = await this.send(`POST ${path}`, path, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: basic(integration.user, integration.password),
        },
        body,
      });
      const json = (await response.json().catch(() => ({}))) as {
        result?: Record<string, unknown>;
      };
      return { status: response.status, result: json.result };
    } catch (error) {
      const last = error instanceof RetryGaveUp ? error.lastError : error;
      if (last instanceof ServiceNowApiError && last.status > 0)
        return { status: last.status, result: undefined };
      throw error;
    }
  }
}
