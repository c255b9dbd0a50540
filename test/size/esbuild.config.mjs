// The initial-bundle budgets (package.json "size-limit"), one entry file per import. size-limit's default esbuild run inlines dynamic
// imports, so it would count the lazily loaded Retell SDK and zod validator as initial code. Here every
// `import()` stays external: the bundle is exactly what an app loads before anyone touches a call button.
// The consumer fixture (test/consumer) checks the same split in a real Vite build.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Leaves `import()` targets out of the bundle: they are separate, on-demand chunks in an app. */
const lazyImportsStayLazy = {
  name: 'lazy-imports-stay-lazy',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/** The esbuild config size-limit runs for one entry file of test/size (peers and lazy chunks external). */
export function bundleOf(entry) {
  return {
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    minify: true,
    metafile: true,
    write: true,
    platform: 'browser',
    external: ['react', 'react-dom', 'react/*', 'react-dom/*', '@tanstack/react-query'],
    plugins: [lazyImportsStayLazy],
    outdir: join(tmpdir(), `retell-web-call-react-size-${process.pid}-${entry.replace(/\W/g, '')}`),
  };
}

/** The panel set: CallButton + CallPanel + WebCallProvider + useWebCall (initial.js). */
export default bundleOf('./initial.js');
