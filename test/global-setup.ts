/**
 * Builds the ServiceNow app once before the suite when the build is missing or older than its
 * sources: the emulator tests run the *built* output, never the TypeScript source. In CI the
 * keys file is frozen, so a stale committed keys.ts fails the run.
 */
import { ensureServiceNowBuilt } from '../scripts/servicenow/build.ts';

export default async function setup(): Promise<void> {
  await ensureServiceNowBuilt({ frozenKeys: process.env.CI === 'true' });
}
