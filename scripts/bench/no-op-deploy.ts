/**
 * "Write calls of a no-op deploy" for `npm run bench`: deploy:genesys runs twice against the
 * local fake Genesys Platform API (test/fakes/genesys-api.ts, real SDK over loopback);
 * the second run has nothing to change and must make no write call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { deployGenesysCommand } from '../commands/deploy-genesys.ts';
import { startFakeGenesysApi } from '../../test/fakes/genesys-api.ts';

export interface NoOpDeployResult {
  firstRun: { exitCode: number; writes: number; calls: number };
  secondRun: { exitCode: number; writes: number; calls: number };
}

/** Local-only placeholders: the fake accepts these and nothing else does. */
const ENV = {
  BENCH_GENESYS_ID: 'bench-client-id',
  BENCH_GENESYS_SECRET: 'bench-client-secret',
  BENCH_SN_USER: 'bench.integration',
  BENCH_SN_PASSWORD: 'bench-password',
  BENCH_SN_ADMIN: 'bench.admin',
  BENCH_SN_ADMIN_PASSWORD: 'bench-admin-password',
};

const CONFIG = `version: 1
environments:
  bench:
    genesys:
      region: mypurecloud.de
      clientIdEnv: BENCH_GENESYS_ID
      clientSecretEnv: BENCH_GENESYS_SECRET
      integrationName: ServiceNow Incident Bridge (bench)
      credentials:
        type: basic
        usernameEnv: BENCH_SN_USER
        passwordEnv: BENCH_SN_PASSWORD
    servicenow:
      instanceUrl: https://bench.service-now.com
      auth:
        type: basic
        userEnv: BENCH_SN_ADMIN
        passwordEnv: BENCH_SN_ADMIN_PASSWORD
`;

export async function runNoOpDeployBench(): Promise<NoOpDeployResult> {
  const fake = await startFakeGenesysApi({
    clientId: ENV.BENCH_GENESYS_ID,
    clientSecret: ENV.BENCH_GENESYS_SECRET,
  });
  const dir = mkdtempSync(join(tmpdir(), 'ib-bench-deploy-'));
  const configPath = join(dir, 'incident-bridge.yaml');
  writeFileSync(configPath, CONFIG);
  const deploy = async () => {
    const calls = fake.calls.length;
    const writes = fake.writeCalls().length;
    const exitCode = await deployGenesysCommand(
      { env: 'bench', configPath },
      {
        stdin: Readable.from([]),
        stdout: new PassThrough().resume(),
        stderr: new PassThrough().resume(),
      },
      {
        env: ENV,
        gateway: { host: '127.0.0.1', protocol: 'http', port: fake.port },
        sleep: async () => {},
        timeoutMs: 10_000,
      },
    );
    return {
      exitCode,
      writes: fake.writeCalls().length - writes,
      calls: fake.calls.length - calls,
    };
  };
  try {
    const firstRun = await deploy();
    const secondRun = await deploy();
    return { firstRun, secondRun };
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
