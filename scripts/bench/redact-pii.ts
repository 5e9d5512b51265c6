/**
 * redact-pii (the library `npm run bench` compares with), driven in a worker thread with a time
 * limit per call: its regular expressions backtrack quadratically on some adversarial inputs, and
 * a stuck RegExp can only be stopped by terminating the thread it runs on.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./redact-pii-worker.mjs', import.meta.url);

/** The installed version, for the table; undefined when the package is not installed. */
export function redactPiiVersion(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return (require('redact-pii/package.json') as { version: string }).version;
  } catch {
    return undefined;
  }
}

export class TimedOut extends Error {}

type Reply = { id: number; outputs?: string[]; chars?: number; ms?: number; passes?: number };

export class RedactPii {
  private worker: Worker | undefined;
  private sequence = 0;

  private start(): Worker {
    this.worker ??= new Worker(WORKER);
    return this.worker;
  }

  private call(message: Record<string, unknown>, timeoutMs: number): Promise<Reply> {
    const worker = this.start();
    const id = ++this.sequence;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        this.worker = undefined;
        void worker.terminate();
        reject(new TimedOut(`redact-pii did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(reply);
      };
      worker.on('message', onMessage);
      worker.once('error', (error) => {
        clearTimeout(timer);
        this.worker = undefined;
        reject(error);
      });
      worker.postMessage({ id, ...message });
    });
  }

  async redact(texts: string[], timeoutMs: number): Promise<string[]> {
    return (await this.call({ kind: 'redact', texts }, timeoutMs)).outputs ?? [];
  }

  /** Redacts `texts` over and over for at least `minMs`; characters per second. */
  async throughput(texts: string[], minMs: number, timeoutMs: number): Promise<number> {
    const reply = await this.call({ kind: 'throughput', texts, minMs }, timeoutMs);
    return ((reply.chars ?? 0) / (reply.ms ?? 1)) * 1000;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/** redact-pii's replacement labels for the types the bench scores. */
export const REDACT_PII_LABELS: Record<string, string> = {
  phone: 'PHONE_NUMBER',
  email: 'EMAIL_ADDRESS',
  card: 'CREDIT_CARD_NUMBER',
  ssn: 'US_SOCIAL_SECURITY_NUMBER',
  // redact-pii has no IBAN detector
};
