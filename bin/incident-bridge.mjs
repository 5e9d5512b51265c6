#!/usr/bin/env node
// Entry point of the `incident-bridge` command. `mask` and `validate` (and --help) run the
// compiled CLI under dist/cli/ (`npm run build:cli`; `prepare` builds it after npm install and
// npm ci) when it is newer than every source it was built from, so they start without compiling
// TypeScript. Everything else, or a stale or missing build, runs the TypeScript through tsx:
// there is no build step between editing a file and running the command.
import { readFileSync, statSync } from 'node:fs';

/** Commands that run compiled: the quick ones, where compiling TypeScript would dominate. */
const COMPILED_COMMANDS = new Map([
  ['mask', 'mask'],
  ['validate', 'validate'],
  ['--help', ''],
  ['-h', ''],
  [undefined, ''],
]);

/** URL of the compiled CLI when every source the command runs is older than it, else undefined. */
function compiledCli(command) {
  try {
    const root = new URL('../', import.meta.url);
    const cli = new URL('dist/cli/cli.js', root);
    const built = statSync(cli).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    for (const input of inputs[command]) if (statSync(new URL(input, root)).mtimeMs > built) return;
    return cli.href;
  } catch {
    return undefined; // no build (yet), or a source was removed: tsx it is
  }
}

const command = COMPILED_COMMANDS.get(process.argv[2]);
// INCIDENT_BRIDGE_TSX=1: always tsx (the start-up benchmark compares both)
const compiled =
  command === undefined || process.env.INCIDENT_BRIDGE_TSX ? undefined : compiledCli(command);
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../scripts/cli.ts'));
}
process.exitCode = await main(process.argv);
