import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { loadCallEngine } from '../../src/core/store.ts';
import { loadSchemas } from '../../src/core/token.ts';

// The call engine and the token validator are loaded on demand (as a hover preload does in an app); load
// them once up front so tests that count microtasks see the same timing on their first call as on later
// ones. test/unit/core/store-engine-load.test.ts covers a start() before the engine has loaded.
beforeAll(async () => {
  await Promise.all([loadCallEngine(), loadSchemas()]);
});

afterEach(() => {
  cleanup();
});
