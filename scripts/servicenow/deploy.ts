/**
 * Converges a ServiceNow instance on the built app and the environment's configuration: the app
 * (installed with now-sdk when missing, at another version, or on --force), the integration
 * user (integration-user.ts), the app's properties (app-settings.ts) and the package fingerprint
 * that lets the next plan notice a changed app whose version was not bumped.
 *
 * One code path plans and applies: with `dryRun` every decision is made from what was read and
 * nothing is written; a rerun with nothing changed reads and writes nothing. After applying, the
 * result is verified over REST: version, fingerprint, roles, the hardened-instance needs
 * (privileges, table access, unique index) and the endpoint as the integration user.
 */
import type { BuiltApp } from './built-app.ts';
import type { ServiceNowClient } from './client.ts';
import { shortFingerprint } from './fingerprint.ts';
import { sameSetting, type DesiredProperty } from './app-settings.ts';
import {
  applyIntegrationUser,
  planIntegrationUser,
  type IntegrationUserPlan,
  type IntegrationUserTarget,
} from './integration-user.ts';
import { privilegeCheck, tableAccessChecks, uniqueIndexCheck } from './hardening-checks.ts';
import { PROPERTY_PREFIX } from '../../servicenow/src/server/app-names.ts';

export const FINGERPRINT_PROPERTY = `${PROPERTY_PREFIX}package_fingerprint`;

export type AppAction = 'install' | 'upgrade' | 'reinstall' | 'unchanged' | 'refused';
export type ItemAction = 'create' | 'update' | 'unchanged' | AppAction;

export interface PlanItem {
  kind: 'app' | 'user' | 'property';
  name: string;
  action: ItemAction;
  /** Readable changes (`~ field: old → new`); never a secret value. */
  changes: string[];
  notes: string[];
}

export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface ServiceNowDeployInput {
  client: ServiceNowClient;
  app: BuiltApp;
  /** packageFingerprint() of the built package. */
  fingerprint: string;
  /** Undefined when the Data Actions do not log in as a user (OAuth credentials). */
  integration: IntegrationUserTarget | undefined;
  desired: DesiredProperty[];
  apiBasePath: string;
  dryRun: boolean;
  force: boolean;
  install(): Promise<void>;
  progress(line: string): void;
}

export interface ServiceNowDeployResult {
  installedVersion: string | null;
  installedFingerprint: string | null;
  appAction: AppAction;
  items: PlanItem[];
  /** The one-line reason and fix when the plan refuses to deploy. */
  refused?: string;
  applied: boolean;
  /** Table API writes made (the install itself not counted). */
  writes: number;
  checks: VerifyCheck[];
}

async function propertyValues(
  client: ServiceNowClient,
  names: string[],
): Promise<Map<string, { sysId: string; value: string }>> {
  const values = new Map<string, { sysId: string; value: string }>();
  for (const name of names) {
    const [row] = await client.table('sys_properties', { name }, ['sys_id', 'name', 'value'], 1);
    if (row) values.set(name, { sysId: row.sys_id ?? '', value: row.value ?? '' });
  }
  return values;
}

function appPlan(
  app: BuiltApp,
  fingerprint: string,
  installed: { version: string } | undefined,
  installedFingerprint: string | null,
  force: boolean,
): { action: AppAction; item: PlanItem; refused?: string } {
  const built = `${app.scope} ${app.version} (fingerprint ${shortFingerprint(fingerprint)})`;
  const item = (action: AppAction, changes: string[], notes: string[] = []): PlanItem => ({
    kind: 'app',
    name: app.scope,
    action,
    changes,
    notes,
  });
  if (!installed) return { action: 'install', item: item('install', [`+ ${built}`]) };
  if (installed.version !== app.version)
    return {
      action: 'upgrade',
      item: item('upgrade', [`~ version: ${installed.version} → ${app.version}`]),
    };
  if (force) return { action: 'reinstall', item: item('reinstall', [`~ ${built} (--force)`]) };
  if (installedFingerprint === fingerprint)
    return { action: 'unchanged', item: item('unchanged', [], [built]) };
  const refused =
    installedFingerprint === null || installedFingerprint === ''
      ? `${app.scope} ${app.version} is installed without a recorded fingerprint, so its content cannot be compared with the build: bump servicenow/package.json version (or rerun with --bump; --force reinstalls it)`
      : `the built ${app.scope} differs from the installed one (fingerprint ${shortFingerprint(installedFingerprint)} → ${shortFingerprint(fingerprint)}) but both are version ${app.version}: bump servicenow/package.json version (or rerun with --bump)`;
  return { action: 'refused', item: item('refused', [], [refused]), refused };
}

function userItem(plan: IntegrationUserPlan): PlanItem {
  return {
    kind: 'user',
    name: plan.user,
    action: plan.action,
    changes: plan.changes,
    notes: plan.notes,
  };
}

