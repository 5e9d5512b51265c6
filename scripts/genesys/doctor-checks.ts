/**
 * Genesys half of `doctor`: login, permissions, and whether the org matches what deploy:genesys
 * would make it (integration enabled, credentials current, actions published as generated) —
 * read-only, from a dry-run plan — then optionally the create action's test with `dryRun: true`,
 * which goes through Genesys to ServiceNow and back without writing anything.
 */
import type { DoctorCheck } from '../lib/doctor-check.ts';
import type { ResolvedGenesysEnvironment } from '../lib/deploy-config/index.ts';
import { SecretRedactor } from '../lib/redact-secrets.ts';
import { renderChange } from './action-diff.ts';
import {
  connectGenesys,
  GenesysApiError,
  GenesysLoginError,
  type GenesysApi,
  type GenesysGateway,
} from './client.ts';
import { GenesysDeployError, GenesysDeployment, type PlanItem } from './deploy.ts';

export interface GenesysDoctorInput {
  target: ResolvedGenesysEnvironment;
  /** Run the create action's test (dryRun: ServiceNow writes nothing). Default true. */
  test?: boolean;
  /** Tests: send login and API calls to a local fake. */
  gateway?: GenesysGateway;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const GENESYS_PERMISSIONS =
  'Integrations > Integration > View/Add/Edit, Integrations > Action > View/Add/Edit/Execute, ' +
  'Architect > Flow > View/Add/Edit/Publish, Process Automation > Trigger > View/Add/Edit';

const check = (
  name: string,
  status: DoctorCheck['status'],
  detail: string,
  fix?: string,
): DoctorCheck => ({ platform: 'genesys', name, status, detail, ...(fix ? { fix } : {}) });

function describeChanges(item: PlanItem): string {
  const paths = item.changes.map((change) => renderChange(change)[0] ?? change.path);
  return paths.slice(0, 3).join('; ') + (paths.length > 3 ? `; … (${paths.length} changes)` : '');
}

function planChecks(items: readonly PlanItem[], env: string): DoctorCheck[] {
  const deploy = `run npm run deploy:genesys -- --env ${env}`;
  return items.map((item) => {
    const label = `${item.kind} "${item.name}"`;
    switch (item.action) {
      case 'unchanged':
        return check(
          label,
          'ok',
          item.kind === 'action' ? 'published, as generated' : 'as deployed',
        );
      case 'create':
        return check(label, 'fail', 'missing (or never published)', deploy);
      case 'needs-new-version':
        return check(
          label,
          'warn',
          `its contract differs from the generated one: deploy would create "${item.newName}"`,
          `${deploy}, then repoint flows to "${item.newName}"`,
        );
      case 'update':
        return check(
          label,
          item.kind === 'integration' && item.changes.some((c) => c.path === 'intendedState')
            ? 'fail'
            : 'warn',
          item.kind === 'credentials'
            ? 'the stored credentials do not match the environment variables (or were edited in Genesys)'
            : `differs from the generated configuration: ${describeChanges(item)}`,
          deploy,
        );
    }
  });
}

function explainTestFailure(message: string): string {
  if (/\b401\b/.test(message))
    return 'ServiceNow refused the integration credentials: check the variables named by genesys.credentials, then deploy again';
  if (/\b403\b/.test(message))
    return "the ServiceNow integration user lacks role x_ibr_incbridge.integration, or an ACL/API access policy blocks it (see doctor's ServiceNow checks)";
  if (/\b404\b/.test(message))
    return 'the endpoint is missing: is the app installed (deploy:servicenow) and servicenow.apiBasePath right?';
  if (/time(d)? ?out/i.test(message))
    return 'ServiceNow did not answer within timeoutSeconds: check the instance and genesys.timeoutSeconds';
  return "open the action's Test tab in Genesys Cloud for the step that failed";
}

/** Read-only checks of one environment's Genesys org; never throws for platform answers. */
export async function genesysDoctorChecks(input: GenesysDoctorInput): Promise<DoctorCheck[]> {
  const { target } = input;
  const redactor = new SecretRedactor(target.secrets);
  const checks: DoctorCheck[] = [];
  let api: GenesysApi;
  try {
    api = await connectGenesys({
      region: target.region,
      clientId: target.clientId,
      clientSecret: target.clientSecret,
      gateway: input.gateway,
      timeoutMs: input.timeoutMs,
      retry: { sleep: input.sleep },
      redactor,
    });
  } catch (error) {
    if (!(error instanceof GenesysLoginError)) throw error;
    return [
      check(
        'login',
        'fail',
        redactor.redact(error.message),
        "check the variables named by genesys.clientIdEnv/clientSecretEnv, that the OAuth client uses the Client Credentials grant, and that genesys.region is the org's region",
      ),
    ];
  }
  checks.push(check('login', 'ok', `OAuth client accepted by ${target.region}`));

  const deployment = new GenesysDeployment(
    api,
    {
      integrationName: target.integrationName,
      actionCredentials: target.actionCredentials,
      build: target.build,
    },
    { dryRun: true, sleep: input.sleep },
  );
  let result;
  try {
    result = await deployment.run();
  } catch (error) {
    if (error instanceof GenesysApiError && error.status === 403)
      return [
        ...checks,
        check(
          'permissions',
          'fail',
          redactor.redact(error.message),
          `give the OAuth client's role ${GENESYS_PERMISSIONS}`,
        ),
      ];
    if (error instanceof GenesysApiError || error instanceof GenesysDeployError)
      return [...checks, check('configuration', 'fail', redactor.redact(error.message))];
    throw error;
  }
  checks.push(...planChecks(result.items, target.name));
  for (const warning of result.warnings) checks.push(check('note', 'warn', warning));

  const create = result.items.find((item) => item.kind === 'action');
  const actionId = result.actionIds.createIncident;
  if (input.test === false) return checks;
  if (!actionId || create?.action === 'create') {
    checks.push(check('action test', 'skip', 'the create action is not published'));
    return checks;
  }
  try {
    const test = await api.testAction(actionId, {
      customCallId: `incident-bridge-doctor-${Date.now()}`,
      channel: 'voice',
      shortDescription: 'incident-bridge doctor (dryRun: nothing is written)',
      dryRun: true,
    });
    if (test.success === true)
      checks.push(
        check(
          'action test',
          'ok',
          `"${result.actionNames.createIncident}" reached ServiceNow and mapped its answer (dryRun)`,
        ),
      );
    else {
      const failed = test.operations?.find((operation) => operation.success === false);
      const message = redactor.redact(
        test.error?.message ?? failed?.error?.message ?? failed?.name ?? 'failed',
      );
      checks.push(check('action test', 'fail', message, explainTestFailure(message)));
    }
  } catch (error) {
    if (!(error instanceof GenesysApiError)) throw error;
    checks.push(
      check(
        'action test',
        'fail',
        redactor.redact(error.message),
        error.status === 403
          ? `give the OAuth client's role Integrations > Action > Execute`
          : undefined,
      ),
    );
  }
  return checks;
}
