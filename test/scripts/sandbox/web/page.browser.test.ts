/**
 * The sandbox page in a real browser (headless Chromium from @sparticuz/chromium, driven by
 * puppeteer-core), used as a person would: open the incident list and watch it update, fill the
 * Run form from an example, run, read the trace, follow the incident link, replay, switch to the
 * PII reader, inject each emulator fault and see one incident. Waits are on what the page shows
 * (selectors and conditions), never on time.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader } from '../../../../scripts/lib/http/basic-auth.ts';
import { demoDir } from '../../../../scripts/sandbox/demo.ts';
import { startSandbox, type Sandbox } from '../../../../scripts/sandbox/sandbox.ts';
import type { ExecutionResult } from '../../../../scripts/sandbox/data-action-runtime/index.ts';
import { SANDBOX_USERS } from '../../../../scripts/sandbox/servicenow-emulator/emulator.ts';
import { launchBrowser } from '../../../../scripts/sandbox/web/browser.ts';
import { startSandboxWeb, type SandboxWeb } from '../../../../scripts/sandbox/web/server.ts';
import { COLUMNS } from '../../../../servicenow/src/server/app-names.ts';

let sandbox: Sandbox;
let web: SandboxWeb;
let browser: Browser;

beforeAll(async () => {
  sandbox = await startSandbox();
  web = await startSandboxWeb(sandbox, { pollIntervalMs: 200 });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await sandbox?.close();
});

const voice = JSON.parse(readFileSync(demoDir + 'data-action-request.voice.json', 'utf8')) as {
  customCallId: string;
  description: string;
};

/** Raw personal data of the examples: none of it may reach a page but the PII reader's detail. */
const RAW_PII = [
  '+1 415 555 0134',
  '+14155550134',
  '4111 1111 1111 1111',
  'jan.de.vries@example.nl',
  'NL91ABNA0417164300',
  '06 12345678',
  '+31612345678',
];
/** Credentials the page holds to read and run: never in what it serves. */
const SECRETS = SANDBOX_USERS.flatMap((u) => [
  u.password,
  basicAuthHeader(u.userName, u.password).slice('Basic '.length),
]);

function expectClean(html: string): void {
  for (const raw of [...RAW_PII, ...SECRETS]) expect(html, `page shows ${raw}`).not.toContain(raw);
}

const incidentsFor = (id: string) =>
  sandbox.servicenow.db.rows('incident').filter((r) => r[COLUMNS.customCallId] === id);

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(web.url + path.replace(/^\//, ''), { waitUntil: 'load' });
  return page;
}

/** Submits the Run form as it is and waits for the result the page renders. */
async function submitRun(page: Page, fault = 'none'): Promise<string> {
  await page.select('#fault', fault);
  await page.click('#run');
  await page.waitForSelector('#run-result, #run-error');
  return page.$eval('#result', (el) => el.innerHTML);
}

async function fillExample(page: Page, title: string): Promise<void> {
  const [button] = await page.$$(`xpath/.//button[@data-example][normalize-space()="${title}"]`);
  if (!button) throw new Error(`no example button "${title}"`);
  await button.click();
  const name = await button.evaluate((b) => b.getAttribute('data-example'));
  await page.waitForSelector(`#run-form[data-example="${name}"]`);
}

/** The value of a form control as the page holds it (what the user typed or a button filled). */
function valueOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as unknown as { value: string }).value);
}

function outputOf(result: ExecutionResult): Record<string, string> {
  if (!result.ok) throw new Error(`the action failed: ${result.error.message}`);
  return result.output as Record<string, string>;
}

async function newConversation(page: Page): Promise<string> {
  await page.click('#new-id');
  return valueOf(page, '#in-customCallId');
}

