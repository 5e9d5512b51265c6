/** Reads a file or standard input ("-") with a size cap, as UTF-8 text. */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError } from './errors.ts';

/** Largest input the CLI reads: well above any body the ServiceNow endpoint accepts. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

async function readCapped(stream: Readable, label: string, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new InputError(`${label} is larger than ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readInput(
  source: string,
  stdin: Readable,
  maxBytes: number = MAX_INPUT_BYTES,
): Promise<string> {
  if (source === '-') return readCapped(stdin, 'standard input', maxBytes);
  let handle;
  try {
    handle = await open(source, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : (code ?? 'unreadable');
    throw new InputError(`cannot read ${source}: ${reason}`);
  }
  try {
    return await readCapped(handle.createReadStream(), source, maxBytes);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`,
    );
  } finally {
    await handle.close();
  }
}
