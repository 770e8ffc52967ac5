/**
 * `simulate init`: the starter scenario validates and runs as written (exit 0, every assertion
 * holding) for the defaults and for flag sets across the regimes its assertions depend on, over
 * seeds 1-3; the file is never half written or written over; bad values are exit 2; on a
 * terminal the questions are asked and their answers used (streams injected into the command).
 */
import { Ajv } from 'ajv';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { initCommand, type InitStreams } from '../../src/cli/init-command.ts';
import { InputError } from '../../src/cli/exit-codes.ts';
import { ROOT, simulate, tempDir } from '../support/cli.ts';

const schema = JSON.parse(readFileSync(join(ROOT, 'scenarios/scenario.schema.json'), 'utf8'));
const validateSchema = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('simulate init (in a script: no terminal, so no questions)', () => {
  it('writes my-service.yaml with the defaults, prints the next two commands, and the file runs with exit 0', async () => {
    const dir = tempDir();
    const made = await simulate(['init'], dir);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toBe(''); // the defaults are not overloaded: no warning
    expect(made.stdout).toMatch(/^wrote my-service\.yaml: 200\/s on 8 workers, 64% of their capacity$/m);
    expect(made.stdout).toMatch(/^ {2}npx simulate my-service\.yaml /m);
    expect(made.stdout).toMatch(/^ {2}npx simulate check my-service\.yaml --seeds 3 /m);
    const run = await simulate(['my-service.yaml', '--no-charts', '--out', join(dir, 'out')], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^metastability: RECOVERED/m);
    expect(run.stdout).toMatch(/pass {2}metastability\.recovered == true/);
  });

  it('writes the values of the flags where they belong', async () => {
    const dir = tempDir();
    const made = await simulate(['init', 'checkout', '--rate', '450', '--workers', '16', '--p50', '18ms', '--p99', '120ms', '--timeout', '300ms', '--attempts', '4'], dir);
    expect(made.code, made.stderr).toBe(0);
    const text = readFileSync(join(dir, 'checkout.yaml'), 'utf8');
    const scenario = parse(text);
    expect(scenario.name).toBe('checkout');
    expect(scenario.services.checkout).toMatchObject({ workers: 16, service_time: { dist: 'lognormal', median: '18ms', p99: '120ms' } });
    expect(scenario.clients.callers).toMatchObject({ target: 'checkout', arrival: { kind: 'open', rate: '450/s' }, timeout: '300ms', retry: { max_attempts: 4 } });
    // sigma = ln(120 / 18) / 2.32635 = 1.89712 / 2.32635 = 0.81549; mean = 18 ms * e^(0.33251) = 25.10 ms;
    // 16 / 25.10 ms = 637.4/s; 450 / 637.4 = 71%.
    expect(text).toContain('sigma = ln(p99 / p50) / 2.326 = 0.815, so the mean is p50 * e^(sigma^2 / 2) = 25.1 ms.');
    expect(text).toContain('16 workers / 25.1 ms = 637/s, and 450/s is 71% of it.');
  });

  it('a name ending in .yaml, or holding a slash, is the path; the scenario is named after the file', async () => {
    const dir = tempDir();
    expect((await simulate(['init', 'svc/payments.yml'], dir)).code).toBe(2); // no folder svc/
    expect(readdirSync(dir)).toEqual([]);
    const made = await simulate(['init', 'payments.yml', '--yes'], dir);
    expect(made.code, made.stderr).toBe(0);
    expect(parse(readFileSync(join(dir, 'payments.yml'), 'utf8')).name).toBe('payments');
  });

  // Each set is a regime the assertions are chosen by (starter.ts): a low rate with a heavy tail,
  // high load, a constant service time, no retries near the edge, overloaded from the start
  // (warned), a timeout below the p99 and below the p50, and a big service. Every file must pass
  // `check` on seeds 1-3. (Runs of more sets over seeds 1-10 chose the regimes: starter.ts.)
  const FLAG_SETS: Record<string, string[]> = {
    low: ['--rate', '5', '--workers', '2', '--p50', '100ms', '--p99', '2s', '--timeout', '2100ms'],
    high: ['--rate', '280', '--attempts', '5'],
    flat: ['--p99', '20ms'],
    once: ['--attempts', '1', '--rate', '290'],
    over: ['--rate', '500'],
    tight: ['--timeout', '60ms'],
    hopeless: ['--timeout', '15ms'],
    big: ['--rate', '2000', '--workers', '80', '--p50', '5ms', '--p99', '50ms', '--timeout', '100ms', '--attempts', '4'],
  };

  it('for every kind of numbers, the file validates and its assertions hold on seeds 1-3', async () => {
    const dir = tempDir();
    for (const [name, flags] of Object.entries(FLAG_SETS)) {
      const made = await simulate(['init', name, ...flags], dir);
      expect(made.code, `${name}: ${made.stderr}`).toBe(0);
      expect(validateSchema(parse(readFileSync(join(dir, `${name}.yaml`), 'utf8'))), name).toBe(true);
    }
    const checked = await simulate(['check', '.', '--seeds', '3', '--threads', '2'], dir);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/\b\d+ passed, 0 failed \(8 scenarios\)/);
    // The regimes are the ones meant: the healthy files assert recovery, the others do not.
    expect(checked.stdout).toMatch(/^flat +metastability\.recovered == true/m);
    expect(checked.stdout).toMatch(/^high +metastability\.metastable == false/m); // 89%: just below the line
    expect(checked.stdout).toMatch(/^low +clients\.callers\.goodput_ratio > 0\.7/m);
    expect(checked.stdout).not.toMatch(/^(once|over|tight|hopeless|low) +metastability\./m);
    expect(checked.stdout).toMatch(/^hopeless +clients\.callers\.amplification <= 3/m);
  }, 120_000);

  it('warns on stderr when the numbers overload the service from the start, and still writes a file that runs', async () => {
    const dir = tempDir();
    const made = await simulate(['init', 'over', '--rate', '500'], dir);
    expect(made.code).toBe(0);
    expect(made.stderr).toMatch(/^warning: 500\/s is 159% of what 8 workers serve at a mean service time of 25\.4 ms \(315\/s\): the service is overloaded from the start/);
    const text = readFileSync(join(dir, 'over.yaml'), 'utf8');
    expect(text).toContain('These numbers put the service at 159% of its capacity before the fault');
    expect(parse(text).assert).toEqual(['clients.callers.amplification <= 3']);
  });

  it('refuses to write over a file (exit 2, the file untouched) unless --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'my-service.yaml'), 'mine\n');
    const refused = await simulate(['init'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('my-service.yaml already exists; choose another name, or pass --force to overwrite it\n');
    expect(readFileSync(join(dir, 'my-service.yaml'), 'utf8')).toBe('mine\n');
    const forced = await simulate(['init', '--force', '--rate', '100'], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'my-service.yaml'), 'utf8')).toContain('rate: 100/s');
    expect(readdirSync(dir)).toEqual(['my-service.yaml']); // no temporary file left
  });

  it.each([
    [['--rate', 'lots'], '--rate must be a positive number of requests per second'],
    [['--rate', '0'], '--rate must be a positive number of requests per second'],
    [['--workers', '2.5'], '--workers must be a whole number of workers, at least 1'],
    [['--attempts', '0'], '--attempts must be a whole number of attempts, at least 1'],
    [['--p50', '20'], '--p50 must be a duration above zero with a unit, e.g. 20ms (units: us, ms, s, m, h); 20 has no unit'],
    [['--timeout', '0s'], '--timeout must be a duration above zero'],
    [['--p50', '50ms', '--p99', '40ms'], '--p99 must be at least --p50 (50ms)'],
    [['--p99', '10ms'], '--p99 must be at least --p50 (20ms)'],
    [['Checkout'], 'the scenario name `Checkout` must be lowercase letters, digits and -'],
  ])('refuses %j with exit 2, says what was expected, and writes nothing', async (flags, message) => {
    const dir = tempDir();
    const r = await simulate(['init', ...flags], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps its comments (every section says why) and passes the JSON Schema', async () => {
    const dir = tempDir();
    expect((await simulate(['init'], dir)).code).toBe(0);
    const text = readFileSync(join(dir, 'my-service.yaml'), 'utf8');
    expect(validateSchema(parse(text)), JSON.stringify(validateSchema.errors)).toBe(true);
    const doc = parseDocument(text);
    // Each section's first line is a comment line, in the text and after a round trip through a YAML editor library.
    for (const written of [text, doc.toString()]) {
      for (const key of ['workers', 'service_time', 'queue', 'arrival', 'timeout', 'max_attempts', 'backoff', 'faults', 'assert']) {
        expect(written, key).toMatch(new RegExp(`#[^\\n]*\\n\\s*(- )?${key}:`));
      }
    }
    expect(text.split('\n').filter((line) => /^\s*#/.test(line)).length).toBeGreaterThan(30);
  });
});

/** Streams standing for a terminal: answers go in, the questions come out as text. */
function terminal(answers: string): { streams: InitStreams; asked: () => string; errors: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let err = '';
  output.on('data', (chunk) => (out += chunk));
  errors.on('data', (chunk) => (err += chunk));
  input.end(answers);
  return { streams: { input, output, errors, interactive: true }, asked: () => out, errors: () => err };
}

describe('simulate init on a terminal', () => {
  it('asks for each value a flag did not give, takes Enter as the default, and asks again after a bad answer', async () => {
    const dir = tempDir();
    // rate: Enter (200); workers: 16; p50: 18ms; p99: 10ms (below the p50: asked again), 120ms;
    // attempts: "four" (asked again), 4. The timeout comes from a flag and is not asked.
    const t = terminal('\n16\n18ms\n10ms\n120ms\nfour\n4\n');
    const code = await initCommand({ name: join(dir, 'checkout.yaml'), timeout: '300ms' }, t.streams);
    expect(code).toBe(0);
    const asked = t.asked();
    expect(asked).toContain('Requests per second at a normal peak [200]: ');
    expect(asked).toContain('Workers (requests served at once: threads, processes, permits) [8]: ');
    expect(asked).toContain('Latency p50 of the service itself (with a unit: 20ms) [20ms]: ');
    expect(asked).not.toContain("Callers' timeout");
    expect(asked).toContain('  it must be at least --p50 (18ms); got `10ms`\nLatency p99 of the service itself [100ms]: ');
    expect(asked).toContain('  it must be a whole number of attempts, at least 1 (got `four`)\nAttempts per request');
    expect(asked).toMatch(/wrote .*checkout\.yaml: 200\/s on 16 workers, 31% of their capacity\n/);
    const scenario = parse(readFileSync(join(dir, 'checkout.yaml'), 'utf8'));
    expect(scenario.services.checkout).toMatchObject({ workers: 16, service_time: { median: '18ms', p99: '120ms' } });
    expect(scenario.clients.callers).toMatchObject({ arrival: { rate: '200/s' }, timeout: '300ms', retry: { max_attempts: 4 } });
    expect(t.errors()).toBe('');
  });

  it('offers a p99 default above the p50 answered', async () => {
    const dir = tempDir();
    const t = terminal('\n\n200ms\n\n\n\n');
    expect(await initCommand({ name: join(dir, 'slow.yaml') }, t.streams)).toBe(0);
    expect(t.asked()).toContain('Latency p99 of the service itself [1000ms]: ');
    expect(parse(readFileSync(join(dir, 'slow.yaml'), 'utf8')).services.slow.service_time).toEqual({ dist: 'lognormal', median: '200ms', p99: '1000ms' });
  });

  it('asks again for a p50 above the p99 a flag gave', async () => {
    const dir = tempDir();
    const t = terminal('\n\n80ms\n30ms\n\n\n');
    expect(await initCommand({ name: join(dir, 'fast.yaml'), p99: '50ms' }, t.streams)).toBe(0);
    expect(t.asked()).toContain('  it must be at most --p99 (50ms); got `80ms`\nLatency p50');
    expect(parse(readFileSync(join(dir, 'fast.yaml'), 'utf8')).services.fast.service_time).toEqual({ dist: 'lognormal', median: '30ms', p99: '50ms' });
  });

  it('asks nothing with --yes', async () => {
    const dir = tempDir();
    const t = terminal('');
    expect(await initCommand({ name: join(dir, 'quiet.yaml'), yes: true, rate: '50' }, t.streams)).toBe(0);
    expect(t.asked()).not.toContain('[');
    expect(readFileSync(join(dir, 'quiet.yaml'), 'utf8')).toContain('rate: 50/s');
  });

  it('input that ends before every answer is an input error, and nothing is written', async () => {
    const dir = tempDir();
    const t = terminal('450\n');
    await expect(initCommand({ name: join(dir, 'short.yaml') }, t.streams)).rejects.toThrow(InputError);
    expect(existsSync(join(dir, 'short.yaml'))).toBe(false);
  });
});
