/**
 * One scenario file as a YAML tree, and the way back from a node to a line and column. A
 * scenario built with `extends` is one tree made of nodes from several files; `Origins`
 * remembers which file each node came from, so that a problem names the right file.
 */
import { isNode, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import * as msg from './messages.ts';
import { keyText } from './spec.ts';

import type { Problem } from './problem.ts';

export type { Problem } from './problem.ts';

export interface Source {
  /** As the problems name it. */
  file: string;
  /** Aliases already replaced by copies of what they stand for. */
  doc: Document;
  position(offset: number): Pick<Problem, 'line' | 'column'>;
}

/** The source, or null when its tree cannot be used; problems either way (a repeated key is not fatal). */
export interface ReadSource {
  source: Source | null;
  problems: Problem[];
}

export function readSource(text: string, file: string): ReadSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: false, lineCounter });
  const position = (offset: number): Pick<Problem, 'line' | 'column'> => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const yamlProblems = doc.errors.map((error): Problem => ({ file, ...position(error.pos[0]), message: yamlMessage(doc, error) }));
  // A tree the parser had to guess at would only add confusing problems; a repeated key is safe to go on from.
  if (doc.errors.some((error) => error.code !== 'DUPLICATE_KEY')) return { source: null, problems: yamlProblems };
  const aliasProblems = resolveAliases(doc).map((p): Problem => ({ file, ...position(p.offset), message: p.message }));
  if (aliasProblems.length > 0) return { source: null, problems: [...yamlProblems, ...aliasProblems] };
  return { source: { file, doc, position }, problems: yamlProblems };
}

/** Which file each node of a tree came from; the main file for a node of none. */
export class Origins {
  private readonly sources = new Map<unknown, Source>();
  /** Files in the order they were read (the main file first), for sorting problems. */
  readonly files: string[] = [];

  constructor(private readonly main: Source) {
    this.adopt(main);
  }

  /** Every node of `source` (keys included) comes from it. */
  adopt(source: Source): void {
    this.files.push(source.file);
    visit(source.doc, {
      Node: (_, node) => {
        this.sources.set(node, source);
      },
    });
  }

  /** A node made from others (a merged map) is placed where `like` is. */
  place<T extends Node>(node: T, like: Node): T {
    node.range = like.range;
    this.sources.set(node, this.sources.get(like) ?? this.main);
    return node;
  }

  locate(anchor: unknown, message: string): Problem {
    const source = this.sources.get(anchor) ?? this.main;
    const range = isNode(anchor) ? anchor.range : null;
    // Only an empty file leaves nothing to point at; its first position is the honest answer.
    return { file: source.file, ...(range ? source.position(range[0]) : { line: 1, column: 1 }), message };
  }
}

/**
 * `*name` stands for the node anchored `&name`: put that node in its place, so the specs see
 * plain values. A copy, so that a `--set` of one place leaves the other alone; a problem in it
 * points at the anchored original. Anchors belong to their file: a file cannot refer to an
 * anchor of the file it extends.
 */
function resolveAliases(doc: Document): { offset: number; message: string }[] {
  const problems: { offset: number; message: string }[] = [];
  let expanded = 0;
  visit(doc, {
    Alias: (_, alias) => {
      const target = alias.resolve(doc);
      const offset = alias.range?.[0] ?? 0;
      if (!target) {
        problems.push({ offset, message: msg.unknownAnchor(alias.source) });
        return undefined;
      }
      const [start, , end] = target.range ?? [0, 0, 0];
      if (offset >= start && offset < end) {
        problems.push({ offset, message: msg.recursiveAlias(alias.source) });
        return visit.BREAK;
      }
      // Aliases of aliases can grow exponentially (the "billion laughs"): cap the nodes copied.
      expanded += nodeCount(target, MAX_ALIAS_EXPANSION - expanded + 1);
      if (expanded > MAX_ALIAS_EXPANSION) {
        problems.push({ offset, message: msg.tooManyAliases(MAX_ALIAS_EXPANSION) });
        return visit.BREAK;
      }
      return target.clone() as typeof target;
    },
  });
  return problems;
}

const MAX_ALIAS_EXPANSION = 100_000;

/** Nodes in a subtree, counting no further than `limit`. */
function nodeCount(node: Node, limit: number): number {
  let count = 0;
  visit(node, {
    Node: () => (++count >= limit ? visit.BREAK : undefined),
  });
  return count;
}

function yamlMessage(doc: Document, error: { code: string; message: string; pos: [number, number] }): string {
  if (error.code !== 'DUPLICATE_KEY') return msg.yamlSyntax(error.message);
  return msg.duplicateKey(keyStartingAt(doc, error.pos[0]) ?? '?');
}

function keyStartingAt(doc: Document, offset: number): string | null {
  let found: string | null = null;
  visit(doc, {
    Pair: (_, pair) => {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) found = keyText(pair.key);
    },
  });
  return found;
}
