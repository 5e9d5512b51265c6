/**
 * The Genesys Cloud Platform API calls deploy (and doctor) make, over purecloud-platform-client-v2
 * with what the SDK leaves out: a time limit on every call, Retry-After on 429 (the SDK never
 * retries), one re-login when the token expires mid-run (client-credentials tokens are not
 * refreshed), and errors that are one readable line carrying status, code and context id —
 * never the SDK's raw error, which holds the request with its Authorization header and body.
 */
import platformClient from 'purecloud-platform-client-v2';
import { parseRetryAfter, RetryGaveUp, withRetry, type RetryOptions } from '../lib/retry.ts';
import { SecretRedactor } from '../lib/redact-secrets.ts';

export type Integration = platformClient.Models.Integration;
export type IntegrationConfiguration = platformClient.Models.IntegrationConfiguration;
export type CredentialInfo = platformClient.Models.CredentialInfo;
export type Credential = platformClient.Models.Credential;
export type Action = platformClient.Models.Action;
export type PostActionInput = platformClient.Models.PostActionInput;
export type UpdateDraftInput = platformClient.Models.UpdateDraftInput;
export type UpdateActionInput = platformClient.Models.UpdateActionInput;
export type DraftValidationResult = platformClient.Models.DraftValidationResult;
export type TestExecutionResult = platformClient.Models.TestExecutionResult;
export type Flow = platformClient.Models.Flow;
export type RegisterArchitectJobResponse = platformClient.Models.RegisterArchitectJobResponse;
export type ArchitectJobStateResponse = platformClient.Models.ArchitectJobStateResponse;
export type Trigger = platformClient.Models.Trigger;
export type CreateTriggerRequest = platformClient.Models.CreateTriggerRequest;
export type UpdateTriggerRequest = platformClient.Models.UpdateTriggerRequest;

export const CUSTOM_REST_ACTIONS_TYPE = 'custom-rest-actions';
export const REQUEST_TEMPLATE_FILE = 'requesttemplate.vm';
export const SUCCESS_TEMPLATE_FILE = 'successtemplate.vm';
/** Default time limit of one HTTP call (the SDK's own default is 16 s). */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
const MAX_PAGES = 100;
const PAGE_SIZE = 100;

/** Where login and API calls go instead of the region's hosts (tests: a local fake). */
export interface GenesysGateway {
  host: string;
  protocol?: 'http' | 'https';
  port?: number;
}

export interface GenesysConnectOptions {
  /** Genesys Cloud environment, e.g. `mypurecloud.de`. */
  region: string;
  clientId: string;
  clientSecret: string;
  gateway?: GenesysGateway;
  /** Time limit of each HTTP call, login included. Default {@link DEFAULT_CALL_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** 429 handling: attempts, longest wait, and (tests) sleep and random. */
  retry?: Pick<RetryOptions, 'maxAttempts' | 'maxDelayMs' | 'jitter' | 'sleep' | 'random'>;
  /** Told before each wait on a 429 or a transient 5xx. */
  onRetry?: (operation: string, attempt: number, delayMs: number) => void;
  /** Secrets to keep out of every error message (the client secret is always added). */
  redactor?: SecretRedactor;
}

/** One failed platform call, as one line; `status` undefined for network errors and timeouts. */
export class GenesysApiError extends Error {
  constructor(
    message: string,
    readonly operation: string,
    readonly status?: number,
    readonly code?: string,
    readonly contextId?: string,
    /** From a 429's Retry-After header. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'GenesysApiError';
  }
}

/** Login refused or unreachable; the message names the likely cause. */
export class GenesysLoginError extends GenesysApiError {
  override name = 'GenesysLoginError';
}

type ExtendedFailure = { status: number; headers?: Record<string, string>; body?: unknown };

function isExtendedFailure(value: unknown): value is ExtendedFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExtendedFailure).status === 'number'
  );
}

function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const oneLine = (text: string, max = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
};

const TRANSIENT = new Set([502, 503, 504]);

/** The slice of the Integrations API deploy and doctor use; every method is one logical call. */
export class GenesysApi {
  private readonly integrations: InstanceType<typeof platformClient.IntegrationsApi>;
  private readonly architect: InstanceType<typeof platformClient.ArchitectApi>;
  private readonly processAutomation: InstanceType<typeof platformClient.ProcessAutomationApi>;
  private readonly redactor: SecretRedactor;

