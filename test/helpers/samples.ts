/** The example payloads in examples/ (shared with the README and the demo), read once. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const samplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));

export function sampleNames(prefix = ''): string[] {
  return readdirSync(samplesDir)
    .filter((name) => name.endsWith('.json') && name.startsWith(prefix))
    .sort();
}

export function readSample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(samplesDir + name, 'utf8')) as Record<string, unknown>;
}
