#!/usr/bin/env node
/**
 * The `simulate` command line: parse arguments, call the pure core, write files, set the exit
 * code. Input problems print as `file:line:column: message` with exit 2; anything unexpected is
 * an internal error, exit 3 (set SIMULATE_DEBUG=1 to see its stack).
 *
 * Each command's code loads when the command runs (a dynamic import in its handler): `--help`
 * and a bad flag load yargs and nothing of the simulator.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DEFAULT_BASELINE_FILE, EXIT, InputError } from './exit-codes.ts';
import type { OutputArgs } from './run-command.ts';
import { IMAGE_FORMATS, type ImageFormat } from '../report/image-formats.ts';

/** Options of every command that writes a results folder. */
function outputOptions<T>(y: import('yargs').Argv<T>) {
  return y
    .option('seed', { type: 'string', requiresArg: true, describe: 'override the scenario seed (a whole number)' })
    .option('out', { type: 'string', requiresArg: true, describe: 'results folder (default results/<name>)' })
    .option('charts', { type: 'boolean', default: true, describe: 'draw charts and report.html (--no-charts: data files only, faster)' })
    .option('format', { choices: IMAGE_FORMATS, requiresArg: true, default: 'both' as ImageFormat, describe: 'chart images to write' })
    .option('quiet', { type: 'boolean', alias: 'q', describe: 'print no summary; failed assertions still go to stderr' })
    .option('max-in-flight', MAX_IN_FLIGHT_OPTION);
}

/** Every command that runs scenarios takes it. */
const MAX_IN_FLIGHT_OPTION = {
  type: 'string', requiresArg: true,
  describe: 'stop a run once this many attempts are in the system (exit 4); default 5,000,000 or what half the heap holds',
} as const;

function outputArgs(argv: { seed?: string; out?: string; charts?: boolean; format?: string; quiet?: boolean; 'max-in-flight'?: string }): OutputArgs {
  return { seed: argv.seed, out: argv.out, charts: argv.charts, format: argv.format as ImageFormat, quiet: argv.quiet, maxInFlight: argv['max-in-flight'] };
}

async function handle(action: () => number | Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await action();
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`${e.lines.join('\n')}\n`);
      code = EXIT.invalidInput;
    } else {
      const err = e as Error;
      process.stderr.write(`internal error: ${err.message}\n${process.env.SIMULATE_DEBUG ? `${err.stack}\n` : ''}`);
      code = EXIT.internalError;
    }
  }
  process.exitCode = code;
}

// A reader that goes away (`simulate ... | head`) is not an error of ours: keep the exit code.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
  throw e;
});

