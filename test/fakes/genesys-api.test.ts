/** The fake Platform API speaks the shapes and rules deploy relies on; plain fetch, no SDK. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAKE_GENESYS_CLIENT_ID,
  FAKE_GENESYS_CLIENT_SECRET,
  startFakeGenesysApi,
  type FakeGenesysApi,
  type FakeGenesysApiOptions,
} from './genesys-api.ts';
import { buildGenesysArtifacts } from '../../genesys/index.ts';

const open: FakeGenesysApi[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((fake) => fake.close()));
});

async function client(options: FakeGenesysApiOptions = {}) {
  const fake = await startFakeGenesysApi(options);
  open.push(fake);
  const login = await fetch(`${fake.url}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization:
        'Basic ' +
        Buffer.from(`${FAKE_GENESYS_CLIENT_ID}:${FAKE_GENESYS_CLIENT_SECRET}`).toString('base64'),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(fake.url + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
  return { fake, call };
}

async function integrationWithAction(c: Awaited<ReturnType<typeof client>>) {
  const integration = (
    await c.call('POST', '/api/v2/integrations', {
      name: 'I',
      integrationType: { id: 'custom-rest-actions' },
    })
  ).json;
  const action = buildGenesysArtifacts({ integrationId: integration.id }).actions.createIncident;
  const draft = (await c.call('POST', '/api/v2/integrations/actions/drafts', action)).json;
  return { integration, action, draft };
}

describe('fake Genesys Cloud Platform API', () => {
  it('answers a wrong client secret with 401 and an OAuth error body', async () => {
    const fake = await startFakeGenesysApi();
    open.push(fake);
    const response = await fetch(`${fake.url}/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + Buffer.from(`${FAKE_GENESYS_CLIENT_ID}:nope`).toString('base64'),
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    expect(fake.writeCalls()).toHaveLength(0);
  });

  it('requires a valid bearer token, and forgets tokens on expireTokens()', async () => {
    const c = await client();
    expect((await c.call('GET', '/api/v2/integrations')).status).toBe(200);
    c.fake.expireTokens();
    const expired = await c.call('GET', '/api/v2/integrations');
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ code: 'bad.credentials', status: 401 });
  });

  it('pages lists with pageSize, pageNumber, total, pageCount and entities', async () => {
    const c = await client();
    for (let i = 0; i < 5; i++)
      await c.call('POST', '/api/v2/integrations', {
        name: `I${i}`,
        integrationType: { id: 'custom-rest-actions' },
      });
    const page = (
      await c.call(
        'GET',
        '/api/v2/integrations?pageSize=2&pageNumber=3&integrationType=custom-rest-actions',
      )
    ).json;
    expect(page).toMatchObject({ pageSize: 2, pageNumber: 3, total: 5, pageCount: 3 });
    expect(page.entities).toHaveLength(1);
    expect(
      (await c.call('GET', '/api/v2/integrations?integrationType=purecloud-data-actions')).json
        .total,
    ).toBe(0);
  });

  it('filters actions by partial, case-insensitive name', async () => {
    const c = await client();
    const { draft } = await integrationWithAction(c);
    await c.call('POST', `/api/v2/integrations/actions/${draft.id}/draft/publish`, { version: 1 });
    const names = async (query: string) =>
      (await c.call('GET', `/api/v2/integrations/actions?name=${query}`)).json.entities.map(
        (e: { name: string }) => e.name,
      );
    expect(await names('servicenow')).toEqual(['Create ServiceNow Incident']);
    expect(await names('Create+ServiceNow+Incident+v2')).toEqual([]);
  });

  it('keeps an unpublished draft out of the published list, and publishing needs the current version', async () => {
    const c = await client();
    const { draft } = await integrationWithAction(c);
    expect((await c.call('GET', '/api/v2/integrations/actions')).json.total).toBe(0);
    expect((await c.call('GET', '/api/v2/integrations/actions/drafts')).json.total).toBe(1);
    expect((await c.call('GET', `/api/v2/integrations/actions/${draft.id}`)).status).toBe(404);
    expect(
      (await c.call('GET', `/api/v2/integrations/actions/${draft.id}/draft/validation`)).json,
    ).toEqual({ valid: true, errors: [] });
    const stale = await c.call('POST', `/api/v2/integrations/actions/${draft.id}/draft/publish`, {
      version: 7,
    });
    expect(stale.status).toBe(409);
    const published = await c.call(
      'POST',
      `/api/v2/integrations/actions/${draft.id}/draft/publish`,
      { version: 1 },
    );
    expect(published.status).toBe(200);
    expect(published.json.version).toBe(1);
  });

  it('returns templates as URIs, readable from …/templates/{file}', async () => {
    const c = await client();
    const { draft, action } = await integrationWithAction(c);
    await c.call('POST', `/api/v2/integrations/actions/${draft.id}/draft/publish`, { version: 1 });
    const read = (
      await c.call(
        'GET',
        `/api/v2/integrations/actions/${draft.id}?expand=contract&includeConfig=true`,
      )
    ).json;
    expect(read.config.request.requestTemplate).toBeUndefined();
    expect(read.config.request.requestTemplateUri).toBe(
      `/api/v2/integrations/actions/${draft.id}/templates/requesttemplate.vm`,
    );
    expect(read.contract).toEqual(action.contract);
    const template = await c.call('GET', read.config.request.requestTemplateUri);
    expect(template.headers.get('content-type')).toContain('text/plain');
    expect(template.text).toBe(action.config.request?.requestTemplate);
    const bare = (await c.call('GET', `/api/v2/integrations/actions/${draft.id}`)).json;
    expect(bare.contract).toBeUndefined();
    expect(bare.config).toBeUndefined();
  });

  it('keeps the contract and secure flag of a published action (a new action is needed)', async () => {
    const c = await client();
    const { draft, action } = await integrationWithAction(c);
    await c.call('POST', `/api/v2/integrations/actions/${draft.id}/draft/publish`, { version: 1 });
    const copy = await c.call('POST', `/api/v2/integrations/actions/${draft.id}/draft`);
    expect(copy.status).toBe(200);
    const contract = structuredClone(action.contract);
    (contract.input.inputSchema as { required: string[] }).required = ['customCallId'];
    const changed = await c.call('PATCH', `/api/v2/integrations/actions/${draft.id}/draft`, {
      version: copy.json.version,
      contract,
    });
    expect(changed.status).toBe(400);
    expect(changed.json.message).toContain('contract of a published action cannot be changed');
    const secure = await c.call('PATCH', `/api/v2/integrations/actions/${draft.id}/draft`, {
      version: copy.json.version,
      secure: true,
    });
    expect(secure.status).toBe(400);
    const config = { ...action.config, timeoutSeconds: 40 };
    const ok = await c.call('PATCH', `/api/v2/integrations/actions/${draft.id}/draft`, {
      version: copy.json.version,
      config,
    });
    expect(ok.status).toBe(200);
    const stale = await c.call('PATCH', `/api/v2/integrations/actions/${draft.id}/draft`, {
      version: copy.json.version,
      config,
    });
    expect(stale.status).toBe(409);
  });

  it('refuses a stale integration configuration version with 409', async () => {
    const c = await client();
    const { integration } = await integrationWithAction(c);
    const path = `/api/v2/integrations/${integration.id}/config/current`;
    const current = (await c.call('GET', path)).json;
    const body = {
      name: 'I',
      version: current.version,
      properties: {},
      advanced: {},
      notes: '',
      credentials: {},
    };
    expect((await c.call('PUT', path, body)).status).toBe(200);
    const stale = await c.call('PUT', path, body);
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: 'conflict', status: 409 });
  });

  it('never returns credential secrets', async () => {
    const c = await client();
    const created = await c.call('POST', '/api/v2/integrations/credentials', {
      name: 'c',
      type: { name: 'basicAuth' },
      credentialFields: { userName: 'u', password: 'very-secret' },
    });
    expect(created.status).toBe(200);
    expect(created.text).not.toContain('very-secret');
    expect(
      (await c.call('GET', `/api/v2/integrations/credentials/${created.json.id}`)).text,
    ).not.toContain('very-secret');
    expect((await c.call('GET', '/api/v2/integrations/credentials')).text).not.toContain(
      'very-secret',
    );
    const invalid = await c.call('POST', '/api/v2/integrations/credentials', {
      type: { name: 'basicAuth' },
      credentialFields: {},
    });
    expect(invalid.status).toBe(400);
  });

  it('creates the custom auth action for User Defined (OAuth) credentials', async () => {
    const c = await client();
    const integration = (
      await c.call('POST', '/api/v2/integrations', {
        name: 'O',
        integrationType: { id: 'custom-rest-actions' },
      })
    ).json;
    const credential = (
      await c.call('POST', '/api/v2/integrations/credentials', {
        name: 'o',
        type: { name: 'userDefinedOAuth' },
        credentialFields: {
          clientId: 'a',
          clientSecret: 'b',
          loginUrl: 'https://x/oauth_token.do',
        },
      })
    ).json;
    await c.call('PUT', `/api/v2/integrations/${integration.id}/config/current`, {
      name: 'O',
      version: 1,
      properties: {},
      advanced: {},
      notes: '',
      credentials: { basicAuth: { id: credential.id } },
    });
    const id = `customAuth_-_${integration.id}`;
    const auth = await c.call('GET', `/api/v2/integrations/actions/${id}?includeConfig=true`);
    expect(auth.status).toBe(200);
    expect((await c.call('GET', '/api/v2/integrations/actions')).json.total).toBe(0);
    expect(
      (await c.call('GET', '/api/v2/integrations/actions?includeAuthActions=true')).json.total,
    ).toBe(1);
    const patched = await c.call('PATCH', `/api/v2/integrations/actions/${id}`, {
      version: 1,
      config: { request: { requestType: 'POST' } },
    });
    expect(patched.json.version).toBe(2);
  });

  describe('failNext', () => {
    it('fails the n-th matching write and counts writes, not reads or the login', async () => {
      const c = await client();
      c.fake.failNext({ status: 500, match: 'write', skip: 1 });
      expect(
        (
          await c.call('POST', '/api/v2/integrations', {
            name: 'A',
            integrationType: { id: 'custom-rest-actions' },
          })
        ).status,
      ).toBe(200);
      expect((await c.call('GET', '/api/v2/integrations')).status).toBe(200);
      const failed = await c.call('POST', '/api/v2/integrations', {
        name: 'B',
        integrationType: { id: 'custom-rest-actions' },
      });
      expect(failed.status).toBe(500);
      expect(failed.json).toMatchObject({
        code: 'internal.server.error',
        status: 500,
        details: [],
        errors: [],
      });
      expect(failed.json.contextId).toMatch(/^[0-9a-f-]{36}$/);
      expect(c.fake.state.integrations.size).toBe(1); // a failed request writes nothing
      expect(c.fake.writeCalls().map((w) => w.status)).toEqual([200, 500]);
    });

    it('answers 429 with Retry-After and 403 with the Genesys permission body', async () => {
      const c = await client();
      c.fake.failNext({ status: 429, retryAfter: '9' });
      const limited = await c.call('GET', '/api/v2/integrations');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('9');
      c.fake.failNext({ status: 403, match: { method: 'POST', path: '/api/v2/integrations' } });
      const denied = await c.call('POST', '/api/v2/integrations', {
        integrationType: { id: 'custom-rest-actions' },
      });
      expect(denied.json).toMatchObject({
        status: 403,
        code: 'missing.permissions',
        messageParams: { permissions: '[integrations:integration:add]' },
      });
    });

    it('can apply a request and still fail it (a lost reply)', async () => {
      const c = await client();
      c.fake.failNext({ status: 504, match: 'write', afterApplying: true });
      const lost = await c.call('POST', '/api/v2/integrations', {
        name: 'A',
        integrationType: { id: 'custom-rest-actions' },
      });
      expect(lost.status).toBe(504);
      expect(c.fake.state.integrations.size).toBe(1);
    });
  });

  it('denies what the role lacks (grantedPermissions)', async () => {
    const c = await client({ grantedPermissions: ['integrations:integration:view'] });
    expect((await c.call('GET', '/api/v2/integrations')).status).toBe(200);
    const denied = await c.call('POST', '/api/v2/integrations', {
      integrationType: { id: 'custom-rest-actions' },
    });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toContain('[integrations:integration:add]');
  });
});

describe('the Architect jobs API and Process Automation triggers', () => {
  async function importFlow(c: Awaited<ReturnType<typeof client>>, yamlText: string) {
    const job = (await c.call('POST', '/api/v2/flows/jobs')).json;
    const upload = await fetch(job.presignedUrl, {
      method: 'PUT',
      headers: job.headers,
      body: yamlText,
    });
    expect(upload.status).toBe(200);
    const states: string[] = [];
    for (let i = 0; i < 5; i++) {
      const state = (await c.call('GET', `/api/v2/flows/jobs/${job.id}?expand=messages`)).json;
      states.push(state.status);
      if (state.status === 'Success' || state.status === 'Failure') return { state, states };
    }
    throw new Error('the job never finished');
  }

  it('refuses an upload without the presigned headers or signature', async () => {
    const c = await client();
    const job = (await c.call('POST', '/api/v2/flows/jobs')).json;
    expect(Object.keys(job).sort()).toEqual(['headers', 'id', 'presignedUrl', 'selfUri']);
    const noHeaders = await fetch(job.presignedUrl, { method: 'PUT', body: 'x: 1' });
    expect(noHeaders.status).toBe(403);
    const badSignature = await fetch(job.presignedUrl.replace(/Signature=.*/, 'Signature=x'), {
      method: 'PUT',
      headers: job.headers,
      body: 'x: 1',
    });
    expect(badSignature.status).toBe(403);
    // the presigned URL needs no bearer token, but a poll does
    const anonymous = await fetch(`${c.fake.url}/api/v2/flows/jobs/${job.id}`);
    expect(anonymous.status).toBe(401);
  });

  it('imports a module, then callers; a caller of a missing module or action fails with messages', async () => {
    const c = await client();
    const { draft } = await integrationWithAction(c);
    const { flows } = buildGenesysArtifacts({ integrationName: 'I' });
    const early = await importFlow(c, flows!.inboundCall);
    expect(early.state.status).toBe('Failure');
    expect(early.state.messages.map((m: { text: string }) => m.text)).toEqual([
      "no published common module named 'Create ServiceNow Incident'",
    ]);
    const unpublished = await importFlow(c, flows!.commonModule);
    expect(unpublished.state.status).toBe('Failure');
    expect(unpublished.state.messages[0].text).toMatch(/no published data action/);
    await c.call('POST', `/api/v2/integrations/actions/${draft.id}/draft/publish`, { version: 1 });
    const module = await importFlow(c, flows!.commonModule);
    expect(module.states).toEqual(['Started', 'Success']);
    const caller = await importFlow(c, flows!.inboundCall);
    expect(caller.state.status).toBe('Success');
    const listed = (await c.call('GET', '/api/v2/flows?name=create+servicenow&type=commonmodule'))
      .json;
    expect(listed.entities.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual([
      ['Create ServiceNow Incident', 'COMMONMODULE'],
    ]);
    expect(listed.entities[0].publishedVersion.id).toBe('1.0');
  });

  it('keeps a trigger on a published workflow, with version checks and a fixed topic', async () => {
    const c = await client();
    const { draft } = await integrationWithAction(c);
    await c.call('POST', `/api/v2/integrations/actions/${draft.id}/draft/publish`, { version: 1 });
    const artifacts = buildGenesysArtifacts({ integrationName: 'I' });
    const noWorkflow = await c.call('POST', '/api/v2/processautomation/triggers', {
      ...artifacts.trigger,
      target: { ...artifacts.trigger!.target, id: 'nope' },
    });
    expect(noWorkflow.status).toBe(400);
    await importFlow(c, artifacts.flows!.commonModule);
    const workflow = await importFlow(c, artifacts.flows!.workflow);
    const target = { ...artifacts.trigger!.target, id: workflow.state.flow.id };
    const created = await c.call('POST', '/api/v2/processautomation/triggers', {
      ...artifacts.trigger,
      target,
    });
    expect(created.status).toBe(200);
    expect(created.json.version).toBe(1);
    const path = `/api/v2/processautomation/triggers/${created.json.id}`;
    const body = { ...artifacts.trigger, target, enabled: false };
    expect((await c.call('PUT', path, { ...body, version: 7 })).status).toBe(409);
    expect(
      (
        await c.call('PUT', path, {
          ...body,
          version: 1,
          topicName: 'v2.detail.events.conversation.{id}.acw',
        })
      ).status,
    ).toBe(400);
    const updated = await c.call('PUT', path, { ...body, version: 1 });
    expect(updated.json).toMatchObject({ version: 2, enabled: false });
  });
});
