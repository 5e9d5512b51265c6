/** What is wrong with a deploy configuration, where, and the one error that carries it all. */
import { InputError } from '../errors.ts';

export interface ConfigProblem {
  /** File the problem is in, as given to the loader. */
  file: string;
  /** 1-based position; absent when the problem is not tied to a place in the file. */
  line?: number;
  col?: number;
  /** Dotted path of the setting, e.g. `environments.dev.genesys.region`; "" = the whole file. */
  path: string;
  reason: string;
}

export function formatConfigProblem(problem: ConfigProblem): string {
  const where =
    problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col}`;
  return problem.path
    ? `${where} ${problem.path}: ${problem.reason}`
    : `${where}: ${problem.reason}`;
}

/** Invalid or unusable deploy configuration (invalid input); the message lists every problem. */
export class ConfigError extends InputError {
  constructor(
    readonly problems: readonly ConfigProblem[],
    summary?: string,
  ) {
    const head =
      summary ??
      `invalid deploy configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):`;
    super([head, ...problems.map(formatConfigProblem)].join('\n'));
    this.name = 'ConfigError';
  }
}
