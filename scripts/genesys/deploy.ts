/**
 * Converges a Genesys Cloud org on the generated configuration: one Web Services Data Actions
 * integration (found by exact name) with its credentials, enabled, and the generated Data
 * Actions, each published with exactly the generated config and contract.
 *
 * One code path plans and applies: with `dryRun` every decision is made and reported from what
 * was read, and nothing is written. Every step reads before it writes and looks for what an
 * interrupted run may have left (an unreferenced credential, a never-published draft), so a rerun
 * after a failure half-way converges instead of duplicating.
 */
import {
  buildGenesysArtifacts,
  resolveGenesysBuildConfig,
  type GenesysFlows,
  INTEGRATION_ID_PLACEHOLDER,
  type GenesysBuildConfig,
} from '../../genesys/index.ts';
import type { ResolvedActionCredentials } from '../lib/deploy-config/index.ts';
import {
  diffActions,
  diffValues,
  comparableConfig,
  type ActionLike,
  type Change,
} from './action-diff.ts';
import {
  CUSTOM_REST_ACTIONS_TYPE,
  GenesysApiError,
  REQUEST_TEMPLATE_FILE,
  SUCCESS_TEMPLATE_FILE,
  type Action,
  type GenesysApi,
  type IntegrationConfiguration,
  type PostActionInput,
} from './client.ts';
import { deployFlowsAndTrigger, type FlowPlanItem } from './flow-deploy.ts';
import {
  fingerprintCredential,
  fingerprintFromNotes,
  notesWithFingerprint,
  verifyCredentialFingerprint,
} from './credential-fingerprint.ts';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'needs-new-version';
export type PlanKind =
  'integration' | 'credentials' | 'auth-action' | 'action' | 'flow' | 'trigger';

export interface PlanItem {
  kind: PlanKind;
  /** Name in Genesys Cloud; for an action, the current (highest) version's name. */
  name: string;
  action: PlanAction;
  /** Id in Genesys Cloud, when it exists (after a create: the new id). */
  id?: string;
  /** needs-new-version: the action deploy creates for the new contract, and its id once created. */
  newName?: string;
  newId?: string;
  changes: Change[];
  notes: string[];
}

export interface GenesysDeployTarget {
  integrationName: string;
  actionCredentials: ResolvedActionCredentials;
  /** Builder options; `integrationId` is replaced by the real id. */
  build: GenesysBuildConfig;
}

export interface GenesysDeployResult {
  integrationId?: string;
  items: PlanItem[];
  warnings: string[];
  /** Ids of the actions flows should call (the newest version of each). */
  actionIds: { createIncident?: string; getIncident?: string };
  /** Names of those actions. */
  actionNames: { createIncident: string; getIncident: string };
}

