// A static server for the scratch app's build plus the token endpoint: a Retell v2 create-web-call body
// after a fixed delay (`?delay=<ms>` overrides it), so "click → socket minus the delay" is our overhead.
// Static files are served gzipped (level 9) when the browser accepts it, as any real host would.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};
export const TOKEN_PATH = '/api/create-web-call';

export async function serve(root, { tokenDelayMs }) {
  let tokens = 0;
  const gzipped = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === TOKEN_PATH && req.method === 'POST') {
      const delay = Number(url.searchParams.get('delay') ?? tokenDelayMs);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          tokens++;
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              call_type: 'web_call',
              access_token: `bench-token-${tokens}`,
              call_id: `call_bench_${tokens}`,
              agent_id: 'agent_bench',
              agent_version: 1,
              call_status: 'registered',
            }),
          );
        }, delay),
      );
      return;
    }
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file), { level: 9 }));
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' });
      res.end(gzipped.get(file));
      return;
    }
    res.writeHead(200, { 'content-type': type });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    tokenCount: () => tokens,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
