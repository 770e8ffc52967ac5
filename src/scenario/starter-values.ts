/**
 * The values `simulate init` asks for (or takes from flags), read from text: one reader per
 * value, shared by the flags and the questions on a terminal, so both accept the same spellings
 * and refuse with the same words. Durations and rates use the scenario format's own syntax
 * (units.ts), so what `init` accepts is what the file it writes accepts.
 */
import { ENTITY_NAME } from './entity-names.ts';
import { SCENARIO_NAME } from './scenario-spec.ts';
import { parseDuration, parseRate } from './units.ts';

/** What the starter scenario is made of, each value as it will be written and as a number. */
export interface StarterValues {
  /** The scenario's name (starterNameProblem says which); it also names the service. */
  name: string;
  /** Requests per second. */
  rate: number;
  workers: number;
  /** Durations as written (`20ms`) and in seconds. */
  p50: StarterDuration;
  p99: StarterDuration;
  timeout: StarterDuration;
  /** max_attempts: the first try included. */
  attempts: number;
}

export interface StarterDuration {
  text: string;
  seconds: number;
}

/** The values asked for, in the order they are asked. */
export const STARTER_KEYS = ['rate', 'workers', 'p50', 'p99', 'timeout', 'attempts'] as const;
export type StarterKey = (typeof STARTER_KEYS)[number];

/** The defaults: a service at about 64% load whose 2x slowdown overloads it for a while (starter.ts). */
export const STARTER_DEFAULTS: Record<StarterKey, string> = {
  rate: '200',
  workers: '8',
  p50: '20ms',
  p99: '100ms',
  timeout: '250ms',
  attempts: '3',
};

/** How each value is asked for on a terminal. */
export const STARTER_QUESTIONS: Record<StarterKey, string> = {
  rate: 'Requests per second at a normal peak',
  workers: 'Workers (requests served at once: threads, processes, permits)',
  p50: 'Latency p50 of the service itself (with a unit: 20ms)',
  p99: 'Latency p99 of the service itself',
  timeout: "Callers' timeout per attempt",
  attempts: 'Attempts per request, the first included (1 = no retries)',
};

/**
 * The name is the scenario's (`name`, checked by the validator's SCENARIO_NAME: it names
 * results/<name>/) and its service's (ENTITY_NAME: not digits alone, which summary.json would
 * reorder), so it must pass both. It must not start with `-` either: the commands `init` prints
 * next, and `ls results/<name>`, would read it as a flag.
 */
export function starterNameProblem(name: string): string | undefined {
  if (SCENARIO_NAME.test(name) && ENTITY_NAME.test(name) && !name.startsWith('-')) return undefined;
  return `the scenario name \`${name}\` must be lowercase letters, digits and -, start with a letter or a digit, and not be digits alone (it names results/<name>/ and the service)`;
}

export type Read<T> = { ok: true; value: T } | { ok: false; expected: string };

/** Whole numbers only: a fraction of a worker or of an attempt means nothing. */
function wholeAtLeastOne(flag: string, what: string, text: string): Read<number> {
  const t = text.trim();
  if (/^\d+$/.test(t) && Number(t) >= 1 && Number.isSafeInteger(Number(t))) return { ok: true, value: Number(t) };
  return { ok: false, expected: `${flag} must be a whole number of ${what}, at least 1 (got \`${text}\`)` };
}

/**
 * A plain number is per second; `12000/m` and the like are read as the scenario format reads a
 * rate. Rates below MIN_RATE are refused: less than one request in 30 years, a run of 120 s sees
 * none, so such a rate is a slip (a unit meant) rather than a model.
 */
const MIN_RATE = 1e-9;

function readRate(text: string): Read<number> {
  const t = text.trim();
  const plain = /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : NaN;
  const parsed = Number.isNaN(plain) ? parseRate(t) : { ok: true as const, value: plain };
  if (parsed.ok && parsed.value >= MIN_RATE && Number.isFinite(parsed.value)) return { ok: true, value: parsed.value };
  const tiny = parsed.ok && parsed.value > 0 ? `at least 0.000000001 (about one request in 30 years); ` : '';
  return { ok: false, expected: `--rate must be a positive number of requests per second, e.g. 200 (or 12000/m), ${tiny}got \`${text}\`` };
}

function readDuration(flag: string, text: string): Read<StarterDuration> {
  const t = text.trim();
  const parsed = parseDuration(t);
  if (parsed.ok && parsed.value > 0) return { ok: true, value: { text: t, seconds: parsed.value } };
  const why = !parsed.ok && parsed.reason === 'bare_number' ? `${text} has no unit; ` : '';
  return { ok: false, expected: `--${flag} must be a duration above zero with a unit, e.g. 20ms (units: us, ms, s, m, h); ${why}got \`${text}\`` };
}

/** Reads one value as typed; `p50` is needed to check a p99 (the p99 cannot be below the median). */
export function readStarterValue(key: StarterKey, text: string, p50?: StarterDuration): Read<number | StarterDuration> {
  switch (key) {
    case 'rate':
      return readRate(text);
    case 'workers':
      return wholeAtLeastOne('--workers', 'workers', text);
    case 'attempts':
      return wholeAtLeastOne('--attempts', 'attempts', text);
    case 'p99': {
      const read = readDuration(key, text);
      if (read.ok && p50 !== undefined && read.value.seconds < p50.seconds) {
        return { ok: false, expected: `--p99 must be at least --p50 (${p50.text}); got \`${text}\`` };
      }
      return read;
    }
    case 'p50':
    case 'timeout':
      return readDuration(key, text);
  }
}

/**
 * Reads every value from text (flags, answers, defaults): every problem, or the values.
 * `name` is the scenario name, already derived from the file name.
 */
export function readStarterValues(name: string, texts: Record<StarterKey, string>): { ok: true; value: StarterValues } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const nameProblem = starterNameProblem(name);
  if (nameProblem !== undefined) problems.push(nameProblem);
  const read = <T>(key: StarterKey, p50?: StarterDuration): T | undefined => {
    const r = readStarterValue(key, texts[key], p50);
    if (!r.ok) problems.push(r.expected);
    return r.ok ? (r.value as T) : undefined;
  };
  const p50 = read<StarterDuration>('p50');
  const values = {
    name,
    rate: read<number>('rate'),
    workers: read<number>('workers'),
    p50,
    p99: read<StarterDuration>('p99', p50),
    timeout: read<StarterDuration>('timeout'),
    attempts: read<number>('attempts'),
  };
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: values as StarterValues };
}