  private constructor(
    private readonly client: InstanceType<typeof platformClient.ApiClientClass>,
    private readonly options: GenesysConnectOptions,
  ) {
    this.integrations = new platformClient.IntegrationsApi(client);
    this.architect = new platformClient.ArchitectApi(client);
    this.processAutomation = new platformClient.ProcessAutomationApi(client);
    this.redactor = options.redactor ?? new SecretRedactor();
    this.redactor.add(options.clientSecret);
  }

  /** Logs in with the client credentials grant; throws {@link GenesysLoginError} with the likely cause. */
  static async connect(options: GenesysConnectOptions): Promise<GenesysApi> {
    const client = new platformClient.ApiClientClass();
    // the SDK reads and watches ~/.genesyscloudjavascript/config; a change there could redirect
    // traffic mid-run, and its logger could print request bodies (our credentials)
    client.config.live_reload_config = false;
    const logger = client.config.logger;
    logger.log_level = 'none';
    logger.log_to_console = false;
    logger.log_file_path = '';
    logger.log_request_body = false;
    logger.log_response_body = false;
    logger.setLogger();
    client.setEnvironment(options.region);
    if (options.gateway) client.setGateway(options.gateway);
    client.setReturnExtendedResponses(true);
    client.getHttpClient().setTimeout(options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
    const api = new GenesysApi(client, options);
    await api.login();
    return api;
  }

  get region(): string {
    return this.options.region;
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  async login(): Promise<void> {
    const { region, clientId, clientSecret } = this.options;
    const host = this.options.gateway ? this.options.gateway.host : `login.${region}`;
    try {
      await this.client.loginClientCredentialsGrant(clientId, clientSecret);
    } catch (error) {
      const response = (error as { response?: { status?: number; data?: unknown } }).response;
      const status = response?.status;
      if (status === 400 || status === 401 || status === 403) {
        const data = response?.data as { error?: unknown } | undefined;
        const code = typeof data?.error === 'string' ? data.error : undefined;
        throw new GenesysLoginError(
          `Genesys Cloud login to ${region} was refused (${status}${code ? ` ${code}` : ''}): ` +
            `the OAuth client id or secret is wrong, the client is not a Client Credentials client, ` +
            `or it belongs to an org in another region than ${region} (check genesys.region)`,
          'login',
          status,
          code,
        );
      }
      if (status !== undefined)
        throw new GenesysLoginError(
          `Genesys Cloud login to ${region} failed: ${host} answered ${status}; try again later`,
          'login',
          status,
        );
      const code = errorCodeOf(error);
      throw new GenesysLoginError(
        code === 'ECONNABORTED' || code === 'ETIMEDOUT'
          ? `Genesys Cloud login to ${region} timed out: no answer from ${host}`
          : `cannot reach ${host} (${code ?? 'network error'}): check genesys.region and the network/proxy`,
        'login',
        undefined,
        code,
      );
    }
  }

  // ----- the calling convention ---------------------------------------------------------------

  private toError(operation: string, error: unknown): GenesysApiError {
    if (typeof error === 'string')
      return new GenesysApiError(`${operation}: ${this.redact(oneLine(error))}`, operation);
    if (isExtendedFailure(error)) {
      const body = (typeof error.body === 'object' && error.body !== null ? error.body : {}) as {
        message?: unknown;
        code?: unknown;
        contextId?: unknown;
      };
      const code = typeof body.code === 'string' ? body.code : undefined;
      const contextId = typeof body.contextId === 'string' ? body.contextId : undefined;
      const serverMessage =
        typeof body.message === 'string'
          ? body.message
          : typeof error.body === 'string'
            ? error.body
            : '';
      const retryAfter = error.headers?.['retry-after'];
      const detail = this.redact(oneLine(serverMessage));
      const suffix = `${detail ? `: ${detail}` : ''}${contextId ? ` (contextId ${contextId})` : ''}`;
      let message: string;
      if (error.status === 401)
        message = `${operation}: Genesys Cloud rejected the access token (401 ${code ?? ''}) even after logging in again${suffix}`;
      else if (error.status === 403)
        message = `${operation}: refused (403 ${code ?? 'forbidden'}), the OAuth client's role lacks a permission${suffix}`;
      else
        message = `${operation}: Genesys Cloud answered ${error.status}${code ? ` ${code}` : ''}${suffix}`;
      return new GenesysApiError(
        message,
        operation,
        error.status,
        code,
        contextId,
        error.status === 429 ? parseRetryAfter(retryAfter) : undefined,
      );
    }
    const code = errorCodeOf(error);
    const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
    return new GenesysApiError(
      timedOut
        ? `${operation}: no answer within ${(this.options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS) / 1000} s`
        : `${operation}: network error (${code ?? 'unknown'})`,
      operation,
      undefined,
      code,
    );
  }

  /**
   * One API call with the retry policy: 429 always (the server did nothing), 502/503/504 only when
   * `idempotent` (reads); a 401 logs in again once. Resolves with the response body.
   */
  private async call<T>(
    operation: string,
    send: () => Promise<unknown>,
    idempotent = false,
  ): Promise<T> {
    let loggedInAgain = false;
    const attempt = async (): Promise<T> => {
      for (;;) {
        try {
          const response = (await send()) as { body?: unknown };
          return response?.body as T;
        } catch (error) {
          const failure = this.toError(operation, error);
          if (failure.status === 401 && !loggedInAgain) {
            loggedInAgain = true;
            await this.login();
            continue;
          }
          throw failure;
        }
      }
    };
    try {
      return await withRetry(
        attempt,
        (error) => {
          if (!(error instanceof GenesysApiError) || error.status === undefined) return undefined;
          if (error.status === 429) return { retryAfterMs: error.retryAfterMs ?? 1000 };
          if (idempotent && TRANSIENT.has(error.status)) return { retryAfterMs: 1000 };
          return undefined;
        },
        {
          ...this.options.retry,
          onRetry: (n, delay) => this.options.onRetry?.(operation, n, delay),
        },
      );
    } catch (error) {
      if (error instanceof RetryGaveUp) {
        const last = error.lastError as GenesysApiError;
        throw new GenesysApiError(
          `${operation}: Genesys Cloud kept answering ${last.status} (${error.message}); try again later`,
          operation,
          last.status,
          last.code,
          last.contextId,
        );
      }
      throw error;
    }
  }

  /** undefined on 404, for lookups where absence is an answer. */
  private async optional<T>(
    operation: string,
    send: () => Promise<unknown>,
  ): Promise<T | undefined> {
    try {
      return await this.call<T>(operation, send, true);
    } catch (error) {
      if (error instanceof GenesysApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  private async allPages<T>(
    operation: string,
    fetch: (pageNumber: number) => Promise<unknown>,
  ): Promise<T[]> {
    const all: T[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const page = await this.call<{ entities?: T[]; pageCount?: number }>(
        operation,
        () => fetch(pageNumber),
        true,
      );
      const entities = page?.entities ?? [];
      all.push(...entities);
      if (entities.length === 0 || pageNumber >= (page?.pageCount ?? 1)) return all;
    }
    throw new GenesysApiError(`${operation}: more than ${MAX_PAGES} pages`, operation);
  }

  // ----- integrations --------------------------------------------------------------------------

  listIntegrations(integrationType = CUSTOM_REST_ACTIONS_TYPE): Promise<Integration[]> {
    return this.allPages('list integrations', (pageNumber) =>
      this.integrations.getIntegrations({ pageSize: PAGE_SIZE, pageNumber, integrationType }),
    );
  }

  createIntegration(name: string): Promise<Integration> {
    return this.call('create integration', () =>
      this.integrations.postIntegrations({
        body: { name, integrationType: { id: CUSTOM_REST_ACTIONS_TYPE } },
      }),
    );
  }

  getIntegrationConfig(integrationId: string): Promise<IntegrationConfiguration> {
    return this.call(
      'read integration configuration',
      () => this.integrations.getIntegrationConfigCurrent(integrationId),
      true,
    );
  }

  putIntegrationConfig(
    integrationId: string,
    body: IntegrationConfiguration,
  ): Promise<IntegrationConfiguration> {
    return this.call('update integration configuration', () =>
      this.integrations.putIntegrationConfigCurrent(integrationId, { body }),
    );
  }

  setIntegrationState(
    integrationId: string,
    intendedState: 'ENABLED' | 'DISABLED',
  ): Promise<Integration> {
    return this.call(`set integration ${intendedState}`, () =>
      this.integrations.patchIntegration(integrationId, { body: { intendedState } }),
    );
  }

  // ----- credentials ---------------------------------------------------------------------------

  listCredentials(): Promise<CredentialInfo[]> {
    return this.allPages('list credentials', (pageNumber) =>
      this.integrations.getIntegrationsCredentials({ pageSize: PAGE_SIZE, pageNumber }),
    );
  }

  getCredential(credentialId: string): Promise<Credential | undefined> {
    return this.optional('read credentials', () =>
      this.integrations.getIntegrationsCredential(credentialId),
    );
  }

  createCredential(body: Credential): Promise<CredentialInfo> {
    return this.call('create credentials', () =>
      this.integrations.postIntegrationsCredentials({ body }),
    );
  }

  updateCredential(credentialId: string, body: Credential): Promise<CredentialInfo> {
    return this.call('update credentials', () =>
      this.integrations.putIntegrationsCredential(credentialId, { body }),
    );
  }

  // ----- actions -------------------------------------------------------------------------------

  /** Published actions whose name contains `name` (the API filter is a partial match). */
  listActions(name: string, includeAuthActions = false): Promise<Action[]> {
    return this.allPages(`list actions named like "${name}"`, (pageNumber) =>
      this.integrations.getIntegrationsActions({
        pageSize: PAGE_SIZE,
        pageNumber,
        name,
        includeAuthActions: String(includeAuthActions),
      }),
    );
  }

  /** Actions with a pending draft whose name contains `name`. */
  listActionDrafts(name: string): Promise<Action[]> {
    return this.allPages(`list action drafts named like "${name}"`, (pageNumber) =>
      this.integrations.getIntegrationsActionsDrafts({ pageSize: PAGE_SIZE, pageNumber, name }),
    );
  }

  /** The published action with contract and config (templates may come as URIs only). */
  getAction(actionId: string): Promise<Action | undefined> {
    return this.optional('read action', () =>
      this.integrations.getIntegrationsAction(actionId, {
        expand: 'contract',
        includeConfig: true,
      }),
    );
  }

  getActionDraft(actionId: string): Promise<Action | undefined> {
    return this.optional('read action draft', () =>
      this.integrations.getIntegrationsActionDraft(actionId, {
        expand: 'contract',
        includeConfig: true,
      }),
    );
  }

  /** Text of `requesttemplate.vm` / `successtemplate.vm` of the published action or its draft. */
  async getActionTemplate(
    actionId: string,
    fileName: string,
    draft: boolean,
  ): Promise<string | undefined> {
    const body = await this.optional<unknown>(`read ${fileName}`, () =>
      draft
        ? this.integrations.getIntegrationsActionDraftTemplate(actionId, fileName)
        : this.integrations.getIntegrationsActionTemplate(actionId, fileName),
    );
    if (body === undefined || typeof body === 'string') return body;
    // the HTTP layer parses a text/plain body that happens to be JSON; give the text back
    return JSON.stringify(body);
  }

  createActionDraft(body: PostActionInput): Promise<Action> {
    return this.call(`create draft of action "${body.name}"`, () =>
      this.integrations.postIntegrationsActionsDrafts(body),
    );
  }

  /** Starts a draft from the published action (for an in-place config update). */
  createDraftFromAction(actionId: string): Promise<Action> {
    return this.call('start a draft of the action', () =>
      this.integrations.postIntegrationsActionDraft(actionId),
    );
  }

  patchActionDraft(actionId: string, body: UpdateDraftInput): Promise<Action> {
    return this.call('update action draft', () =>
      this.integrations.patchIntegrationsActionDraft(actionId, body),
    );
  }

  validateActionDraft(actionId: string): Promise<DraftValidationResult> {
    return this.call(
      'validate action draft',
      () => this.integrations.getIntegrationsActionDraftValidation(actionId),
      true,
    );
  }

  publishActionDraft(actionId: string, version: number): Promise<Action> {
    return this.call('publish action draft', () =>
      this.integrations.postIntegrationsActionDraftPublish(actionId, { version }),
    );
  }

  /** Config (and name/category) of a published action in place: how Genesys-managed auth actions are edited. */
  patchAction(actionId: string, body: UpdateActionInput): Promise<Action> {
    return this.call('update action', () =>
      this.integrations.patchIntegrationsAction(actionId, body),
    );
  }

  /** Runs the published action once with `input` (Genesys calls the real endpoint). */
  testAction(actionId: string, input: Record<string, unknown>): Promise<TestExecutionResult> {
    return this.call('test action', () =>
      this.integrations.postIntegrationsActionTest(actionId, input, { flatten: false }),
    );
  }

  // ----- Architect flows -----------------------------------------------------------------------

  /** Flows of `type` (lower case, e.g. `commonmodule`) whose name contains `name` (a partial match). */
  listFlows(name: string, type: string): Promise<Flow[]> {
    return this.allPages(`list ${type} flows named like "${name}"`, (pageNumber) =>
      this.architect.getFlows({ name, type: [type], pageSize: PAGE_SIZE, pageNumber }),
    );
  }

  /** `POST /flows/jobs`: an import job with the presigned URL (and its headers) to upload to. */
  registerFlowJob(): Promise<RegisterArchitectJobResponse> {
    return this.call('register a flow import job', () => this.architect.postFlowsJobs({}));
  }

  /**
   * PUTs the Archy YAML to the job's presigned URL with exactly the headers the job named (the
   * URL carries its own signature: no bearer token). Anything but 200 is a failure (as TF reads it).
   */
  async uploadFlow(job: RegisterArchitectJobResponse, yaml: string): Promise<void> {
    const operation = 'upload the flow to the import job';
    if (!job.presignedUrl)
      throw new GenesysApiError(`${operation}: the job has no presigned URL`, operation);
    let response: Response;
    try {
      response = await fetch(job.presignedUrl, {
        method: 'PUT',
        headers: { ...(job.headers ?? {}) },
        body: yaml,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS),
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      throw new GenesysApiError(
        name === 'TimeoutError'
          ? `${operation}: no answer within ${(this.options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS) / 1000} s`
          : `${operation}: network error (${(error as { cause?: { code?: string } }).cause?.code ?? name ?? 'unknown'})`,
        operation,
      );
    }
    const text = await response.text();
    if (response.status !== 200)
      // the body is storage XML, never an echo of the upload; one line of it names the reason
      throw new GenesysApiError(
        `${operation}: the storage answered ${response.status}${text ? `: ${this.redact(oneLine(text, 200))}` : ''}`,
        operation,
        response.status,
      );
  }

  /** The job's state with its messages (`expand=messages`). */
  getFlowJob(jobId: string): Promise<ArchitectJobStateResponse> {
    return this.call(
      'read the flow import job',
      () => this.architect.getFlowsJob(jobId, { expand: ['messages'] }),
      true,
    );
  }

  // ----- Process Automation triggers -----------------------------------------------------------

  /** Every trigger (cursor paging over `nextUri`'s `after`). */
  async listTriggers(): Promise<Trigger[]> {
    const all: Trigger[] = [];
    let after: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const listing = await this.call<platformClient.Models.TriggerEntityListing>(
        'list Process Automation triggers',
        () =>
          this.processAutomation.getProcessautomationTriggers({
            pageSize: String(PAGE_SIZE),
            ...(after ? { after } : {}),
          }),
        true,
      );
      all.push(...(listing?.entities ?? []));
      const next = listing?.nextUri
        ? new URL(listing.nextUri, 'https://next.invalid').searchParams.get('after')
        : null;
      if (!next || next === after) return all;
      after = next;
    }
    throw new GenesysApiError('list triggers: more than 100 pages', 'list triggers');
  }

  createTrigger(body: CreateTriggerRequest): Promise<Trigger> {
    return this.call(`create trigger "${body.name}"`, () =>
      this.processAutomation.postProcessautomationTriggers(body),
    );
  }

  updateTrigger(triggerId: string, body: UpdateTriggerRequest): Promise<Trigger> {
    return this.call(`update trigger "${body.name}"`, () =>
      this.processAutomation.putProcessautomationTrigger(triggerId, body),
    );
  }
}

/** Logs in and returns the API; see {@link GenesysApi}. */
export function connectGenesys(options: GenesysConnectOptions): Promise<GenesysApi> {
  return GenesysApi.connect(options);
}
