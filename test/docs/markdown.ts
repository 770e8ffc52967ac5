/**
 * Just enough Markdown reading for the reference tests: the code spans of a page (or of one of
 * its sections), and its tables as rows of cells. Fenced code blocks are left out, so a key that
 * appears only in an example does not count as documented.
 */
import { readFileSync } from 'node:fs';

export function readDoc(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The page without its fenced code blocks (``` ... ```). */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** The text of every `code span` (single or double backticks) outside fenced blocks. */
export function codeSpans(markdown: string): Set<string> {
  const spans = new Set<string>();
  for (const match of prose(markdown).matchAll(/(``?)(?!`)(.+?)\1/g)) spans.add(match[2].trim());
  return spans;
}

/** The part of the page under the heading whose text contains `title`, to the next heading of the same or a higher level. */
export function section(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6} /.test(line) && line.includes(title));
  if (start < 0) throw new Error(`no heading containing "${title}"`);
  const level = /^#+/.exec(lines[start])![0].length;
  const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

export interface Table {
  header: string[];
  rows: string[][];
}

/** Splits a table row into its cells; a `|` inside a code span is part of the cell. */
function cells(line: string): string[] {
  const result: string[] = [];
  let cell = '';
  let inCode = false;
  for (const ch of line.trim().replace(/^\|/, '').replace(/\|$/, '')) {
    if (ch === '`') inCode = !inCode;
    if (ch === '|' && !inCode) {
      result.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  result.push(cell.trim());
  return result;
}

/** Every table of the page (outside fenced blocks): a header row, a `|---|` row, then rows. */
export function tables(markdown: string): Table[] {
  const found: Table[] = [];
  const lines = prose(markdown).split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].startsWith('|') || !/^\|[\s:|-]+\|$/.test(lines[i + 1].trim())) continue;
    const header = cells(lines[i]);
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) rows.push(cells(lines[j]));
    found.push({ header, rows });
    i = j - 1;
  }
  return found;
}

/** The code spans of one cell. */
export function spansOf(cell: string): string[] {
  return [...cell.matchAll(/(``?)(?!`)(.+?)\1/g)].map((m) => m[2].trim());
}
