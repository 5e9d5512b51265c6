/**
 * Integration identity as code: the ServiceNow user the Data Actions log in as (named by
 * genesys.credentials, Basic) exists, is active, not locked out, "web service access only", has
 * the app's integration role and no other role granted to it directly, and logs in with the
 * password of the variable the config names. An existing user is adopted; the plan says what
 * changes. The password is never read back (the platform stores a hash): a login check with it
 * decides whether it must be set, so an unchanged deploy writes nothing.
 */
import type { ServiceNowClient } from './client.ts';

export interface IntegrationUserTarget {
  user: string;
  password: string;
  /** The variable the password comes from: what plans name instead of the value. */
  passwordEnv: string;
  /** The role the REST endpoint's ACL requires, e.g. x_ibr_incbridge.integration. */
  role: string;
}

export interface IntegrationUserPlan {
  action: 'create' | 'update' | 'unchanged';
  user: string;
  sysId?: string;
  /** Field changes of the sys_user record (values are booleans, never the password). */
  fields: Record<string, { from: string; to: string }>;
  setPassword: boolean;
  grantRole: boolean;
  /** Direct grants of other roles, removed so the account can do nothing else. */
  revoke: Array<{ sysId: string; role: string }>;
  /** Lines for the plan, in order. */
  changes: string[];
  /** What deploy cannot fix itself (roles inherited from groups). */
  notes: string[];
}

const WANTED = { active: 'true', locked_out: 'false', web_service_access_only: 'true' } as const;

export async function planIntegrationUser(
  client: ServiceNowClient,
  target: IntegrationUserTarget,
): Promise<IntegrationUserPlan> {
  const plan: IntegrationUserPlan = {
    action: 'unchanged',
    user: target.user,
    fields: {},
    setPassword: false,
    grantRole: false,
    revoke: [],
    changes: [],
    notes: [],
  };
  const [account] = await client.table(
    'sys_user',
    { user_name: target.user },
    ['sys_id', 'user_name', 'active', 'locked_out', 'web_service_access_only'],
    1,
  );
  if (!account) {
    plan.action = 'create';
    plan.setPassword = true;
    plan.grantRole = true;
    plan.changes.push(
      `+ user ${target.user}: active, not locked out, web service access only`,
      `+ password from ${target.passwordEnv}`,
      `+ role ${target.role}`,
    );
    return plan;
  }
  plan.sysId = account.sys_id;
  for (const [field, wanted] of Object.entries(WANTED)) {
    const current = account[field] === 'true' ? 'true' : 'false';
    if (current !== wanted) {
      plan.fields[field] = { from: current, to: wanted };
      plan.changes.push(`~ ${field}: ${current} → ${wanted}`);
    }
  }
  const grants = await client.table(
    'sys_user_has_role',
    { user: account.sys_id ?? '' },
    ['sys_id', 'role.name', 'inherited'],
    500,
  );
  const direct = grants.filter((grant) => grant.inherited !== 'true');
  if (!direct.some((grant) => grant['role.name'] === target.role)) {
    plan.grantRole = true;
    plan.changes.push(`+ role ${target.role}`);
  }
  for (const grant of direct) {
    const role = grant['role.name'] ?? '';
    if (role === target.role) continue;
    plan.revoke.push({ sysId: grant.sys_id ?? '', role });
    plan.changes.push(`- role ${role} (the integration user gets ${target.role} only)`);
  }
  for (const grant of grants) {
    if (grant.inherited === 'true' && grant['role.name'] !== target.role)
      plan.notes.push(
        `${target.user} inherits ${grant['role.name']} from a group: remove it from that group`,
      );
  }
  // an inactive or locked account refuses every login: its password is set anyway
  const loginPossible = !plan.fields.active && !plan.fields.locked_out;
  if (!loginPossible || (await client.credentialsRefused(target.user, target.password))) {
    plan.setPassword = true;
    plan.changes.push(`~ password: set from ${target.passwordEnv}`);
  }
  if (plan.changes.length > 0) plan.action = 'update';
  return plan;
}

/** Applies a plan made by planIntegrationUser (after the app is installed: the role exists). */
export async function applyIntegrationUser(
  client: ServiceNowClient,
  plan: IntegrationUserPlan,
  target: IntegrationUserTarget,
): Promise<number> {
  let writes = 0;
  let sysId = plan.sysId;
  if (plan.action === 'create') {
    const created = await client.tableWrite(
      'POST',
      'sys_user',
      undefined,
      {
        user_name: target.user,
        first_name: 'Genesys Cloud',
        last_name: 'Integration',
        ...WANTED,
        user_password: target.password,
      },
      { displayValue: true },
    );
    writes++;
    sysId = created?.sys_id;
  } else if (sysId && (Object.keys(plan.fields).length > 0 || plan.setPassword)) {
    const values: Record<string, string> = {};
    for (const [field, change] of Object.entries(plan.fields)) values[field] = change.to;
    if (plan.setPassword) values.user_password = target.password;
    await client.tableWrite('PATCH', 'sys_user', sysId, values, { displayValue: plan.setPassword });
    writes++;
  }
  if (!sysId) throw new Error(`the instance did not return the sys_id of ${target.user}`);
  if (plan.grantRole) {
    const [role] = await client.table('sys_user_role', { name: target.role }, ['sys_id'], 1);
    if (!role?.sys_id)
      throw new Error(`role ${target.role} is not on the instance: is the app installed?`);
    await client.tableWrite('POST', 'sys_user_has_role', undefined, {
      user: sysId,
      role: role.sys_id,
    });
    writes++;
  }
  for (const grant of plan.revoke) {
    await client.tableWrite('DELETE', 'sys_user_has_role', grant.sysId, {});
    writes++;
  }
  return writes;
}
