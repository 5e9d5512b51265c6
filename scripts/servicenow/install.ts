/**
 * Runs `now-sdk install` (CI mode: credentials from SN_SDK_* variables, never from a keychain)
 * as a child process with a time limit: the SDK's own progress poll has none. Its output is
 * passed on line by line with secrets redacted.
 */
import { spawn } from 'node:child_process';
import { OperationError } from '../lib/errors.ts';
import { packageFile } from '../lib/require-package.ts';
import { servicenowDir } from './build.ts';
import { SecretRedactor } from '../lib/redact-secrets.ts';
import type { ServiceNowAuth } from './client.ts';

/** An expected failure (exit 1), not a bug. */
export class InstallError extends OperationError {}

export interface InstallOptions {
  instanceUrl: string;
  auth: ServiceNowAuth;
  timeoutMs: number;
  onLine: (line: string) => void;
  /** Values to redact from every line passed on. */
  secrets: readonly string[];
  projectDir?: string;
}

export function nowSdkInstallEnv(
  instanceUrl: string,
  auth: ServiceNowAuth,
): Record<string, string> {
  const common = {
    SN_SDK_NODE_ENV: 'SN_SDK_CI_INSTALL',
    SN_SDK_INSTANCE_URL: instanceUrl,
    NODE_ENV: 'test',
  };
  return auth.type === 'basic'
    ? {
        ...common,
        SN_SDK_AUTH_TYPE: 'basic',
        SN_SDK_USER: auth.user,
        SN_SDK_USER_PWD: auth.password,
      }
    : {
        ...common,
        SN_SDK_AUTH_TYPE: 'oauth',
        SN_SDK_OAUTH_CLIENT_ID: auth.clientId,
        SN_SDK_OAUTH_CLIENT_SECRET: auth.clientSecret,
      };
}

export function runNowSdkInstall(options: InstallOptions): Promise<void> {
  const cli = packageFile('@servicenow/sdk', 'bin/index.js', 'now-sdk install');
  const child = spawn(process.execPath, [cli, 'install'], {
    cwd: options.projectDir ?? servicenowDir,
    env: { ...process.env, ...nowSdkInstallEnv(options.instanceUrl, options.auth) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const redactor = new SecretRedactor(options.secrets);
  const tail: string[] = [];
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const raw of lines) {
      const line = redactor.redact(raw.trimEnd());
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.onLine(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      reject(
        new InstallError(
          `now-sdk install did not finish within ${Math.round(options.timeoutMs / 1000)} s; the instance may still be installing: ` +
            `check ${options.instanceUrl}/sys_upgrade_history_list.do, then rerun (deploy is idempotent)`,
        ),
      );
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new InstallError(`could not start now-sdk: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else if (signal !== 'SIGTERM' && signal !== 'SIGKILL') {
        const reason =
          tail
            .filter((line) => /ERROR|error|fail/i.test(line))
            .slice(-3)
            .join(' | ') || tail.slice(-3).join(' | ');
        reject(new InstallError(`now-sdk install failed (exit ${code ?? signal}): ${reason}`));
      }
    });
  });
}
