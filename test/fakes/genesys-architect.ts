/**
 * The Architect and Process Automation slice of the fake Genesys API: flows found by name and
 * type, the flow import jobs API (register, upload to a presigned URL with its headers, poll,
 * messages on failure) and Process Automation triggers. Shapes follow the SDK's models
 * (`FlowEntityListing`, `RegisterArchitectJobResponse`, `ArchitectJobStateResponse`, `Trigger`,
 * `TriggerEntityListing`); what Genesys does not document is marked ASSUMED.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'yaml';
import { HttpError, type Reply, type Request, type Route } from './genesys-api.ts';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Archy's top-level keys and the flow type each creates (TF schema.go validFlowTypes). */
const FLOW_TYPES: Record<string, string> = {
  commonModule: 'commonmodule',
  inboundCall: 'inboundcall',
  inboundShortMessage: 'inboundshortmessage',
  inboundEmail: 'inboundemail',
  workflow: 'workflow',
};

export interface FakeFlow {
  id: string;
  name: string;
  /** Lower case, as the `type` query parameter takes it. */
  type: string;
  description: string;
  /** Published version number; every successful import publishes a new one. */
  version: number;
  /** The YAML of the published version. */
  yaml: string;
}

export interface FakeJob {
  id: string;
  token: string;
  status: 'Registered' | 'Started' | 'Success' | 'Failure';
  upload?: string;
  /** GETs seen while Started: the first one still says Started (an import takes time). */
  polls: number;
  flowId?: string;
  messages: Array<{ text: string; type: string }>;
}

export interface FakeTrigger {
  id: string;
  name: string;
  topicName: string;
  target: Json;
  version: number;
  enabled: boolean;
  matchCriteria: Json[];
  eventTTLSeconds?: number;
  delayBySeconds?: number;
  description?: string;
}

export interface ArchitectState {
  flows: Map<string, FakeFlow>;
  jobs: Map<string, FakeJob>;
  triggers: Map<string, FakeTrigger>;
}

export interface ArchitectFake {
  state: ArchitectState;
  routes: Route[];
}

/** Headers the presigned upload requires (ASSUMED: an S3 presigned PUT with these signed headers). */
export const PRESIGNED_HEADERS: Record<string, string> = {
  'Content-Type': 'text/plain',
  'x-amz-server-side-encryption': 'AES256',
};

/** What the Architect part needs from the integrations part: published actions by category. */
export interface ActionDirectory {
  /** True when a published action `name` exists under the integration named `category`. */
  hasPublishedAction(category: string, name: string): boolean;
}

const badRequest = (message: string) => new HttpError(400, 'bad.request', message);

/** Every value under `key` anywhere in a parsed flow. */
function all(node: unknown, key: string, found: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => all(n, key, found));
  else if (isRecord(node)) {
    for (const [k, value] of Object.entries(node)) {
      if (k === key && isRecord(value)) found.push(value);
      all(value, key, found);
    }
  }
  return found;
}

