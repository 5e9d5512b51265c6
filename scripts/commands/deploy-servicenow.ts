/**
 * `npm run deploy:servicenow -- --env <name>`: builds the scoped app, installs it with
 * `now-sdk install` (CI mode, time-limited) unless the instance already runs the built version,
 * then verifies over REST: the app at the built version, its roles present, and our endpoint
 * answering a dryRun request as the integration user. `--dry-run` only plans.
 * Exit codes: 0 ok, 1 failed, 2 usage/config, 3 plan has changes (with --dry-run --exit-code).
 */
import { loadBuiltApp } from '../servicenow/built-app.ts';
import {
  integrationUserCredentials,
  serviceNowSecret,
  loadDeployConfig,
  resolveServiceNowEnvironment,
  DEFAULT_DEPLOY_CONFIG_PATH,
} from '../lib/deploy-config/index.ts';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_PLAN_HAS_CHANGES } from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { runNowSdkInstall, type InstallOptions } from '../servicenow/install.ts';
import { builtAppDir } from '../lib/paths.ts';
import { buildServiceNowApp } from '../servicenow/build.ts';
import { SecretRedactor } from '../lib/redact-secrets.ts';
import { ServiceNowApiError, ServiceNowClient } from '../servicenow/client.ts';

export interface DeployServiceNowOptions {
  env: string;
  config?: string;
  dryRun?: boolean;
  json?: boolean;
  /** With --dry-run: exit 3 when the plan has changes. */
  exitCode?: boolean;
  /** Use the existing build under servicenow/dist (e.g. built by an earlier CI step). */
  skipBuild?: boolean;
  /** Install even when the instance already runs the built version. */
  force?: boolean;
}

export interface DeployServiceNowDeps {
  environment?: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
  build?: () => void;
  install?: (options: InstallOptions) => Promise<void>;
  appDir?: string;
  /** Overrides installTimeoutSeconds (tests). */
  installTimeoutMs?: number;
}

export type PlanAction = 'install' | 'upgrade' | 'reinstall' | 'unchanged';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** One line naming the likely cause of a failed ServiceNow call. */
export function explainServiceNowError(error: ServiceNowApiError, who: string): string {
  switch (error.status) {
    case 0:
      return `${error.request}: ${error.platformMessage} (${error.detail}); check instanceUrl and the network`;
    case 401:
      return `${error.request}: 401 ${error.platformMessage}: the ${who} credentials were refused (wrong user/password or OAuth client, or the account is locked)`;
    case 403:
      return `${error.request}: 403 ${error.platformMessage}: the ${who} account lacks a role (deploy needs admin), or an API access policy blocks it`;
    case 429:
      return `${error.request}: 429 rate limited and still limited after retries; rerun later`;
    default:
      return error.message;
  }
}

