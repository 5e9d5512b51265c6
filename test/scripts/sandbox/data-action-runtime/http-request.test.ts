import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendHttpRequest } from '../../../../scripts/sandbox/data-action-runtime/http-request.ts';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map(
        (s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))),
      ),
  );
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

const options = { fetch: globalThis.fetch, timeoutMs: 2000, maxResponseBytes: 1024 };

describe('sendHttpRequest', () => {
  it('sends method, headers and body; returns status, lower-case headers and body', async () => {
    let seen = { method: '', type: '', body: '' };
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { method: req.method!, type: req.headers['content-type']!, body };
        res.writeHead(201, { 'X-Thing': 'y' }).end('{"ok":true}');
      });
    });
    const outcome = await sendHttpRequest(
      { method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body: '{"a":"ü"}' },
      options,
    );
    expect(seen).toEqual({ method: 'POST', type: 'application/json', body: '{"a":"ü"}' });
    expect(outcome).toMatchObject({
      kind: 'response',
      response: { status: 201, body: '{"ok":true}', headers: { 'x-thing': 'y' } },
    });
  });

  it('times out on a slow server, and on a slow body', async () => {
    // the servers never finish (closed after the test): only the time limit can end the call,
    // so the verdict needs no clock
    const slowHead = await serve(() => undefined);
    const slowBody = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{');
    });
    for (const url of [slowHead, slowBody]) {
      const outcome = await sendHttpRequest(
        { method: 'GET', url, headers: {} },
        { ...options, timeoutMs: 150 },
      );
      expect(outcome.kind, url).toBe('timeout');
    }
  });

  it('reports a refused connection as a network failure', async () => {
    const url = await serve((_req, res) => res.end());
    const port = new URL(url).port;
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const outcome = await sendHttpRequest(
      { method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} },
      options,
    );
    expect(outcome).toMatchObject({
      kind: 'network',
      message: expect.stringMatching(/ECONNREFUSED|fetch failed/),
    });
  });

  it('stops reading past maxResponseBytes', async () => {
    const url = await serve((_req, res) => res.end('x'.repeat(5000)));
    expect(await sendHttpRequest({ method: 'GET', url, headers: {} }, options)).toMatchObject({
      kind: 'tooLarge',
      status: 200,
    });
  });

  it('does not follow redirects', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(302, { Location: 'http://127.0.0.1:1/' }).end(),
    );
    expect(await sendHttpRequest({ method: 'GET', url, headers: {} }, options)).toMatchObject({
      kind: 'response',
      response: { status: 302 },
    });
  });
});
