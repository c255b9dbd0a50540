// Process and Chromium helpers shared by the bench runner.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs a command (no shell), bounded; rejects with its output's tail on failure. */
export function run(cmd, args, cwd, timeout = 300_000) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
        reject(new Error(`${cmd} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${tail}`));
      } else resolve(stdout);
    });
  });
}

/**
 * Debian Chromium and the flags Vitest's browser projects use (test/browser/chromium.ts is the single
 * source), plus LiveKit's host failing at DNS: its HTTP requests and its socket are refused at once.
 */
export function chromiumConfig(repo) {
  const src = readFileSync(join(repo, 'test/browser/chromium.ts'), 'utf8');
  const list = (name) => {
    const body = src.match(new RegExp(`export const ${name} = \\[([\\s\\S]*?)\\];`))?.[1];
    if (body === undefined) throw new Error(`${name} not found in test/browser/chromium.ts`);
    return [...body.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  };
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      ...list('CHROMIUM_BASE_ARGS'),
      ...list('FAKE_MIC_ARGS'),
      '--host-resolver-rules=MAP *.livekit.cloud ~NOTFOUND',
    ],
  };
}
