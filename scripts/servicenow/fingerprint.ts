/**
 * The fingerprint of a built app package: sha256 over every record file now-sdk wrote (path and
 * text, in path order), without the bom.json module, whose serial number and timestamp change on
 * every build. Two builds of the same sources give the same fingerprint; any change of a
 * handler, a Fluent record or the version gives another. deploy:servicenow records it on the
 * instance (x_ibr_incbridge.package_fingerprint) after each install and compares it in the plan.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const RECORD_DIRS = ['scope', 'update', 'unload', 'unload.demo'];
const BOM_MODULE = /<path>[^<]*\/bom\.json<\/path>/;

export function packageFingerprint(distAppDir: string): string {
  const files: Array<{ path: string; text: string }> = [];
  for (const sub of RECORD_DIRS) {
    const dir = join(distAppDir, sub);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.xml')) continue;
      const text = readFileSync(join(dir, name), 'utf8');
      if (BOM_MODULE.test(text)) continue;
      files.push({ path: `${sub}/${name}`, text });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update('\0').update(file.text).update('\0');
  return hash.digest('hex');
}

/** The first 12 hex digits, for plans and messages. */
export const shortFingerprint = (fingerprint: string) => fingerprint.slice(0, 12) || '(none)';
