/**
 * `action lint` without the printing: files and directories in, every finding out (sorted by file,
 * line, column), plus per action how many present/absent combinations of optional inputs were
 * rendered. Directories are searched for `*.json`, `*.tf` and `*.tf.json` (not node_modules,
 * .git or .terraform); a JSON file that holds no action is skipped there but reported when named.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkContracts } from './contract-checks.ts';
import { RULES, type Finding } from './findings.ts';
import { readActionFile } from './read-actions.ts';
import { checkResponse } from './response-checks.ts';
import { checkTemplates, type CombinationCoverage } from './template-checks.ts';

export interface LintedAction {
  file: string;
  name: string;
  origin: 'json' | 'terraform';
  /** Present/absent combinations of optional inputs rendered for the request body. */
  combinations?: CombinationCoverage;
}

export interface LintReport {
  files: string[];
  actions: LintedAction[];
  findings: Finding[];
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.terraform']);
/** More files than any action repository has: a guard against linting a whole disk. */
export const MAX_FILES = 5_000;

const isActionFile = (name: string) => name.endsWith('.json') || name.endsWith('.tf');

async function collect(path: string, named: boolean, out: Array<{ file: string; named: boolean }>) {
  const info = await stat(path);
  if (info.isFile()) {
    if (named || isActionFile(path)) out.push({ file: path, named });
    return;
  }
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (out.length > MAX_FILES) throw new Error(`more than ${MAX_FILES} files under ${path}`);
    if (entry.isDirectory() && SKIPPED_DIRECTORIES.has(entry.name)) continue;
    if (entry.isDirectory()) await collect(join(path, entry.name), false, out);
    else if (entry.isFile() && isActionFile(entry.name))
      out.push({ file: join(path, entry.name), named: false });
  }
}

const order = (a: Finding, b: Finding) =>
  a.file.localeCompare(b.file) ||
  a.line - b.line ||
  a.column - b.column ||
  a.rule.localeCompare(b.rule);

/** Throws only for paths that do not exist or cannot be listed (a usage error). */
export async function lintPaths(paths: readonly string[]): Promise<LintReport> {
  const files: Array<{ file: string; named: boolean }> = [];
  for (const path of paths) await collect(path, true, files);
  const report: LintReport = { files: [], actions: [], findings: [] };
  for (const { file, named } of files) {
    const read = await readActionFile(file);
    const nothing = read.actions.length === 0;
    // In a directory, JSON that is not an action (package.json, a flow) is simply not ours.
    if (nothing && !named && read.findings.every((f) => f.rule === RULES.fileUnreadable.id))
      continue;
    report.files.push(file);
    report.findings.push(...read.findings);
    for (const source of read.actions) {
      const skipped = read.findings.filter(
        (f) => f.rule === RULES.contractNotStatic.id && f.action === source.name,
      );
      const templates = checkTemplates(source);
      report.findings.push(
        ...checkContracts(source, {
          input: skipped.some((f) => f.field === 'contract.input'),
          output: skipped.some((f) => f.field === 'contract.output'),
        }),
        ...templates.findings,
        ...checkResponse(source),
      );
      report.actions.push({
        file,
        name: source.name,
        origin: source.origin,
        ...(templates.coverage ? { combinations: templates.coverage } : {}),
      });
    }
  }
  report.findings.sort(order);
  return report;
}
