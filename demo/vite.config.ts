import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { tokenEndpoint } from './tokenEndpoint.ts';

/** `npm run demo`: the demo page, with the token endpoint served by the library's server handler. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), tokenEndpoint()],
  publicDir: false,
  // A dev server only: the token endpoint is a `configureServer` middleware, which `vite preview` lacks.
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
