/**
 * The YAML editor: CodeMirror 6 with YAML highlighting and the loader's problems as lint
 * diagnostics, at the line and column the CLI prints. Problems of another file (a base named by
 * `extends:`) or without a place sit at the start of the text.
 */
import { basicSetup, EditorView } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import type { Problem } from '../scenario/problem.ts';
import { schemaCompletions, schemaHover } from './schema-help.ts';

/** Where a problem points, as an offset into the document. */
function offsetOf(doc: Text, problem: Problem, file: string): number {
  if (problem.line === null || problem.file !== file || problem.line > doc.lines) return 0;
  const line = doc.line(problem.line);
  return Math.min(line.from + Math.max(0, (problem.column ?? 1) - 1), line.to);
}

/** The end of the token at `from` (a word, a number, a key), so the squiggle covers something. */
function tokenEnd(doc: Text, from: number): number {
  const line = doc.lineAt(from);
  const rest = doc.sliceString(from, line.to);
  const match = /^[^\s:,\]}]+/.exec(rest);
  return match ? from + match[0].length : Math.min(from + 1, line.to);
}

export function diagnostics(doc: Text, problems: readonly Problem[], file: string): Diagnostic[] {
  return problems.map((p) => {
    const from = offsetOf(doc, p, file);
    const message = p.file === file ? p.message : `${p.file}${p.line === null ? '' : `:${p.line}:${p.column}`}: ${p.message}`;
    return { from, to: tokenEnd(doc, from), severity: 'error', message, source: 'simulate' };
  });
}

export interface Editor {
  view: EditorView;
  getText(): string;
  setText(text: string): void;
}

/** `validate` is called (debounced by CodeMirror) with the text; it returns the problems to show. */
/** `onRun`: Ctrl-Enter (Cmd-Enter) runs the scenario from the keyboard. */
export function createEditor(parent: HTMLElement, validate: (text: string) => { problems: Problem[]; file: string }, onRun: () => void): Editor {
  const lint = linter((view) => {
    const { problems, file } = validate(view.state.doc.toString());
    return diagnostics(view.state.doc, problems, file);
  }, { delay: 300 });
  const view = new EditorView({
    parent,
    extensions: [
      keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true) }]),
      basicSetup, yaml(), lint, lintGutter(), EditorView.lineWrapping,
      EditorState.languageData.of(() => [{ autocomplete: schemaCompletions }]), schemaHover,
    ],
  });
  return {
    view,
    getText: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
  };
}
