#!/usr/bin/env node
// Consumer fixture: proves the published package works for a real app, from the packed tarball.
//
//   node test/consumer/run.mjs [--report=<file.json>] [--keep]
//
// 1. Checks dist/: every module that imports React starts with "use client"; the server entry never reaches
//    React, React Query or the Retell SDK; the core entry (for Server Components) has no "use client", no
//    React, and reaches the Retell SDK only through import().
// 2. `npm pack`s the library (building it first when dist/ is missing), copies test/consumer/app to a temp
//    dir (never inside the repo), writes the README's "Quick start → 2. Frontend" snippet into it verbatim,
//    installs the tarball plus react, react-dom, @tanstack/react-query, vite, @vitejs/plugin-react and
//    typescript at the repo's versions, typechecks the app (with a Server-Component-like module importing
//    ./core) against the packed .d.ts, and `vite build`s it.
// 3. Reads the Vite manifest: the initial chunk holds no retell-client-js-sdk / livekit-client code, a lazy
//    chunk holds it; the call engine sits in a lazy chunk of its own. Prints their sizes (gzip).
// 4. Serves the build on 127.0.0.1 (token endpoint mocked) and drives Debian Chromium (playwright-core): the
//    page renders without errors; nothing requests the SDK chunk before interaction; hover or focus of the
//    call button requests it without a token request; a click sends the token to LiveKit (socket intercepted
//    and closed), the UI shows connection_failed and every microphone track is ended.
// 5. Server rendering: react-dom/server renders every exported component from the installed package in Node;
//    the core entry's values work in plain Node and are the very values the root entry exports.
//
// Prints PASS/FAIL per check, writes { passed, failed, checks, sizes } to the report file, exits 1 on failure.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = join(REPO, 'test/consumer/app');
const args = process.argv.slice(2);
const keep = args.includes('--keep') || process.env.KEEP_CONSUMER === '1';
const reportPath = resolve(
  args.find((a) => a.startsWith('--report='))?.slice('--report='.length) ??
    join(tmpdir(), 'retell-web-call-react-consumer-report.json'),
);

/** Strings that only retell-client-js-sdk / livekit-client contain (they survive minification). */
// (Not the LiveKit host name: the library preconnects to it on intent, so the initial chunk names it too.)
const SDK_MARKERS = [
  "LiveKit doesn't seem to be supported on this browser", // livekit-client
  'could not establish signal connection', // livekit-client
];
const TOKEN_PATH = '/api/create-web-call';
const WAIT = { idle: 1500, request: 10_000, ui: 20_000, command: 180_000 };

const checks = [];
const sizes = {};
function record(name, ok, detail = '') {
  checks.push({ name, ok: Boolean(ok), detail });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `  (${detail})` : ''}`);
}
async function check(name, fn) {
  const start = Date.now();
  try {
    const detail = await fn();
    record(name, true, [detail, `${Date.now() - start} ms`].filter(Boolean).join('; '));
    return true;
  } catch (error) {
    record(name, false, error instanceof Error ? error.message : String(error));
    return false;
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs a command (no shell), bounded; rejects with its output's tail on failure. */
function run(cmd, cmdArgs, cwd, timeout = WAIT.command) {
  return new Promise((resolvePromise, reject) => {
    execFile(cmd, cmdArgs, { cwd, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
        reject(new Error(`${cmd} ${cmdArgs.join(' ')} failed (${error.code ?? error.signal}):\n${tail}`));
      } else resolvePromise(stdout);
    });
  });
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}
/** The module specifiers a built file imports: `import … from`, `export … from`, bare `import '…'`, `import()`. */
const importSpecifiersOf = (code) =>
  [
    ...code.matchAll(
      /(?:^|[;\n])\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|(?:^|[;\n])\s*import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
    ),
  ].map((m) => ({ spec: m[1] ?? m[2] ?? m[3], dynamic: m[3] !== undefined }));
const importsOf = (code) => importSpecifiersOf(code).map((i) => i.spec);
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const kB = (n) => `${(n / 1000).toFixed(2)} kB`;

/** The flags Vitest's browser projects use (test/browser/chromium.ts is the single source). */
function chromiumConfig() {
  const src = readFileSync(join(REPO, 'test/browser/chromium.ts'), 'utf8');
  const list = (name) => {
    const body = src.match(new RegExp(`export const ${name} = \\[([\\s\\S]*?)\\];`))?.[1];
    if (body === undefined) throw new Error(`${name} not found in test/browser/chromium.ts`);
    return [...body.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  };
  return {
    path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...list('CHROMIUM_BASE_ARGS'), ...list('FAKE_MIC_ARGS')],
  };
}

/** The README's "Quick start → 2. Frontend" tsx block, exactly as written. */
function readmeQuickstart() {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.split(/^### 2\. Frontend\s*$/m)[1];
  const block = section?.match(/^```tsx\n([\s\S]*?)^```/m)?.[1];
  if (!block) throw new Error('README.md has no ```tsx block under "### 2. Frontend"');
  return block;
}

