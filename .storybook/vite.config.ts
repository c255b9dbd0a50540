import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Storybook's Vite config: React only (no library build, no type bundling). */
export default defineConfig({
  plugins: [react()],
});
