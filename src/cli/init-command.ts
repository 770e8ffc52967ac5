/**
 * `simulate init [name]`: write a commented starter scenario (scenario/starter.ts) that validates
 * and runs as written. On a terminal it asks for each value no flag gave, showing the default;
 * in a script (not a terminal, or --yes) it asks nothing and takes the defaults and the flags.
 * The file is written whole and never over an existing one unless --force.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { checkedStarterScenario, starterLoad, starterWarnings } from '../scenario/starter.ts';
import { workers } from '../scenario/starter-text.ts';
import {
  readStarterValue, readStarterValues, starterNameProblem, STARTER_DEFAULTS, STARTER_KEYS, STARTER_QUESTIONS,
  type StarterDuration, type StarterKey,
} from '../scenario/starter-values.ts';
import { EXIT, InputError } from './exit-codes.ts';
import { writeNewFile } from './write-new-file.ts';

export type InitArgs = Partial<Record<StarterKey, string>> & { name?: string; force?: boolean; yes?: boolean };

/** Where the command reads answers and writes; the process's own streams unless a test gives others. */
export interface InitStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
  /** Ask questions (stdin and stdout both a terminal); --yes overrides it. */
  interactive: boolean;
}

const DEFAULT_NAME = 'my-service';

export async function initCommand(args: InitArgs, streams: InitStreams = processStreams()): Promise<number> {
  const { path, name } = targetOf(args.name ?? DEFAULT_NAME);
  // Refused before any question, so nobody answers six of them to be told no.
  if (!args.force && existsSync(path)) throw new InputError([`${path} already exists; choose another name, or pass --force to overwrite it`]);
  const given = givenValues(args);
  const texts = streams.interactive && !args.yes ? await askMissing(given, streams) : { ...STARTER_DEFAULTS, ...given };
  const read = readStarterValues(name, texts);
  if (!read.ok) throw new InputError(read.problems);
  const values = read.value;
  for (const warning of starterWarnings(values)) streams.errors.write(`${warning}\n`);
  // Checked by the scenario loader before it is written: a file that did not validate would be
  // a bug here (exit 3), never a half-promise kept by the user's exit 2.
  writeNewFile(path, checkedStarterScenario(values, { schemaPath: schemaPathFrom(dirname(path)), path }), args.force === true);
  const load = starterLoad(values);
  streams.output.write(
    `wrote ${path}: ${values.rate}/s on ${workers(values.workers)}, ${Math.round(load.load * 100)}% of their capacity\n` +
      `next:\n` +
      `  npx simulate ${path}                  # run it: a summary here, results in results/${name}/\n` +
      `  npx simulate check ${path} --seeds 3  # judge its assertions on seeds 1-3, as CI would\n`,
  );
  return EXIT.ok;
}

/**
 * `checkout` -> checkout.yaml; a name ending in .yaml/.yml or holding a slash is the path itself,
 * `.yaml` added when it has no extension (d/checkout -> d/checkout.yaml). Its folder must exist:
 * `init` makes no folders, so a mistyped one is not created silently.
 */
function targetOf(arg: string): { path: string; name: string } {
  if (arg.endsWith('/')) throw new InputError([`\`${arg}\` names a folder; give the file's name in it, e.g. \`simulate init ${arg}checkout\``]);
  const isPath = /\.ya?ml$/.test(arg) || arg.includes('/');
  const path = !isPath || extname(arg) === '' ? `${arg}.yaml` : arg;
  const name = basename(path, extname(path));
  const problem = starterNameProblem(name);
  if (problem !== undefined) throw new InputError([`${problem}; e.g. \`simulate init checkout\``]);
  const folder = dirname(path);
  if (!existsSync(folder)) throw new InputError([`${path}: the folder ${folder}/ does not exist; create it first, or give a path in a folder that does`]);
  if (!statSync(folder).isDirectory()) throw new InputError([`${path}: ${folder} is a file, not a folder`]);
  return { path, name };
}