const cli = yargs(hideBin(process.argv))
  .scriptName('simulate')
  .usage('$0 <scenario.yaml> [options]\n\nRun a scenario of retries, timeouts and overload; write results/<name>/.')
  .command(
    '$0 <file>',
    'run a scenario file',
    (y) =>
      outputOptions(y.positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' }))
        .option('set', { type: 'string', array: true, describe: 'override a key: --set clients.web.timeout=300ms' }),
    (argv) => handle(async () => (await import('./run-command.ts')).runCommand({ file: argv.file as string, set: argv.set, ...outputArgs(argv) })),
  )
  .command(
    'compare <files..>',
    'run scenario files and draw them side by side (results/compare-<a>-vs-<b>/)',
    (y) => outputOptions(y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'two or more scenario files' })),
    (argv) => handle(async () => (await import('./compare-command.ts')).compareCommand({ files: argv.files as string[], ...outputArgs(argv) })),
  )
  .command(
    'check <targets..>',
    'run scenarios over seeds and judge their assertions (for CI)',
    (y) =>
      y
        .positional('targets', { type: 'string', array: true, demandOption: true, describe: 'scenario files, folders or globs' })
        .option('seeds', { type: 'string', requiresArg: true, describe: "seeds per scenario (default: the scenario's check.seeds, else 1)" })
        .option('threads', { type: 'string', requiresArg: true, describe: 'threads: this one and N - 1 workers (default: all cores)' })
        .option('junit', { type: 'string', requiresArg: true, describe: 'write a JUnit XML report here' })
        .option('markdown', { type: 'string', requiresArg: true, describe: 'write a GitHub-flavoured markdown summary here' })
        .option('baseline', { type: 'string', requiresArg: true, describe: 'compare with this baseline file (or write it, with --update-baseline)' })
        .option('update-baseline', { type: 'boolean', describe: `write the baseline (to --baseline, default ${DEFAULT_BASELINE_FILE})` })
        .option('max-in-flight', MAX_IN_FLIGHT_OPTION),
    (argv) =>
      handle(async () =>
        (await import('./check-command.ts')).checkCommand({
          targets: argv.targets as string[],
          seeds: argv.seeds,
          threads: argv.threads,
          junit: argv.junit,
          markdown: argv.markdown,
          baseline: argv.baseline,
          updateBaseline: argv['update-baseline'],
          maxInFlight: argv['max-in-flight'],
        }),
      ),
  )
  .command(
    'sweep <file>',
    'run a scenario over a grid of values and seeds (results/<name>-sweep/)',
    (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
        .option('vary', { type: 'string', array: true, demandOption: true, requiresArg: true, describe: 'PATH=VALUES: a list a,b,c or a range START..END:STEP (repeat for a grid)' })
        .option('set', { type: 'string', array: true, requiresArg: true, describe: 'override a key at every point, before the --vary values' })
        .option('seeds', { type: 'string', requiresArg: true, describe: "seeds per point (default 1: the scenario's seed, then the next ones)" })
        .option('threads', { type: 'string', requiresArg: true, describe: 'threads: this one and N - 1 workers (default: all cores)' })
        .option('shard', { type: 'string', requiresArg: true, describe: 'i/n: run only the points whose index % n == i - 1 (combine with simulate merge)' })
        .option('out', { type: 'string', requiresArg: true, describe: 'results folder (default results/<name>-sweep/)' })
        .option('charts', { type: 'boolean', default: true, describe: 'draw the sweep charts (--no-charts: data files only)' })
        .option('max-in-flight', MAX_IN_FLIGHT_OPTION),
    (argv) =>
      handle(async () =>
        (await import('./sweep-command.ts')).sweepCommand({
          file: argv.file as string, vary: argv.vary as string[], set: argv.set, seeds: argv.seeds, threads: argv.threads, shard: argv.shard, out: argv.out,
          charts: argv.charts, maxInFlight: argv['max-in-flight'],
        }),
      ),
  )
  .command(
    'merge <dirs..>',
    'combine the folders of sweep shards into the whole sweep',
    (y) =>
      y
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'folders written by simulate sweep --shard' })
        .option('out', { type: 'string', requiresArg: true, describe: 'results folder (default results/<name>-sweep/)' })
        .option('charts', { type: 'boolean', default: true, describe: 'draw the sweep charts (--no-charts: data files only)' }),
    (argv) => handle(async () => (await import('./merge-command.ts')).mergeCommand({ dirs: argv.dirs as string[], out: argv.out, charts: argv.charts })),
  )
  .command(
    'init [name]',
    'write a commented starter scenario, <name>.yaml (asks for its numbers on a terminal)',
    (y) =>
      y
        .positional('name', { type: 'string', describe: 'the scenario name (default my-service), or the file to write (*.yaml, or a path)' })
        .option('rate', { type: 'string', requiresArg: true, describe: 'requests per second (default 200)' })
        .option('workers', { type: 'string', requiresArg: true, describe: 'requests served at once (default 8)' })
        .option('p50', { type: 'string', requiresArg: true, describe: "the service's median latency, with a unit (default 20ms)" })
        .option('p99', { type: 'string', requiresArg: true, describe: "the service's p99 latency (default 100ms)" })
        .option('timeout', { type: 'string', requiresArg: true, describe: "the callers' timeout per attempt (default 250ms)" })
        .option('attempts', { type: 'string', requiresArg: true, describe: 'attempts per request, the first included (default 3)' })
        .option('force', { type: 'boolean', describe: 'overwrite the file if it exists' })
        .option('yes', { type: 'boolean', alias: 'y', describe: 'ask nothing: the defaults and the flags' }),
    (argv) =>
      handle(async () =>
        (await import('./init-command.ts')).initCommand({
          name: argv.name, rate: argv.rate, workers: argv.workers, p50: argv.p50, p99: argv.p99, timeout: argv.timeout, attempts: argv.attempts,
          force: argv.force, yes: argv.yes,
        }),
      ),
  )
  .command('schema', 'print the JSON Schema of the scenario format', {}, () =>
    handle(async () => {
      const { scenarioJsonSchema } = await import('../scenario/schema.ts');
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
      return EXIT.ok;
    }),
  )
  .example('$0 scenarios/retry-storm.yaml', 'run the bundled retry storm')
  .example('$0 scenarios/retry-storm.yaml --seed 7 --set clients.web.retry.max_attempts=1', 'the same without retries, another seed')
  .example('$0 compare scenarios/retry-storm.yaml scenarios/strategies/token-bucket.yaml', 'two scenarios side by side')
  .example('$0 scenarios/retry-storm.yaml --no-charts', 'data files only (summary.json, timeseries.csv)')
  .example('$0 check scenarios/ --seeds 5 --junit junit.xml', 'every bundled scenario over 5 seeds, for CI')
  .example('$0 init checkout --rate 450 --workers 16 --p50 18ms --p99 120ms --yes', 'a starter scenario from your numbers, checkout.yaml')
  .strict()
  // Command handlers catch their own errors (handle), so whatever reaches here is about the arguments.
  .fail((msg, err) => {
    throw new InputError([msg || err?.message || 'invalid arguments', 'run `simulate --help` for usage']);
  })
  .help()
  .version(false);

// Bad arguments reach here as an InputError thrown by .fail(); commands handle their own errors.
await handle(async () => {
  await cli.parseAsync();
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
});
