// Packs the library, installs the tarball into a copy of bench/app (a temp dir, never the repo) at the
// repo's dependency versions, and builds it with Vite.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './shell.mjs';

export async function buildScratchApp(repo, work) {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const version = (name) => pkg.devDependencies?.[name] ?? pkg.dependencies?.[name];
  const out = await run('npm', ['pack', '--json', '--pack-destination', work], repo);
  const tarball = JSON.parse(out.slice(out.indexOf('[')))[0].filename;
  const app = join(work, 'app');
  cpSync(join(repo, 'bench/app'), app, { recursive: true });
  const appPkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  appPkg.dependencies = {
    'retell-web-call-react': `file:../${tarball}`,
    'retell-client-js-sdk': version('retell-client-js-sdk'),
    react: version('react'),
    'react-dom': version('react-dom'),
    '@tanstack/react-query': version('@tanstack/react-query'),
  };
  appPkg.devDependencies = { vite: version('vite'), '@vitejs/plugin-react': version('@vitejs/plugin-react') };
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(appPkg, null, 2)}\n`);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
  await run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], app);
  return { app, dist: join(app, 'dist'), tarball };
}
