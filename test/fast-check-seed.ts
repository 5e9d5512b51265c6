/**
 * Property tests draw a new random seed on every local run, to keep finding new cases; a failure
 * prints its seed (`{ seed, path }`) and `FC_SEED=<seed> npx vitest run <file>` replays it.
 * In CI (CI=true) the seed is pinned, so whether a commit lands does not depend on the draw:
 * what CI checks is what was checked before the push. Set FC_SEED to choose another.
 */
import fc from 'fast-check';

const pinned = process.env.FC_SEED ?? (process.env.CI === 'true' ? '20261130' : undefined);
if (pinned !== undefined) {
  const seed = Number(pinned);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${pinned}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
