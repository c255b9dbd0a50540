import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** One HTML page per measurement; the manifest lets the runner size each page's initial JS. */
export const PAGES = ['library', 'visible', 'floor', 'baseline', 'renders', 'soak'];

export default defineConfig({
  plugins: [react()],
  build: {
    manifest: true,
    sourcemap: false,
    rolldownOptions: { input: Object.fromEntries(PAGES.map((page) => [page, `${page}.html`])) },
  },
});