export function architectRoutes(
  baseUrl: () => string,
  actions: ActionDirectory,
  page: (entities: Json[], query: URLSearchParams, basePath: string) => Json,
): ArchitectFake {
  const state: ArchitectState = { flows: new Map(), jobs: new Map(), triggers: new Map() };

  const flowView = (flow: FakeFlow): Json => ({
    id: flow.id,
    name: flow.name,
    description: flow.description,
    // ASSUMED: responses spell the type in upper case (the query takes lower case)
    type: flow.type.toUpperCase(),
    division: { id: 'home-division', name: 'Home' },
    active: true,
    publishedVersion: { id: `${flow.version}.0`, name: `${flow.version}.0` },
    selfUri: `/api/v2/flows/${flow.id}`,
  });

  /** What the importer checks (ASSUMED: the subset of Architect's validation our flows meet). */
  function importProblems(document: unknown, type: string): string[] {
    const problems: string[] = [];
    for (const call of all(document, 'callData')) {
      const category = isRecord(call.category) ? Object.keys(call.category)[0] : undefined;
      const entry = category && isRecord(call.category) ? call.category[category] : undefined;
      const dataAction = isRecord(entry) && isRecord(entry.dataAction) ? entry.dataAction : {};
      for (const [name, binding] of Object.entries(dataAction)) {
        if (!category || !actions.hasPublishedAction(category, name))
          problems.push(
            `Call Data Action '${call.name as string}': no published data action '${name}' in category '${category}'`,
          );
        const outputs = isRecord(binding) ? [binding.successOutputs, binding.failureOutputs] : [];
        for (const map of outputs)
          for (const [key, value] of Object.entries(isRecord(map) ? map : {}))
            if (!isRecord(value) || !('var' in value || 'noValue' in value))
              problems.push(`output '${key}' must be bound with var or noValue`);
      }
    }
    for (const call of all(document, 'callCommonModule')) {
      if (type === 'commonmodule') problems.push('a common module cannot call a common module');
      for (const name of Object.keys(isRecord(call.commonModule) ? call.commonModule : {})) {
        const module = [...state.flows.values()].find(
          (f) => f.type === 'commonmodule' && f.name === name,
        );
        if (!module) problems.push(`no published common module named '${name}'`);
      }
    }
    return problems;
  }

  function runImport(job: FakeJob): void {
    let document: unknown;
    try {
      document = parse(job.upload ?? '');
    } catch (error) {
      fail(job, [`YAML parse error: ${error instanceof Error ? error.message : String(error)}`]);
      return;
    }
    const keys = isRecord(document) ? Object.keys(document) : [];
    const key = keys[0];
    const type = key ? FLOW_TYPES[key] : undefined;
    const flow = key && isRecord(document) ? document[key] : undefined;
    if (keys.length !== 1 || !type || !isRecord(flow) || typeof flow.name !== 'string') {
      fail(job, ['the file must hold exactly one flow with a name']);
      return;
    }
    const problems = importProblems(document, type);
    if (problems.length > 0) {
      fail(job, problems);
      return;
    }
    const existing = [...state.flows.values()].find((f) => f.type === type && f.name === flow.name);
    const target: FakeFlow = existing ?? {
      id: randomUUID(),
      name: flow.name,
      type,
      description: '',
      version: 0,
      yaml: '',
    };
    target.description = typeof flow.description === 'string' ? flow.description : '';
    target.version += 1;
    target.yaml = job.upload ?? '';
    state.flows.set(target.id, target);
    job.status = 'Success';
    job.flowId = target.id;
  }

  function fail(job: FakeJob, texts: string[]): void {
    job.status = 'Failure';
    job.messages = texts.map((text) => ({ text, type: 'error' }));
  }

  const jobView = (job: FakeJob, expandMessages: boolean): Json => {
    const flow = job.flowId ? state.flows.get(job.flowId) : undefined;
    return {
      id: job.id,
      status: job.status,
      command: 'Publish',
      ...(flow ? { flow: { id: flow.id, selfUri: `/api/v2/flows/${flow.id}` } } : {}),
      ...(expandMessages ? { messages: job.messages } : {}),
      selfUri: `/api/v2/flows/jobs/${job.id}`,
    };
  };

  // ----- triggers ------------------------------------------------------------------------------

  const triggerView = (trigger: FakeTrigger): Json => ({
    ...structuredClone(trigger),
    selfUri: `/api/v2/processautomation/triggers/${trigger.id}`,
  });

  function checkTrigger(body: Json, creating: boolean): void {
    for (const field of ['name', 'topicName'])
      if (creating && (typeof body[field] !== 'string' || body[field] === ''))
        throw badRequest(`${field} is required`);
    if (typeof body.enabled !== 'boolean') throw badRequest('enabled is required');
    const target = body.target;
    if (!isRecord(target) || target.type !== 'Workflow' || typeof target.id !== 'string')
      throw badRequest('target must be {type: Workflow, id}');
    const flow = state.flows.get(target.id);
    // "Only active, published workflows can be targets" (help page "Create a trigger")
    if (!flow || flow.type !== 'workflow')
      throw badRequest(`target.id ${target.id} is not a published workflow`);
    for (const criterion of Array.isArray(body.matchCriteria) ? body.matchCriteria : []) {
      if (!isRecord(criterion) || typeof criterion.jsonPath !== 'string')
        throw badRequest('matchCriteria[].jsonPath is required');
      // Java SDK MatchCriteria: value or values, not both
      if ((criterion.value === undefined) === (criterion.values === undefined))
        throw badRequest('matchCriteria[] needs exactly one of value or values');
    }
    if (typeof body.eventTTLSeconds === 'number' && body.eventTTLSeconds < 10)
      throw badRequest('eventTTLSeconds must be at least 10');
  }

  function storeTrigger(id: string, version: number, body: Json, topicName: string): FakeTrigger {
    const trigger: FakeTrigger = {
      id,
      name: body.name as string,
      topicName,
      target: structuredClone(body.target as Json),
      version,
      enabled: body.enabled as boolean,
      matchCriteria: structuredClone((body.matchCriteria as Json[] | undefined) ?? []),
      ...(typeof body.eventTTLSeconds === 'number'
        ? { eventTTLSeconds: body.eventTTLSeconds }
        : {}),
      ...(typeof body.delayBySeconds === 'number' ? { delayBySeconds: body.delayBySeconds } : {}),
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
    };
    state.triggers.set(id, trigger);
    return trigger;
  }

  const triggerOf = (id: string | undefined): FakeTrigger => {
    const trigger = id ? state.triggers.get(id) : undefined;
    if (!trigger) throw new HttpError(404, 'not.found', `Trigger ${id} not found`);
    return trigger;
  };

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/api/v2/flows',
      permission: 'architect:flow:view',
      handle: ({ query }): Reply => {
        // the name filter is a partial match (TF filters exact names itself); type is a list
        const name = (query.get('name') ?? '').toLowerCase();
        const types = (query.get('type') ?? '').split(',').filter(Boolean);
        const entities = [...state.flows.values()]
          .filter((f) => !name || f.name.toLowerCase().includes(name))
          .filter((f) => types.length === 0 || types.includes(f.type))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map(flowView);
        return { status: 200, body: page(entities, query, '/api/v2/flows') };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/flows/jobs',
      permission: 'architect:flow:add',
      handle: (): Reply => {
        const job: FakeJob = {
          id: randomUUID(),
          token: randomUUID(),
          status: 'Registered',
          polls: 0,
          messages: [],
        };
        state.jobs.set(job.id, job);
        return {
          status: 200,
          body: {
            id: job.id,
            presignedUrl: `${baseUrl()}/uploads/architect-jobs/${job.id}?X-Amz-Signature=${job.token}`,
            headers: { ...PRESIGNED_HEADERS },
            selfUri: `/api/v2/flows/jobs/${job.id}`,
          },
        };
      },
    },
    {
      method: 'PUT',
      path: '/uploads/architect-jobs/:id',
      permission: 'presigned',
      handle: ({ params, query, headers, raw }: Request): Reply => {
        const job = params[0] ? state.jobs.get(params[0]) : undefined;
        const signed = job && query.get('X-Amz-Signature') === job.token;
        const headersOk = Object.entries(PRESIGNED_HEADERS).every(
          ([name, value]) => headers[name.toLowerCase()] === value,
        );
        if (!job || !signed || !headersOk || job.status !== 'Registered')
          // ASSUMED: S3 answers a bad signature or a missing signed header with 403 and XML
          return {
            status: 403,
            text: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code></Error>',
            headers: { 'content-type': 'application/xml' },
          };
        job.upload = raw;
        job.status = 'Started';
        return { status: 200, text: '' };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/flows/jobs/:id',
      permission: 'architect:flow:view',
      handle: ({ params, query }): Reply => {
        const job = params[0] ? state.jobs.get(params[0]) : undefined;
        if (!job) throw new HttpError(404, 'not.found', `Job ${params[0]} not found`);
        if (job.status === 'Started' && job.polls++ > 0) runImport(job);
        const expand = (query.get('expand') ?? '').split(',').includes('messages');
        return { status: 200, body: jobView(job, expand) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/processautomation/triggers',
      permission: 'processautomation:trigger:view',
      handle: ({ query }): Reply => {
        const topic = query.get('topicName');
        const size = Math.min(Math.max(Number(query.get('pageSize') ?? '25') || 25, 1), 100);
        const all = [...state.triggers.values()]
          .filter((t) => !topic || t.topicName === topic)
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        // cursor paging (ASSUMED: the cursor is opaque; here the last id of the page)
        const after = query.get('after');
        const start = after ? all.findIndex((t) => t.id === after) + 1 : 0;
        const slice = all.slice(start, start + size);
        const more = start + size < all.length;
        const last = slice.at(-1);
        return {
          status: 200,
          body: {
            entities: slice.map(triggerView),
            selfUri: '/api/v2/processautomation/triggers',
            ...(more && last
              ? { nextUri: `/api/v2/processautomation/triggers?pageSize=${size}&after=${last.id}` }
              : {}),
          },
        };
      },
    },
    {
      method: 'POST',
      path: '/api/v2/processautomation/triggers',
      permission: 'processautomation:trigger:add',
      handle: ({ body }): Reply => {
        const input = isRecord(body) ? body : {};
        checkTrigger(input, true);
        // ASSUMED: trigger names are unique in an org
        if ([...state.triggers.values()].some((t) => t.name === input.name))
          throw badRequest(`A trigger named ${input.name as string} already exists`);
        const trigger = storeTrigger(randomUUID(), 1, input, input.topicName as string);
        return { status: 200, body: triggerView(trigger) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/processautomation/triggers/:id',
      permission: 'processautomation:trigger:view',
      handle: ({ params }): Reply => ({ status: 200, body: triggerView(triggerOf(params[0])) }),
    },
    {
      method: 'PUT',
      path: '/api/v2/processautomation/triggers/:id',
      permission: 'processautomation:trigger:edit',
      handle: ({ params, body }): Reply => {
        const trigger = triggerOf(params[0]);
        const input = isRecord(body) ? body : {};
        if (typeof input.version !== 'number') throw badRequest('version is required');
        if (input.version !== trigger.version)
          throw new HttpError(
            409,
            'conflict',
            `The version supplied (${input.version}) does not match the current version (${trigger.version}).`,
          );
        // "topicName cannot be updated" (UpdateTriggerRequest)
        if (input.topicName !== undefined && input.topicName !== trigger.topicName)
          throw badRequest('topicName cannot be updated');
        checkTrigger(input, false);
        const next = storeTrigger(
          trigger.id,
          trigger.version + 1,
          { ...input, name: input.name ?? trigger.name },
          trigger.topicName,
        );
        return { status: 200, body: triggerView(next) };
      },
    },
  ];
  return { state, routes };
}
