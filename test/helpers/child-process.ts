/**
 * Child processes in tests without sleeps: every spawn has a time limit (the child is killed when
 * it passes, which fails the waiting test), output is awaited by event, not polled, and ports are
 * probed by connecting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import type { Readable, Writable } from 'node:stream';

export interface Child {
  process: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code (null when killed by a signal) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with stdout once it contains `text`; rejects if the child exits first. */
  waitForStdout(text: string | RegExp): Promise<string>;
  /** With `group`: SIGKILL to the child's process group (what it left behind), if any is left. */
  killGroup(): void;
}

export function spawnChild(
  command: string,
  args: string[],
  options: {
    cwd: string;
    timeoutMs: number;
    env?: NodeJS.ProcessEnv;
    /** A process group of its own, so grandchildren can be cleaned up after a failed test. */
    group?: boolean;
  },
): Child {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    detached: options.group === true,
  });
  const text = { out: '', err: '' };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text.out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text.err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const matches = (pattern: string | RegExp) =>
    typeof pattern === 'string' ? text.out.includes(pattern) : pattern.test(text.out);
  return {
    process: child,
    get stdout() {
      return text.out;
    },
    get stderr() {
      return text.err;
    },
    exited,
    killGroup: () => {
      if (!options.group || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone: nothing was left behind
      }
    },
    waitForStdout: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!matches(pattern)) return;
          child.stdout!.off('data', check);
          resolve(text.out);
        };
        child.stdout!.on('data', check);
        check();
        void exited.then(({ code, signal }) => {
          if (!matches(pattern))
            reject(
              new Error(
                `exited (${code ?? signal}) before printing ${String(pattern)}; stderr: ${text.err.slice(-2000)}`,
              ),
            );
        });
      }),
  };
}

/** Resolves once a stream has carried `text` (an in-process command's stdout). */
export function untilWritten(stream: Readable | Writable, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      if (!seen.includes(text)) return;
      stream.off('data', onData);
      resolve();
    };
    stream.on('data', onData);
  });
}

/** True when nothing accepts connections on 127.0.0.1:port. */
export function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve(true) : reject(error),
    );
  });
}
