/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import dts from 'vite-plugin-dts';
import { defineConfig } from 'vitest/config';

/**
 * One file for the library build (`npm run build`: ESM, one module per source file, bundled .d.ts per entry)
 * and the tests (`npm test`: Vitest projects).
 */
export default defineConfig(({ command, mode }) => ({
  plugins: [
    react(),
    command === 'build' &&
      mode !== 'test' &&
      dts({ tsconfigPath: './tsconfig.build.json', entryRoot: 'src', bundleTypes: true }),
  ],
  publicDir: false,
  build: {
    lib: {
      entry: {
        index: 'src/index.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [
        /^react($|\/)/,
        /^react-dom($|\/)/,
        /^@tanstack\//,
        /^retell-client-js-sdk/,
        /^zod($|\/)/,
        /^node:/,
      ],
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
    sourcemap: true,
    minify: false,
    target: 'es2022',
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/unit.ts'],
          restoreMocks: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
}));
