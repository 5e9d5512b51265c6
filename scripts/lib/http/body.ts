/**
 * The one request-body reader of the local servers (ServiceNow emulator, Data Action runtime,
 * platform fakes): reads at most `maxBytes`, drains the rest so the client sees an answer rather
 * than a reset, and says 'too-large' instead of buffering an unbounded body.
 */
import type { IncomingMessage } from 'node:http';

export function readBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      request.resume();
      resolve('too-large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The body as UTF-8 text, or 'too-large'. */
export async function readText(
  request: IncomingMessage,
  maxBytes: number,
): Promise<string | 'too-large'> {
  const body = await readBody(request, maxBytes);
  return body === 'too-large' ? body : body.toString('utf8');
}
