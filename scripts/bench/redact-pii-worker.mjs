// Runs redact-pii (the comparison library of `npm run bench`) in a worker thread, so that the
// main thread can stop an input that sends its regular expressions into catastrophic
// backtracking: worker.terminate() interrupts even a running RegExp. Messages:
//   { id, kind: 'redact', texts }            → { id, outputs }
//   { id, kind: 'throughput', texts, minMs } → { id, chars, ms, passes }
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii');
const redactor = new SyncRedactor();

parentPort.on('message', (message) => {
  if (message.kind === 'redact') {
    parentPort.postMessage({
      id: message.id,
      outputs: message.texts.map((t) => redactor.redact(t)),
    });
    return;
  }
  const started = performance.now();
  let chars = 0;
  let passes = 0;
  do {
    for (const text of message.texts) {
      redactor.redact(text);
      chars += text.length;
    }
    passes++;
  } while (performance.now() - started < message.minMs);
  parentPort.postMessage({ id: message.id, chars, ms: performance.now() - started, passes });
});