export async function deployServiceNowCommand(
  options: DeployServiceNowOptions,
  io: Io,
  deps: DeployServiceNowDeps = {},
): Promise<number> {
  const configPath = options.config ?? DEFAULT_DEPLOY_CONFIG_PATH;
  const config = loadDeployConfig(configPath);
  const environment = deps.environment ?? process.env;
  const target = resolveServiceNowEnvironment(config, options.env, environment, configPath);
  // passwords and client secrets; user names and client ids are not secret (and redacting a
  // user name such as "admin" would garble every message)
  const secrets = [serviceNowSecret(target.auth)];
  const integration = integrationUserCredentials(config, options.env, environment);
  if (integration) secrets.push(integration.password);
  const redactor = new SecretRedactor(secrets);
  const progress = (line: string) => {
    if (!options.json) writeLine(io.stderr, redactor.redact(line));
  };

  if (!options.skipBuild) {
    progress('building the ServiceNow app (now-sdk build)…');
    (deps.build ?? (() => buildServiceNowApp({ frozenKeys: process.env.CI === 'true' })))();
  }
  const app = loadBuiltApp(deps.appDir ?? builtAppDir);
  const client = new ServiceNowClient({
    instanceUrl: target.instanceUrl,
    auth: target.auth,
    fetch: deps.fetch,
  });
  const report = {
    environment: options.env,
    instance: target.instanceUrl,
    scope: app.scope,
    builtVersion: app.version,
    installedVersion: null as string | null,
    action: 'unchanged' as PlanAction,
    applied: false,
    checks: [] as Check[],
    ok: false,
  };
  const finish = (code: number, error?: string) => {
    if (options.json) {
      writeLine(
        io.stdout,
        redactor.redact(JSON.stringify({ ...report, ...(error ? { error } : {}) }, null, 2)),
      );
    } else if (error) {
      writeLine(io.stderr, `deploy:servicenow failed: ${redactor.redact(error)}`);
    }
    return code;
  };

  try {
    progress(`reading ${app.scope} on ${target.instanceUrl}…`);
    const installed = await client.installedApp(app.scope);
    report.installedVersion = installed?.version ?? null;
    report.action = !installed
      ? 'install'
      : installed.version !== app.version
        ? 'upgrade'
        : options.force
          ? 'reinstall'
          : 'unchanged';
    const plan =
      report.action === 'install'
        ? `install ${app.scope} ${app.version} (not installed yet)`
        : report.action === 'upgrade'
          ? `upgrade ${app.scope} ${installed?.version} → ${app.version}`
          : report.action === 'reinstall'
            ? `reinstall ${app.scope} ${app.version} (--force)`
            : `unchanged: ${app.scope} ${app.version} is already installed (bump servicenow/package.json "version" to ship changes)`;
    if (!options.json) writeLine(io.stdout, `plan [${options.env}]: ${plan}`);
    if (options.dryRun) {
      report.ok = true;
      return finish(
        options.exitCode && report.action !== 'unchanged' ? EXIT_PLAN_HAS_CHANGES : EXIT_OK,
      );
    }

    if (report.action !== 'unchanged') {
      const limit = Math.round(
        (deps.installTimeoutMs ?? target.installTimeoutSeconds * 1000) / 1000,
      );
      progress(`installing with now-sdk (time limit ${limit} s)…`);
      await (deps.install ?? runNowSdkInstall)({
        instanceUrl: target.instanceUrl,
        auth: target.auth,
        timeoutMs: deps.installTimeoutMs ?? target.installTimeoutSeconds * 1000,
        onLine: (line) => progress(`  ${line}`),
        secrets,
      });
      report.applied = true;
    }

    // verification over REST
    const after = await client.installedApp(app.scope);
    report.checks.push({
      name: 'app version',
      ok: after?.version === app.version,
      detail: after ? `${app.scope} ${after.version} installed` : `${app.scope} is not installed`,
    });
    const roles = app.of('sys_user_role').map((role) => role.fields.name ?? '');
    const present = await client.existingRoles(roles);
    const missing = roles.filter((role) => !present.includes(role));
    report.checks.push({
      name: 'roles',
      ok: missing.length === 0,
      detail:
        missing.length === 0 ? `${roles.join(', ')} present` : `missing: ${missing.join(', ')}`,
    });
    if (integration) {
      const dry = await client.endpointDryRun(target.apiBasePath, integration);
      const ok = dry.status === 200 && dry.result?.dry_run === true;
      const detail = ok
        ? `POST ${target.apiBasePath}/incidents dryRun answered 200 as ${integration.user}`
        : dry.status === 401
          ? `401: the integration user's credentials were refused`
          : dry.status === 403
            ? `403: ${integration.user} lacks the ${app.scope}.integration role (or an ACL/API access policy blocks it)`
            : `unexpected ${dry.status} from POST ${target.apiBasePath}/incidents`;
      report.checks.push({ name: 'endpoint dry run', ok, detail });
    } else {
      report.checks.push({
        name: 'endpoint dry run',
        ok: true,
        detail:
          'skipped: set the integration user variables of genesys.credentials to check the endpoint',
      });
    }
    report.ok = report.checks.every((check) => check.ok);
    if (!options.json) {
      for (const check of report.checks)
        writeLine(io.stdout, `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
      writeLine(
        io.stdout,
        report.ok
          ? `deploy:servicenow [${options.env}]: ${report.applied ? 'installed and verified' : 'unchanged, verified'}`
          : `deploy:servicenow [${options.env}]: verification failed`,
      );
    }
    return finish(report.ok ? EXIT_OK : EXIT_FAILED);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message =
      error instanceof ServiceNowApiError
        ? explainServiceNowError(error, 'admin')
        : error instanceof Error
          ? error.message
          : String(error);
    return finish(EXIT_FAILED, message);
  }
}
