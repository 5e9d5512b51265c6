/** The real-shaped payloads in ../shared/samples, read once. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const samplesDir = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

export function sampleNames(prefix = ''): string[] {
  return readdirSync(samplesDir)
    .filter((name) => name.endsWith('.json') && name.startsWith(prefix))
    .sort();
}

export function readSample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(samplesDir + name, 'utf8')) as Record<string, unknown>;
}
