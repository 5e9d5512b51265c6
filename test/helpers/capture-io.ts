/** In-memory stdin/stdout/stderr for running a command function in process. */
import { PassThrough, Readable } from 'node:stream';
import type { Io } from '../../scripts/lib/io.ts';

export interface CapturedIo {
  io: Io;
  /** Everything written so far. */
  readonly stdout: string;
  readonly stderr: string;
}

export function captureIo(input = ''): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (chunk) => (text.out += chunk));
  stderr.on('data', (chunk) => (text.err += chunk));
  return {
    io: { stdin: Readable.from([input]), stdout, stderr },
    get stdout() {
      return text.out;
    },
    get stderr() {
      return text.err;
    },
  };
}
