/** A problem with a scenario, where it is: what validation returns, and the CLI prints as `file:line:column: message`. */
export interface Problem {
  file: string;
  /** 1-based; null only for a problem not tied to the file (a `--set`). */
  line: number | null;
  column: number | null;
  message: string;
}

/** `file:line:column: message`, or `file: message` for a problem not tied to a place in the file. */
export function formatProblem(p: Problem): string {
  return p.line === null ? `${p.file}: ${p.message}` : `${p.file}:${p.line}:${p.column}: ${p.message}`;
}
