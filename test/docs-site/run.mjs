// The docs pages of the built Storybook (`npm run build-storybook` → storybook-static/), opened in Debian
// Chromium as a reader would. For each MDX page that renders a Markdown file (stories/docs/*.mdx): the page
// shows that file's title and its last heading (so all of it rendered), one live story (with a button) per
// `<!-- story -->` marker, links only to docs pages that exist, and throws nothing. Prints one PASS/FAIL
// line per page; exits 1 on any failure. CI runs it right after the Storybook build (one counted check).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STATIC = path.join(REPO, 'storybook-static');
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** The flags Vitest's browser projects use (test/browser/chromium.ts is the single source). */
function chromiumArgs() {
  const src = readFileSync(path.join(REPO, 'test/browser/chromium.ts'), 'utf8');
  const list = (name) => {
    const body = src.match(new RegExp(`export const ${name} = \\[([\\s\\S]*?)\\];`))?.[1];
    if (body === undefined) throw new Error(`${name} not found in test/browser/chromium.ts`);
    return [...body.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  };
  return [...list('CHROMIUM_BASE_ARGS'), ...list('FAKE_MIC_ARGS')];
}

/** What each docs page must show, read from its MDX page and the Markdown file it renders. */
function expectedPages(index) {
  return Object.values(index.entries)
    .filter((entry) => entry.type === 'docs' && entry.importPath.startsWith('./stories/docs/'))
    .map((entry) => {
      const mdx = readFileSync(path.join(REPO, entry.importPath), 'utf8');
      const file = mdx.match(/'\.\.\/\.\.\/(.+?)\?raw'/)?.[1];
      const markdown = file ? readFileSync(path.join(REPO, file), 'utf8') : '';
      return {
        id: entry.id,
        file,
        title: markdown.match(/^# (.+)$/m)?.[1].replaceAll('`', ''),
        // The last heading: the page rendered the Markdown to its end (every part around the stories).
        last: [...markdown.matchAll(/^#{2,6} (.+)$/gm)].at(-1)?.[1].replaceAll('`', ''),
        stories: markdown.split(/^<!-- story -->$/m).length - 1,
      };
    });
}

if (!existsSync(path.join(STATIC, 'index.json'))) {
  console.log('FAIL  storybook-static/ is missing: run `npm run build-storybook` first');
  process.exit(1);
}
const index = JSON.parse(readFileSync(path.join(STATIC, 'index.json'), 'utf8'));
const ids = new Set(Object.keys(index.entries));
const pages = expectedPages(index);

const server = createServer((req, res) => {
  let file = path.join(STATIC, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file.startsWith(STATIC) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: chromiumArgs(),
});
let failed = pages.length === 0 ? 1 : 0;
if (pages.length === 0) console.log('FAIL  no docs pages in storybook-static/index.json');
for (const page of pages) {
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  const problems = [];
  try {
    await tab.goto(`${base}/iframe.html?id=${page.id}&viewMode=docs`);
    await tab.waitForSelector('#storybook-docs h1', { timeout: 60_000 });
    if (page.stories > 0) await tab.waitForSelector('.docs-story button', { timeout: 60_000 });
    const seen = await tab.evaluate(() => ({
      h1: document.querySelector('#storybook-docs h1')?.textContent,
      headings: [...document.querySelectorAll('#storybook-docs :is(h2, h3, h4, h5, h6)')].map(
        (h) => h.textContent,
      ),
      stories: [...document.querySelectorAll('.docs-story')].filter((s) => s.querySelector('button')).length,
      links: [...document.querySelectorAll('#storybook-docs a[href]')].map((a) => a.getAttribute('href')),
    }));
    if (seen.h1 !== page.title) problems.push(`heading "${seen.h1}", expected "${page.title}"`);
    if (page.last && !seen.headings.includes(page.last))
      problems.push(`no heading "${page.last}" (cut short)`);
    if (seen.stories !== page.stories)
      problems.push(`${seen.stories} live stories, expected ${page.stories}`);
    for (const href of seen.links) {
      if (/^(https?:|mailto:|#)/.test(href)) continue;
      const id = href.match(/^\?path=\/docs\/([^#]+)/)?.[1];
      if (!id || !ids.has(id)) problems.push(`link ${href} leads nowhere`);
    }
  } catch (error) {
    problems.push(String(error.message ?? error).split('\n')[0]);
  }
  problems.push(...errors.map((message) => `page error: ${message}`));
  if (problems.length > 0) failed++;
  console.log(
    `${problems.length ? 'FAIL' : 'PASS'}  docs page ${page.id} (${page.file})${problems.length ? `: ${problems.join('; ')}` : ''}`,
  );
  await tab.close();
}
await browser.close();
server.close();
console.log(`${pages.length - (pages.length ? failed : 0)} docs pages passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
