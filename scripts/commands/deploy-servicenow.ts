/**
 * `npm run deploy:servicenow -- --env <name>`: builds the scoped app and converges the instance
 * on it and on the environment's configuration (scripts/servicenow/deploy.ts): the app installed
 * with `now-sdk install` (CI mode, time-limited) when missing, at another version or changed, the
 * integration user and its role, the app's properties, then a verification over REST.
 * `--dry-run` only plans; `--bump` raises the patch version of servicenow/package.json first.
 * Exit codes: 0 ok, 1 failed, 2 invalid input (flags, configuration, variables), 3 plan has
 * changes (with --dry-run --exit-code). Failures are thrown and printed by the CLI's one reporter.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltApp } from '../servicenow/built-app.ts';
import { desiredSettings } from '../servicenow/app-settings.ts';
import { deployServiceNow, type PlanItem } from '../servicenow/deploy.ts';
import { packageFingerprint, shortFingerprint } from '../servicenow/fingerprint.ts';
import {
  integrationUserCredentials,
  loadDeployConfig,
  resolveServiceNowEnvironment,
  DEFAULT_DEPLOY_CONFIG_PATH,
} from '../lib/deploy-config/index.ts';
import {
  CliError,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_PLAN_HAS_CHANGES,
  InputError,
  OperationError,
} from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { diagnostic } from '../lib/report.ts';
import { runNowSdkInstall, type InstallOptions } from '../servicenow/install.ts';
import { builtAppDir } from '../lib/paths.ts';
import { buildServiceNowApp, servicenowDir } from '../servicenow/build.ts';
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
  /** Raise the patch version in servicenow/package.json (then build) before planning. */
  bump?: boolean;
}

