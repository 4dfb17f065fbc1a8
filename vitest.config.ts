import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and CLI end-to-end tests spawn processes; give them room on a 2-core box.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
