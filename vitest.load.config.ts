/**
 * `npm run test:load`: the property-based, leak and linearity suites again with many times more
 * cases (test/helpers/stress.ts reads INCIDENT_BRIDGE_LOAD). Bounded: every property has a run
 * count and a timeout; loops talk to 127.0.0.1 only.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // replaces (does not extend) the default include of vitest.config.ts
    include: [
      'test/**/*.fuzz.test.ts',
      'test/**/linearity.test.ts',
      'test/leak-scan.test.ts',
      'test/load.test.ts',
    ],
    env: { ...base.test?.env, INCIDENT_BRIDGE_LOAD: '1' },
  },
});
