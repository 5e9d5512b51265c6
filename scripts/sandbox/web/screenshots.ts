/**
 * `npm run screenshots`: the README's pictures of the sandbox page, taken by the same headless
 * Chromium the browser tests drive: the incident list after the demo, and a Data Action run with
 * its trace. Writes docs/sandbox-incidents.png and docs/sandbox-run.png.
 */
import { mkdirSync } from 'node:fs';
import { repoRoot } from '../../lib/paths.ts';
import { runDemo } from '../demo.ts';
import { startSandbox } from '../sandbox.ts';
import { launchBrowser } from './browser.ts';
import { startSandboxWeb } from './server.ts';

/** A fixed conversation id, so the run's picture shows the same input every time. */
const SCREENSHOT_CALL_ID = 'docs-screenshot-0001';

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const web = await startSandboxWeb(sandbox);
  const browser = await launchBrowser();
  try {
    await runDemo(sandbox);
    const docs = repoRoot + 'docs/';
    mkdirSync(docs, { recursive: true });

    const list = await browser.newPage();
    await list.setViewport({ width: 1280, height: 560 });
    await list.goto(web.url + 'incidents', { waitUntil: 'load' });
    await list.screenshot({ path: `${docs}sandbox-incidents.png` });

    const run = await browser.newPage();
    await run.setViewport({ width: 1280, height: 1400 });
    await run.goto(web.url + 'run', { waitUntil: 'load' });
    await run.click('button[data-example="data-action-request.voice"]');
    await run.waitForSelector('#run-form[data-example="data-action-request.voice"]');
    await run.$eval(
      '#in-customCallId',
      (el, id) => ((el as unknown as { value: string }).value = id),
      SCREENSHOT_CALL_ID,
    );
    await run.click('#run');
    await run.waitForSelector('#run-result');
    // the filled form beside the result and the first steps of its trace
    await run.screenshot({
      path: `${docs}sandbox-run.png`,
      clip: { x: 0, y: 0, width: 1280, height: 1400 },
    });
    process.stdout.write('wrote docs/sandbox-incidents.png and docs/sandbox-run.png\n');
  } finally {
    await browser.close();
    await web.close();
    await sandbox.close();
  }
}

await main();
