/**
 * Packages a command needs at run time but `npm ci --omit=dev` leaves out (the ServiceNow SDK):
 * a missing one is one line naming it, not ERR_MODULE_NOT_FOUND with a stack trace.
 */
import { existsSync } from 'node:fs';
import { OperationError } from './errors.ts';
import { repoRoot } from './paths.ts';

/** Path of a file inside an installed package, or an OperationError naming the package. */
export function packageFile(name: string, file: string, neededFor: string): string {
  const path = `${repoRoot}node_modules/${name}/${file}`;
  if (existsSync(path)) return path;
  throw new OperationError(
    `${neededFor} needs the package ${name}, which is not installed (a development dependency: run npm install, or npm ci without --omit=dev)`,
  );
}
