import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A plain consumer build; the manifest lets the runner find the entry chunk and its lazy chunks.
export default defineConfig({
  plugins: [react()],
  build: { manifest: true, sourcemap: false },
});
