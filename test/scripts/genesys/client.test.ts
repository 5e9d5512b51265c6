/** The SDK wrapper's own rules: time limits, retries only where safe, one-line errors. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectGenesys, GenesysApiError } from '../../../scripts/genesys/client.ts';
import {
  FAKE_GENESYS_CLIENT_ID as ID,
  FAKE_GENESYS_CLIENT_SECRET as SECRET,
  startFakeGenesysApi,
  type FakeGenesysApi,
} from '../../fakes/genesys-api.ts';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function fake(): Promise<FakeGenesysApi> {
  const api = await startFakeGenesysApi();
  cleanup.push(() => api.close());
  return api;
}

const gateway = (port: number) => ({ host: '127.0.0.1', protocol: 'http' as const, port });
const noSleep = { sleep: async () => {} };

describe('GenesysApi', () => {
  it('time-limits every call, the login included', async () => {
    // accepts connections, never answers
    const server = http.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const port = (server.address() as AddressInfo).port;
    // the error names the time-out (no wall-clock bound: speed belongs to the bench)
    await expect(
      connectGenesys({
        region: 'mypurecloud.ie',
        clientId: ID,
        clientSecret: SECRET,
        gateway: gateway(port),
        timeoutMs: 300,
      }),
    ).rejects.toThrow('Genesys Cloud login to mypurecloud.ie timed out: no answer from 127.0.0.1');
  });

  it('says when the login host cannot be reached', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(
      connectGenesys({
        region: 'mypurecloud.ie',
        clientId: ID,
        clientSecret: SECRET,
        gateway: gateway(port),
      }),
    ).rejects.toThrow('cannot reach 127.0.0.1 (ECONNREFUSED): check genesys.region');
  });

  it('retries a 503 on reads but never on writes', async () => {
    const api = await fake();
    const client = await connectGenesys({
      region: 'mypurecloud.ie',
      clientId: ID,
      clientSecret: SECRET,
      gateway: gateway(api.port),
      retry: noSleep,
    });
    api.failNext({ status: 503, match: { method: 'GET' } });
    expect(await client.listIntegrations()).toEqual([]);
    api.failNext({ status: 503, match: 'write' });
    const error = await client.createIntegration('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenesysApiError);
    expect((error as GenesysApiError).status).toBe(503);
    expect((error as GenesysApiError).message).toMatch(
      /^create integration: Genesys Cloud answered 503 service.unavailable: Service is currently unavailable. \(contextId [0-9a-f-]{36}\)$/,
    );
    expect(api.writeCalls()).toHaveLength(1);
  });

  it('reads a missing action as undefined, not as an error', async () => {
    const api = await fake();
    const client = await connectGenesys({
      region: 'mypurecloud.ie',
      clientId: ID,
      clientSecret: SECRET,
      gateway: gateway(api.port),
    });
    expect(await client.getAction('nope')).toBeUndefined();
    expect(await client.getCredential('nope')).toBeUndefined();
  });
});
