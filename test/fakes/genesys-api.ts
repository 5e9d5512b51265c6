/**
 * A local stand-in for the slice of the Genesys Cloud Platform API that deploy uses: OAuth client
 * credentials login, Web Services Data Actions integrations, their configuration and credentials,
 * and Data Actions with drafts, validation, publishing and tests. Real loopback HTTP, so deploy is
 * exercised through the real SDK (`client.setGateway(...)`).
 *
 * Shapes follow the SDK's models (`Integration`, `IntegrationConfiguration`, `CredentialInfo`,
 * `Action`, `ActionEntityListing`, `DraftValidationResult`, `TestExecutionResult`, `ErrorBody`).
 * Where real behaviour is not documented the choice is marked ASSUMED; see README,
 * "Deploying to Genesys Cloud".
 *
 * Requests go through the repository's one route table (scripts/lib/http/router.ts), body reader
 * and Basic-auth parser. Architect flows, their import jobs and Process Automation triggers live
 * in genesys-architect.ts.
 *
 * Behaviours deploy must survive are injectable with `failNext` (401, 403, 409, 429 with
 * Retry-After, 500, 503), `expireTokens` (the token stops working mid-run) and
 * `grantedPermissions` (a role that lacks a permission). A failed request never changes state.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HTTPMethod } from 'find-my-way';
import { parseBasicAuth } from '../../scripts/lib/http/basic-auth.ts';
import { readText } from '../../scripts/lib/http/body.ts';
import { createRouter } from '../../scripts/lib/http/router.ts';
import { architectRoutes, type ArchitectState } from './genesys-architect.ts';

type Json = Record<string, unknown>;

export const FAKE_GENESYS_CLIENT_ID = 'fake-genesys-client-id';
export const FAKE_GENESYS_CLIENT_SECRET = 'fake-genesys-client-secret';
export const CUSTOM_REST_ACTIONS = 'custom-rest-actions';
/** Id Genesys gives the auth action it creates for a User Defined (OAuth) integration. */
export const customAuthActionId = (integrationId: string) => `customAuth_-_${integrationId}`;
export const REQUEST_TEMPLATE_FILE = 'requesttemplate.vm';
export const SUCCESS_TEMPLATE_FILE = 'successtemplate.vm';

export interface FakeIntegrationConfig {
  name: string;
  version: number;
  properties: Json;
  advanced: Json;
  notes: string;
  credentials: Record<string, { id: string; name?: string }>;
}

export interface FakeIntegration {
  id: string;
  name: string;
  integrationType: { id: string };
  intendedState: string;
  config: FakeIntegrationConfig;
}

export interface FakeCredential {
  id: string;
  name: string;
  type: { name: string };
  credentialFields: Record<string, string>;
  createdDate: string;
  modifiedDate: string;
}

export interface FakeActionVersion {
  name: string;
  category: string;
  integrationId: string;
  secure: boolean;
  config: Json;
  contract: Json;
  version: number;
}

export interface FakeAction {
  id: string;
  /** The version flows run; absent until the first publish. */
  published?: FakeActionVersion;
  /** Pending edits; absent when nothing is being edited. */
  draft?: FakeActionVersion;
  /** The Genesys-managed auth action of a User Defined (OAuth) integration. */
  customAuth?: boolean;
}

export interface FakeGenesysState {
  integrations: Map<string, FakeIntegration>;
  credentials: Map<string, FakeCredential>;
  actions: Map<string, FakeAction>;
}

export interface FakeCall {
  method: string;
  /** Decoded path, without the query. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON request body (undefined when there was none or it was not JSON). */
  body: unknown;
  status: number;
  /** POST/PUT/PATCH/DELETE, except the login. */
  write: boolean;
}

export interface FaultSpec {
  status: number;
  /** Which requests: any API call (default), only writes, or a method and path. Never the login unless the path says so. */
  match?: 'any' | 'write' | { method?: string; path?: string | RegExp };
  /** Let this many matching requests through first (default 0): `{match:'write', skip:2}` fails the 3rd write. */
  skip?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Retry-After header of a 429 (default "1"). */
  retryAfter?: string;
  /** Replaces the Genesys-shaped error body. */
  body?: unknown;
  /**
   * Carry the request out, then answer with the error anyway: a reply lost after the server
   * committed (gateway timeout), the case where a naive retry creates duplicates.
   */
  afterApplying?: boolean;
}

export interface FakeGenesysApiOptions {
  clientId?: string;
  clientSecret?: string;
  /**
   * Return templates inline in GET action responses. Default false: the response carries
   * `requestTemplateUri`/`successTemplateUri` and the text is read from `…/templates/{file}`,
   * as the Genesys Terraform provider does (ASSUMED to be what the real API returns).
   */
  inlineTemplates?: boolean;
  /** Largest pageSize honoured (default 100); smaller pages exercise paging. */
  maxPageSize?: number;
  /** Permissions the OAuth client's role has; default: all. */
  grantedPermissions?: readonly string[];
  /** Canned answer of …/test and …/draft/test; default a success. */
  testResult?: (actionId: string, input: unknown) => Json;
}

