/**
 * `action run` executes any Data Action file against a local server on 127.0.0.1: a relative URL
 * goes to --base-url, credentials come from environment variables and never reach the output.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionRunCommand } from '../../../scripts/commands/action-run.ts';
import { InputError } from '../../../scripts/lib/errors.ts';
import { readText } from '../../../scripts/lib/http/body.ts';
import { createRouter } from '../../../scripts/lib/http/router.ts';
import { repoRoot } from '../../../scripts/lib/paths.ts';
import { captureIo } from '../../helpers/capture-io.ts';

const fixture = (name: string) => `${repoRoot}test/fixtures/data-actions/${name}`;
const TOKEN = 'tok-3f9a1c7e-secret';
const seen: Array<{ path: string; authorization?: string; body: string }> = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  // Shaped like POST /api/v2/users/search of the Genesys Platform API (UsersSearchResponse:
  // total, pageSize, pageNumber, results[].id/name/email) — ASSUMED beyond those fields.
  const router = createRouter()
    .on('POST', '/api/v2/users/search', async (request, response) => {
      const body = await readText(request, 64 * 1024);
      seen.push({
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: typeof body === 'string' ? body : '',
      });
      if (typeof body === 'string' && body.includes('echo@example.com')) {
        // a careless server that quotes the credential back in its error body
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ message: `token ${request.headers.authorization} rejected` }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          total: 1,
          pageSize: 25,
          pageNumber: 1,
          results: [{ id: 'u-1', name: 'Ann', email: 'ann@example.com' }],
        }),
      );
    })
    .on('PATCH', '/contacts/:id', async (request, response) => {
      const body = await readText(request, 64 * 1024);
      seen.push({
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: typeof body === 'string' ? body : '',
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  server = createServer((request, response) => {
    void router.handle(request, response).then((handled) => {
      if (handled) return;
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"message":"not found"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('action run', () => {
  it('resolves a relative URL against --base-url, sends the bearer token, prints the trace', async () => {
    const captured = captureIo();
    seen.length = 0;
    const code = await actionRunCommand(
      fixture('relative-url.action.json'),
      { input: '{"email":"ann@example.com"}', baseUrl, tokenEnv: 'GENESYS_TOKEN' },
      captured.io,
      { GENESYS_TOKEN: TOKEN },
    );
    expect(code).toBe(0);
    expect(seen).toEqual([
      {
        path: '/api/v2/users/search',
        authorization: `Bearer ${TOKEN}`,
        body: '{"query": [{"type": "EXACT", "fields": ["email"], "value": "ann@example.com"}]}',
      },
    ]);
    const out = captured.stdout;
    for (const step of [
      'checkAction',
      'validateInput',
      'resolveRequest',
      'executeRequest',
      'translateResponse',
      'applySuccessTemplate',
      'validateOutput',
    ])
      expect(out).toContain(`ok   ${step}`);
    expect(out).toContain(`"url": "${baseUrl}/api/v2/users/search"`);
    expect(out).toContain('output: {"userId":"u-1","matches":1}');
    expect(out).not.toContain(TOKEN);
    // the input was sent as written, but the trace shows it through the masker
    expect(out).not.toContain('ann@example.com');
    expect(out).toContain('***@example.com');
  });

  it('a credential the server echoes back never reaches the output', async () => {
    const captured = captureIo();
    const code = await actionRunCommand(
      fixture('relative-url.action.json'),
      { input: '{"email":"echo@example.com"}', baseUrl, tokenEnv: 'GENESYS_TOKEN' },
      captured.io,
      { GENESYS_TOKEN: TOKEN },
    );
    expect(code).toBe(1);
    expect(captured.stdout).toMatch(/FAIL executeRequest[\s\S]*"status": 401/);
    expect(captured.stdout).toContain('rejected');
    expect(captured.stdout).not.toContain(TOKEN);
  });

  it('a secure action shows the shape of its inputs and body, never the values', async () => {
    const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/action-run-`);
    const action = JSON.parse(await readFile(fixture('relative-url.action.json'), 'utf8')) as {
      secure: boolean;
    };
    action.secure = true;
    await writeFile(`${dir}/secure.json`, JSON.stringify(action));
    const captured = captureIo();
    seen.length = 0;
    const code = await actionRunCommand(
      `${dir}/secure.json`,
      { input: '{"email":"dana.smith@example.org"}', baseUrl },
      captured.io,
      {},
    );
    expect(code).toBe(0);
    expect(seen[0]!.body).toContain('dana.smith@example.org'); // sent as usual
    expect(captured.stdout).toContain('(secure: true)');
    expect(captured.stdout).toContain('"email": "[secure: 22 chars]"');
    expect(captured.stdout).not.toContain('dana.smith');
  });

  it('without --base-url a relative URL fails with a reason, before sending', async () => {
    const captured = captureIo();
    seen.length = 0;
    const code = await actionRunCommand(
      fixture('relative-url.action.json'),
      { input: '{"email":"a@b.c"}' },
      captured.io,
      {},
    );
    expect(code).toBe(1);
    expect(seen).toEqual([]);
    expect(captured.stdout).toMatch(
      /FAIL resolveRequest[\s\S]*relative URL "\/api\/v2\/users\/search"/,
    );
  });

  it('runs a Terraform resource with Basic credentials from the environment, hidden in --json', async () => {
    const captured = captureIo();
    seen.length = 0;
    const file = `${repoRoot}test/fixtures/data-actions/terraform-actions.tf.json`;
    // the fixture's URL is absolute (crm.example.com); point a copy at the local server
    const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/action-run-`);
    const local = `${dir}/actions.tf.json`;
    await writeFile(
      local,
      (await readFile(file, 'utf8')).replace('https://crm.example.com', baseUrl),
    );
    const code = await actionRunCommand(
      local,
      {
        input: '{"contactId":"c 1","note":"plain"}',
        json: true,
        userEnv: 'CRM_USER',
        passwordEnv: 'CRM_PASSWORD',
      },
      captured.io,
      { CRM_USER: 'svc-crm', CRM_PASSWORD: 'pw-77-secret' },
    );
    expect(code).toBe(0);
    expect(seen[0]).toMatchObject({
      path: '/contacts/c+1',
      authorization: `Basic ${Buffer.from('svc-crm:pw-77-secret').toString('base64')}`,
      body: '{"note": "plain"}',
    });
    const document = JSON.parse(captured.stdout) as { ok: boolean };
    expect(document.ok).toBe(true);
    expect(captured.stdout).not.toMatch(/pw-77-secret|svc-crm|c3ZjLWNybTpwdy03Ny1zZWNyZXQ/);
  });

  it('refuses unset variables, bad input and ambiguous files as input errors', async () => {
    const run = (file: string, options: Parameters<typeof actionRunCommand>[1]) =>
      actionRunCommand(fixture(file), options, captureIo().io, {});
    await expect(
      run('relative-url.action.json', { input: '{}', tokenEnv: 'NOT_SET' }),
    ).rejects.toThrow(new InputError('--token-env: environment variable NOT_SET is not set'));
    await expect(run('relative-url.action.json', { input: '{"email": "x@y.z"' })).rejects.toThrow(
      /--input: not valid JSON/,
    );
    await expect(run('relative-url.action.json', { input: '[1]' })).rejects.toThrow(
      /must be a JSON object/,
    );
    await expect(run('terraform-actions.tf', { input: '{}' })).rejects.toThrow(
      /declares 2 actions; choose one with --action \("Create Ticket", "Get Ticket"\)/,
    );
    await expect(
      run('relative-url.action.json', { input: '{}', baseUrl: 'http://u:p@127.0.0.1:1' }),
    ).rejects.toThrow(/--base-url: must be an http\(s\) URL without credentials/);
  });
});
