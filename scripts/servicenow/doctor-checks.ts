/**
 * ServiceNow half of `doctor`: instance reachable, admin credentials, app installed at the
 * built version (and content), roles present, what a hardened instance needs (cross-scope
 * privileges, incident's access settings, the unique index), settings drift from
 * incident-bridge.yaml, and the endpoint as the integration user — with every 403
 * traced to its cause (missing role, inactive or locked account, snc_internal, an API access
 * policy) instead of the generic "User Not Authorized" the platform answers.
 */
import type { BuiltApp } from './built-app.ts';
import { ServiceNowApiError, type ServiceNowClient } from './client.ts';
import type { DoctorCheck } from '../lib/doctor-check.ts';
import { sameSetting, type DesiredProperty } from './app-settings.ts';
import { privilegeCheck, tableAccessChecks, uniqueIndexCheck } from './hardening-checks.ts';
import { FINGERPRINT_PROPERTY } from './deploy.ts';
import { shortFingerprint } from './fingerprint.ts';
import { planIntegrationUser } from './integration-user.ts';

export interface ServiceNowDoctorInput {
  client: ServiceNowClient;
  instanceUrl: string;
  apiBasePath: string;
  app: BuiltApp;
  integration: { user: string; password: string } | undefined;
  /** The properties incident-bridge.yaml sets (app-settings.ts): drift is reported. */
  desired?: DesiredProperty[];
  /** Fingerprint of the built package: a different installed one is reported. */
  fingerprint?: string;
  /** Environment name, for fix lines. */
  envName?: string;
}

/** Properties whose instance value differs from incident-bridge.yaml (someone changed them by hand). */
async function settingsDrift(input: ServiceNowDoctorInput): Promise<DoctorCheck> {
  const drifted: string[] = [];
  for (const property of input.desired ?? []) {
    const [row] = await input.client.table('sys_properties', { name: property.name }, ['value'], 1);
    const value = row?.value ?? '';
    if (!sameSetting(property.name, value, property.value))
      drifted.push(
        `${property.name}: ${JSON.stringify(value)} (file: ${JSON.stringify(property.value)})`,
      );
  }
  return drifted.length === 0
    ? check('settings', 'ok', `${input.desired?.length ?? 0} properties match incident-bridge.yaml`)
    : check(
        'settings',
        'warn',
        `changed on the instance: ${drifted.join('; ')}`,
        `run npm run deploy:servicenow -- --env ${input.envName ?? '<name>'} to restore incident-bridge.yaml's values, or put the new values into the file`,
      );
}

const check = (
  name: string,
  status: DoctorCheck['status'],
  detail: string,
  fix?: string,
): DoctorCheck => ({
  platform: 'servicenow',
  name,
  status,
  detail,
  ...(fix ? { fix } : {}),
});

function adminFailure(error: unknown, instanceUrl: string): DoctorCheck {
  if (!(error instanceof ServiceNowApiError)) throw error;
  if (error.status === 0) {
    return check(
      'instance reachable',
      'fail',
      `${instanceUrl}: ${error.platformMessage}`,
      'check servicenow.instanceUrl and that this machine can reach it',
    );
  }
  if (error.status === 401) {
    return check(
      'admin login',
      'fail',
      '401: the admin credentials were refused',
      'check the variables named by servicenow.auth (user/password or OAuth client), and that the account is active and not locked',
    );
  }
  if (error.status === 403) {
    return check(
      'admin access',
      'fail',
      `403 ${error.platformMessage}: the admin account may not read sys_app`,
      'deploy and doctor need an account with the admin role (or an OAuth client acting as one)',
    );
  }
  if (/HTML/.test(error.detail)) {
    return check(
      'instance reachable',
      'fail',
      `${error.status}: ${error.detail}`,
      'wake the instance (developer instances hibernate) or fix the proxy',
    );
  }
  return check('instance reachable', 'fail', error.message);
}

/**
 * Why the integration user was refused (401) or forbidden (403): reads the account and its
 * roles with the admin client, since the platform's own answer never says.
 */
async function explainRefusal(
  input: ServiceNowDoctorInput,
  user: string,
  status: 401 | 403,
): Promise<DoctorCheck> {
  const name = 'endpoint as integration user';
  const role = `${input.app.scope}.integration`;
  const accounts = await input.client.table(
    'sys_user',
    { user_name: user },
    ['sys_id', 'active', 'locked_out', 'web_service_access_only'],
    1,
  );
  const account = accounts[0];
  if (!account)
    return check(
      name,
      'fail',
      `${status}: there is no user ${user} on the instance`,
      `create ${user} and grant it ${role}`,
    );
  if (account.active !== 'true')
    return check(name, 'fail', `${status}: ${user} is inactive`, `activate ${user}`);
  if (account.locked_out === 'true')
    return check(
      name,
      'fail',
      `${status}: ${user} is locked out`,
      `unlock ${user} (too many failed logins?)`,
    );
  if (status === 401) {
    return check(
      name,
      'fail',
      `401: ${user}'s password was refused`,
      `fix the password in the variables named by genesys.credentials and in the Genesys integration's credentials`,
    );
  }
  const grants = await input.client.table(
    'sys_user_has_role',
    { user: account.sys_id ?? '' },
    ['role.name'],
    500,
  );
  const roles = grants.map((grant) => grant['role.name']);
  if (!roles.includes(role)) {
    return check(
      name,
      'fail',
      `403: ${user} lacks the role ${role} (the REST endpoint ACL requires it)`,
      `grant ${role} to ${user}`,
    );
  }
  return check(
    name,
    'fail',
    `403 although ${user} has ${role}: an API access policy, an IP access control, or a changed route (snc_internal required?) blocks it`,
    `check System Web Services > API Access Policies and the routes' "Requires snc_internal role" flag, or grant snc_internal to ${user}`,
  );
}

