import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

/**
 * The studio's component tests (`web/src/**\/*.test.ts(x)`, beside what they test): the build's React plugin
 * and root, in jsdom. `npm test` runs them after the node:test files; alone: `npm test -- web/src`.
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['./src/testing/component-setup.ts'],
      // One worker: the machine is shared, and the files are small.
      pool: 'threads',
      poolOptions: { threads: { singleThread: true } },
    },
  }),
);
