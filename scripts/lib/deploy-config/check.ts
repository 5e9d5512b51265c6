/**
 * `checkDeployConfig` is the pure validator (text in, config or every problem out, each with its
 * line and column); `loadDeployConfig` only reads the file.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { locate, formatPath } from './positions.ts';
import { ConfigError, type ConfigProblem } from './problems.ts';
import { schemaProblems, validateSchema, type RawProblem } from './schema-problems.ts';
import { semanticProblems } from './semantic-problems.ts';
import { DEFAULT_DEPLOY_CONFIG_PATH, type DeployConfig } from './types.ts';

const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Validates the text of a deploy configuration. Pure: no file or environment access.
 * `fileName` only labels the positions in problems.
 */
export function checkDeployConfig(
  text: string,
  fileName: string = DEFAULT_DEPLOY_CONFIG_PATH,
): { config: DeployConfig | undefined; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  // prettyErrors off: the pretty form quotes source lines, which may hold a pasted secret
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = [];
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const reason = `YAML: ${error.message.split('\n')[0]}`;
      problems.push({ file: fileName, line, col, path: '', reason });
    }
    return { config: undefined, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const reason = `YAML: ${error instanceof Error ? error.message : String(error)}`;
    return { config: undefined, problems: [{ file: fileName, path: '', reason }] };
  }
  const raw: RawProblem[] = [];
  if (!validateSchema(data)) raw.push(...schemaProblems(validateSchema.errors ?? [], data));
  const schemaPaths = new Set(raw.map((problem) => formatPath(problem.path)));
  for (const problem of semanticProblems(data))
    if (!schemaPaths.has(formatPath(problem.path))) raw.push(problem);

  const seen = new Set<string>();
  for (const problem of raw) {
    const path = formatPath(problem.path);
    const key = `${path}\u0000${problem.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = locate(doc, lineCounter, problem.locateAt ?? problem.path, problem.at);
    problems.push({ file: fileName, ...position, path, reason: problem.reason });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return problems.length === 0
    ? { config: data as DeployConfig, problems }
    : { config: undefined, problems };
}

/** {@link checkDeployConfig}, throwing one {@link ConfigError} that lists every problem. */
export function validateDeployConfig(
  text: string,
  fileName: string = DEFAULT_DEPLOY_CONFIG_PATH,
): DeployConfig {
  const { config, problems } = checkDeployConfig(text, fileName);
  if (!config) throw new ConfigError(problems);
  return config;
}

/** Reads and validates the deploy configuration (relative paths from the working directory). */
export function loadDeployConfig(path: string = DEFAULT_DEPLOY_CONFIG_PATH): DeployConfig {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'not found (copy incident-bridge.example.yaml to incident-bridge.yaml and edit it, or pass --config <file>)'
        : `cannot be read (${code ?? 'error'})`;
    throw new ConfigError(
      [{ file: path, path: '', reason }],
      'cannot load the deploy configuration:',
    );
  }
  if (buffer.length > MAX_CONFIG_BYTES)
    throw new ConfigError([
      { file: path, path: '', reason: `is larger than ${MAX_CONFIG_BYTES} bytes` },
    ]);
  return validateDeployConfig(buffer.toString('utf8'), path);
}