/** The flags given, each checked now: a bad flag is exit 2 even on a terminal, as for any command. */
function givenValues(args: InitArgs): Partial<Record<StarterKey, string>> {
  const given: Partial<Record<StarterKey, string>> = {};
  const problems: string[] = [];
  for (const key of STARTER_KEYS) {
    const text = args[key];
    if (text === undefined) continue;
    const p50 = key === 'p99' && args.p50 !== undefined ? readStarterValue('p50', args.p50) : undefined;
    const read = readStarterValue(key, text, p50?.ok ? (p50.value as StarterDuration) : undefined);
    if (read.ok) given[key] = text;
    else problems.push(read.expected);
  }
  if (problems.length > 0) throw new InputError(problems);
  return given;
}

/** One question a line for each value no flag gave; Enter takes the default; a bad answer is asked again. */
async function askMissing(given: Partial<Record<StarterKey, string>>, streams: InitStreams): Promise<Record<StarterKey, string>> {
  const lines = lineReader(streams.input);
  try {
    const texts = { ...given } as Record<StarterKey, string>;
    for (const key of STARTER_KEYS) {
      if (texts[key] !== undefined) continue;
      const p50 = readStarterValue('p50', texts.p50 ?? STARTER_DEFAULTS.p50);
      const median = p50.ok ? (p50.value as StarterDuration) : undefined;
      const fallback = key === 'p99' ? p99Default(median) : STARTER_DEFAULTS[key];
      for (;;) {
        streams.output.write(`${STARTER_QUESTIONS[key]} [${fallback}]: `);
        const answer = (await lines.next()).trim() || fallback;
        const read = checkAgainstGivenP99(key, readStarterValue(key, answer, median), given.p99);
        if (read.ok) {
          texts[key] = answer;
          break;
        }
        streams.output.write(`  ${read.expected.replace(/^--\S+ must/, 'it must')}\n`);
      }
    }
    return texts;
  } finally {
    lines.close();
  }
}

/** A p50 answered above a p99 given by flag is asked again, rather than refused after every answer. */
function checkAgainstGivenP99(key: StarterKey, read: ReturnType<typeof readStarterValue>, p99Flag: string | undefined): ReturnType<typeof readStarterValue> {
  if (key !== 'p50' || !read.ok || p99Flag === undefined) return read;
  const p99 = readStarterValue('p99', p99Flag);
  if (p99.ok && (p99.value as StarterDuration).seconds < (read.value as StarterDuration).seconds) {
    return { ok: false, expected: `--p50 must be at most --p99 (${p99Flag}); got \`${(read.value as StarterDuration).text}\`` };
  }
  return read;
}

/** The default p99 is 5x the p50 when the p50 answered is above the usual default's p99. */
function p99Default(p50: StarterDuration | undefined): string {
  const usual = readStarterValue('p99', STARTER_DEFAULTS.p99, p50);
  if (usual.ok || p50 === undefined) return STARTER_DEFAULTS.p99;
  return `${Number((p50.seconds * 5000).toPrecision(6))}ms`;
}

/**
 * Lines as they come, queued: answers typed (or piped) before their question is asked are kept
 * for it, which readline's own `question` would drop.
 */
function lineReader(input: NodeJS.ReadableStream): { next: () => Promise<string>; close: () => void } {
  const rl = createInterface({ input, terminal: false });
  const queued: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let closed = false;
  rl.on('line', (line) => (waiting ? (waiting(line), (waiting = null)) : queued.push(line)));
  rl.on('close', () => {
    closed = true;
    waiting?.(null);
  });
  const answer = (line: string | null) => {
    if (line === null) throw new InputError(['no answer: the input ended before every question was answered (pass the values as flags, or --yes for the defaults)']);
    return line;
  };
  return {
    next: () => {
      if (queued.length > 0) return Promise.resolve(queued.shift()!);
      if (closed) return Promise.resolve(answer(null));
      return new Promise<string>((done, fail) => {
        waiting = (line) => {
          try {
            done(answer(line));
          } catch (e) {
            fail(e);
          }
        };
      });
    },
    close: () => rl.close(),
  };
}

/** The package's JSON Schema relative to the new file's folder, for the editor hint; none if it cannot be found. */
function schemaPathFrom(folder: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const schema = join(dir, 'scenarios/scenario.schema.json');
    if (existsSync(schema)) return relative(resolve(folder), schema).split('\\').join('/');
  }
  return undefined;
}

function processStreams(): InitStreams {
  return { input: process.stdin, output: process.stdout, errors: process.stderr, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) };
}