export interface GenesysDeployOptions {
  dryRun: boolean;
  /** Progress of long steps (stderr). */
  progress?: (line: string) => void;
  /** Waits while Genesys creates the custom auth action; injected by tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** A deploy that cannot go on (not an API failure): ambiguous names, invalid drafts. */
export class GenesysDeployError extends Error {
  override name = 'GenesysDeployError';
}

/** Genesys's credential type names. */
export function credentialTypeOf(credentials: ResolvedActionCredentials): string {
  return credentials.type === 'basic' ? 'basicAuth' : 'userDefinedOAuth';
}

/** Field names follow Genesys's docs (basicAuth: userName/password; OAuth: any, loginUrl by convention). */
export function credentialFieldsOf(credentials: ResolvedActionCredentials): Record<string, string> {
  return credentials.type === 'basic'
    ? { userName: credentials.username, password: credentials.password }
    : {
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        loginUrl: credentials.tokenUrl,
      };
}

export const credentialNameFor = (integrationName: string) =>
  `${integrationName} (ServiceNow credentials)`;
export const customAuthActionIdFor = (integrationId: string) => `customAuth_-_${integrationId}`;

/**
 * Config of the auth action Genesys creates for a User Defined (OAuth) integration: a client
 * credentials token request to the configured token URL (ServiceNow's oauth_token.do takes the
 * client id and secret in the form body). The response becomes `authResponse` for the actions.
 */
export function customAuthActionConfig(): NonNullable<ActionLike['config']> {
  return {
    request: {
      requestUrlTemplate: '${credentials.loginUrl}',
      requestType: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      requestTemplate:
        'grant_type=client_credentials&client_id=$esc.url(${credentials.clientId})&client_secret=$esc.url(${credentials.clientSecret})',
    },
    response: { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface FamilyMember {
  id: string;
  name: string;
  /** 1 for the base name, N for "<base> vN". */
  n: number;
  published: boolean;
  draft: boolean;
}

/** What a conflict-prone write does on 409: read the current version again and retry. */
const CONFLICT_ATTEMPTS = 3;
const isConflict = (error: unknown) => error instanceof GenesysApiError && error.status === 409;

/** One deploy run; `items` holds what was planned or done so far, also after a failure. */
export class GenesysDeployment {
  readonly items: PlanItem[] = [];
  readonly warnings: string[] = [];
  private readonly apply: boolean;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly api: GenesysApi,
    private readonly target: GenesysDeployTarget,
    private readonly options: GenesysDeployOptions,
  ) {
    this.apply = !options.dryRun;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private say(line: string): void {
    this.options.progress?.(line);
  }

  private item(kind: PlanKind, name: string): PlanItem {
    const item: PlanItem = { kind, name, action: 'unchanged', changes: [], notes: [] };
    this.items.push(item);
    return item;
  }

  async run(): Promise<GenesysDeployResult> {
    const { integrationName } = this.target;
    this.say(`reading integration "${integrationName}"`);
    const integrationItem = this.item('integration', integrationName);
    const found = (await this.api.listIntegrations(CUSTOM_REST_ACTIONS_TYPE)).filter(
      (integration) => integration.name === integrationName,
    );
    if (found.length > 1)
      throw new GenesysDeployError(
        `${found.length} Web Services Data Actions integrations are named "${integrationName}" ` +
          `(ids ${found.map((i) => i.id).join(', ')}): delete or rename all but one, then deploy again`,
      );
    let integration = found[0];
    if (!integration) {
      integrationItem.action = 'create';
      if (this.apply) {
        this.say(`creating integration "${integrationName}"`);
        integration = await this.api.createIntegration(integrationName);
      }
    }
    const integrationId = integration?.id;
    integrationItem.id = integrationId;

    const config = integrationId ? await this.api.getIntegrationConfig(integrationId) : undefined;
    const credentialId = await this.ensureCredentials(config);
    await this.ensureIntegrationConfig(integrationItem, integrationId, config, credentialId);
    if (this.target.actionCredentials.type === 'oauth')
      await this.ensureCustomAuthAction(integrationId);
    if (integration?.intendedState !== 'ENABLED') {
      if (integrationItem.action === 'unchanged') integrationItem.action = 'update';
      if (integration && integrationItem.action !== 'create')
        integrationItem.changes.push({
          path: 'intendedState',
          kind: 'changed',
          before: integration.intendedState,
          after: 'ENABLED',
        });
      if (this.apply && integrationId) {
        this.say(`enabling integration "${integrationName}"`);
        await this.api.setIntegrationState(integrationId, 'ENABLED');
      }
    }

    const build = this.target.build;
    const artifacts = buildGenesysArtifacts({
      ...build,
      integrationId: integrationId ?? INTEGRATION_ID_PLACEHOLDER,
    });
    const createIncident = await this.ensureAction(artifacts.actions.createIncident, integrationId);
    const getIncident = await this.ensureAction(artifacts.actions.getIncident, integrationId);
    if (artifacts.flows) {
      // the flows call the action by the name it has now (a contract change made "<name> v2")
      const config = resolveGenesysBuildConfig({
        ...build,
        createActionName: createIncident.name,
        integrationId: integrationId ?? INTEGRATION_ID_PLACEHOLDER,
      });
      const { flows } = buildGenesysArtifacts(config);
      await deployFlowsAndTrigger({
        api: this.api,
        apply: this.apply,
        config,
        flows: flows as GenesysFlows,
        item: (kind, name) => this.item(kind, name) as FlowPlanItem,
        warn: (text) => this.warnings.push(text),
        say: (line) => this.say(line),
        sleep: this.sleep,
      });
    }
    return {
      integrationId,
      items: this.items,
      warnings: this.warnings,
      actionIds: { createIncident: createIncident.id, getIncident: getIncident.id },
      actionNames: { createIncident: createIncident.name, getIncident: getIncident.name },
    };
  }

  // ----- credentials and integration configuration ---------------------------------------------

  private desiredNotes: string | undefined;

  /** Returns the id of the credential the integration should reference (undefined in a dry run that would create it). */
  private async ensureCredentials(
    config: IntegrationConfiguration | undefined,
  ): Promise<string | undefined> {
    const credentials = this.target.actionCredentials;
    const type = credentialTypeOf(credentials);
    const fields = credentialFieldsOf(credentials);
    const name = credentialNameFor(this.target.integrationName);
    const item = this.item('credentials', name);
    item.notes.push(`type ${credentials.type === 'basic' ? 'Basic Auth' : 'User Defined (OAuth)'}`);

    const referencedId = config?.credentials?.basicAuth?.id;
    let current = referencedId ? await this.api.getCredential(referencedId) : undefined;
    if (!current) {
      // an interrupted run may have created it without referencing it yet: reuse, never duplicate
      const orphan = (await this.api.listCredentials()).find((c) => c.name === name);
      if (orphan) current = { id: orphan.id, name: orphan.name, type: orphan.type ?? { name: '' } };
    }
    const fingerprint = fingerprintFromNotes(config?.notes);
    const verified =
      current !== undefined &&
      current.id === referencedId &&
      current.type?.name === type &&
      fingerprint !== undefined &&
      verifyCredentialFingerprint(fingerprint, type, fields);
    this.desiredNotes = verified ? config?.notes : undefined;
    item.id = current?.id;
    if (verified) return current?.id;

    if (!current) item.action = 'create';
    else {
      item.action = 'update';
      if (current.type?.name !== type)
        item.changes.push({
          path: 'type',
          kind: 'changed',
          before: current.type?.name,
          after: type,
        });
      item.changes.push({
        path: 'credentialFields',
        kind: 'changed',
        before: '(not readable)',
        after: '(values of the configured environment variables)',
      });
      item.notes.push(
        'the stored values differ from the environment variables, or cannot be verified',
      );
    }
    this.desiredNotes = notesWithFingerprint(fingerprintCredential(type, fields));
    if (!this.apply) return current?.id;
    const body = { name, type: { name: type }, credentialFields: fields };
    if (current?.id) {
      this.say(`updating credentials "${name}"`);
      await this.api.updateCredential(current.id, body);
      return current.id;
    }
    this.say(`creating credentials "${name}"`);
    const created = await this.api.createCredential(body);
    item.id = created.id;
    return created.id;
  }

  private async ensureIntegrationConfig(
    integrationItem: PlanItem,
    integrationId: string | undefined,
    config: IntegrationConfiguration | undefined,
    credentialId: string | undefined,
  ): Promise<IntegrationConfiguration | undefined> {
    const name = this.target.integrationName;
    const notes = this.desiredNotes ?? config?.notes ?? '';
    if (config) {
      const changes = [
        ...diffValues(config.name, name, 'config.name'),
        ...diffValues(
          config.credentials?.basicAuth?.id ?? null,
          credentialId ?? '(new credentials)',
          'config.credentials.basicAuth',
        ),
      ];
      // a new integration's item says "create"; listing its first configuration adds nothing
      if (changes.length > 0 && integrationItem.action !== 'create') {
        integrationItem.changes.push(...changes);
        integrationItem.action = 'update';
      }
      if (changes.length === 0 && notes === config.notes) return config;
    }
    if (!this.apply || !integrationId || !credentialId) return config;
    this.say(`configuring integration "${name}"`);
    let current = config ?? (await this.api.getIntegrationConfig(integrationId));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.api.putIntegrationConfig(integrationId, {
          name,
          version: current.version,
          properties: current.properties ?? {},
          advanced: current.advanced ?? {},
          notes,
          credentials: { basicAuth: { id: credentialId } },
        });
      } catch (error) {
        if (!isConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
        current = await this.api.getIntegrationConfig(integrationId);
      }
    }
  }

  private async ensureCustomAuthAction(integrationId: string | undefined): Promise<void> {
    const item = this.item('auth-action', `${this.target.integrationName} custom auth`);
    const desired = customAuthActionConfig();
    if (!integrationId) {
      item.action = 'update';
      item.notes.push(
        'Genesys creates this action with the integration; deploy then configures the token request',
      );
      return;
    }
    const id = customAuthActionIdFor(integrationId);
    item.id = id;
    let current = await this.loadAction(id, false);
    for (let wait = 0; !current && this.apply && wait < 5; wait++) {
      await this.sleep(1000); // Genesys creates it once the OAuth credentials are attached
      current = await this.loadAction(id, false);
    }
    if (!current) {
      if (this.apply)
        throw new GenesysDeployError(
          `Genesys has not created the custom auth action of integration ${integrationId}; check that its credentials are of type User Defined (OAuth), then deploy again`,
        );
      item.action = 'update';
      item.notes.push('Genesys creates this action when the OAuth credentials are attached');
      return;
    }
    item.name = current.name ?? item.name;
    const changes = diffValues(
      comparableConfig(current.config, false),
      comparableConfig(desired, false),
      'config',
    );
    if (changes.length === 0) return;
    item.action = 'update';
    item.changes = changes;
    if (!this.apply) return;
    this.say('configuring the custom auth action (token request)');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.api.patchAction(id, { version: current.version as number, config: desired });
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
        current = (await this.loadAction(id, false)) ?? current;
      }
    }
  }

  // ----- Data Actions --------------------------------------------------------------------------

  /** Published action or draft with its templates filled in (the API may return only their URIs). */
  private async loadAction(id: string, draft: boolean): Promise<Action | undefined> {
    const action = draft ? await this.api.getActionDraft(id) : await this.api.getAction(id);
    if (!action) return undefined;
    const request = action.config?.request;
    if (
      request &&
      request.requestTemplate === undefined &&
      request.requestTemplateUri !== undefined
    )
      request.requestTemplate =
        (await this.api.getActionTemplate(
          id,
          fileName(request.requestTemplateUri, REQUEST_TEMPLATE_FILE),
          draft,
        )) ?? '';
    const response = action.config?.response;
    if (
      response &&
      response.successTemplate === undefined &&
      response.successTemplateUri !== undefined
    )
      response.successTemplate =
        (await this.api.getActionTemplate(
          id,
          fileName(response.successTemplateUri, SUCCESS_TEMPLATE_FILE),
          draft,
        )) ?? '';
    return action;
  }

  /** `<base>` and `<base> vN` of this integration; the highest N is the one deploy maintains. */
  private async family(base: string, integrationId: string): Promise<FamilyMember[]> {
    const pattern = new RegExp(`^${escapeRegExp(base)}(?: v([1-9][0-9]{0,3}))?$`);
    const members = new Map<string, FamilyMember>();
    const add = (action: Action, kind: 'published' | 'draft') => {
      const match = action.name ? pattern.exec(action.name) : null;
      if (!match || !action.id) return;
      if (action.integrationId !== integrationId) {
        const note = `an action named "${action.name}" also exists in another integration (${action.integrationId}); deploy leaves it alone`;
        if (!this.warnings.includes(note)) this.warnings.push(note);
        return;
      }
      const member = members.get(action.id) ?? {
        id: action.id,
        name: action.name as string,
        n: match[1] ? Number(match[1]) : 1,
        published: false,
        draft: false,
      };
      member[kind] = true;
      members.set(action.id, member);
    };
    // the name filter is a partial match: it returns the versions too, and unrelated names
    for (const action of await this.api.listActions(base)) add(action, 'published');
    for (const action of await this.api.listActionDrafts(base)) add(action, 'draft');
    return [...members.values()].sort((a, b) => b.n - a.n);
  }

  private async ensureAction(
    desired: PostActionInput,
    integrationId: string | undefined,
  ): Promise<{ id?: string; name: string }> {
    const base = desired.name;
    const item = this.item('action', base);
    if (!integrationId) {
      item.action = 'create';
      return { name: base };
    }
    this.say(`reading action "${base}"`);
    const [current] = await this.family(base, integrationId);
    if (!current) {
      item.action = 'create';
      if (!this.apply) return { name: base };
      item.id = await this.createAndPublish(desired);
      return { id: item.id, name: base };
    }
    item.name = current.name;
    item.id = current.id;

    if (!current.published) {
      // a create that stopped between draft and publish: finish it
      const draft = await this.loadAction(current.id, true);
      const named = { ...desired, name: current.name };
      const diff = draft ? diffActions(draft as ActionLike, named as ActionLike) : undefined;
      item.action = 'create';
      item.changes = diff ? [...diff.contract, ...diff.config] : [];
      item.notes.push(
        'an earlier deploy created this draft but did not publish it; deploy finishes it',
      );
      if (this.apply) await this.finishDraft(current.id, draft, named);
      return { id: current.id, name: current.name };
    }

    const published = await this.loadAction(current.id, false);
    if (!published)
      throw new GenesysDeployError(
        `action "${current.name}" disappeared while deploying; deploy again`,
      );
    const diff = diffActions(published as ActionLike, desired as ActionLike);
    if (diff.annotations.length > 0)
      item.notes.push(
        'only titles/descriptions of the contract differ from the generated ones: kept as published (a published contract cannot change)',
      );
    if (diff.contract.length > 0) {
      const newName = `${base} v${current.n + 1}`;
      item.action = 'needs-new-version';
      item.newName = newName;
      item.changes = [...diff.contract, ...diff.config];
      const warning =
        `the contract of "${current.name}" changed and a published contract cannot change: ` +
        `deploy ${this.apply ? 'created' : 'would create'} "${newName}". ` +
        `"${current.name}" stays as it is, so flows calling it keep working; repoint them to "${newName}" ` +
        `in Architect (flows generated by incident-bridge name the action: regenerate them with "${newName}").`;
      this.warnings.push(warning);
      if (!this.apply) return { id: current.id, name: current.name };
      item.newId = await this.createAndPublish({ ...desired, name: newName });
      return { id: item.newId, name: newName };
    }
    if (diff.config.length > 0) {
      item.action = 'update';
      item.changes = diff.config;
      if (this.apply) await this.updateInPlace(current.id, current.name, desired);
    } else if (current.draft) {
      item.notes.push(
        'a draft with unpublished edits exists on this action; deploy leaves it alone',
      );
    }
    return { id: current.id, name: current.name };
  }

  private async createAndPublish(desired: PostActionInput): Promise<string> {
    this.say(`creating action "${desired.name}"`);
    const draft = await this.api.createActionDraft(desired);
    if (!draft.id)
      throw new GenesysDeployError(`Genesys returned no id for the draft of "${desired.name}"`);
    await this.validateAndPublish(draft.id, desired.name, draft.version);
    return draft.id;
  }

  private async finishDraft(
    id: string,
    draft: Action | undefined,
    desired: PostActionInput,
  ): Promise<void> {
    let version = draft?.version;
    const diff = draft ? diffActions(draft as ActionLike, desired as ActionLike) : undefined;
    if (!diff || diff.config.length + diff.contract.length + diff.annotations.length > 0) {
      this.say(`updating draft of "${desired.name}"`);
      version = await this.patchDraft(id, (current) => ({
        version: current,
        name: desired.name,
        category: desired.category,
        secure: desired.secure,
        config: desired.config,
        contract: desired.contract,
      }));
    }
    await this.validateAndPublish(id, desired.name, version);
  }

  /** Config change of a published action: draft from it, patch, validate, publish. */
  private async updateInPlace(id: string, name: string, desired: PostActionInput): Promise<void> {
    this.say(`updating action "${name}"`);
    const version = await this.patchDraft(id, (current) => ({
      version: current,
      category: desired.category,
      config: desired.config,
    }));
    await this.validateAndPublish(id, name, version);
  }

  /** PATCH …/draft with the draft's current version (starting a draft when there is none); 409 → re-read. */
  private async patchDraft(
    id: string,
    body: (version: number) => Parameters<GenesysApi['patchActionDraft']>[1],
  ): Promise<number | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        let draft = await this.api.getActionDraft(id);
        if (!draft) draft = await this.api.createDraftFromAction(id);
        const patched = await this.api.patchActionDraft(id, body(draft.version as number));
        return patched.version;
      } catch (error) {
        if (!isConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
      }
    }
  }

  private async validateAndPublish(
    id: string,
    name: string,
    version: number | undefined,
  ): Promise<void> {
    const validation = await this.api.validateActionDraft(id);
    if (validation.valid === false) {
      const reasons = (validation.errors ?? []).map((e) => e.message ?? e.code ?? '?').join('; ');
      throw new GenesysDeployError(
        `Genesys rejects the draft of "${name}": ${reasons || 'invalid'}`,
      );
    }
    this.say(`publishing action "${name}"`);
    let current = version;
    for (let attempt = 1; ; attempt++) {
      try {
        if (current === undefined) current = (await this.api.getActionDraft(id))?.version;
        await this.api.publishActionDraft(id, current as number);
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= CONFLICT_ATTEMPTS) throw error;
        current = undefined;
      }
    }
  }
}

function fileName(uri: string | undefined, fallback: string): string {
  const last = uri?.split('?')[0]?.split('/').pop();
  return last ? decodeURIComponent(last) : fallback;
}
