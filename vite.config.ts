/// <reference types="vitest/config" />
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import dts from 'vite-plugin-dts';
import { defineConfig } from 'vitest/config';
import {
  AUTOPLAY_GESTURE_REQUIRED_ARGS,
  CHROMIUM_BASE_ARGS,
  CHROMIUM_PATH,
  DENIED_MIC_ARGS,
  FAKE_MIC_ARGS,
  NO_MIC_ARGS,
} from './test/browser/chromium.ts';
import { browserCommands } from './test/browser/commands.ts';

const dirname = path.dirname(fileURLToPath(import.meta.url));

/** Browser tests that route LiveKit's socket (test/browser/commands.ts `interceptLivekit`). */
const LIVEKIT_SOCKET_TESTS = [
  'test/browser/real-sdk.browser.test.tsx',
  'test/browser/peer-connections.browser.test.tsx',
  'test/browser/join-wait.browser.test.tsx',
  'test/browser/room-release.browser.test.tsx',
];

const BROWSER_DEPS = [
  'react',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  '@tanstack/react-query',
  'zod/mini',
  'retell-client-js-sdk',
  'msw',
  'msw/browser',
  'axe-core',
  'vitest-browser-react',
];

/**
 * Headless Debian Chromium for a browser project; a fresh object per project (Vitest mutates it). An
 * `--autoplay-policy` in `extraArgs` replaces the base's (which lets audio play without a click).
 */
function chromium(extraArgs: string[]) {
  const ownsAutoplay = extraArgs.some((arg) => arg.startsWith('--autoplay-policy='));
  const base = CHROMIUM_BASE_ARGS.filter((arg) => !(ownsAutoplay && arg.startsWith('--autoplay-policy=')));
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: { executablePath: CHROMIUM_PATH, args: [...base, ...extraArgs] },
    }),
    instances: [{ browser: 'chromium' as const }],
    commands: browserCommands,
    screenshotFailures: false,
  };
}

/**
 * One file for the library build (`npm run build`: ESM, one module per source file, bundled .d.ts per entry)
 * and the tests (`npm test`: Vitest projects).
 */
export default defineConfig(({ command, mode }) => ({
  plugins: [
    react(),
    command === 'build' &&
      mode !== 'test' &&
      dts({
        tsconfigPath: './tsconfig.json',
        include: ['src'],
        compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, types: [] },
        entryRoot: 'src',
        bundleTypes: true,
      }),
  ],
  publicDir: false,
  build: {
    lib: {
      entry: {
        index: 'src/index.ts',
        core: 'src/core/index.ts',
        server: 'src/server/index.ts',
        testing: 'src/testing/index.ts',
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
    // Polls (`expect.poll`, `expect.element`) and tests get headroom for a loaded 2-core CI machine; a real
    // failure still fails, just a few seconds later.
    expect: { poll: { timeout: 5_000 } },
    // LiveKit logs every connection step; keep test output readable.
    onConsoleLog: (log) =>
      /connection state changed|region settings|Error starting call|signal connect|could not establish/i.test(
        log,
      )
        ? false
        : undefined,
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
        publicDir: '.storybook/public',
        // Pre-bundle everything the browser tests import, so a cold run never re-optimizes mid-test.
        optimizeDeps: { include: BROWSER_DEPS },
        test: {
          name: 'browser',
          testTimeout: 20_000,
          include: ['test/browser/**/*.browser.test.{ts,tsx}'],
          exclude: [
            'test/browser/mic-*.browser.test.{ts,tsx}',
            'test/browser/real-calls.browser.test.{ts,tsx}',
            ...LIVEKIT_SOCKET_TESTS,
          ],
          browser: chromium(FAKE_MIC_ARGS),
        },
      },
      {
        extends: true,
        publicDir: '.storybook/public',
        optimizeDeps: { include: BROWSER_DEPS },
        test: {
          // The real SDK against an intercepted LiveKit socket. The interception is one route on the page and
          // its recordings live in this Node process, so these files run one after another.
          name: 'browser-livekit',
          testTimeout: 20_000,
          include: LIVEKIT_SOCKET_TESTS,
          fileParallelism: false,
          browser: chromium(FAKE_MIC_ARGS),
        },
      },
      {
        extends: true,
        publicDir: '.storybook/public',
        optimizeDeps: { include: BROWSER_DEPS },
        test: {
          // What the browser decides in a real call: audio refused until a click, devices, the microphone.
          name: 'browser-real-calls',
          testTimeout: 20_000,
          include: ['test/browser/real-calls.browser.test.{ts,tsx}'],
          browser: chromium([...FAKE_MIC_ARGS, ...AUTOPLAY_GESTURE_REQUIRED_ARGS]),
        },
      },
      {
        extends: true,
        publicDir: '.storybook/public',
        optimizeDeps: { include: BROWSER_DEPS },
        test: {
          name: 'browser-mic-denied',
          testTimeout: 20_000,
          include: ['test/browser/mic-denied.browser.test.{ts,tsx}'],
          browser: chromium(DENIED_MIC_ARGS),
        },
      },
      {
        extends: true,
        publicDir: '.storybook/public',
        optimizeDeps: { include: BROWSER_DEPS },
        test: {
          name: 'browser-no-mic',
          testTimeout: 20_000,
          include: ['test/browser/mic-missing.browser.test.{ts,tsx}'],
          browser: chromium(NO_MIC_ARGS),
        },
      },
      {
        extends: true,
        // Every story in stories/ as a test in Chromium (play functions + axe with a11y.test 'error').
        plugins: [
          storybookTest({
            configDir: path.join(dirname, '.storybook'),
            storybookScript: 'npm run storybook',
          }),
        ],
        test: { name: 'storybook', testTimeout: 20_000, browser: chromium(FAKE_MIC_ARGS) },
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
