/**
 * The one HTTP call of an execution. The whole exchange — connect, headers and body — runs under
 * the action's timeout, as in Genesys, where a slow body is as late as a slow server. `fetch` is
 * injectable (tests, proxies); the default is Node's global fetch, which ignores HTTP_PROXY.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Absent for GET/HEAD: Genesys sends no body with them. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Decoded as UTF-8. */
  body: string;
}

export type HttpOutcome =
  | { kind: 'response'; response: HttpResponse; durationMs: number }
  | { kind: 'timeout'; durationMs: number }
  | { kind: 'tooLarge'; status: number; durationMs: number }
  | { kind: 'network'; message: string; durationMs: number };

export interface HttpOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxResponseBytes: number;
}

async function readCapped(response: Response, max: number): Promise<Buffer | undefined> {
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const base = error instanceof Error ? error.message : String(error);
  const detail = cause?.code ?? cause?.message;
  return detail ? `${base}: ${detail}` : base;
}

export async function sendHttpRequest(
  request: HttpRequest,
  options: HttpOptions,
): Promise<HttpOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await options.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      // A redirect is the endpoint misconfigured, not something to follow with credentials.
      redirect: 'manual',
    });
    const body = await readCapped(response, options.maxResponseBytes);
    if (body === undefined)
      return { kind: 'tooLarge', status: response.status, durationMs: elapsed() };
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    return {
      kind: 'response',
      response: { status: response.status, headers, body: body.toString('utf8') },
      durationMs: elapsed(),
    };
  } catch (error) {
    if (timedOut) return { kind: 'timeout', durationMs: elapsed() };
    return { kind: 'network', message: describeNetworkError(error), durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}
