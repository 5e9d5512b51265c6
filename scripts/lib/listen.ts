/**
 * Starting a local server: a busy or forbidden port becomes one clear line (an OperationError,
 * exit 1) instead of "unexpected error: listen EADDRINUSE".
 */
import { OperationError } from './errors.ts';

/** The error a failed `listen` should surface as; anything else is returned unchanged. */
export function listenError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const port = (error as { port?: unknown } | undefined)?.port;
  const where = typeof port === 'number' ? `port ${port}` : 'the port';
  if (code === 'EADDRINUSE')
    return new OperationError(
      `cannot start the ${what}: ${where} on 127.0.0.1 is already in use (choose another --port, or stop what listens there)`,
      { cause: error },
    );
  if (code === 'EACCES')
    return new OperationError(
      `cannot start the ${what}: ${where} needs privileges (choose a port above 1023)`,
      { cause: error },
    );
  return error;
}
