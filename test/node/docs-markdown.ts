import { githubSlug } from '../../stories/docs/docLinks.ts';

/** A Markdown file of the repository and its text. */
export interface DocFile {
  file: string;
  text: string;
}

/** A ```ts or ```tsx block: `line` is the 0-based line of its opening fence. */
export interface CodeSample {
  file: string;
  line: number;
  lang: 'ts' | 'tsx';
  code: string;
}

const FENCE = /^( *)(`{3,})(\S*)\s*$/;

/** Every fenced block of `text` (also inside list items), with its info string and 0-based opening line. */
function fencedBlocks(text: string): { line: number; end: number; info: string; code: string }[] {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const [, indent = '', ticks = '', info = ''] = open;
    let end = i + 1;
    while (end < lines.length && (lines[end] as string).trim() !== ticks) end++;
    const code = lines
      .slice(i + 1, end)
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join('\n');
    blocks.push({ line: i, end, info, code });
    i = end;
  }
  return blocks;
}

/** The ```ts and ```tsx blocks of a file: each one is a module the docs test type-checks. */
export function codeSamples({ file, text }: DocFile): CodeSample[] {
  return fencedBlocks(text)
    .filter((block) => block.info === 'ts' || block.info === 'tsx')
    .map((block) => ({ file, line: block.line, lang: block.info as 'ts' | 'tsx', code: block.code }));
}

/** `text` with fenced blocks blanked out (line numbers kept). */
function withoutFences(text: string): string {
  const lines = text.split('\n');
  for (const block of fencedBlocks(text)) lines.fill('', block.line, block.end + 1);
  return lines.join('\n');
}

/** `text` with fenced blocks and inline code blanked out (line numbers kept): prose only. */
function prose(text: string): string {
  return withoutFences(text).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** Every `[text](target)` link outside code, with its 1-based line. */
export function markdownLinks(text: string): { target: string; line: number }[] {
  return prose(text)
    .split('\n')
    .flatMap((lineText, index) =>
      [...lineText.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({
        target: match[1] as string,
        line: index + 1,
      })),
    );
}

/** The anchors of a file's headings, as GitHub makes them (a repeated heading gets `-1`, `-2`…). */
export function headingSlugs(text: string): Set<string> {
  const seen = new Map<string, number>();
  const slugs = new Set<string>();
  for (const match of withoutFences(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = githubSlug(match[1] as string);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    slugs.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return slugs;
}
