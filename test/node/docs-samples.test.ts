import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOC_PAGES, docsPageHref, githubSlug, rewriteDocLinks } from '../../stories/docs/docLinks.ts';
import { codeSamples, type DocFile, headingSlugs, markdownLinks } from './docs-markdown.ts';

// The documentation's promises about itself: the README stays short, every ```ts / ```tsx block of the
// README, CONTRIBUTING.md, CHANGELOG.md and docs/*.md type-checks as a module against the package's sources (one program
// for all of them), every relative link reaches a file and a heading, and every docs page is in Storybook.

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const DOCS = readdirSync(path.join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => `docs/${name}`);
const FILES: DocFile[] = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...DOCS].map((file) => ({
  file,
  text: read(file),
}));

// The package's entries, mapped to their sources as a user's bundler maps them to dist/.
const ENTRIES: Record<string, string> = {
  'retell-web-call-react': 'src/index.ts',
  'retell-web-call-react/core': 'src/core/index.ts',
  'retell-web-call-react/server': 'src/server/index.ts',
  'retell-web-call-react/testing': 'src/testing/index.ts',
  'retell-web-call-react/styles.css': 'src/styles.css',
};
// Samples live (virtually) in ./docs-samples, next to stand-ins for what they import from the app itself
// (`./auth`, `./redis`, `./design-system`).
const SAMPLE_DIR = path.join(here, 'docs-samples');

describe('README', () => {
  it('is at most 200 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(200);
  });
});

describe('code samples', () => {
  const samples = FILES.flatMap(codeSamples);
  const virtual = new Map(
    samples.map((sample) => [
      path.join(SAMPLE_DIR, `__sample__${sample.file.replace(/[/.]/g, '_')}_${sample.line}.${sample.lang}`),
      sample,
    ]),
  );
  let diagnosticsOf: (fileName: string) => string[];

  beforeAll(() => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    const options: ts.CompilerOptions = {
      ...config?.options,
      noEmit: true,
      moduleDetection: ts.ModuleDetectionKind.Force,
      paths: Object.fromEntries(
        Object.entries(ENTRIES).map(([name, file]) => [name, [path.join(root, file)]]),
      ),
      pathsBasePath: root,
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (fileName) => virtual.has(path.normalize(fileName)) || fileExists.call(host, fileName);
    host.readFile = (fileName) =>
      virtual.get(path.normalize(fileName))?.code ?? readFile.call(host, fileName);
    host.getSourceFile = (fileName, languageVersion, ...rest) => {
      const sample = virtual.get(path.normalize(fileName));
      return sample
        ? ts.createSourceFile(fileName, sample.code, languageVersion, true)
        : getSourceFile.call(host, fileName, languageVersion, ...rest);
    };
    const program = ts.createProgram([...virtual.keys()], options, host);
    const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    diagnosticsOf = (fileName) => {
      const sourceFile = program.getSourceFile(fileName);
      if (!sourceFile) return [`${fileName} is not in the program`];
      return [
        ...global,
        ...program.getSyntacticDiagnostics(sourceFile),
        ...program.getSemanticDiagnostics(sourceFile),
      ].map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
        const sample = virtual.get(path.normalize(fileName));
        return `${sample?.file}:${(sample?.line ?? 0) + 1 + at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    };
  }, 120_000);

  it('exist in every page', () => {
    for (const { file } of FILES) {
      if (file === 'CONTRIBUTING.md' || file === 'CHANGELOG.md') continue; // guides for people, not code
      expect(
        samples.some((sample) => sample.file === file),
        file,
      ).toBe(true);
    }
  });

  for (const [fileName, sample] of virtual) {
    it(`${sample.file}:${sample.line} (${sample.lang}) type-checks as a module`, () => {
      expect(diagnosticsOf(fileName)).toEqual([]);
    });
  }
});

describe('links', () => {
  const slugs = new Map(FILES.map(({ file, text }) => [file, headingSlugs(text)]));

  for (const { file, text } of FILES) {
    it(`${file}: every relative link reaches a file, and its #anchor a heading there`, () => {
      const broken: string[] = [];
      for (const { target, line } of markdownLinks(text)) {
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const [pathPart = '', anchor] = target.split('#');
        const resolved = pathPart ? path.normalize(path.join(path.dirname(file), pathPart)) : file;
        if (!existsSync(path.join(root, resolved))) broken.push(`${file}:${line}: ${target} (no such file)`);
        else if (anchor && resolved.endsWith('.md') && !slugs.get(resolved)?.has(anchor))
          broken.push(`${file}:${line}: ${target} (no heading #${anchor} in ${resolved})`);
      }
      expect(broken).toEqual([]);
    });
  }
});

