/**
 * `incident-bridge deploy:genesys --env <name>`: makes the Genesys Cloud org of one environment
 * match the generated configuration — the Web Services Data Actions integration with its
 * ServiceNow credentials, enabled, and the generated Data Actions, published. `--dry-run` prints
 * the plan and writes nothing. Exit codes: 0 done (or nothing to do), 1 failed, 2 invalid input
 * (flags, configuration, variables), 3 `--dry-run --exit-code` and the plan has changes.
 * Failures are thrown (InputError, OperationError) and printed by the CLI's one reporter.
 *
 * Every line printed passes through a redactor that knows the secrets read for the environment.
 */
import {
  DEFAULT_DEPLOY_CONFIG_PATH,
  loadDeployConfig,
  resolveGenesysEnvironment,
} from '../lib/deploy-config/index.ts';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_PLAN_HAS_CHANGES,
  InputError,
  OperationError,
} from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';
import { diagnostic } from '../lib/report.ts';
import { SecretRedactor } from '../lib/redact-secrets.ts';
import { renderChange } from '../genesys/action-diff.ts';
import {
  connectGenesys,
  GenesysApiError,
  type GenesysApi,
  type GenesysGateway,
} from '../genesys/client.ts';
import {
  GenesysDeployError,
  GenesysDeployment,
  type GenesysDeployResult,
  type PlanAction,
  type PlanItem,
} from '../genesys/deploy.ts';

export interface DeployGenesysOptions {
  /** Environment name under `environments` in the config file. */
  env: string;
  /** Default `incident-bridge.yaml` in the working directory. */
  configPath?: string;
  /** Print the plan, write nothing. */
  dryRun?: boolean;
  /** One JSON document on stdout instead of text. */
  json?: boolean;
  /** With --dry-run: exit 3 when the plan has changes. */
  exitCode?: boolean;
  /** After deploying, run the create action's test with `dryRun: true` (ServiceNow writes nothing). */
  smoke?: boolean;
}

export interface DeployGenesysDeps {
  /** Environment variables holding the secrets (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Send login and API calls here instead of the configured region (tests: the local fake). */
  gateway?: GenesysGateway;
  /** Waits (Retry-After, auth action creation); tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for Retry-After waits. */
  random?: () => number;
  /** Time limit of each HTTP call. */
  timeoutMs?: number;
}

interface SmokeResult {
  action: string;
  id: string;
  success: boolean;
  message?: string;
}

const PAST: Record<PlanAction, string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  'needs-new-version': 'new version created',
};

function summary(items: readonly PlanItem[], dryRun: boolean): string {
  const count = (action: PlanAction) => items.filter((item) => item.action === action).length;
  const parts: string[] = [];
  const create = count('create');
  const update = count('update');
  const newVersion = count('needs-new-version');
  const unchanged = count('unchanged');
  if (dryRun) {
    if (create) parts.push(`${create} to create`);
    if (update) parts.push(`${update} to update`);
    if (newVersion) parts.push(`${newVersion} needing a new version`);
  } else {
    if (create) parts.push(`${create} created`);
    if (update) parts.push(`${update} updated`);
    if (newVersion) parts.push(`${newVersion} new version${newVersion === 1 ? '' : 's'} created`);
  }
  if (parts.length === 0)
    return `${dryRun ? 'Plan' : 'Done'}: no changes, everything is up to date (${unchanged} unchanged).`;
  return `${dryRun ? 'Plan' : 'Done'}: ${parts.join(', ')}, ${unchanged} unchanged.`;
}

function renderItems(items: readonly PlanItem[], dryRun: boolean): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const verb = dryRun ? item.action : PAST[item.action];
    const name =
      item.action === 'needs-new-version' && item.newName
        ? `${item.name} → ${item.newName}`
        : item.name;
    lines.push(`  ${verb.padEnd(19)} ${item.kind.padEnd(12)} ${name}`);
    for (const change of item.changes)
      for (const line of renderChange(change)) lines.push(`      ${line}`);
    if (item.action !== 'unchanged' || item.kind === 'action')
      for (const note of item.notes) lines.push(`      note: ${note}`);
  }
  return lines;
}

function changed(items: readonly PlanItem[]): boolean {
  return items.some((item) => item.action !== 'unchanged');
}

async function smokeTest(api: GenesysApi, result: GenesysDeployResult): Promise<SmokeResult> {
  const id = result.actionIds.createIncident;
  const action = result.actionNames.createIncident;
  if (!id) return { action, id: '', success: false, message: 'the action does not exist' };
  const test = await api.testAction(id, {
    customCallId: `incident-bridge-smoke-${Date.now()}`,
    channel: 'voice',
    shortDescription: 'incident-bridge deploy smoke test (dryRun: nothing is written)',
    dryRun: true,
  });
  if (test.success === true) return { action, id, success: true };
  const failed = test.operations?.find((operation) => operation.success === false);
  const message =
    test.error?.message ?? failed?.error?.message ?? failed?.name ?? 'the test did not succeed';
  return { action, id, success: false, message };
}

