import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuthHeader, parseBasicAuth } from '../../../../scripts/lib/http/basic-auth.ts';
import { readText } from '../../../../scripts/lib/http/body.ts';
import { createRouter } from '../../../../scripts/lib/http/router.ts';

describe('basic auth', () => {
  it('round-trips users and passwords with colons and non-ASCII', () => {
    for (const [user, password] of [
      ['a', 'b'],
      ['x_ibr.integration', 'p:a:ss'],
      ['zoë', 'pässwörd'],
      ['u', ''],
    ] as const) {
      expect(parseBasicAuth(basicAuthHeader(user, password))).toEqual({ user, password });
    }
  });

  it('refuses what is not Basic or has no colon', () => {
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth('Basic ' + Buffer.from('nocolon').toString('base64'))).toBeUndefined();
    expect(parseBasicAuth('Basic !!!')).toBeUndefined();
    expect(parseBasicAuth('basic ' + Buffer.from('a:b').toString('base64'))).toEqual({
      user: 'a',
      password: 'b',
    });
  });
});

describe('router and body reader over loopback', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  async function serve(): Promise<string> {
    const router = createRouter()
      .on('GET', '/api/things/:id', (_req, res, { params, query }) => {
        res.end(JSON.stringify({ id: params.id, q: query.get('q') }));
      })
      .on('POST', '/api/things', async (req, res) => {
        const body = await readText(req, 10);
        res.statusCode = body === 'too-large' ? 413 : 200;
        res.end(body === 'too-large' ? '' : body);
      });
    server = createServer((req, res) => {
      void router.handle(req, res).then((matched) => {
        if (!matched) {
          res.statusCode = 404;
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  it('routes by method and path, decodes params, reads the query, caps bodies', async () => {
    const base = await serve();
    expect(await (await fetch(`${base}/api/things/a%20b?q=1`)).json()).toEqual({
      id: 'a b',
      q: '1',
    });
    expect((await fetch(`${base}/api/things/x`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    const ok = await fetch(`${base}/api/things`, { method: 'POST', body: '0123456789' });
    expect([ok.status, await ok.text()]).toEqual([200, '0123456789']);
    const big = await fetch(`${base}/api/things`, { method: 'POST', body: '01234567890' });
    expect(big.status).toBe(413);
  });
});
