/** Where a command reads and writes; tests pass in-memory streams. */
import type { Readable, Writable } from 'node:stream';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export function writeLine(stream: Writable, line: string): void {
  stream.write(line + '\n');
}