export async function deployGenesysCommand(
  options: DeployGenesysOptions,
  io: Io,
  deps: DeployGenesysDeps = {},
): Promise<number> {
  const redactor = new SecretRedactor();
  const redact = (text: string) => redactor.redact(text);
  const dryRun = options.dryRun === true;
  const configPath = options.configPath ?? DEFAULT_DEPLOY_CONFIG_PATH;
  const progress = (line: string) => diagnostic(io, redact(line));
  let deployment: GenesysDeployment | undefined;
  let result: GenesysDeployResult | undefined;
  let smoke: SmokeResult | undefined;

  // configuration and secrets: invalid input, exit 2 (ConfigError names the problem)
  if (!options.env) throw new InputError('--env <name> is required');
  const config = loadDeployConfig(configPath);
  const target = resolveGenesysEnvironment(
    config,
    options.env,
    deps.env ?? process.env,
    configPath,
  );
  for (const secret of target.secrets) redactor.add(secret);

  const document = (code: number) => {
    const items = result?.items ?? deployment?.items ?? [];
    return {
      command: 'deploy:genesys',
      environment: options.env,
      region: target.region,
      dryRun,
      ok: code !== EXIT_FAILED,
      changed: changed(items),
      exitCode: code,
      integrationId: result?.integrationId ?? null,
      items,
      warnings: result?.warnings ?? deployment?.warnings ?? [],
      smoke: smoke ?? null,
      error: null,
    };
  };
  const finish = (code: number): number => {
    if (options.json) writeLine(io.stdout, redact(JSON.stringify(document(code), null, 2)));
    return code;
  };
  /** A failed run: thrown with the plan so far, for the CLI's one reporter (redacted here). */
  const fail = (message: string, data: { status?: number; code?: string } = {}): never => {
    const items = result?.items ?? deployment?.items ?? [];
    const lines = [message];
    if (!dryRun && items.some((item) => item.action !== 'unchanged'))
      lines.push(
        'nothing after this step was written; run the same deploy again to continue from here',
      );
    const { error: _none, ok: _ok, exitCode: _code, ...report } = document(EXIT_FAILED);
    throw new OperationError(redact(lines.join('\n')), {
      report: JSON.parse(redact(JSON.stringify(report))) as Record<string, unknown>,
      data: { status: data.status ?? null, code: data.code ?? null },
    });
  };

  try {
    progress(`logging in to Genesys Cloud (${target.region})`);
    const api = await connectGenesys({
      region: target.region,
      clientId: target.clientId,
      clientSecret: target.clientSecret,
      gateway: deps.gateway,
      timeoutMs: deps.timeoutMs,
      retry: { sleep: deps.sleep, random: deps.random },
      onRetry: (operation, _attempt, delayMs) =>
        progress(`${operation}: rate limited, retrying in ${(delayMs / 1000).toFixed(1)} s`),
      redactor,
    });
    deployment = new GenesysDeployment(
      api,
      {
        integrationName: target.integrationName,
        actionCredentials: target.actionCredentials,
        build: target.build,
      },
      { dryRun, progress, sleep: deps.sleep },
    );
    result = await deployment.run();
    if (options.smoke && !dryRun) {
      progress(
        `smoke test of "${result.actionNames.createIncident}" (dryRun: ServiceNow writes nothing)`,
      );
      smoke = await smokeTest(api, result);
    }
  } catch (error) {
    if (error instanceof GenesysApiError)
      return fail(error.message, { status: error.status, code: error.code });
    if (error instanceof GenesysDeployError) return fail(error.message);
    // a bug, not a platform answer: still one line, still redacted
    return fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }

  const hasChanges = changed(result.items);
  let code: number = EXIT_OK;
  if (smoke && !smoke.success) code = EXIT_FAILED;
  else if (dryRun && options.exitCode && hasChanges) code = EXIT_PLAN_HAS_CHANGES;

  if (!options.json) {
    const heading = dryRun
      ? `Genesys Cloud plan for environment "${options.env}" (${target.region}); dry run, nothing is written:`
      : `Genesys Cloud deploy of environment "${options.env}" (${target.region}):`;
    const lines = [heading, ...renderItems(result.items, dryRun)];
    for (const warning of result.warnings) lines.push(`warning: ${warning}`);
    if (options.smoke && dryRun) lines.push('smoke: skipped (--dry-run)');
    if (smoke)
      lines.push(
        smoke.success
          ? `smoke: "${smoke.action}" test passed (ServiceNow answered; dryRun, nothing written)`
          : `smoke: "${smoke.action}" test FAILED: ${smoke.message}`,
      );
    lines.push(summary(result.items, dryRun));
    for (const line of lines) writeLine(io.stdout, redact(line));
  }
  return finish(code);
}