export interface DeployServiceNowDeps {
  environment?: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
  build?: () => void;
  install?: (options: InstallOptions) => Promise<void>;
  appDir?: string;
  /** Overrides installTimeoutSeconds (tests). */
  installTimeoutMs?: number;
  /** package.json whose version --bump raises (default servicenow/package.json). */
  packageJsonPath?: string;
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

/** Raises the patch number of a package.json version (1.2.3 → 1.2.4); returns the new version. */
export function bumpPatchVersion(packageJsonPath: string): string {
  const text = readFileSync(packageJsonPath, 'utf8');
  const json = JSON.parse(text) as { version?: string };
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(json.version ?? '');
  if (!match)
    throw new InputError(
      `${packageJsonPath}: version must be MAJOR.MINOR.PATCH to --bump it (set it by hand)`,
    );
  const next = `${match[1]}.${match[2]}.${Number(match[3]) + 1}`;
  // keep the file's formatting: replace the version value only
  writeFileSync(packageJsonPath, text.replace(/("version"\s*:\s*")[^"]*(")/, `$1${next}$2`));
  return next;
}

const COUNT_LABEL: Record<string, string> = {
  install: 'to install',
  upgrade: 'to upgrade',
  reinstall: 'to reinstall',
  create: 'to create',
  update: 'to update',
  unchanged: 'unchanged',
  refused: 'refused',
};

function planLines(
  items: PlanItem[],
  envName: string,
  instance: string,
  dryRun: boolean,
): string[] {
  const lines = [
    `ServiceNow plan for environment "${envName}" (${instance})${dryRun ? '; dry run, nothing is written' : ''}:`,
  ];
  for (const item of items) {
    const notes =
      item.action === 'unchanged' && item.notes.length > 0 ? ` (${item.notes.join('; ')})` : '';
    lines.push(`  ${item.action.padEnd(10)} ${item.kind.padEnd(9)} ${item.name}${notes}`);
    for (const change of item.changes) lines.push(`      ${change}`);
    if (item.action !== 'unchanged')
      for (const note of item.notes) lines.push(`      note: ${note}`);
  }
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.action, (counts.get(item.action) ?? 0) + 1);
  lines.push(
    `Plan: ${[...counts].map(([action, count]) => `${count} ${COUNT_LABEL[action] ?? action}`).join(', ')}.`,
  );
  return lines;
}

/** The integration user's name and password variable, when the Data Actions use Basic auth. */
function integrationTarget(
  credentials: { type: string; usernameEnv?: string; passwordEnv?: string },
  environment: Readonly<Record<string, string | undefined>>,
  scope: string,
) {
  if (credentials.type !== 'basic' || !credentials.usernameEnv || !credentials.passwordEnv)
    return undefined;
  const missing = [credentials.usernameEnv, credentials.passwordEnv].filter(
    (name) => !environment[name],
  );
  if (missing.length > 0)
    throw new InputError(
      `deploy:servicenow ensures the integration user named by genesys.credentials and needs these environment variables, which are not set (or empty): ${missing.join(', ')} (see .env.example)`,
    );
  return {
    user: environment[credentials.usernameEnv] as string,
    password: environment[credentials.passwordEnv] as string,
    passwordEnv: credentials.passwordEnv,
    role: `${scope}.integration`,
  };
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
  const environmentConfig = config.environments[options.env];
  // passwords, client secrets and tokens: the one policy of both platforms (deploy-config)
  const secrets = [...target.secrets];
  const integrationCredentials = integrationUserCredentials(config, options.env, environment);
  if (integrationCredentials) secrets.push(integrationCredentials.password);
  const redactor = new SecretRedactor(secrets);
  const progress = (line: string) => {
    if (!options.json) diagnostic(io, redactor.redact(line));
  };

  if (options.bump) {
    if (options.skipBuild)
      throw new InputError('--bump changes the version, so it needs a build: drop --skip-build');
    const version = bumpPatchVersion(deps.packageJsonPath ?? join(servicenowDir, 'package.json'));
    progress(`servicenow/package.json version raised to ${version} (commit it with this deploy)`);
  }
  if (!options.skipBuild) {
    progress('building the ServiceNow app (now-sdk build)…');
    (deps.build ?? (() => buildServiceNowApp({ frozenKeys: process.env.CI === 'true' })))();
  }
  const appDir = deps.appDir ?? builtAppDir;
  const app = loadBuiltApp(appDir);
  const fingerprint = packageFingerprint(appDir);
  const desired = desiredSettings(
    app,
    environmentConfig?.mapping as Record<string, unknown> | undefined,
    environmentConfig?.servicenow.settings,
    `environments.${options.env}`,
  );
  if (desired.problems.length > 0)
    throw new InputError(
      [`${configPath}: settings that nothing would deploy:`, ...desired.problems].join('\n'),
    );
  const integration = environmentConfig
    ? integrationTarget(environmentConfig.genesys.credentials, environment, app.scope)
    : undefined;
  const client = new ServiceNowClient({
    instanceUrl: target.instanceUrl,
    auth: target.auth,
    fetch: deps.fetch,
    redactor,
  });
  const report = {
    environment: options.env,
    instance: target.instanceUrl,
    scope: app.scope,
    builtVersion: app.version,
    builtFingerprint: shortFingerprint(fingerprint),
    installedVersion: null as string | null,
    installedFingerprint: null as string | null,
    action: 'unchanged' as string,
    dryRun: !!options.dryRun,
    changed: false,
    applied: false,
    writes: 0,
    items: [] as PlanItem[],
    checks: [] as Array<{ name: string; ok: boolean; detail: string; fix?: string }>,
    ok: false,
  };
  const finish = (code: number) => {
    if (options.json) writeLine(io.stdout, redactor.redact(JSON.stringify(report, null, 2)));
    return code;
  };
  /** A failed run: thrown with the report so far, for the CLI's one reporter (redacted here). */
  const fail = (message: string): never => {
    const { ok: _ok, ...partial } = report;
    throw new OperationError(redactor.redact(message), {
      report: JSON.parse(redactor.redact(JSON.stringify(partial))) as Record<string, unknown>,
    });
  };

  try {
    const result = await deployServiceNow({
      client,
      app,
      fingerprint,
      integration,
      desired: desired.properties,
      apiBasePath: target.apiBasePath,
      dryRun: !!options.dryRun,
      force: !!options.force,
      progress,
      install: async () => {
        const timeoutMs = deps.installTimeoutMs ?? target.installTimeoutSeconds * 1000;
        progress(`installing with now-sdk (time limit ${Math.round(timeoutMs / 1000)} s)…`);
        await (deps.install ?? runNowSdkInstall)({
          instanceUrl: target.instanceUrl,
          auth: target.auth,
          timeoutMs,
          onLine: (line) => progress(`  ${line}`),
          secrets,
        });
      },
    });
    report.installedVersion = result.installedVersion;
    report.installedFingerprint = result.installedFingerprint
      ? shortFingerprint(result.installedFingerprint)
      : null;
    report.action = result.appAction;
    report.items = result.items;
    report.changed = result.items.some((item) => item.action !== 'unchanged');
    report.applied = result.applied;
    report.writes = result.writes;
    report.checks = result.checks;
    if (!options.json)
      for (const line of planLines(result.items, options.env, target.instanceUrl, !!options.dryRun))
        writeLine(io.stdout, redactor.redact(line));
    if (result.refused) return fail(result.refused);
    if (options.dryRun) {
      report.ok = true;
      return finish(options.exitCode && report.changed ? EXIT_PLAN_HAS_CHANGES : EXIT_OK);
    }
    report.ok = report.checks.every((check) => check.ok);
    if (!options.json) {
      for (const check of report.checks) {
        writeLine(
          io.stdout,
          redactor.redact(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`),
        );
        if (!check.ok && check.fix)
          writeLine(io.stdout, redactor.redact(`       fix: ${check.fix}`));
      }
      writeLine(
        io.stdout,
        report.ok
          ? `deploy:servicenow [${options.env}]: ${report.applied ? 'applied and verified' : 'unchanged, verified'}`
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
    return fail(message);
  }
}
