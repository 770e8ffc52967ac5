/**
 * Checks the relative links of Markdown files as GitHub renders them: the file (or folder, or
 * image) a link names exists, and a `#anchor` names a heading of the target file by GitHub's slug
 * rule, or an explicit `<a id>` / `<a name>` in it. Links to other sites (http, https, mailto, any
 * scheme) and links inside code (fenced or indented blocks, inline code spans) are not checked.
 *
 * The slug rule is github-slugger's (the package github.com uses for heading ids,
 * https://github.com/Flet/github-slugger): lowercase, drop every character that is not a letter,
 * mark, digit, connector (`_`), space or hyphen, turn each space into a hyphen, and number
 * repeated slugs -1, -2, ... in document order. The heading's text is what it renders as, so
 * backticks, link syntax and emphasis marks go first.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface BrokenLink {
  /** The Markdown file, relative to the root given to the checker. */
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly reason: string;
}

/** `file:line: target: reason`, as an editor or CI log can jump to it. */
export function formatBrokenLink(link: BrokenLink): string {
  return `${link.file}:${link.line}: ${link.target}: ${link.reason}`;
}

export function githubSlug(headingText: string): string {
  return headingText.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The text a line of inline Markdown renders as (close enough for slugs). */
function renderedText(inline: string): string {
  return inline
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML tags
    .replace(/`+/g, '') // code spans keep their text, lose their backticks
    .trim();
}

interface Line {
  readonly number: number;
  /** The line as written; null inside a code block. */
  readonly raw: string | null;
  /** The line with inline code spans blanked; null inside a code block. */
  readonly prose: string | null;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;

/** The lines of a Markdown text, with code blocks marked (fenced; indented after a paragraph break outside a list). */
function proseLines(text: string): Line[] {
  const lines: Line[] = [];
  let fence: string | null = null;
  let inList = false;
  let previousBlank = true;
  let inIndentedCode = false;
  text.split('\n').forEach((raw, index) => {
    const number = index + 1;
    const blank = raw.trim() === '';
    if (fence !== null) {
      const match = FENCE.exec(raw);
      if (match && match[1][0] === fence[0] && match[1].length >= fence.length && raw.trim() === match[1]) fence = null;
      lines.push({ number, raw: null, prose: null });
      return;
    }
    const opening = FENCE.exec(raw);
    if (opening) {
      fence = opening[1];
      lines.push({ number, raw: null, prose: null });
      return;
    }
    const indented = /^( {4}|\t)/.test(raw);
    if (indented && !blank && (inIndentedCode || (previousBlank && !inList))) {
      inIndentedCode = true;
      lines.push({ number, raw: null, prose: null });
      previousBlank = false;
      return;
    }
    if (!blank) {
      inIndentedCode = false;
      if (LIST_ITEM.test(raw)) inList = true;
      else if (!/^\s/.test(raw)) inList = false;
    }
    previousBlank = blank;
    lines.push({ number, raw, prose: raw.replace(/(`+)(?:(?!\1).)+?\1/g, (span) => ' '.repeat(span.length)) });
  });
  return lines;
}

/** Every anchor a Markdown file defines: its headings' slugs (numbered when repeated) and explicit ids. */
export function markdownAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const addHeading = (headingText: string): void => {
    const base = githubSlug(renderedText(headingText));
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  };
  const lines = proseLines(text);
  lines.forEach((line, i) => {
    if (line.raw === null || line.prose === null) return;
    // Headings from the line as written: the text of their code spans is part of the slug.
    const atx = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line.raw);
    if (atx) addHeading(atx[1]);
    // A setext heading: a paragraph line underlined with = or - (not a table's |---| row).
    const next = lines[i + 1];
    if (!atx && line.raw.trim() !== '' && !line.raw.includes('|') && !LIST_ITEM.test(line.raw)
      && next?.raw != null && /^ {0,3}(=+|-+)\s*$/.test(next.raw)) addHeading(line.raw);
    for (const match of line.prose.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(match[1]);
  });
  return anchors;
}

/** The link targets of a Markdown text, with their line numbers, outside code. */
export function markdownLinks(text: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  for (const { number, prose } of proseLines(text)) {
    if (prose === null) continue;
    // Inline links and images: [text](target "title"), the target optionally in <...>.
    for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+["'(][^)]*)?\)/g)) links.push({ line: number, target: m[1].replace(/^<|>$/g, '') });
    // Reference definitions: [label]: target
    const definition = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(prose);
    if (definition) links.push({ line: number, target: definition[1].replace(/^<|>$/g, '') });
    for (const m of prose.matchAll(/<(?:a|img)\s[^>]*\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)) links.push({ line: number, target: m[1] });
  }
  return links;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * Checks every relative link of `files` (paths relative to `root`). A target starting with `/`
 * is relative to `root`, as GitHub reads it relative to the repository.
 */
export function checkMarkdownLinks(root: string, files: readonly string[]): BrokenLink[] {
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOf = (path: string): Set<string> => {
    let anchors = anchorCache.get(path);
    if (!anchors) anchorCache.set(path, (anchors = markdownAnchors(readFileSync(path, 'utf8'))));
    return anchors;
  };
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const source = resolve(root, file);
    for (const { line, target } of markdownLinks(readFileSync(source, 'utf8'))) {
      if (EXTERNAL.test(target)) continue;
      const report = (reason: string): void => {
        broken.push({ file: relative(root, source), line, target, reason });
      };
      const hash = target.indexOf('#');
      const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
      const resolved = pathPart === '' ? source
        : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(source), pathPart);
      if (!existsSync(resolved)) {
        report(`no such file (${relative(root, resolved)})`);
        continue;
      }
      if (anchor === null || anchor === '' || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) continue;
      if (!anchorsOf(resolved).has(anchor)) report(`no heading or anchor #${anchor} in ${relative(root, resolved)}`);
    }
  }
  return broken;
}