// ---------------------------------------------------------------------------------------------------------
// 1. dist/ checks
// ---------------------------------------------------------------------------------------------------------
async function distChecks() {
  const dist = join(REPO, 'dist');
  if (!existsSync(join(dist, 'index.js'))) {
    console.log('dist/ is missing: npm run build');
    await run('npm', ['run', 'build'], REPO);
  }
  const files = walk(dist).filter((f) => f.endsWith('.js'));
  await check('"use client" on top of every dist module that imports React', () => {
    const missing = [];
    let client = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const usesReact = importsOf(code).some((s) => /^react(-dom)?($|\/)/.test(s));
      if (!usesReact) continue;
      client++;
      if (!/^\s*["']use client["'];?/.test(code)) missing.push(relative(REPO, file));
    }
    assert(missing.length === 0, `missing in ${missing.join(', ')}`);
    assert(client > 0, 'no module imports React?');
    return `${client} client modules`;
  });
  await check('server entry never reaches React, React Query or the Retell SDK', () => {
    const seen = new Set();
    const bad = [];
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      if (/^\s*["']use client["']/.test(code)) bad.push(`${relative(REPO, file)} has "use client"`);
      for (const spec of importsOf(code)) {
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (/^(react|react-dom|@tanstack\/|retell-client-js-sdk|livekit-client)/.test(spec))
          bad.push(`${relative(REPO, file)} imports ${spec}`);
      }
    };
    visit(join(dist, 'server.js'));
    assert(bad.length === 0, bad.join('; '));
    return `${seen.size} modules reachable from dist/server.js`;
  });
  // What a Server Component sees: real values, not client references, so no directive anywhere it loads up
  // front; and no React. The Retell SDK stays behind an import() (loaded when a call needs it).
  await check('core entry: no "use client", no React; the Retell SDK only behind import()', () => {
    const seen = new Set();
    const bad = [];
    const lazySdk = [];
    const visit = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      if (/^\s*["']use client["']/.test(code)) bad.push(`${relative(REPO, file)} has "use client"`);
      for (const { spec, dynamic } of importSpecifiersOf(code)) {
        if (dynamic) {
          // A lazy chunk may reach the SDK; walk it apart (it must still never reach React).
          if (spec.startsWith('.')) lazySdk.push(...lazyImports(resolve(dirname(file), spec)));
        } else if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (/^(react|react-dom|@tanstack\/|retell-client-js-sdk|livekit-client)($|\/)/.test(spec))
          bad.push(`${relative(REPO, file)} imports ${spec} up front`);
      }
    };
    /** The bare imports of a lazily loaded module and what it imports in turn. */
    const lazyImports = (file, lazySeen = new Set()) => {
      if (lazySeen.has(file) || seen.has(file)) return [];
      lazySeen.add(file);
      return importSpecifiersOf(readFileSync(file, 'utf8')).flatMap(({ spec }) => {
        if (spec.startsWith('.')) return lazyImports(resolve(dirname(file), spec), lazySeen);
        if (/^(react|react-dom|@tanstack\/)($|\/)/.test(spec))
          bad.push(`lazy ${relative(REPO, file)} imports ${spec}`);
        return [spec];
      });
    };
    visit(join(dist, 'core.js'));
    assert(bad.length === 0, bad.join('; '));
    assert(
      lazySdk.includes('retell-client-js-sdk'),
      'no import() reaches retell-client-js-sdk (how do calls start?)',
    );
    return `${seen.size} modules loaded up front by dist/core.js; the SDK behind import()`;
  });
}

// ---------------------------------------------------------------------------------------------------------
// 2. pack, install, typecheck, build
// ---------------------------------------------------------------------------------------------------------
async function buildFixture(work) {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const version = (name) => pkg.devDependencies?.[name] ?? pkg.dependencies?.[name];
  const app = join(work, 'app');
  let ready = await check('npm pack + npm install of the tarball in a temp app', async () => {
    const out = await run('npm', ['pack', '--json', '--pack-destination', work], REPO);
    const tarball = JSON.parse(out.slice(out.indexOf('[')))[0].filename;
    cpSync(FIXTURE, app, { recursive: true });
    const appPkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    appPkg.dependencies = {
      'retell-web-call-react': `file:../${tarball}`,
      react: version('react'),
      'react-dom': version('react-dom'),
      '@tanstack/react-query': version('@tanstack/react-query'),
    };
    appPkg.devDependencies = Object.fromEntries(
      ['vite', '@vitejs/plugin-react', 'typescript', '@types/react', '@types/react-dom'].map((n) => [
        n,
        version(n),
      ]),
    );
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(appPkg, null, 2)}\n`);
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    return `${tarball}, ${Object.keys(appPkg.dependencies).length + Object.keys(appPkg.devDependencies).length} deps`;
  });
  if (!ready) return false;
  ready = await check('README quick start copied verbatim into the app', () => {
    const code = readmeQuickstart();
    writeFileSync(join(app, 'src/quickstart.tsx'), code);
    const exported = [...code.matchAll(/export function (\w+)/g)].map((m) => m[1]);
    assert(exported.length > 0, 'the snippet exports no component');
    return `exports ${exported.join(', ')}`;
  });
  if (!ready) return false;
  await check(
    'app (README quick start, components, a ./core module) typechecks against the packed .d.ts',
    () => run(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app).then(() => ''),
  );
  return check('vite build of the app', () =>
    run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], app).then(() => ''),
  );
}

// ---------------------------------------------------------------------------------------------------------
// 3. chunks
// ---------------------------------------------------------------------------------------------------------
function chunkChecks(appDist) {
  const manifest = JSON.parse(readFileSync(join(appDist, '.vite/manifest.json'), 'utf8'));
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const read = (file) => readFileSync(join(appDist, file));
  /** A chunk and every chunk it imports statically. */
  const closure = (key, into = new Set()) => {
    if (into.has(key)) return into;
    into.add(key);
    for (const k of manifest[key].imports ?? []) closure(k, into);
    return into;
  };
  const initial = closure(entryKey);
  const initialFiles = [...initial].map((k) => manifest[k].file);
  const lazyKeys = [...initial].flatMap((k) => manifest[k].dynamicImports ?? []);
  const sdkKeys = lazyKeys.filter((k) => SDK_MARKERS.every((m) => read(manifest[k].file).includes(m)));
  const sdkFiles = sdkKeys.flatMap((k) =>
    [...closure(k)].filter((c) => !initial.has(c)).map((c) => manifest[c].file),
  );

  const initialBytes = initialFiles.map(read);
  sizes.initialJs = { files: initialFiles, raw: initialBytes.reduce((n, b) => n + b.length, 0) };
  sizes.initialJs.gzip = initialBytes.reduce((n, b) => n + gz(b), 0);
  const css = [...initial].flatMap((k) => manifest[k].css ?? []);
  sizes.initialCss = { files: css, gzip: css.reduce((n, f) => n + gz(read(f)), 0) };
  const sdkBytes = sdkFiles.map(read);
  sizes.sdkChunk = { files: sdkFiles, raw: sdkBytes.reduce((n, b) => n + b.length, 0) };
  sizes.sdkChunk.gzip = sdkBytes.reduce((n, b) => n + gz(b), 0);

  const found = [];
  for (const [i, file] of initialFiles.entries())
    for (const marker of SDK_MARKERS)
      if (initialBytes[i].includes(marker)) found.push(`${file}: "${marker}"`);
  record(
    'initial chunk holds no retell-client-js-sdk / livekit-client code',
    found.length === 0,
    found.length ? found.join('; ') : `${initialFiles.join(', ')}: ${kB(sizes.initialJs.gzip)} gzip`,
  );
  // zod v4 keeps its `_zod` internals property name through minification.
  const zodIn = (bytes) => bytes.includes('_zod');
  const zodInitial = initialFiles.filter((_, i) => zodIn(initialBytes[i]));
  const zodLazy = lazyKeys.filter((k) => zodIn(read(manifest[k].file)) && !initial.has(k));
  record(
    'zod (the token validator) is not in the initial chunk but in a lazy one',
    zodInitial.length === 0 && zodLazy.length > 0,
    zodInitial.length
      ? `zod found in ${zodInitial.join(', ')}`
      : `lazy: ${zodLazy.map((k) => manifest[k].file).join(', ') || 'none found'}`,
  );
  const lazySdk = sdkKeys.length === 1 && sdkFiles.length > 0 && !initial.has(sdkKeys[0]);
  record(
    'the SDK sits in a lazy chunk',
    lazySdk,
    lazySdk
      ? `${sdkFiles.join(', ')}: ${kB(sizes.sdkChunk.gzip)} gzip`
      : `${sdkKeys.length} lazy chunk(s) with every SDK marker, ${sdkFiles.length} outside the initial chunk (of ${lazyKeys.length} lazy chunks)`,
  );
  // The call engine (token request, microphone check, client events, transcript merge) loads on intent or at
  // the click; this message exists only in its event handlers.
  const ENGINE_MARKER = 'The call closed before it connected.';
  const engineInitial = initialFiles.filter((_, i) => initialBytes[i].includes(ENGINE_MARKER));
  const engineLazy = lazyKeys.filter(
    (k) => !initial.has(k) && read(manifest[k].file).includes(ENGINE_MARKER),
  );
  const engineFile = engineLazy.length === 1 ? manifest[engineLazy[0]].file : null;
  if (engineFile) sizes.engineChunk = { file: engineFile, gzip: gz(read(engineFile)) };
  record(
    'the call engine is not in the initial chunk but in a lazy one',
    engineInitial.length === 0 && engineFile !== null,
    engineInitial.length
      ? `engine code found in ${engineInitial.join(', ')}`
      : engineFile
        ? `${engineFile}: ${kB(sizes.engineChunk.gzip)} gzip`
        : `${engineLazy.length} lazy chunks hold it`,
  );
  record(
    'styles.css reaches the app build',
    css.length > 0 && css.some((f) => read(f).includes('.rwc-call-button')),
    css.length ? `${css.join(', ')}: ${kB(sizes.initialCss.gzip)} gzip` : 'no CSS in the initial chunk',
  );
  return { sdkFiles, initialFiles };
}

// ---------------------------------------------------------------------------------------------------------
// 4. Chromium
// ---------------------------------------------------------------------------------------------------------
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A static server for the build plus the mocked token endpoint (a Retell v2 create-web-call body). */
async function serve(root) {
  const tokens = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === TOKEN_PATH) {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      req.resume();
      req.on('end', () => {
        const token = `consumer-token-${tokens.length + 1}-${Math.random().toString(36).slice(2, 10)}`;
        tokens.push(token);
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            call_type: 'web_call',
            access_token: token,
            call_id: `call_consumer_${tokens.length}`,
            agent_id: 'agent_consumer',
            agent_version: 1,
            call_status: 'registered',
          }),
        );
      });
      return;
    }
    const file = normalize(
      join(root, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)),
    );
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  return {
    server,
    tokens,
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
}

/** Records every track getUserMedia hands out, so the test can see they all end. */
function trackMicrophone() {
  window.__tracks = [];
  const media = navigator.mediaDevices;
  if (!media?.getUserMedia) return;
  const original = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.__tracks.push(...stream.getTracks());
    return stream;
  };
}

async function browserChecks(appDist, { sdkFiles }) {
  const { chromium } = await import('playwright-core');
  const config = chromiumConfig();
  const { server, tokens, origin } = await serve(resolve(appDist));
  const pageErrors = [];
  let browser;
  const isSdk = (url) => sdkFiles.some((f) => url.endsWith(`/${f}`));
  const isToken = (url) => new URL(url).pathname === TOKEN_PATH;

  /** A fresh context (empty cache) with LiveKit intercepted: HTTP aborted, sockets recorded and closed. */
  async function open() {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.ui);
    const requests = [];
    const sockets = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript(trackMicrophone);
    await page.route(/livekit\.cloud/, (route) => route.abort('internetdisconnected'));
    await page.routeWebSocket(/livekit\.cloud/, (ws) => {
      sockets.push(ws.url());
      void ws.close({ code: 1011, reason: 'mocked: no network' });
    });
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: WAIT.ui });
    return { context, page, requests, sockets };
  }
  const tracksState = (page) => page.evaluate(() => window.__tracks.map((t) => `${t.kind}:${t.readyState}`));
  async function allTracksEnded(page) {
    await page
      .waitForFunction(
        () => window.__tracks.length > 0 && window.__tracks.every((t) => t.readyState === 'ended'),
        undefined,
        { timeout: 5000 },
      )
      .catch(() => {});
    const state = await tracksState(page);
    assert(state.length > 0, 'getUserMedia was never called');
    assert(
      state.every((s) => s.endsWith(':ended')),
      `tracks still live: ${state.join(', ')}`,
    );
    return `${state.length} mic track(s) ended`;
  }
  async function expectTokenInSocket(sockets, before) {
    await new Promise((r) => setTimeout(r, 0));
    assert(tokens.length === before + 1, `expected 1 token request, got ${tokens.length - before}`);
    const token = tokens.at(-1);
    const urls = sockets.map((u) => new URL(u));
    assert(urls.length > 0, 'no LiveKit websocket was opened');
    assert(
      urls.some((u) => u.searchParams.get('access_token') === token),
      `access_token not in ${urls.map((u) => u.href.slice(0, 80)).join(', ')}`,
    );
    return `${urls[0].host}${urls[0].pathname}?access_token=<the served token>`;
  }

  try {
    browser = await chromium.launch({ executablePath: config.path, headless: true, args: config.args });

    // A: load, idle, hover → SDK chunk; then click the CallButton.
    const a = await open();
    await check('page renders (README quick start + CallButton + CallPanel), styled', async () => {
      await a.page.getByRole('button', { name: 'Talk to us' }).waitFor();
      await a.page.locator('#header-call-button[data-status="idle"]').waitFor();
      await a.page.locator('section.rwc-call-panel').waitFor();
      const styled = await a.page.evaluate(
        () => getComputedStyle(document.querySelector('.rwc-call-button')).display === 'inline-flex',
      );
      assert(styled, '.rwc-call-button has no styles.css rules (display is not inline-flex)');
      return `${origin}`;
    });
    await check('no SDK chunk, token or microphone request before interaction', async () => {
      await a.page.waitForLoadState('networkidle', { timeout: WAIT.request }).catch(() => {});
      await a.page.waitForTimeout(WAIT.idle);
      assert(!a.requests.some(isSdk), `SDK chunk requested: ${a.requests.filter(isSdk).join(', ')}`);
      assert(!a.requests.some(isToken) && tokens.length === 0, 'a token was requested');
      assert((await tracksState(a.page)).length === 0, 'the microphone was opened');
      return `${a.requests.length} requests after load + ${WAIT.idle} ms idle`;
    });
    await check('hover on the CallButton requests the SDK chunk, no token, no microphone', async () => {
      const sdkRequest = a.page.waitForRequest((r) => isSdk(r.url()), { timeout: WAIT.request });
      await a.page.hover('#header-call-button');
      const request = await sdkRequest;
      await a.page.waitForTimeout(500);
      assert(!a.requests.some(isToken) && tokens.length === 0, 'hover requested a token');
      assert((await tracksState(a.page)).length === 0, 'hover opened the microphone');
      return new URL(request.url()).pathname;
    });
    await check(
      'CallButton click: token reaches LiveKit, UI shows connection_failed, mic released',
      async () => {
        const before = tokens.length;
        await a.page.click('#header-call-button');
        await a.page.locator('.rwc-call-error[data-code="connection_failed"]').waitFor();
        await a.page.locator('#header-call-button[data-status="error"]').waitFor();
        const socket = await expectTokenInSocket(a.sockets, before);
        return `${socket}; ${await allTracksEnded(a.page)}`;
      },
    );
    await a.context.close();

    // B: keyboard focus → SDK chunk.
    const b = await open();
    await check('focus on the CallButton requests the SDK chunk, no token', async () => {
      await b.page.locator('#header-call-button').waitFor();
      await b.page.waitForTimeout(300);
      assert(!b.requests.some(isSdk), 'SDK chunk requested before focus');
      const sdkRequest = b.page.waitForRequest((r) => isSdk(r.url()), { timeout: WAIT.request });
      await b.page.focus('#header-call-button');
      await sdkRequest;
      await b.page.waitForTimeout(300);
      assert(!b.requests.some(isToken), 'focus requested a token');
      return '';
    });
    await b.context.close();

    // C: the README quick start's own button, end to end.
    const c = await open();
    await check('README quick start click: token reaches LiveKit, error shown, mic released', async () => {
      const before = tokens.length;
      const button = c.page.locator('#quickstart button');
      await button.click();
      const alert = c.page.locator('#quickstart [role="alert"]');
      await alert.waitFor();
      const socket = await expectTokenInSocket(c.sockets, before);
      const text = (await alert.textContent())?.trim();
      assert(text, 'empty alert');
      assert((await button.textContent())?.trim() === 'Talk to us', 'button did not return to "Talk to us"');
      return `alert "${text}"; ${socket}; ${await allTracksEnded(c.page)}`;
    });
    await c.context.close();

    record('no uncaught page errors', pageErrors.length === 0, pageErrors.join(' | ').slice(0, 500));
  } finally {
    await browser?.close().catch(() => {});
    await new Promise((ok) => server.close(ok));
  }
}

// ---------------------------------------------------------------------------------------------------------
// 5. SSR
// ---------------------------------------------------------------------------------------------------------
async function ssrChecks(app) {
  for (const [script, label] of [
    ['ssr.mjs', 'react-dom/server renders the built components in plain Node'],
    ['core.mjs', 'the core entry loads in plain Node without React'],
  ]) {
    cpSync(join(REPO, 'test/consumer', script), join(app, script));
    let out;
    try {
      out = await run(process.execPath, [script], app, 60_000);
    } catch (error) {
      record(label, false, error.message);
      continue;
    }
    const { results } = JSON.parse(out.trim().split('\n').at(-1));
    for (const r of results) record(`${script === 'ssr.mjs' ? 'SSR' : 'core'}: ${r.name}`, r.ok, r.detail);
  }
}

// ---------------------------------------------------------------------------------------------------------
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'retell-consumer-'));
let crashed;
try {
  await distChecks();
  if (await buildFixture(work)) {
    const appDist = join(work, 'app/dist');
    const chunks = chunkChecks(appDist);
    if (chunks.sdkFiles.length > 0) await browserChecks(appDist, chunks);
    else record('browser checks', false, 'skipped: no SDK chunk to watch for');
    await ssrChecks(join(work, 'app'));
  }
} catch (error) {
  crashed = error;
  record('consumer runner', false, error?.stack ?? String(error));
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const passed = checks.filter((c) => c.ok).length;
const failed = checks.length - passed;
if (sizes.initialJs) {
  console.log(
    `sizes: initial JS ${kB(sizes.initialJs.gzip)} gzip (${kB(sizes.initialJs.raw)} min, React included), ` +
      `CSS ${kB(sizes.initialCss.gzip)} gzip, lazy SDK chunk ${kB(sizes.sdkChunk.gzip)} gzip (${kB(sizes.sdkChunk.raw)} min)`,
  );
}
mkdirSync(dirname(reportPath), { recursive: true });
writeFileSync(reportPath, `${JSON.stringify({ passed, failed, checks, sizes }, null, 2)}\n`);
console.log(
  `consumer fixture: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s; report: ${reportPath}`,
);
process.exit(failed > 0 || crashed ? 1 : 0);