export async function deployServiceNow(
  input: ServiceNowDeployInput,
): Promise<ServiceNowDeployResult> {
  const { client, app } = input;
  input.progress(`reading ${app.scope} on the instance…`);
  const installed = await client.installedApp(app.scope);
  const [recorded] = installed
    ? await client.table('sys_properties', { name: FINGERPRINT_PROPERTY }, ['value'], 1)
    : [];
  const installedFingerprint = installed ? (recorded?.value ?? '') || null : null;
  const { action, item, refused } = appPlan(
    app,
    input.fingerprint,
    installed,
    installedFingerprint,
    input.force,
  );
  const result: ServiceNowDeployResult = {
    installedVersion: installed?.version ?? null,
    installedFingerprint,
    appAction: action,
    items: [item],
    applied: false,
    writes: 0,
    checks: [],
    ...(refused ? { refused } : {}),
  };

  const userPlan = input.integration
    ? await planIntegrationUser(client, input.integration)
    : undefined;
  if (userPlan) result.items.push(userItem(userPlan));

  const builtDefaults = new Map(
    app.of('sys_properties').map((p) => [p.fields.name ?? '', p.fields.value ?? '']),
  );
  const current = installed
    ? await propertyValues(
        client,
        input.desired.map((p) => p.name),
      )
    : new Map<string, { sysId: string; value: string }>();
  for (const property of input.desired) {
    // not on the instance yet: the install brings it with its built default
    const now = current.get(property.name)?.value ?? builtDefaults.get(property.name) ?? '';
    const same = sameSetting(property.name, now, property.value);
    result.items.push({
      kind: 'property',
      name: property.name,
      action: same ? 'unchanged' : 'update',
      changes: same ? [] : [`~ ${JSON.stringify(now)} → ${JSON.stringify(property.value)}`],
      notes: property.source === 'default' ? ['default'] : [],
    });
  }
  if (refused || input.dryRun) return result;

  // apply: the app first (it brings the role and the properties) and, at once, its fingerprint —
  // a run that fails later converges on rerun instead of meeting an unrecorded install — then
  // the user and the settings
  if (action !== 'unchanged') {
    await input.install();
    result.applied = true;
  }
  const [fingerprintRow] = await client.table(
    'sys_properties',
    { name: FINGERPRINT_PROPERTY },
    ['sys_id', 'value'],
    1,
  );
  if (!fingerprintRow?.sys_id)
    throw new Error(`property ${FINGERPRINT_PROPERTY} is not on the instance after install`);
  if (fingerprintRow.value !== input.fingerprint) {
    await client.tableWrite('PATCH', 'sys_properties', fingerprintRow.sys_id, {
      value: input.fingerprint,
    });
    result.writes++;
  }
  if (userPlan && input.integration && userPlan.action !== 'unchanged') {
    input.progress(`${userPlan.action === 'create' ? 'creating' : 'updating'} ${userPlan.user}…`);
    result.writes += await applyIntegrationUser(client, userPlan, input.integration);
    result.applied = true;
  }
  const after = await propertyValues(
    client,
    input.desired.map((p) => p.name),
  );
  for (const property of input.desired) {
    const row = after.get(property.name);
    if (!row) throw new Error(`property ${property.name} is not on the instance after install`);
    if (sameSetting(property.name, row.value, property.value)) continue;
    input.progress(`setting ${property.name}…`);
    await client.tableWrite('PATCH', 'sys_properties', row.sysId, { value: property.value });
    result.writes++;
    result.applied = true;
  }
  result.checks = await verify(input);
  return result;
}

/** After applying: what an instance must show for the integration to work. */
async function verify(input: ServiceNowDeployInput): Promise<VerifyCheck[]> {
  const { client, app } = input;
  const checks: VerifyCheck[] = [];
  const after = await client.installedApp(app.scope);
  checks.push({
    name: 'app version',
    ok: after?.version === app.version,
    detail: after ? `${app.scope} ${after.version} installed` : `${app.scope} is not installed`,
  });
  const [recorded] = await client.table(
    'sys_properties',
    { name: FINGERPRINT_PROPERTY },
    ['value'],
    1,
  );
  checks.push({
    name: 'fingerprint',
    ok: recorded?.value === input.fingerprint,
    detail: `recorded ${shortFingerprint(recorded?.value ?? '')}, built ${shortFingerprint(input.fingerprint)}`,
  });
  const roles = app.of('sys_user_role').map((role) => role.fields.name ?? '');
  const present = await client.existingRoles(roles);
  const missing = roles.filter((role) => !present.includes(role));
  checks.push({
    name: 'roles',
    ok: missing.length === 0,
    detail: missing.length === 0 ? `${roles.join(', ')} present` : `missing: ${missing.join(', ')}`,
  });
  for (const check of [
    await privilegeCheck(client, app),
    ...(await tableAccessChecks(client, app)),
    await uniqueIndexCheck(client),
  ]) {
    checks.push({
      name: check.name,
      ok: check.status !== 'fail',
      detail: check.detail,
      ...(check.fix ? { fix: check.fix } : {}),
    });
  }
  if (input.integration) {
    const { user, password } = input.integration;
    const dry = await client.endpointDryRun(input.apiBasePath, { user, password });
    const ok = dry.status === 200 && dry.result?.dry_run === true;
    checks.push({
      name: 'endpoint dry run',
      ok,
      detail: ok
        ? `POST ${input.apiBasePath}/incidents dryRun answered 200 as ${user}`
        : dry.status === 401
          ? `401: the integration user's credentials were refused`
          : dry.status === 403
            ? `403: ${user} lacks the ${app.scope}.integration role (or an ACL/API access policy blocks it)`
            : `unexpected ${dry.status} from POST ${input.apiBasePath}/incidents`,
    });
  } else {
    checks.push({
      name: 'endpoint dry run',
      ok: true,
      detail: 'skipped: the Data Actions use OAuth; check the endpoint with deploy:genesys --smoke',
    });
  }
  return checks;
}
