import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // tests never reach beyond loopback; see DEVELOPERS.md
    env: { NO_PROXY: '127.0.0.1,localhost', NODE_ENV: 'test' },
  },
});
