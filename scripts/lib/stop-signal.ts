/**
 * Waiting for Ctrl-C (SIGINT) or SIGTERM while a server command serves. Listen only once the
 * servers are up: until then the default action (exit) applies. After the first signal the
 * listeners are gone again, so a second signal ends the process the default way even if closing
 * hangs.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
