/**
 * Reads the *built* ServiceNow app (now-sdk output under servicenow/dist/app): one
 * record_update XML file per record. The emulator runs from these records only, never from
 * the TypeScript source, so what is tested is what would be installed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface AppRecord {
  table: string;
  /** Field text: CDATA as-is, entities decoded; empty elements are "". */
  fields: Record<string, string>;
  /** Attributes of fields, e.g. display_value / name of references. */
  attributes: Record<string, Record<string, string>>;
  file: string;
}

export interface BuiltApp {
  dir: string;
  scope: string;
  scopeId: string;
  /** sys_app.version: the version the package installs. */
  version: string;
  name: string;
  records: AppRecord[];
  of(table: string): AppRecord[];
  byId(table: string, sysId: string): AppRecord | undefined;
}

export class AppNotBuiltError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

/** Record folders the platform loads on install; unload* only on first install / demo data. */
const RECORD_DIRS = ['scope', 'update', 'unload', 'unload.demo'];

function parseRecord(xml: string, file: string): AppRecord | undefined {
  const document = parser.parse(xml) as Record<string, unknown>;
  const update = document.record_update as Record<string, unknown> | undefined;
  if (!update || typeof update !== 'object') return undefined;
  const tableKey = Object.keys(update).find((key) => !key.startsWith('@_') && key !== '#text');
  if (!tableKey) return undefined;
  const element = update[tableKey] as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const attributes: Record<string, Record<string, string>> = {};
  for (const [name, value] of Object.entries(element)) {
    if (name.startsWith('@_') || name === '#text') continue;
    if (typeof value === 'string') {
      fields[name] = value;
    } else if (value && typeof value === 'object') {
      const node = value as Record<string, unknown>;
      fields[name] = typeof node['#text'] === 'string' ? node['#text'] : '';
      const attrs: Record<string, string> = {};
      for (const [key, attr] of Object.entries(node))
        if (key.startsWith('@_')) attrs[key.slice(2)] = String(attr);
      attributes[name] = attrs;
    } else {
      fields[name] = '';
    }
  }
  const table = typeof update['@_table'] === 'string' ? update['@_table'] : tableKey;
  return { table, fields, attributes, file };
}

/** An app from record files given in memory (e.g. unzipped from an uploaded package). */
export function loadAppFromFiles(
  files: ReadonlyArray<{ path: string; text: string }>,
  source: string,
): BuiltApp {
  const records: AppRecord[] = [];
  const wanted = files
    .map((file) => ({ ...file, path: file.path.replace(/^\/+/, '') }))
    .filter(
      (file) =>
        file.path.endsWith('.xml') && RECORD_DIRS.indexOf(file.path.split('/')[0] ?? '') >= 0,
    )
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of wanted) {
    const record = parseRecord(file.text, file.path);
    if (record) records.push(record);
  }
  const sysApp = records.find((r) => r.table === 'sys_app');
  if (!sysApp) throw new AppNotBuiltError(`${source} has no sys_app record`);
  return {
    dir: source,
    scope: sysApp.fields.scope ?? '',
    scopeId: sysApp.fields.sys_id ?? '',
    version: sysApp.fields.version ?? '',
    name: sysApp.fields.name ?? '',
    records,
    of: (table) => records.filter((r) => r.table === table),
    byId: (table, sysId) => records.find((r) => r.table === table && r.fields.sys_id === sysId),
  };
}

/** The app as now-sdk built it under `distAppDir` (servicenow/dist/app). */
export function loadBuiltApp(distAppDir: string): BuiltApp {
  if (!existsSync(join(distAppDir, 'scope'))) {
    throw new AppNotBuiltError(
      `no built ServiceNow app in ${distAppDir}: run \`npm run build\` first`,
    );
  }
  const files: Array<{ path: string; text: string }> = [];
  for (const sub of RECORD_DIRS) {
    const dir = join(distAppDir, sub);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (file.endsWith('.xml'))
        files.push({ path: `${sub}/${file}`, text: readFileSync(join(dir, file), 'utf8') });
    }
  }
  return loadAppFromFiles(files, distAppDir);
}