export interface FakeGenesysApi {
  port: number;
  url: string;
  state: FakeGenesysState;
  /** Flows, import jobs and Process Automation triggers. */
  architect: ArchitectState;
  calls: FakeCall[];
  /** Calls that would change something (everything but GETs and the login). */
  writeCalls(): FakeCall[];
  /** Makes the next matching request(s) fail without touching state. */
  failNext(fault: FaultSpec): void;
  /** Invalidates every issued token, as an expiry would. */
  expireTokens(): void;
  /** Pre-creates objects as if someone had clicked them together in the admin UI. */
  seedIntegration(name: string, options?: { intendedState?: string }): FakeIntegration;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

/** Largest request body the fake reads (flow YAML included). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

const DEFAULT_MESSAGES: Record<number, [string, string]> = {
  400: [
    'bad.request',
    'The request could not be understood by the server due to malformed syntax.',
  ],
  401: ['bad.credentials', 'Invalid login credentials.'],
  403: ['missing.permissions', 'Unable to perform the requested action.'],
  404: ['not.found', 'The requested resource was not found.'],
  409: ['conflict', 'The version supplied does not match the current version (version mismatch).'],
  429: ['too.many.requests', 'Rate limit exceeded the maximum. Retry the request later.'],
  500: ['internal.server.error', 'The server encountered an unexpected condition.'],
  503: ['service.unavailable', 'Service is currently unavailable.'],
};

/** Genesys's error body: `{message, code, status, messageParams, contextId, details, errors}`. */
export function errorBody(status: number, code: string, message: string, extra: Json = {}): Json {
  return {
    message,
    code,
    status,
    messageWithParams: message,
    messageParams: {},
    contextId: randomUUID(),
    details: [],
    errors: [],
    ...extra,
  };
}

function missingPermission(permission: string): HttpError {
  const list = `[${permission}]`;
  return new HttpError(
    403,
    'missing.permissions',
    `Unable to perform the requested action. You are missing the following permission(s): ${list}`,
    {
      messageWithParams:
        'Unable to perform the requested action. You are missing the following permission(s): {permissions}',
      messageParams: { permissions: list },
    },
  );
}

const clone = <T>(value: T): T => structuredClone(value);
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : isRecord(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => v[k] !== undefined)
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return JSON.stringify(sort(value));
}

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The body as sent (flow YAML uploads are not JSON). */
  raw: string;
  headers: http.IncomingHttpHeaders;
  /** Path parameters in order (`:id`, then `:file`). */
  params: string[];
}

export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: HTTPMethod;
  /** find-my-way path; `:id` and `:file` are the parameters, in that order. */
  path: string;
  permission: string;
  handle: (request: Request) => Reply;
}

const FLAT_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'null']);
const RESERVED_INPUTS = new Set(['orgId', 'integrationId', 'rawRequest']);
const REQUEST_TYPES = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** What GET …/draft/validation reports; publish refuses a draft with any of these. */
function validateActionVersion(action: FakeActionVersion): Json[] {
  const errors: Json[] = [];
  const problem = (message: string) =>
    errors.push({ message, code: 'invalid.action', status: 400 });
  const contract = isRecord(action.contract) ? action.contract : {};
  const input = isRecord(contract.input) ? contract.input.inputSchema : undefined;
  const output = isRecord(contract.output) ? contract.output.successSchema : undefined;
  if (!isRecord(input) || input.type !== 'object')
    problem('input contract must be an object schema');
  else {
    for (const [name, property] of Object.entries(
      isRecord(input.properties) ? input.properties : {},
    )) {
      if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name))
        problem(`input property name ${name} is not allowed`);
      if (RESERVED_INPUTS.has(name)) problem(`input property name ${name} is reserved`);
      const types = isRecord(property) ? [property.type].flat() : [];
      if (!types.every((t) => typeof t === 'string' && FLAT_TYPES.has(t)))
        problem(
          `input property ${name} must be a string, integer, number, boolean or null (no nested objects)`,
        );
    }
  }
  if (!isRecord(output) || output.type !== 'object')
    problem('output contract must be an object schema');
  else {
    const nestedArray = (schema: unknown, inArray: boolean): boolean => {
      if (!isRecord(schema)) return false;
      if (schema.type === 'array' && inArray) return true;
      const inside = schema.type === 'array';
      return (
        nestedArray(schema.items, inside) ||
        Object.values(isRecord(schema.properties) ? schema.properties : {}).some((p) =>
          nestedArray(p, inArray),
        )
      );
    };
    if (nestedArray(output, false)) problem('output contract must not contain nested arrays');
  }
  const config = isRecord(action.config) ? action.config : {};
  const request = isRecord(config.request) ? config.request : {};
  if (typeof request.requestUrlTemplate !== 'string' || request.requestUrlTemplate === '')
    problem('config.request.requestUrlTemplate is required');
  if (typeof request.requestType !== 'string' || !REQUEST_TYPES.has(request.requestType))
    problem('config.request.requestType must be GET, POST, PUT, PATCH or DELETE');
  const timeout = config.timeoutSeconds;
  if (
    timeout !== undefined &&
    !(Number.isInteger(timeout) && (timeout as number) >= 1 && (timeout as number) <= 60)
  )
    problem('config.timeoutSeconds must be from 1 to 60');
  return errors;
}

