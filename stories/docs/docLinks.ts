/**
 * The Markdown documentation (README.md, CONTRIBUTING.md, CHANGELOG.md, docs/*.md) is written once, for the repository and
 * the package page, and shown as-is by the MDX pages next to this file. Only its relative links change on
 * the way in: `./errors.md#codes` becomes the Storybook URL of that page (`?path=/docs/…`), which the docs
 * block sends to Storybook's manager.
 */
/** Every Markdown file shown in Storybook, by its path in the repository, with the title of its page. */
export const DOC_PAGES: Record<string, { title: string; id: string }> = Object.fromEntries(
  (
    [
      ['README.md', 'Introduction'],
      ['docs/getting-started.md', 'Docs/Getting started'],
      ['docs/components.md', 'Docs/Components'],
      ['docs/hooks.md', 'Docs/Hooks and a custom UI'],
      ['docs/errors.md', 'Docs/Errors and recovery'],
      ['docs/real-calls.md', 'Docs/Real calls'],
      ['docs/server.md', 'Docs/Server handler'],
      ['docs/testing.md', 'Docs/Testing your UI'],
      ['docs/ssr-nextjs.md', 'Docs/SSR and Next.js'],
      ['docs/retell-api-versions.md', 'Docs/Retell API versions'],
      ['docs/performance.md', 'Docs/Performance and bundle size'],
      ['docs/accessibility.md', 'Docs/Accessibility'],
      ['CONTRIBUTING.md', 'Docs/Contributing'],
      ['CHANGELOG.md', 'Docs/Changelog'],
    ] as const
  ).map(([file, title]) => [file, { title, id: `${storybookIdPart(title)}--docs` }]),
);

/** Storybook's own rule for turning a title into the id part of a URL (`sanitize` in storybook/csf). */
export function storybookIdPart(title: string): string {
  return title
    .toLowerCase()
    .replace(/[ ’–—―′¿'`~!@#$%^&*()_|+\-=?;:'",.<>{}[\]\\/]/gi, '-')
    .replace(/-+/g, '-')
    .replace(/^-+/, '')
    .replace(/-+$/, '');
}

/** GitHub's anchor for a heading (what `#…` links point at); the docs block uses it too. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

/** The Storybook URL of a page shown here (`file` as in DOC_PAGES), with an optional heading anchor. */
export function docsPageHref(file: string, anchor?: string): string {
  const page = DOC_PAGES[file];
  if (!page) throw new Error(`${file} is not shown in Storybook (add it to DOC_PAGES)`);
  return `?path=/docs/${page.id}${anchor ? `#${anchor}` : ''}`;
}

/**
 * `markdown` (the text of `file`, a path in the repository) with every relative link to a page shown in
 * Storybook replaced by that page's Storybook URL. Other links, and anything inside code, stay as they are.
 */
export function rewriteDocLinks(markdown: string, file: string): string {
  // Code (fenced blocks, inline spans) is matched first and kept as it is: a sample is never rewritten.
  return markdown.replace(
    /(```[\s\S]*?```|`[^`\n]*`)|\]\(([^)\s#]+\.md)(#[^)\s]*)?\)/g,
    (match, code: string | undefined, target: string, hash?: string) => {
      if (code !== undefined || /^[a-z]+:/i.test(target)) return match;
      const resolved = resolvePath(file, target);
      return DOC_PAGES[resolved] ? `](${docsPageHref(resolved, hash?.slice(1))})` : match;
    },
  );
}

/** `target` (a relative link in `file`) as a path from the repository root; no `node:path` in the browser. */
export function resolvePath(file: string, target: string): string {
  const parts = file.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** The options the MDX pages give the docs block: GitHub's heading anchors. */
export const markdownOptions = { slugify: (heading: string) => githubSlug(heading) };

/**
 * The parts of a page between its `<!-- story -->` markers (an HTML comment on a line of its own), where
 * the MDX page shows a live story. On GitHub and npm the markers are invisible.
 */
export function docParts(markdown: string, file: string): string[] {
  return rewriteDocLinks(markdown, file).split(/^<!-- story -->$/m);
}
