/**
 * Retrying platform calls that were rate limited: waits what the server's Retry-After says
 * (plus jitter so parallel pipelines do not retry in lock-step), a bounded number of times,
 * within an overall deadline. Everything else is returned or thrown at once.
 */

export interface RetryOptions {
  /** Attempts in total, the first included (default 4). */
  maxAttempts?: number;
  /** Longest single wait honoured, in ms (default 60,000); a longer Retry-After fails at once. */
  maxDelayMs?: number;
  /** Up to this fraction of the delay is added at random (default 0.2). */
  jitter?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, e.g. to print a progress line. */
  onRetry?: (attempt: number, delayMs: number) => void;
}

/** What a failed attempt says about retrying: undefined = do not retry. */
export type RetryVerdict = { retryAfterMs: number } | undefined;

export class RetryGaveUp extends Error {
  constructor(
    message: string,
    readonly lastError: unknown,
  ) {
    super(message);
  }
}

/** Seconds or an HTTP date, as RFC 9110 allows; missing or unreadable → `fallbackMs`. */
export function parseRetryAfter(
  value: string | null | undefined,
  fallbackMs = 1000,
  now = Date.now(),
): number {
  if (value === null || value === undefined || value.trim() === '') return fallbackMs;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - now);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  attempt: () => Promise<T>,
  classify: (error: unknown) => RetryVerdict,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const jitter = options.jitter ?? 0.2;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const verdict = classify(error);
      if (!verdict) throw error;
      if (n >= maxAttempts) throw new RetryGaveUp(`still rate limited after ${n} attempts`, error);
      if (verdict.retryAfterMs > maxDelayMs) {
        throw new RetryGaveUp(
          `asked to wait ${Math.ceil(verdict.retryAfterMs / 1000)} s, more than the ${maxDelayMs / 1000} s allowed`,
          error,
        );
      }
      const delay = Math.round(verdict.retryAfterMs * (1 + jitter * random()));
      options.onRetry?.(n, delay);
      await sleep(delay);
    }
  }
}
