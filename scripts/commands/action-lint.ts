/**
 * `incident-bridge action lint <file|dir…>`: checks Genesys Data Actions — exports (JSON) and
 * Terraform `genesyscloud_integration_action` resources (`.tf`, `.tf.json`) — for the bugs that
 * make them fail in production (scripts/data-action-lint/). Exit 0 without errors, 1 with errors
 * (or warnings with --strict), 2 for a path that cannot be read. Text by default; `--json` or
 * `--format json` one JSON document; `--format sarif` SARIF 2.1.0 for code scanning.
 */
import { readFileSync } from 'node:fs';
import { lintPaths } from '../data-action-lint/lint.ts';
import {
  countBySeverity,
  formatText,
  toJsonDocument,
  toSarif,
} from '../data-action-lint/report.ts';
import { EXIT_FAILED, EXIT_OK, InputError } from '../lib/errors.ts';
import { writeLine, type Io } from '../lib/io.ts';

export type LintFormat = 'text' | 'json' | 'sarif';

export interface ActionLintOptions {
  format?: LintFormat;
  /** Same as `format: 'json'`. */
  json?: boolean;
  /** Warnings fail too. */
  strict?: boolean;
  /** Paths are shown relative to this directory; default the working directory. */
  cwd?: string;
}

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

export async function actionLintCommand(
  paths: readonly string[],
  options: ActionLintOptions,
  io: Io,
): Promise<number> {
  if (paths.length === 0) throw new InputError('action lint needs at least one file or directory');
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!['text', 'json', 'sarif'].includes(format))
    throw new InputError(`--format must be text, json or sarif, got ${JSON.stringify(format)}`);
  const cwd = options.cwd ?? process.cwd();
  let report;
  try {
    report = await lintPaths(paths);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const path = (error as NodeJS.ErrnoException).path;
    throw new InputError(
      code === 'ENOENT' ? `${path}: no such file or directory` : (error as Error).message,
      { cause: error },
    );
  }
  if (format === 'json') writeLine(io.stdout, JSON.stringify(toJsonDocument(report, cwd), null, 2));
  else if (format === 'sarif')
    writeLine(io.stdout, JSON.stringify(toSarif(report, cwd, toolVersion()), null, 2));
  else for (const line of formatText(report, cwd)) writeLine(io.stdout, line);
  const counts = countBySeverity(report.findings);
  return counts.error > 0 || (options.strict && counts.warning > 0) ? EXIT_FAILED : EXIT_OK;
}
