/**
 * Headless Chromium from the npm registry (@sparticuz/chromium ships the binary inside the
 * package and unpacks it to the temp folder), driven by puppeteer-core: the browser of the page's
 * tests and of `npm run screenshots`. No download at install time, no system Chrome.
 */
import { execFileSync } from 'node:child_process';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Shared libraries the binary needs that this machine lacks (from ldd), for the error message. */
function missingLibraries(executable: string): string[] {
  try {
    const out = execFileSync('ldd', [executable], { encoding: 'utf8' });
    return out
      .split('\n')
      .filter((line) => line.includes('not found'))
      .map((line) => line.trim().split(' ')[0] ?? line.trim());
  } catch {
    return [];
  }
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  try {
    return await puppeteer.launch({
      executablePath,
      args: chromium.args,
      headless: true,
      defaultViewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    const missing = missingLibraries(executablePath);
    const hint =
      missing.length > 0
        ? ` Missing shared libraries: ${missing.join(', ')} (Debian: apt-get install libnss3 libnspr4 libexpat1).`
        : '';
    throw new Error(
      `headless Chromium (${executablePath}) did not start: ${error instanceof Error ? error.message : String(error)}.${hint}`,
    );
  }
}
