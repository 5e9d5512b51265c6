/**
 * `incident-bridge doctor --env <name>`: checks both tenants step by step — Genesys login,
 * permissions, integration, credentials and actions (and a dry-run test of the action);
 * ServiceNow reachability, admin access, the app and its roles, and the endpoint as the
 * integration user with every 401/403 traced to its cause — and prints what to fix.
 * Read-only, apart from Genesys running the action's test with dryRun (ServiceNow writes nothing).
 */
import {
  DEFAULT_DEPLOY_CONFIG_PATH,
  integrationUserCredentials,
  loadDeployConfig,
  resolveGenesysEnvironment,
  resolveServiceNowEnvironment,
} from '../lib/deploy-config/index.ts';
import type { DoctorCheck } from '../lib/doctor-check.ts';
import { servicenowChecks } from '../servicenow/doctor-checks.ts';
import { EXIT_FAILED, EXIT_OK } from '../lib/errors.ts';
import { genesysDoctorChecks } from '../genesys/doctor-checks.ts';
import type { GenesysGateway } from '../genesys/client.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { builtAppDir } from '../lib/paths.ts';
import { SecretRedactor } from '../lib/redact-secrets.ts';
import { ServiceNowClient } from '../servicenow/client.ts';
import { loadBuiltApp } from '../servicenow/built-app.ts';
import { desiredSettings } from '../servicenow/app-settings.ts';
import { packageFingerprint } from '../servicenow/fingerprint.ts';

export interface DoctorOptions {
  env: string;
  config?: string;
  json?: boolean;
  /** Skip one side, e.g. in a pipeline that owns only the other. */
  only?: 'genesys' | 'servicenow';
  /** Do not run the Genesys action test (no call into ServiceNow at all). */
  noTest?: boolean;
}

export interface DoctorDeps {
  environment?: Readonly<Record<string, string | undefined>>;
  gateway?: GenesysGateway;
  fetch?: typeof fetch;
  appDir?: string;
}

const MARK: Record<DoctorCheck['status'], string> = {
  ok: 'ok  ',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'skip',
};

export async function doctorCommand(
  options: DoctorOptions,
  io: Io,
  deps: DoctorDeps = {},
): Promise<number> {
  const configPath = options.config ?? DEFAULT_DEPLOY_CONFIG_PATH;
  const config = loadDeployConfig(configPath);
  const environment = deps.environment ?? process.env;
  const checks: DoctorCheck[] = [];
  const secrets: string[] = [];
  const redactor = new SecretRedactor(); // also learns the ServiceNow OAuth token

  if (options.only !== 'servicenow') {
    const target = resolveGenesysEnvironment(config, options.env, environment, configPath);
    secrets.push(...target.secrets);
    checks.push(
      ...(await genesysDoctorChecks({
        target,
        test: !options.noTest,
        ...(deps.gateway ? { gateway: deps.gateway } : {}),
      })),
    );
  }
  if (options.only !== 'genesys') {
    const target = resolveServiceNowEnvironment(config, options.env, environment, configPath);
    secrets.push(...target.secrets);
    const integration = integrationUserCredentials(config, options.env, environment);
    if (integration) secrets.push(integration.password);
    const client = new ServiceNowClient({
      instanceUrl: target.instanceUrl,
      auth: target.auth,
      fetch: deps.fetch,
      redactor,
    });
    const appDir = deps.appDir ?? builtAppDir;
    const app = loadBuiltApp(appDir);
    const environmentConfig = config.environments[options.env];
    const desired = desiredSettings(
      app,
      environmentConfig?.mapping as Record<string, unknown> | undefined,
      environmentConfig?.servicenow.settings,
      `environments.${options.env}`,
    );
    checks.push(
      ...(await servicenowChecks({
        client,
        instanceUrl: target.instanceUrl,
        apiBasePath: target.apiBasePath,
        app,
        integration,
        desired: desired.properties,
        fingerprint: packageFingerprint(appDir),
        envName: options.env,
      })),
    );
  }

  for (const secret of secrets) redactor.add(secret);
  const failed = checks.filter((check) => check.status === 'fail').length;
  if (options.json) {
    writeLine(
      io.stdout,
      redactor.redact(
        JSON.stringify({ environment: options.env, ok: failed === 0, checks }, null, 2),
      ),
    );
  } else {
    writeLine(io.stdout, `doctor [${options.env}]`);
    for (const check of checks) {
      writeLine(
        io.stdout,
        redactor.redact(
          `  ${MARK[check.status]} ${check.platform.padEnd(10)} ${check.name}: ${check.detail}`,
        ),
      );
      if (check.fix && check.status !== 'ok')
        writeLine(io.stdout, redactor.redact(`       fix: ${check.fix}`));
    }
    writeLine(io.stdout, failed === 0 ? 'all checks passed' : `${failed} check(s) failed`);
  }
  return failed === 0 ? EXIT_OK : EXIT_FAILED;
}