const DEFAULT_TEST_RESULT: Json = {
  success: true,
  operations: [
    { step: 1, name: 'Resolve request template', success: true },
    { step: 2, name: 'Execute', success: true },
    { step: 3, name: 'Resolve translation map', success: true },
    { step: 4, name: 'Resolve success template', success: true },
    { step: 5, name: 'Validate output against schema', success: true },
  ],
  finalResult: {
    incidentSysId: '00000000000000000000000000000000',
    incidentNumber: 'INC0000000',
    created: false,
    incidentUrl: '',
  },
};

export async function startFakeGenesysApi(
  options: FakeGenesysApiOptions = {},
): Promise<FakeGenesysApi> {
  const clientId = options.clientId ?? FAKE_GENESYS_CLIENT_ID;
  const clientSecret = options.clientSecret ?? FAKE_GENESYS_CLIENT_SECRET;
  const maxPageSize = options.maxPageSize ?? 100;
  const granted = options.grantedPermissions ? new Set(options.grantedPermissions) : undefined;
  const state: FakeGenesysState = {
    integrations: new Map(),
    credentials: new Map(),
    actions: new Map(),
  };
  const calls: FakeCall[] = [];
  const tokens = new Set<string>();
  const faults: Array<Required<Pick<FaultSpec, 'skip' | 'times'>> & FaultSpec> = [];
  const now = () => new Date().toISOString();

  // ----- views -------------------------------------------------------------------------------

  const integrationView = (integration: FakeIntegration): Json => ({
    id: integration.id,
    name: integration.name,
    integrationType: { id: integration.integrationType.id, name: 'Web Services Data Actions' },
    notes: integration.config.notes,
    intendedState: integration.intendedState,
    reportedState: {
      code: integration.intendedState === 'ENABLED' ? 'ACTIVE' : 'DISABLED',
      effective: integration.intendedState === 'ENABLED' ? 'Active' : 'Inactive',
      lastUpdated: now(),
    },
    attributes: {},
    selfUri: `/api/v2/integrations/${integration.id}`,
  });

  const configView = (integration: FakeIntegration): Json => {
    const config = clone(integration.config);
    const credentials: Json = {};
    for (const [key, ref] of Object.entries(config.credentials)) {
      const credential = state.credentials.get(ref.id);
      credentials[key] = credential
        ? credentialInfo(credential)
        : { id: ref.id, selfUri: `/api/v2/integrations/credentials/${ref.id}` };
    }
    return {
      ...config,
      id: integration.id,
      credentials,
      selfUri: `/api/v2/integrations/${integration.id}/config/current`,
    };
  };

  const credentialInfo = (credential: FakeCredential): Json => ({
    id: credential.id,
    name: credential.name,
    type: { name: credential.type.name },
    createdDate: credential.createdDate,
    modifiedDate: credential.modifiedDate,
    selfUri: `/api/v2/integrations/credentials/${credential.id}`,
  });

  const actionView = (
    id: string,
    version: FakeActionVersion,
    which: 'published' | 'draft',
    include: { contract: boolean; config: boolean },
  ): Json => {
    const base =
      which === 'draft'
        ? `/api/v2/integrations/actions/${id}/draft`
        : `/api/v2/integrations/actions/${id}`;
    const view: Json = {
      id,
      name: version.name,
      integrationId: version.integrationId,
      category: version.category,
      secure: version.secure,
      version: version.version,
      selfUri: base,
    };
    if (include.contract) view.contract = clone(version.contract);
    if (include.config) {
      const config = clone(version.config) as Json & { request?: Json; response?: Json };
      if (!options.inlineTemplates) {
        if (config.request) {
          delete config.request.requestTemplate;
          config.request.requestTemplateUri = `${base}/templates/${REQUEST_TEMPLATE_FILE}`;
        }
        if (config.response) {
          delete config.response.successTemplate;
          config.response.successTemplateUri = `${base}/templates/${SUCCESS_TEMPLATE_FILE}`;
        }
      }
      view.config = config;
    }
    return view;
  };

  const page = (entities: Json[], query: URLSearchParams, basePath: string): Json => {
    const pageSize = Math.min(
      Math.max(Number(query.get('pageSize') ?? '25') || 25, 1),
      maxPageSize,
    );
    const pageNumber = Math.max(Number(query.get('pageNumber') ?? '1') || 1, 1);
    const total = entities.length;
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const uri = (n: number) => `${basePath}?pageSize=${pageSize}&pageNumber=${n}`;
    return {
      entities: entities.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
      pageSize,
      pageNumber,
      total,
      pageCount,
      firstUri: uri(1),
      selfUri: uri(pageNumber),
      lastUri: uri(pageCount),
      ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
      ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
    };
  };

  // ----- lookups and checks -------------------------------------------------------------------

  const integrationOf = (id: string | undefined): FakeIntegration => {
    const integration = id ? state.integrations.get(id) : undefined;
    if (!integration) throw new HttpError(404, 'not.found', `Integration ${id} not found`);
    return integration;
  };
  const actionOf = (id: string | undefined): FakeAction => {
    const action = id ? state.actions.get(id) : undefined;
    if (!action) throw new HttpError(404, 'not.found', `Action ${id} not found`);
    return action;
  };
  const badRequest = (message: string, extra: Json = {}) =>
    new HttpError(400, 'bad.request', message, extra);
  const requireVersion = (body: Json, current: number, what: string) => {
    if (typeof body.version !== 'number') throw badRequest(`version is required to update ${what}`);
    if (body.version !== current)
      throw new HttpError(
        409,
        'conflict',
        `The version supplied (${body.version}) does not match the current version (${current}) of ${what}.`,
      );
  };
  const nameTaken = (name: string, exceptId?: string) =>
    [...state.actions.values()].some(
      (action) =>
        action.id !== exceptId && (action.published?.name === name || action.draft?.name === name),
    );

  const checkCredential = (body: Json) => {
    const type = isRecord(body.type) ? body.type.name : undefined;
    if (type !== 'basicAuth' && type !== 'userDefinedOAuth' && type !== 'userDefined')
      throw badRequest('type.name must be basicAuth, userDefined or userDefinedOAuth');
    const fields = isRecord(body.credentialFields) ? body.credentialFields : {};
    if (
      type === 'basicAuth' &&
      (typeof fields.userName !== 'string' || typeof fields.password !== 'string')
    )
      throw badRequest('basicAuth credentials need the fields userName and password');
    if (!Object.values(fields).every((v) => typeof v === 'string'))
      throw badRequest('credentialFields values must be strings');
    return { type: type as string, fields: fields as Record<string, string> };
  };

  /** Genesys creates (or drops) the auth action when the credential type says so. */
  const syncCustomAuthAction = (integration: FakeIntegration) => {
    const id = customAuthActionId(integration.id);
    const ref = integration.config.credentials.basicAuth;
    const credential = ref ? state.credentials.get(ref.id) : undefined;
    if (credential?.type.name === 'userDefinedOAuth') {
      if (!state.actions.has(id))
        state.actions.set(id, {
          id,
          customAuth: true,
          published: {
            name: `${integration.name} Custom Auth`,
            category: integration.name,
            integrationId: integration.id,
            secure: false,
            version: 1,
            contract: {
              input: { inputSchema: { type: 'object', properties: {} } },
              output: { successSchema: { type: 'object', properties: {} } },
            },
            config: {
              request: {
                requestUrlTemplate: '${credentials.loginUrl}',
                requestType: 'POST',
                headers: {},
                requestTemplate: '${input.rawRequest}',
              },
              response: {
                translationMap: {},
                translationMapDefaults: {},
                successTemplate: '${rawResult}',
              },
            },
          },
        });
    } else state.actions.delete(id);
  };

  const checkImmutable = (action: FakeAction, next: Partial<FakeActionVersion>) => {
    if (!action.published) return;
    if (
      next.contract !== undefined &&
      canonical(next.contract) !== canonical(action.published.contract)
    )
      throw badRequest(
        'The contract of a published action cannot be changed. Create a new action for the new contract.',
      );
    if (next.secure !== undefined && next.secure !== action.published.secure)
      throw badRequest('The secure flag of a published action cannot be changed.');
  };

  // ----- routes --------------------------------------------------------------------------------

  const P = '/api/v2/integrations';
  const routes: Route[] = [
    // actions (before /integrations/{id}, which would also match "actions")
    {
      method: 'GET',
      path: '/api/v2/integrations/actions',
      permission: 'integrations:action:view',
      handle: ({ query }) => listActions(query, 'published'),
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/actions/drafts',
      permission: 'integrations:action:view',
      handle: ({ query }) => listActions(query, 'draft'),
    },
    {
      method: 'POST',
      path: '/api/v2/integrations/actions/drafts',
      permission: 'integrations:action:add',
      handle: ({ body }) => createDraft(body),
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/actions/:id/draft/validation',
      permission: 'integrations:action:view',
      handle: ({ params }) => {
        const action = actionOf(params[0]);
        if (!action.draft) throw new HttpError(404, 'not.found', 'The action has no draft');
        const errors = validateActionVersion(action.draft);
        return { status: 200, body: { valid: errors.length === 0, errors } };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/integrations/actions/:id/draft/publish',
      permission: 'integrations:action:edit',
      handle: ({ params, body }) => publishDraft(params[0], body),
    },
    {
      method: 'POST',
      path: '/api/v2/integrations/actions/:id/draft/test',
      permission: 'integrations:action:execute',
      handle: ({ params, body }) => {
        const action = actionOf(params[0]);
        if (!action.draft) throw new HttpError(404, 'not.found', 'The action has no draft');
        return testAction(action.id, body);
      },
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/actions/:id/draft/templates/:file',
      permission: 'integrations:action:view',
      handle: ({ params }) => template(actionOf(params[0]).draft, params[1]),
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/actions/:id/draft',
      permission: 'integrations:action:view',
      handle: ({ params, query }) => {
        const action = actionOf(params[0]);
        if (!action.draft) throw new HttpError(404, 'not.found', 'The action has no draft');
        return { status: 200, body: actionView(action.id, action.draft, 'draft', includes(query)) };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/integrations/actions/:id/draft',
      permission: 'integrations:action:edit',
      handle: ({ params }) => {
        const action = actionOf(params[0]);
        if (!action.published) throw badRequest('Only a published action can be copied to a draft');
        if (action.draft)
          throw new HttpError(409, 'conflict', 'A draft already exists for this action');
        action.draft = clone(action.published);
        return {
          status: 200,
          body: actionView(action.id, action.draft, 'draft', { contract: true, config: true }),
        };
      },
    },
    {
      method: 'PATCH',
      path: '/api/v2/integrations/actions/:id/draft',
      permission: 'integrations:action:edit',
      handle: ({ params, body }) => patchDraft(params[0], body),
    },
    {
      method: 'POST',
      path: '/api/v2/integrations/actions/:id/test',
      permission: 'integrations:action:execute',
      handle: ({ params, body }) => {
        const action = actionOf(params[0]);
        if (!action.published) throw new HttpError(404, 'not.found', 'The action is not published');
        return testAction(action.id, body);
      },
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/actions/:id/templates/:file',
      permission: 'integrations:action:view',
      handle: ({ params }) => template(actionOf(params[0]).published, params[1]),
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/actions/:id',
      permission: 'integrations:action:view',
      handle: ({ params, query }) => {
        const action = actionOf(params[0]);
        if (!action.published)
          throw new HttpError(404, 'not.found', 'The action is not published (it is a draft)');
        return {
          status: 200,
          body: actionView(action.id, action.published, 'published', includes(query)),
        };
      },
    },
    {
      method: 'PATCH',
      path: '/api/v2/integrations/actions/:id',
      permission: 'integrations:action:edit',
      handle: ({ params, body }) => patchPublished(params[0], body),
    },
    // credentials
    {
      method: 'GET',
      path: '/api/v2/integrations/credentials',
      permission: 'integrations:integration:view',
      handle: ({ query }) => ({
        status: 200,
        body: page([...state.credentials.values()].map(credentialInfo), query, `${P}/credentials`),
      }),
    },
    {
      method: 'POST',
      path: '/api/v2/integrations/credentials',
      permission: 'integrations:integration:edit',
      handle: ({ body }) => {
        const input = isRecord(body) ? body : {};
        const { type, fields } = checkCredential(input);
        const credential: FakeCredential = {
          id: randomUUID(),
          name: typeof input.name === 'string' ? input.name : '',
          type: { name: type },
          credentialFields: { ...fields },
          createdDate: now(),
          modifiedDate: now(),
        };
        state.credentials.set(credential.id, credential);
        return { status: 200, body: credentialInfo(credential) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/credentials/:id',
      permission: 'integrations:integration:view',
      handle: ({ params }) => {
        const credential = params[0] ? state.credentials.get(params[0]) : undefined;
        if (!credential) throw new HttpError(404, 'not.found', 'Credential not found');
        // ASSUMED: the secret fields are never returned
        return { status: 200, body: credentialInfo(credential) };
      },
    },
    {
      method: 'PUT',
      path: '/api/v2/integrations/credentials/:id',
      permission: 'integrations:integration:edit',
      handle: ({ params, body }) => {
        const credential = params[0] ? state.credentials.get(params[0]) : undefined;
        if (!credential) throw new HttpError(404, 'not.found', 'Credential not found');
        const input = isRecord(body) ? body : {};
        const { type, fields } = checkCredential(input);
        credential.type = { name: type };
        credential.credentialFields = { ...fields };
        if (typeof input.name === 'string') credential.name = input.name;
        credential.modifiedDate = now();
        for (const integration of state.integrations.values()) syncCustomAuthAction(integration);
        return { status: 200, body: credentialInfo(credential) };
      },
    },
    // integrations
    {
      method: 'GET',
      path: '/api/v2/integrations',
      permission: 'integrations:integration:view',
      handle: ({ query }) => {
        const type = query.get('integrationType');
        const entities = [...state.integrations.values()]
          .filter((integration) => !type || integration.integrationType.id === type)
          .map(integrationView);
        return { status: 200, body: page(entities, query, P) };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/integrations',
      permission: 'integrations:integration:add',
      handle: ({ body }) => {
        const input = isRecord(body) ? body : {};
        const type = isRecord(input.integrationType) ? input.integrationType.id : undefined;
        if (type !== CUSTOM_REST_ACTIONS)
          throw badRequest(`Unknown or unsupported integration type ${String(type)}`);
        const name =
          typeof input.name === 'string' && input.name ? input.name : 'Web Services Data Actions';
        const integration = seed(name);
        return { status: 200, body: integrationView(integration) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/:id/config/current',
      permission: 'integrations:integration:view',
      handle: ({ params }) => ({ status: 200, body: configView(integrationOf(params[0])) }),
    },
    {
      method: 'PUT',
      path: '/api/v2/integrations/:id/config/current',
      permission: 'integrations:integration:edit',
      handle: ({ params, body }) => {
        const integration = integrationOf(params[0]);
        const input = isRecord(body) ? body : {};
        requireVersion(input, integration.config.version, 'the integration configuration');
        if (typeof input.name !== 'string' || input.name.trim() === '')
          throw badRequest('name is required');
        const credentials: Record<string, { id: string }> = {};
        for (const [key, ref] of Object.entries(
          isRecord(input.credentials) ? input.credentials : {},
        )) {
          const id = isRecord(ref) ? ref.id : undefined;
          if (typeof id !== 'string' || !state.credentials.has(id))
            throw badRequest(`credentials.${key} references an unknown credential`);
          credentials[key] = { id };
        }
        integration.config = {
          name: input.name,
          version: integration.config.version + 1,
          properties: isRecord(input.properties) ? clone(input.properties) : {},
          advanced: isRecord(input.advanced) ? clone(input.advanced) : {},
          notes: typeof input.notes === 'string' ? input.notes : '',
          credentials,
        };
        integration.name = input.name;
        syncCustomAuthAction(integration);
        return { status: 200, body: configView(integration) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/integrations/:id',
      permission: 'integrations:integration:view',
      handle: ({ params }) => ({ status: 200, body: integrationView(integrationOf(params[0])) }),
    },
    {
      method: 'PATCH',
      path: '/api/v2/integrations/:id',
      permission: 'integrations:integration:edit',
      handle: ({ params, body }) => {
        const integration = integrationOf(params[0]);
        const intended = isRecord(body) ? body.intendedState : undefined;
        if (intended !== 'ENABLED' && intended !== 'DISABLED')
          throw badRequest('intendedState must be ENABLED or DISABLED');
        integration.intendedState = intended;
        return { status: 200, body: integrationView(integration) };
      },
    },
  ];

  function includes(query: URLSearchParams) {
    return {
      contract: (query.get('expand') ?? '').split(',').includes('contract'),
      config: query.get('includeConfig') === 'true',
    };
  }

  function listActions(query: URLSearchParams, which: 'published' | 'draft'): Reply {
    const name = (query.get('name') ?? '').toLowerCase();
    const category = query.get('category');
    const withAuth = query.get('includeAuthActions') === 'true';
    const entities = [...state.actions.values()]
      .filter((action) => action[which] !== undefined && (withAuth || !action.customAuth))
      .map((action) => ({ id: action.id, version: action[which] as FakeActionVersion }))
      // the name filter is a case-insensitive partial match, as documented ("partial or complete")
      .filter(({ version }) => !name || version.name.toLowerCase().includes(name))
      .filter(({ version }) => !category || version.category === category)
      .sort((a, b) =>
        a.version.name < b.version.name ? -1 : a.version.name > b.version.name ? 1 : 0,
      )
      .map(({ id, version }) =>
        actionView(id, version, which, {
          contract: false,
          config: query.get('includeConfig') === 'true',
        }),
      );
    return {
      status: 200,
      body: page(entities, query, which === 'draft' ? `${P}/actions/drafts` : `${P}/actions`),
    };
  }

  function createDraft(body: unknown): Reply {
    const input = isRecord(body) ? body : {};
    for (const field of ['name', 'category', 'integrationId'])
      if (typeof input[field] !== 'string' || input[field] === '')
        throw badRequest(`${field} is required`);
    if (!isRecord(input.config)) throw badRequest('config is required');
    if (!isRecord(input.contract)) throw badRequest('contract is required');
    if (!state.integrations.has(input.integrationId as string))
      throw badRequest('integrationId does not name an integration of this org');
    // ASSUMED: action names are unique in an org
    if (nameTaken(input.name as string))
      throw badRequest(`An action named ${input.name as string} already exists`);
    const id = randomUUID();
    const draft: FakeActionVersion = {
      name: input.name as string,
      category: input.category as string,
      integrationId: input.integrationId as string,
      secure: input.secure === true,
      config: clone(input.config),
      contract: clone(input.contract),
      version: 1,
    };
    state.actions.set(id, { id, draft });
    return { status: 200, body: actionView(id, draft, 'draft', { contract: true, config: true }) };
  }

  function patchDraft(id: string | undefined, body: unknown): Reply {
    const action = actionOf(id);
    if (!action.draft) throw new HttpError(404, 'not.found', 'The action has no draft');
    const input = isRecord(body) ? body : {};
    requireVersion(input, action.draft.version, 'the draft');
    const next: Partial<FakeActionVersion> = {};
    if (typeof input.name === 'string') {
      if (nameTaken(input.name, action.id))
        throw badRequest(`An action named ${input.name} already exists`);
      next.name = input.name;
    }
    if (typeof input.category === 'string') next.category = input.category;
    if (typeof input.secure === 'boolean') next.secure = input.secure;
    if (isRecord(input.config)) next.config = clone(input.config);
    if (isRecord(input.contract)) next.contract = clone(input.contract);
    checkImmutable(action, next);
    action.draft = { ...action.draft, ...next, version: action.draft.version + 1 };
    return {
      status: 200,
      body: actionView(action.id, action.draft, 'draft', { contract: true, config: true }),
    };
  }

  function publishDraft(id: string | undefined, body: unknown): Reply {
    const action = actionOf(id);
    if (!action.draft) throw new HttpError(404, 'not.found', 'The action has no draft');
    requireVersion(isRecord(body) ? body : {}, action.draft.version, 'the draft');
    const errors = validateActionVersion(action.draft);
    if (errors.length > 0)
      throw badRequest('The draft is not valid and cannot be published', { errors });
    checkImmutable(action, action.draft);
    action.published = { ...action.draft, version: (action.published?.version ?? 0) + 1 };
    action.draft = undefined;
    return {
      status: 200,
      body: actionView(action.id, action.published, 'published', { contract: true, config: true }),
    };
  }

  function patchPublished(id: string | undefined, body: unknown): Reply {
    const action = actionOf(id);
    if (!action.published) throw new HttpError(404, 'not.found', 'The action is not published');
    const input = isRecord(body) ? body : {};
    requireVersion(input, action.published.version, 'the action');
    if (input.contract !== undefined || input.secure !== undefined)
      throw badRequest('Only name, category and config of a published action can be patched');
    const next: Partial<FakeActionVersion> = {};
    if (typeof input.name === 'string') next.name = input.name;
    if (typeof input.category === 'string') next.category = input.category;
    if (isRecord(input.config)) next.config = clone(input.config);
    action.published = { ...action.published, ...next, version: action.published.version + 1 };
    return {
      status: 200,
      body: actionView(action.id, action.published, 'published', { contract: true, config: true }),
    };
  }

  function template(version: FakeActionVersion | undefined, file: string | undefined): Reply {
    if (!version) throw new HttpError(404, 'not.found', 'No such action version');
    const config = version.config as { request?: Json; response?: Json };
    const text =
      file === REQUEST_TEMPLATE_FILE
        ? config.request?.requestTemplate
        : file === SUCCESS_TEMPLATE_FILE
          ? config.response?.successTemplate
          : undefined;
    if (typeof text !== 'string') throw new HttpError(404, 'not.found', `No template ${file}`);
    return { status: 200, text, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  }

  function testAction(id: string, body: unknown): Reply {
    if (!isRecord(body)) throw badRequest('The test input must be a JSON object');
    return {
      status: 200,
      body: options.testResult ? options.testResult(id, body) : clone(DEFAULT_TEST_RESULT),
    };
  }

  function seed(name: string, intendedState = 'DISABLED'): FakeIntegration {
    const integration: FakeIntegration = {
      id: randomUUID(),
      name,
      integrationType: { id: CUSTOM_REST_ACTIONS },
      intendedState,
      config: { name, version: 1, properties: {}, advanced: {}, notes: '', credentials: {} },
    };
    state.integrations.set(integration.id, integration);
    return integration;
  }

  // ----- HTTP ----------------------------------------------------------------------------------

  function login(headers: http.IncomingHttpHeaders, body: string): Reply {
    const credentials = parseBasicAuth(headers.authorization);
    const decoded = credentials ? `${credentials.user}:${credentials.password}` : '';
    const grant = new URLSearchParams(body).get('grant_type');
    if (grant !== 'client_credentials')
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          description: 'grant_type must be client_credentials',
        },
      };
    if (decoded !== `${clientId}:${clientSecret}`)
      return {
        status: 401,
        body: {
          error: 'invalid_client',
          description: 'client not found',
          error_description: 'client not found',
        },
      };
    const token = randomUUID();
    tokens.add(token);
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 86399 } };
  }

  function takeFault(method: string, path: string, write: boolean): FaultSpec | undefined {
    for (let i = 0; i < faults.length; i++) {
      const fault = faults[i] as (typeof faults)[number];
      const match = fault.match ?? 'any';
      const applies =
        match === 'any'
          ? path !== '/oauth/token'
          : match === 'write'
            ? write
            : (!match.method || match.method === method) &&
              (!match.path ||
                (typeof match.path === 'string' ? match.path === path : match.path.test(path)));
      if (!applies) continue;
      if (fault.skip > 0) {
        fault.skip--;
        continue;
      }
      fault.times--;
      if (fault.times <= 0) faults.splice(i, 1);
      return fault;
    }
    return undefined;
  }

  /** One request through faults, login, bearer check and permission, then its route (if any). */
  function handle(
    req: http.IncomingMessage,
    raw: string,
    route: Route | undefined,
    params: Record<string, string>,
    skipFaults = false,
  ): { reply: Reply; call: FakeCall } {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodeURIComponent(url.pathname);
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
    }
    const write = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && path !== '/oauth/token';
    const call: FakeCall = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
      write,
    };
    const fail = (error: HttpError): Reply => ({
      status: error.status,
      body: errorBody(error.status, error.code, error.message, error.extra),
    });
    try {
      const fault = skipFaults ? undefined : takeFault(method, path, write);
      if (fault?.afterApplying) {
        const applied = handle(req, raw, route, params, true);
        if (applied.reply.status >= 400) return { reply: applied.reply, call };
      }
      if (fault) {
        const [code, message] = DEFAULT_MESSAGES[fault.status] ?? ['error', 'Injected failure'];
        const headers: Record<string, string> =
          fault.status === 429 ? { 'retry-after': fault.retryAfter ?? '1' } : {};
        const denied = missingPermission(route?.permission ?? 'unknown');
        const faultBody =
          fault.body ??
          (fault.status === 403
            ? errorBody(403, denied.code, denied.message, denied.extra)
            : errorBody(fault.status, code, message));
        return { reply: { status: fault.status, body: faultBody, headers }, call };
      }
      if (method === 'POST' && path === '/oauth/token')
        return { reply: login(req.headers, raw), call };
      // a presigned upload carries its own signature, not the bearer token (as S3's do)
      if (route?.permission !== 'presigned') {
        const auth = req.headers.authorization ?? '';
        if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7)))
          return {
            reply: fail(new HttpError(401, 'bad.credentials', 'Invalid login credentials.')),
            call,
          };
      }
      if (!route)
        return {
          reply: fail(new HttpError(404, 'not.found', `No fake route for ${method} ${path}`)),
          call,
        };
      if (granted && route.permission !== 'presigned' && !granted.has(route.permission))
        return { reply: fail(missingPermission(route.permission)), call };
      const reply = route.handle({
        method,
        path,
        query: url.searchParams,
        body,
        raw,
        headers: req.headers,
        params: [params.id, params.file].filter((p): p is string => p !== undefined),
      });
      return { reply, call };
    } catch (error) {
      if (error instanceof HttpError) return { reply: fail(error), call };
      return {
        reply: fail(new HttpError(500, 'internal.server.error', String(error))),
        call,
      };
    }
  }

  function send(res: http.ServerResponse, reply: Reply, call: FakeCall): void {
    call.status = reply.status;
    calls.push(call);
    const payload =
      reply.text !== undefined
        ? reply.text
        : reply.body === undefined
          ? ''
          : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(payload && reply.text === undefined ? { 'content-type': 'application/json' } : {}),
      'inin-correlation-id': randomUUID(),
      ...reply.headers,
    });
    res.end(payload);
  }

  let baseUrl = '';
  const architect = architectRoutes(
    () => baseUrl,
    {
      hasPublishedAction: (category, name) =>
        [...state.actions.values()].some(
          (action) =>
            action.published?.name === name &&
            state.integrations.get(action.published.integrationId)?.name === category,
        ),
    },
    page,
  );

  // the one route table (scripts/lib/http/router.ts); the login is a route like any other
  const router = createRouter();
  const bodies = new WeakMap<http.IncomingMessage, string>();
  const allRoutes: Route[] = [
    ...routes,
    ...architect.routes,
    {
      method: 'POST',
      path: '/oauth/token',
      permission: 'login',
      handle: () => ({ status: 500 }), // answered in handle(), before any bearer check
    },
  ];
  for (const route of allRoutes)
    router.on(route.method, route.path, (req, res, context) => {
      const { reply, call } = handle(req, bodies.get(req) ?? '', route, context.params);
      send(res, reply, call);
    });

  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readText(req, MAX_BODY_BYTES);
      if (raw === 'too-large') {
        const call: FakeCall = {
          method: req.method ?? '',
          path: req.url ?? '',
          query: {},
          body: undefined,
          status: 0,
          write: true,
        };
        send(res, { status: 413, body: errorBody(413, 'request.too.large', 'Too large') }, call);
        return;
      }
      bodies.set(req, raw);
      if (await router.handle(req, res)) return;
      const { reply, call } = handle(req, raw, undefined, {});
      send(res, reply, call);
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    state,
    architect: architect.state,
    calls,
    writeCalls: () => calls.filter((call) => call.write),
    failNext: (fault) => faults.push({ skip: 0, times: 1, ...fault }),
    expireTokens: () => tokens.clear(),
    seedIntegration: (name, seedOptions = {}) => seed(name, seedOptions.intendedState),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
