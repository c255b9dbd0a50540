// The server tests start a real Redis (Debian's redis-server, never a downloaded build). Runs before
// `npm test` (pretest) and again from test/node/server/redis.ts, so a single test file run alone works too.
// Installs it with apt when missing and allowed (root), else explains what to do.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** Makes sure `redis-server` exists; returns its path or throws with the way to install it. */
export function ensureRedisServer() {
  if (existsSync(REDIS_SERVER_PATH)) return REDIS_SERVER_PATH;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(
      `[ensure-redis] ${REDIS_SERVER_PATH} is missing: installing Debian's redis-server with apt-get…`,
    );
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server', {
      stdio: 'inherit',
    });
    if (existsSync(REDIS_SERVER_PATH)) return REDIS_SERVER_PATH;
  }
  throw new Error(
    `[ensure-redis] The server tests need redis-server at ${REDIS_SERVER_PATH}.\n` +
      '  Debian/Ubuntu: sudo apt-get install -y redis-server\n' +
      '  Elsewhere: install Redis and set REDIS_SERVER_PATH=/path/to/redis-server',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureRedisServer();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
