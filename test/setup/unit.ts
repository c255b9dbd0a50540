import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { loadSchemas } from '../../src/core/token.ts';

// The token validator is loaded on demand (as a hover preload does in an app); load it once up front so
// tests that count microtasks see the same timing on their first call as on later ones.
beforeAll(async () => {
  await loadSchemas();
});

afterEach(() => {
  cleanup();
});
