#!/usr/bin/env node
/**
 * Compiles the CLI to JavaScript (dist/cli/), so `mask` and `validate` start without compiling
 * TypeScript: esbuild (a dependency) bundles scripts/cli.ts with code splitting, one chunk per
 * lazily loaded command, packages left to node_modules. `prepare` runs it after npm install and
 * npm ci (also with --omit=dev). inputs.json lists the sources of each command, so bin/ can
 * tell a stale build and fall back to tsx. Plain JavaScript: it must run before anything is compiled.
 *
 * Usage: node scripts/build-cli.mjs [outdir]   (default dist/cli; must be two levels below the
 * repository root, where scripts/lib/paths.ts expects its code)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = root + (process.argv[2] ?? 'dist/cli');

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['scripts/cli.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  outdir,
  // chunks beside cli.js: code using import.meta.url (paths.ts) sits two levels below the root
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

/**
 * The sources each compiled command runs: cli.js and its static imports, plus the command's own
 * chunk (a dynamic import) and its static imports. bin/ checks only these, so an edit to the
 * emulator does not send `mask` back to tsx.
 */
const outputs = result.metafile.outputs;
const prefix = outdir.slice(root.length).replace(/\/?$/, '/');
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file].imports)
    if (imported.kind === 'import-statement' && !imported.external) closure(imported.path, seen);
  return seen;
}
function sources(files) {
  const inputs = new Set();
  for (const file of files)
    for (const input of Object.keys(outputs[file].inputs))
      if (!input.includes('node_modules/')) inputs.add(input);
  return [...inputs].sort();
}
const cli = prefix + 'cli.js';
const commands = {};
for (const imported of outputs[cli].imports) {
  if (imported.kind !== 'dynamic-import') continue;
  const entry = outputs[imported.path].entryPoint ?? '';
  const name = /scripts\/commands\/([a-z-]+)\.ts$/.exec(entry)?.[1];
  if (name) commands[name] = sources(closure(imported.path, closure(cli)));
}
commands[''] = sources(closure(cli)); // --help, usage errors
writeFileSync(outdir + '/inputs.json', JSON.stringify(commands, null, 1) + '\n');
