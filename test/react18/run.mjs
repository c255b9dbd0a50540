#!/usr/bin/env node
// Runs the unit suite (Vitest projects "unit" and "node") against React 18, then puts React 19 back.
//
//   node test/react18/run.mjs [--report=<vitest-json-file>]
//
// It swaps react/react-dom in THIS checkout's node_modules with `npm install --no-save` (package.json and
// package-lock.json stay untouched) and restores the versions package.json pins, even on failure. Do not run
// it while other Vitest runs use the same node_modules (CI runs it as its last test step).
// Prints "React 18.x: N passed, N failed"; exits non-zero when a test fails or the swap fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REACT_18 = '18.3.1';
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const report = resolve(
  process.argv.find((a) => a.startsWith('--report='))?.slice('--report='.length) ??
    join(tmpdir(), 'retell-web-call-react-react18.json'),
);
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const pinned = { react: pkg.devDependencies.react, 'react-dom': pkg.devDependencies['react-dom'] };

const installed = (name) =>
  JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')).version;
function swap(versions) {
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...Object.entries(versions).map(([name, version]) => `${name}@${version}`),
    ],
    { cwd: REPO, stdio: 'inherit', timeout: 180_000 },
  );
  for (const [name, version] of Object.entries(versions)) {
    if (installed(name) !== version)
      throw new Error(`${name} is ${installed(name)} after installing ${version}`);
  }
}

let status = 1;
try {
  swap({ react: REACT_18, 'react-dom': REACT_18 });
  console.log(`react ${installed('react')}, react-dom ${installed('react-dom')}`);
  const vitest = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--project',
      'unit',
      '--project',
      'node',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { cwd: REPO, stdio: 'inherit', timeout: 600_000 },
  );
  status = vitest.status ?? 1;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`React ${REACT_18}: ${r.numPassedTests} passed, ${r.numFailedTests} failed; report: ${report}`);
} catch (error) {
  console.error(`React 18 run failed: ${error instanceof Error ? error.message : error}`);
  status = 1;
} finally {
  try {
    swap(pinned);
    console.log(`restored react ${installed('react')}, react-dom ${installed('react-dom')}`);
  } catch (error) {
    console.error(
      `could not restore React ${pinned.react}: ${error instanceof Error ? error.message : error}`,
    );
    status = 1;
  }
}
process.exit(status);
