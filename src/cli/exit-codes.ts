/** Where `simulate check --update-baseline` writes without `--baseline`. */
export const DEFAULT_BASELINE_FILE = 'simulate-baseline.json';

/** Exit codes of SCENARIO-FORMAT.md. */
export const EXIT = {
  ok: 0,
  assertionFailed: 1,
  invalidInput: 2,
  internalError: 3,
  /** The run stopped at --max-in-flight (every assertion held on the run up to there). */
  stoppedEarly: 4,
} as const;

/** Bad input found at the edge (a file that cannot be read, a bad flag): exit 2, no stack trace. */
export class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** What to do about a scenario whose time stops advancing (NoProgressError), an input problem. */
export const NO_PROGRESS_ADVICE =
  'A closed client whose users have no think time, and whose requests end at the instant they start ' +
  '(a full queue, an outage, a zero service time), sends forever without time passing: give `think` a duration above zero.';