// generous: a shared CI machine may be slow to paint, and every wait is on the page, not the clock
describe('the sandbox page in a browser', { timeout: 30_000 }, () => {
  it('lists incidents newest first and updates as requests arrive', async () => {
    const page = await open('/incidents');
    const before = await page.$$eval('#incident-rows tr[data-number]', (rows) => rows.length);
    const first = await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: 'live-1',
      channel: 'sms',
      shortDescription: 'Printer jam, call me on +44 20 7946 0958',
    });
    const second = await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: 'live-2',
      channel: 'email',
      shortDescription: 'Mailbox full',
    });
    expect(first.ok && second.ok).toBe(true);
    const secondNumber = outputOf(second).incidentNumber;
    // no reload: the open page picks the new rows up by itself
    await page.waitForSelector(`#incident-rows tr[data-number="${secondNumber}"]`);
    await page.waitForSelector(`#incident-rows[data-count="${before + 2}"]`);
    const rows = await page.$$eval('#incident-rows tr[data-number]', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );
    // newest first: number, created, channel, masked short description, custom call id, caller
    expect(rows[0]![0]).toBe(secondNumber);
    expect(rows[0]!.slice(2, 5)).toEqual(['email', 'Mailbox full', 'live-2']);
    expect(rows[1]!.slice(2, 5)).toEqual(['sms', 'Printer jam, call me on ***-***-0958', 'live-1']);
    expect(rows[0]![1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await page.$eval('#incident-count', (el) => el.textContent)).toBe(`(${before + 2})`);
    expectClean(await page.content());
    await page.close();
  });

  it('runs the Data Action from an example: trace step by step, incident linked, then a replay', async () => {
    const page = await open('/run');
    // the form comes from the contract: required marked, enums as choices
    const required = await page.$$eval('label:has(.req)', (labels) =>
      labels.map((l) => l.getAttribute('for')),
    );
    expect(required.sort()).toEqual(['in-channel', 'in-customCallId', 'in-shortDescription']);
    const directions = await page.$$eval('#in-direction option', (options) =>
      options.map((o) => o.getAttribute('value')),
    );
    expect(directions).toEqual(['', '', 'inbound', 'outbound']);

    await fillExample(page, 'Data Action body: voice');
    expect(await valueOf(page, '#in-customCallId')).toBe(voice.customCallId);
    expect(await valueOf(page, '#in-channel')).toBe('voice');
    const id = await newConversation(page);

    const created = await submitRun(page);
    expect(await page.$eval('#run-result', (el) => el.getAttribute('data-outcome'))).toBe(
      'created',
    );
    const number = await page.$eval('#result-incident', (a) => a.textContent);
    expect(await page.$eval('#headline', (el) => el.textContent)).toBe(
      `Created ${number} (created: true)`,
    );
    // the runtime's trace, step by step, as the Genesys "Test" tab lists them
    const steps = await page.$$eval('#run-result details.step', (ds) =>
      ds.map(
        (d) => `${d.getAttribute('data-step')} ${d.classList.contains('fail') ? 'fail' : 'ok'}`,
      ),
    );
    expect(steps).toEqual([
      'checkAction ok',
      'validateInput ok',
      'resolveRequest ok',
      'executeRequest ok',
      'translateResponse ok',
      'applySuccessTemplate ok',
      'validateOutput ok',
    ]);
    // credentials hidden; customer values as shapes (secure action) or masked (not secure)
    const request = await page.$eval(
      'details[data-step="resolveRequest"] pre',
      (el) => el.textContent,
    );
    expect(request).toContain('"Authorization": "***"');
    const validated = await page.$eval(
      'details[data-step="validateInput"] pre',
      (el) => el.textContent,
    );
    if (sandbox.actions.createIncident.action.secure) {
      expect(request).toMatch(/\\"customCallId\\":\\"\[secure: \d+ chars\]\\"/);
      expect(validated).toContain(`"description": "[secure: ${voice.description.length} chars]"`);
    } else {
      expect(request).toContain(`\\"customCallId\\":\\"${id}\\"`);
      expect(request).toContain('\\"customerAddress\\":\\"***-***-0134\\"');
      expect(validated).toContain(
        'Callback on ***-***-0134. Card on file mentioned: ****-****-****-1111',
      );
      expect(validated).toContain('"customerAddress": "***-***-0134"');
    }
    expect(await page.$eval('#same-conversation', (el) => el.getAttribute('data-count'))).toBe('1');
    expectClean(created);
    expectClean(await page.content());

    // replay: the same conversation again → created false, the same number
    await page.click('#replay');
    await page.waitForSelector('#run-result[data-outcome="replayed"]');
    expect(await page.$eval('#headline', (el) => el.textContent)).toBe(
      `Replayed ${number} (created: false)`,
    );
    expect(await page.$eval('#result-incident', (a) => a.textContent)).toBe(number);
    expect(incidentsFor(id)).toHaveLength(1);
    expectClean(await page.content());

    // the link opens what was stored, masked, without the hidden address
    await Promise.all([page.waitForNavigation(), page.click('#result-incident')]);
    expect(await page.$eval('h2', (el) => el.textContent)).toBe(`Incident ${number}`);
    const description = await page.$eval('[data-field="description"] pre', (el) => el.textContent);
    expect(description).toContain('Callback on ***-***-0134');
    expect(description).toContain('****-****-****-1111');
    expect(
      await page.$eval(`[data-field="${COLUMNS.customerAddress}"] td`, (el) => el.textContent),
    ).toBe("not returned to service.desk.agent: the platform's field ACL left it out");
    expectClean(await page.content());
    await page.close();
  });

  it('shows the hidden customer address only when opened as a PII reader', async () => {
    const result = await sandbox.execute(sandbox.actions.createIncident, {
      customCallId: 'pii-view-1',
      channel: 'voice',
      shortDescription: 'Caller needs a callback',
      customerAddress: '+14155550134',
    });
    const sysId = outputOf(result).incidentSysId;
    const address = `[data-field="${COLUMNS.customerAddress}"] td`;
    const asAgent = await open(`/incidents/${sysId}`);
    expect(await asAgent.$eval(address, (el) => el.className)).toBe('hidden-field');
    expectClean(await asAgent.content());

    // the PII reader is chosen on the page; the emulator's field ACL then returns the column
    await Promise.all([asAgent.waitForNavigation(), asAgent.select('#viewer', 'pii.reader')]);
    expect(await asAgent.$eval(address, (el) => el.textContent)).toBe('+14155550134');
    await asAgent.close();

    // admin has no pii_reader role and the ACL has no admin override: hidden again
    const asAdmin = await open(`/incidents/${sysId}?as=admin`);
    expect(await asAdmin.$eval(address, (el) => el.className)).toBe('hidden-field');
    // the integration user may call the API but not read incidents: the platform's 403, shown
    await asAdmin.goto(`${web.url}incidents/${sysId}?as=genesys.integration`);
    expect(await asAdmin.$eval('#detail-error', (el) => el.textContent)).toMatch(
      /genesys\.integration cannot read this incident: HTTP 403/,
    );
    await asAdmin.goto(`${web.url}incidents?as=service.desk.agent`);
    await asAdmin.close();
  });

  it('fills the form from a conversation object and a conversation-end event', async () => {
    const page = await open('/run');
    await fillExample(page, 'Conversation object: whatsapp');
    expect(await valueOf(page, '#in-channel')).toBe('whatsapp');
    await fillExample(page, 'Event: conversation-end');
    expect(await valueOf(page, '#in-channel')).toBe('whatsapp');
    expect(await valueOf(page, '#in-shortDescription')).not.toBe('');
    await newConversation(page);
    await submitRun(page);
    expect(await page.$eval('#run-result', (el) => el.getAttribute('data-outcome'))).toBe(
      'created',
    );
    expectClean(await page.content());
    await page.close();
  });

  it('a dry run validates and masks, writes nothing', async () => {
    const page = await open('/run');
    await fillExample(page, 'Data Action body: whatsapp');
    const id = await newConversation(page);
    await page.click('#in-dryRun');
    const writesBefore = sandbox.servicenow.db.rows('incident').length;
    await submitRun(page);
    expect(await page.$eval('#run-result', (el) => el.getAttribute('data-outcome'))).toBe(
      'dry-run',
    );
    expect(await page.$eval('#same-conversation', (el) => el.getAttribute('data-count'))).toBe('0');
    expect(sandbox.servicenow.db.rows('incident')).toHaveLength(writesBefore);
    expect(incidentsFor(id)).toHaveLength(0);
    expectClean(await page.content());
    await page.close();
  });

  it('shows the input contract refusing a bad value in the trace', async () => {
    const page = await open('/run');
    await newConversation(page);
    // required shortDescription left empty, so the runtime's validation step fails (twice: the flow retries)
    await page.type('#in-channel', 'sms');
    await submitRun(page);
    expect(await page.$eval('#run-result', (el) => el.getAttribute('data-outcome'))).toBe('failed');
    const failed = await page.$$eval('#run-result details.step.fail', (ds) =>
      ds.map((d) => d.getAttribute('data-step')),
    );
    expect(failed).toEqual(['validateInput', 'validateInput']);
    expect(await page.$eval('details.step.fail pre', (el) => el.textContent)).toContain(
      'shortDescription',
    );
    await page.close();
  });

  describe('faults: the flow retries and one incident remains', () => {
    const cases = [
      // the answer comes after the action timeout: the insert committed, the retry replays it
      { fault: 'slow', attempts: ['false', 'true'], outcome: 'replayed', firstKind: /timeout/ },
      // 503 before the script ran: nothing written, the retry creates
      { fault: 'unavailable', attempts: ['false', 'true'], outcome: 'created', firstKind: /503/ },
      // a concurrent insert wins the unique index: the handler answers with the winner
      { fault: 'lostRace', attempts: ['true'], outcome: 'replayed', firstKind: /success/ },
    ];
    for (const c of cases) {
      it(`${c.fault}: ${c.attempts.length} attempt(s), ${c.outcome}, one incident`, async () => {
        const page = await open('/run');
        await fillExample(page, 'Data Action body: voice');
        const id = await newConversation(page);
        await submitRun(page, c.fault);
        const attempts = await page.$$eval('#run-result section.attempt', (ss) =>
          ss.map((s) => s.getAttribute('data-ok')),
        );
        expect(attempts).toEqual(c.attempts);
        expect(await page.$eval('section.attempt h3', (el) => el.textContent)).toMatch(c.firstKind);
        expect(await page.$eval('#run-result', (el) => el.getAttribute('data-outcome'))).toBe(
          c.outcome,
        );
        expect(await page.$eval('#same-conversation', (el) => el.getAttribute('data-count'))).toBe(
          '1',
        );
        expect(incidentsFor(id)).toHaveLength(1);
        expectClean(await page.content());
        await page.close();
      }, 30_000);
    }
  });

  it('keeps serving while a bounded burst runs against the same sandbox', async () => {
    const page = await open('/incidents');
    const refreshesBefore = web.counters.listRefreshes;
    const start = sandbox.servicenow.db.rows('incident').length;
    const burst = 100;
    const concurrency = 20;
    let next = 0;
    const outcomes: boolean[] = [];
    const worker = async () => {
      while (next < burst) {
        const i = next++;
        const response = await fetch(
          `${sandbox.runtimeUrl}/api/v2/integrations/actions/${sandbox.actions.createIncident.id}/execute`,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              customCallId: `burst-${i}`,
              channel: 'chat',
              shortDescription: `Burst request ${i}`,
            }),
          },
        );
        outcomes.push(response.ok && ((await response.json()) as { created: boolean }).created);
      }
    };
    const running = Promise.all(Array.from({ length: concurrency }, worker));
    // while the burst is in flight, the page loads, reads and runs the action like a user
    const during = await open('/incidents');
    const duringRows = await during.$$eval('#incident-rows tr[data-number]', (r) => r.length);
    expect(duringRows).toBeGreaterThanOrEqual(Math.min(start, 200));
    await during.close();
    const form = await open('/run');
    await fillExample(form, 'Data Action body: whatsapp');
    const id = await newConversation(form);
    await submitRun(form);
    expect(await form.$eval('#run-result', (el) => el.getAttribute('data-outcome'))).toBe(
      'created',
    );
    await form.close();
    await running;
    expect(incidentsFor(id)).toHaveLength(1);
    expect(outcomes).toHaveLength(burst);
    expect(outcomes.every(Boolean)).toBe(true);
    expect(sandbox.servicenow.db.rows('incident')).toHaveLength(start + burst + 1);
    // the open page catches up by itself
    await page.waitForSelector(`#incident-rows[data-count="${Math.min(start + burst + 1, 200)}"]`);
    expect(web.counters.listRefreshes).toBeGreaterThan(refreshesBefore);
    await page.close();
  }, 60_000);
});
