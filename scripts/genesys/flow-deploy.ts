/**
 * Ships the Architect side after the Data Actions: the common module, then the flows that call it
 * (inbound call, inbound message, the conversation-end workflow), then the Process Automation
 * trigger on the workflow.
 *
 * Flows go through the Architect jobs API (register, PUT the YAML to the presigned URL with the
 * headers the job names, poll until Success or Failure, read the messages on failure); a
 * successful job publishes the flow (as the Genesys Terraform provider relies on).
 *
 * Idempotent by a content hash the org gives back: each flow's description ends in
 * `[incident-bridge sha256:<16 hex>]`, read from `GET /flows`. A caller's hash covers the module's
 * hash too: Architect copies the module into its callers at publish, so a changed module changes
 * every caller's hash and they are republished in the same run. The trigger is compared field by
 * field (Genesys returns all of it).
 */
import { createHash } from 'node:crypto';
import { parseDocument } from 'yaml';
import {
  buildConversationEndTrigger,
  CUSTOMER_END_TOPIC,
  WORKFLOW_ID_PLACEHOLDER,
  type GenesysFlows,
  type GenesysBuildConfig,
  type TriggerDefinition,
} from '../../genesys/index.ts';
import { diffValues, type Change } from './action-diff.ts';
import { GenesysApiError, type Flow, type GenesysApi, type Trigger } from './client.ts';

/** Flow types as the Architect API spells them in queries (TF schema.go validFlowTypes). */
export const FLOW_TYPE = {
  commonModule: 'commonmodule',
  inboundCall: 'inboundcall',
  inboundMessage: 'inboundshortmessage',
  workflow: 'workflow',
} as const;

/** Archy's top-level key of each flow. */
const ARCHY_KEY = {
  commonModule: 'commonModule',
  inboundCall: 'inboundCall',
  inboundMessage: 'inboundShortMessage',
  workflow: 'workflow',
} as const;

export type FlowRole = keyof typeof FLOW_TYPE;
const CALLERS: FlowRole[] = ['inboundCall', 'inboundMessage', 'workflow'];

const HASH_MARKER = /\[incident-bridge sha256:([0-9a-f]{16})\]/;

export const contentHash = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\n\u0000\n')).digest('hex').slice(0, 16);

/** The hash deploy left in a flow's description, if any. */
export function hashFromDescription(description: string | undefined): string | undefined {
  return HASH_MARKER.exec(description ?? '')?.[1];
}