describe('Storybook docs pages', () => {
  const mdx = readdirSync(path.join(root, 'stories/docs'))
    .filter((name) => name.endsWith('.mdx'))
    .map((name) => read(`stories/docs/${name}`));

  it('one MDX page renders each Markdown file, with the title DOC_PAGES gives it', () => {
    expect(Object.keys(DOC_PAGES).sort()).toEqual(FILES.map(({ file }) => file).sort());
    for (const { file } of FILES) {
      const pages = mdx.filter((source) => source.includes(`'../../${file}?raw'`));
      expect(pages, `${file} is rendered by ${pages.length} MDX pages`).toHaveLength(1);
      expect(pages[0]).toContain(`<Meta title="${DOC_PAGES[file]?.title}"`);
    }
  });

  it('a page with <!-- story --> markers shows one live story per marker', () => {
    for (const { file, text } of FILES) {
      const markers = text.split(/^<!-- story -->$/m).length - 1;
      const page = mdx.find((source) => source.includes(`'../../${file}?raw'`)) ?? '';
      expect(page.match(/<Canvas of=/g)?.length ?? 0, file).toBe(markers);
      if (markers > 0) expect(page, file).toContain(`docParts(markdown, '${file}')`);
    }
  });

  it('relative links become Storybook URLs of pages that exist, anchors kept', () => {
    expect(rewriteDocLinks('[Errors](./errors.md#codes), [home](../README.md)', 'docs/hooks.md')).toBe(
      `[Errors](${docsPageHref('docs/errors.md', 'codes')}), [home](${docsPageHref('README.md')})`,
    );
    expect(docsPageHref('docs/errors.md', 'codes')).toBe('?path=/docs/docs-errors-and-recovery--docs#codes');
    // fast-check's counterexample when code was rewritten too: a sample must stay as written.
    expect(rewriteDocLinks('`[page](README.md)`', 'README.md')).toBe('`[page](README.md)`');
    const ids = new Set(Object.values(DOC_PAGES).map((page) => page.id));
    for (const { file, text } of FILES) {
      for (const { target, line } of markdownLinks(rewriteDocLinks(text, file))) {
        if (/^([a-z]+:|#)/i.test(target)) continue;
        expect(target, `${file}:${line}: a relative link Storybook cannot follow`).toMatch(
          /^\?path=\/docs\//,
        );
        expect(ids.has(target.slice('?path=/docs/'.length).split('#')[0] as string), target).toBe(true);
      }
    }
  });

  it('property: any relative spelling of a link between two pages becomes that page, anchor kept', () => {
    const files = Object.keys(DOC_PAGES);
    const anchor = fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), { nil: undefined });
    for (const seed of [1, 2, 3]) {
      fc.assert(
        fc.property(
          fc.constantFrom(...files),
          fc.constantFrom(...files),
          anchor,
          fc.boolean(),
          (from, to, hash, dot) => {
            let target = path.posix.relative(path.posix.dirname(from), to);
            if (dot && !target.startsWith('..')) target = `./${target}`;
            const link = `see [that page](${target}${hash ? `#${hash}` : ''}).`;
            expect(rewriteDocLinks(link, from)).toBe(`see [that page](${docsPageHref(to, hash)}).`);
          },
        ),
        { numRuns: 300, seed },
      );
    }
  });

  it('property: text without a link to a docs page, or with one only inside code, comes out unchanged', () => {
    const files = Object.keys(DOC_PAGES);
    const notAPage = fc
      .stringMatching(/^(\.\/|\.\.\/)?[a-z][a-z-]{0,12}\.(md|mdx|ts|png)$/)
      .filter((target) => !files.some((file) => file.endsWith(target.replace(/^\.{1,2}\//, ''))));
    const pageLink = fc.constantFrom(...files).map((file) => `[page](${file})`);
    const text = fc.array(
      fc.oneof(
        fc.string().filter((chunk) => !chunk.includes('`') && !chunk.includes('](')),
        notAPage.map((target) => `[x](${target})`),
        fc.constant('[abs](https://example.com/a.md)'),
        pageLink.map((link) => `\`${link}\``),
        pageLink.map((link) => `\n\`\`\`ts\n// ${link}\n\`\`\`\n`),
      ),
    );
    for (const seed of [1, 2, 3]) {
      fc.assert(
        fc.property(fc.constantFrom(...files), text, (from, parts) => {
          const markdown = parts.join(' ');
          expect(rewriteDocLinks(markdown, from)).toBe(markdown);
        }),
        { numRuns: 200, seed },
      );
    }
  });

  it('anchors are GitHub heading slugs', () => {
    expect(githubSlug('Server handler: `retell-web-call-react/server`')).toBe(
      'server-handler-retell-web-call-reactserver',
    );
    expect(githubSlug('`<CallStatus>` and `<CallTimer>`')).toBe('callstatus-and-calltimer');
    expect(githubSlug('Who is counted: the key')).toBe('who-is-counted-the-key');
  });
});

describe('tables that restate the code', () => {
  const section = (file: string, heading: string) => {
    const text = read(file);
    const start = text.indexOf(heading);
    expect(start, `${file} has no "${heading}"`).toBeGreaterThan(-1);
    const end = text.indexOf('\n## ', start + 1);
    return text.slice(start, end === -1 ? undefined : end);
  };
  const firstCells = (markdown: string) =>
    new Map([...markdown.matchAll(/^\| `([a-z_]+)` +\| (.+?) +\|/gm)].map((m) => [m[1], m[2]]));

  it('docs/errors.md lists every error code once, and every default hint word for word', async () => {
    const { WEB_CALL_ERROR_CODES } = await import('../../src/core/errors.ts');
    const { DEFAULT_CALL_ERROR_HINTS } = await import('../../src/react/components/CallError.tsx');
    const codes = [...firstCells(section('docs/errors.md', '## `WebCallError`')).keys()];
    expect(codes.sort()).toEqual([...WEB_CALL_ERROR_CODES].sort());
    const hints = firstCells(section('docs/errors.md', '## Hints: what the user can do'));
    expect(Object.fromEntries(hints)).toEqual(DEFAULT_CALL_ERROR_HINTS);
  });
});