/**
 * The integration user as deploy leaves it (web service access only, the one role): what
 * deploy would change now is drift, e.g. a role someone granted by hand.
 */
async function identityDrift(
  input: ServiceNowDoctorInput,
  integration: { user: string; password: string },
): Promise<DoctorCheck> {
  const plan = await planIntegrationUser(input.client, {
    ...integration,
    passwordEnv: 'the password variable',
    role: `${input.app.scope}.integration`,
  });
  if (plan.action === 'unchanged' && plan.notes.length === 0)
    return check(
      'integration user',
      'ok',
      `${integration.user}: web service access only, ${input.app.scope}.integration and no other role`,
    );
  return check(
    'integration user',
    'warn',
    `${integration.user} differs from what deploy makes it: ${[...plan.changes, ...plan.notes].join('; ')}`,
    `run npm run deploy:servicenow -- --env ${input.envName ?? '<name>'} (it adopts the account)`,
  );
}

export async function servicenowChecks(input: ServiceNowDoctorInput): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const { app, client } = input;
  let installed;
  try {
    installed = await client.installedApp(app.scope);
  } catch (error) {
    return [adminFailure(error, input.instanceUrl)];
  }
  checks.push(
    check('instance reachable', 'ok', `${input.instanceUrl} answers, admin credentials accepted`),
  );
  if (!installed) {
    checks.push(
      check(
        'app installed',
        'fail',
        `${app.scope} is not installed`,
        'run npm run deploy:servicenow -- --env <name>',
      ),
    );
    return checks;
  }
  checks.push(
    installed.version === app.version
      ? check('app installed', 'ok', `${app.scope} ${installed.version} (the built version)`)
      : check(
          'app installed',
          'warn',
          `${app.scope} ${installed.version} installed, ${app.version} built`,
          'run npm run deploy:servicenow to install the built version',
        ),
  );
  if (input.fingerprint && installed.version === app.version) {
    const [recorded] = await client.table(
      'sys_properties',
      { name: FINGERPRINT_PROPERTY },
      ['value'],
      1,
    );
    if (recorded?.value !== input.fingerprint)
      checks.push(
        check(
          'app content',
          'warn',
          `installed fingerprint ${shortFingerprint(recorded?.value ?? '')}, built ${shortFingerprint(input.fingerprint)}: the build differs from what is installed`,
          'bump servicenow/package.json version and run npm run deploy:servicenow',
        ),
      );
  }
  const roles = app.of('sys_user_role').map((r) => r.fields.name ?? '');
  const present = await client.existingRoles(roles);
  const missing = roles.filter((r) => !present.includes(r));
  checks.push(
    missing.length === 0
      ? check('roles', 'ok', roles.join(', '))
      : check(
          'roles',
          'fail',
          `missing: ${missing.join(', ')}`,
          'reinstall the app (npm run deploy:servicenow -- --force)',
        ),
  );

  for (const hardening of [
    await privilegeCheck(client, app),
    ...(await tableAccessChecks(client, app)),
    await uniqueIndexCheck(client),
  ])
    checks.push({ platform: 'servicenow', ...hardening });
  if (input.desired) checks.push(await settingsDrift(input));

  if (!input.integration) {
    checks.push(
      check(
        'endpoint as integration user',
        'skip',
        'no integration user credentials in the environment',
        'set the variables named by genesys.credentials',
      ),
    );
    return checks;
  }
  const { user } = input.integration;
  const dry = await client.endpointDryRun(input.apiBasePath, input.integration);
  if (dry.status === 200 && dry.result?.dry_run === true) {
    checks.push(
      check(
        'endpoint as integration user',
        'ok',
        `POST ${input.apiBasePath}/incidents dryRun → 200 as ${user}`,
      ),
    );
    checks.push(await identityDrift(input, input.integration));
  } else if (dry.status === 401 || dry.status === 403) {
    checks.push(await explainRefusal(input, user, dry.status));
  } else if (dry.status === 429) {
    checks.push(
      check(
        'endpoint as integration user',
        'fail',
        `429: ${user} is rate limited`,
        'check System Web Services > REST API Rate Limits for a rule that matches this user',
      ),
    );
  } else if (
    dry.status === 400 &&
    /does not represent any resource/.test(JSON.stringify(dry.result ?? ''))
  ) {
    checks.push(
      check(
        'endpoint as integration user',
        'fail',
        `the API path ${input.apiBasePath} does not exist`,
        'check servicenow.apiBasePath and that the app is installed',
      ),
    );
  } else {
    checks.push(
      check(
        'endpoint as integration user',
        'fail',
        `unexpected ${dry.status} from POST ${input.apiBasePath}/incidents`,
      ),
    );
  }
  return checks;
}