/** The YAML as uploaded: the description carries the content hash, readable back from the org. */
export function withHashMarker(yaml: string, role: FlowRole, hash: string): string {
  const document = parseDocument(yaml);
  const path = [ARCHY_KEY[role], 'description'];
  const description = String(document.getIn(path) ?? '');
  document.setIn(path, `${description} [incident-bridge sha256:${hash}]`.trim());
  const header = yaml.startsWith('#') ? yaml.slice(0, yaml.indexOf('\n') + 1) : '';
  return header + document.toString({ lineWidth: 0 }).replace(/^#[^\n]*\n/, '');
}

export interface FlowPlanItem {
  kind: 'flow' | 'trigger';
  name: string;
  action: 'create' | 'update' | 'unchanged';
  id?: string;
  changes: Change[];
  notes: string[];
}

export interface FlowDeployContext {
  api: GenesysApi;
  apply: boolean;
  config: GenesysBuildConfig;
  flows: GenesysFlows;
  item(kind: 'flow' | 'trigger', name: string): FlowPlanItem;
  warn(text: string): void;
  say(line: string): void;
  sleep(ms: number): Promise<void>;
}

/** Poll interval of an import job and how long to wait at most (TF: 15 s, 16 min). */
export const JOB_POLL_MS = 2000;
export const JOB_MAX_POLLS = 480;

export class FlowImportError extends Error {
  override name = 'FlowImportError';
}

async function findFlow(api: GenesysApi, name: string, role: FlowRole): Promise<Flow | undefined> {
  // the name filter is a partial match: keep only the exact name (as TF does)
  return (await api.listFlows(name, FLOW_TYPE[role])).find((flow) => flow.name === name);
}

/** Register, upload, poll; returns the flow id. */
async function importFlow(context: FlowDeployContext, name: string, yaml: string): Promise<string> {
  const { api } = context;
  context.say(`importing flow "${name}" (Architect job)`);
  const job = await api.registerFlowJob();
  if (!job.id) throw new FlowImportError(`Genesys returned no job id for flow "${name}"`);
  await api.uploadFlow(job, yaml);
  for (let poll = 0; poll < JOB_MAX_POLLS; poll++) {
    const state = await api.getFlowJob(job.id);
    if (state.status === 'Success') {
      if (!state.flow?.id)
        throw new FlowImportError(`the import job of flow "${name}" succeeded without a flow id`);
      return state.flow.id;
    }
    if (state.status === 'Failure') {
      const messages = (state.messages ?? []).map((m) => m.text ?? '').filter(Boolean);
      throw new FlowImportError(
        `Architect refused flow "${name}" (job ${job.id}): ${messages.join('; ') || 'no message'}`,
      );
    }
    await context.sleep(JOB_POLL_MS);
  }
  throw new FlowImportError(
    `the import job ${job.id} of flow "${name}" did not finish in ${(JOB_MAX_POLLS * JOB_POLL_MS) / 60000} minutes; deploy again to check`,
  );
}

/** The module, then each caller; returns the ids (undefined for a flow a dry run would create). */
async function deployFlows(
  context: FlowDeployContext,
): Promise<Record<FlowRole, string | undefined>> {
  const { config, flows } = context;
  const names: Record<FlowRole, string> = {
    commonModule: config.moduleName,
    inboundCall: config.inboundCallFlowName,
    inboundMessage: config.inboundMessageFlowName,
    workflow: config.workflowName,
  };
  const ids = {} as Record<FlowRole, string | undefined>;
  const moduleHash = contentHash(flows.commonModule);
  let moduleChanged = false;
  for (const role of ['commonModule', ...CALLERS] as FlowRole[]) {
    const name = names[role];
    const hash = role === 'commonModule' ? moduleHash : contentHash(flows[role], moduleHash);
    const item = context.item('flow', name);
    item.notes.push(`${FLOW_TYPE[role]}, content sha256:${hash}`);
    const current = await findFlow(context.api, name, role);
    item.id = current?.id;
    const deployed = hashFromDescription(current?.description);
    // a caller embeds the module as it was at the caller's publish: republish it with the module
    const embedsChangedModule = role !== 'commonModule' && moduleChanged;
    if (current && deployed === hash && !embedsChangedModule) {
      ids[role] = current.id;
      continue;
    }
    item.action = current ? 'update' : 'create';
    if (current && deployed !== hash)
      item.changes.push({
        path: 'content',
        kind: 'changed',
        before: deployed ? `sha256:${deployed}` : '(not deployed by incident-bridge)',
        after: `sha256:${hash}`,
      });
    if (current && embedsChangedModule)
      item.notes.push(
        `republished: Architect copies "${config.moduleName}" into its callers at publish`,
      );
    if (role === 'commonModule' && current) {
      moduleChanged = true;
      context.warn(
        `the common module "${name}" changes: Architect copies it into each caller at publish, so ` +
          'republish your own flows that call it (the generated ones are republished by this deploy)',
      );
    } else if (role === 'commonModule') moduleChanged = true;
    if (!context.apply) {
      ids[role] = current?.id;
      continue;
    }
    ids[role] = await importFlow(context, name, withHashMarker(flows[role], role, hash));
    item.id = ids[role];
  }
  return ids;
}

/** What of a trigger deploy manages, in a comparable form. */
function comparableTrigger(trigger: Trigger | TriggerDefinition) {
  return {
    name: trigger.name,
    description: trigger.description ?? '',
    enabled: trigger.enabled,
    target: {
      type: trigger.target?.type,
      id: trigger.target?.id,
      dataFormat: trigger.target?.workflowTargetSettings?.dataFormat,
    },
    matchCriteria: trigger.matchCriteria ?? [],
    eventTTLSeconds: trigger.eventTTLSeconds,
    delayBySeconds: trigger.delayBySeconds,
  };
}

const CONFLICT_ATTEMPTS = 3;

async function deployTrigger(context: FlowDeployContext, workflowId: string | undefined) {
  const { api, config } = context;
  const desired = buildConversationEndTrigger(config, workflowId ?? WORKFLOW_ID_PLACEHOLDER);
  const item = context.item('trigger', desired.name);
  item.notes.push(`${CUSTOMER_END_TOPIC} → "${config.workflowName}"`);
  const same = (await api.listTriggers()).filter((t) => t.name === desired.name);
  if (same.length > 1)
    throw new FlowImportError(
      `${same.length} Process Automation triggers are named "${desired.name}" (ids ${same.map((t) => t.id).join(', ')}): delete all but one, then deploy again`,
    );
  let current = same[0];
  if (current && current.topicName !== desired.topicName)
    throw new FlowImportError(
      `the trigger "${desired.name}" listens to ${current.topicName}; a trigger's topic cannot be changed: delete it, then deploy again`,
    );
  item.id = current?.id;
  if (!current) {
    item.action = 'create';
    if (!context.apply) return;
    context.say(`creating trigger "${desired.name}"`);
    item.id = (await api.createTrigger(desired)).id;
    return;
  }
  const changes = diffValues(comparableTrigger(current), comparableTrigger(desired), 'trigger');
  if (changes.length === 0) return;
  item.action = 'update';
  item.changes = changes;
  if (!context.apply) return;
  context.say(`updating trigger "${desired.name}"`);
  for (let attempt = 1; ; attempt++) {
    try {
      await api.updateTrigger(current.id as string, {
        ...desired,
        version: current.version as number,
      });
      return;
    } catch (error) {
      if (
        !(error instanceof GenesysApiError && error.status === 409) ||
        attempt >= CONFLICT_ATTEMPTS
      )
        throw error;
      current = (await api.listTriggers()).find((t) => t.id === current?.id) ?? current;
    }
  }
}

/** Module → callers → trigger. */
export async function deployFlowsAndTrigger(context: FlowDeployContext): Promise<void> {
  const ids = await deployFlows(context);
  await deployTrigger(context, ids.workflow);
}
