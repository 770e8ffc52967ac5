/**
 * The starter scenario of `simulate init`: values in, commented YAML out (a pure function, so the
 * file can be tested without a terminal). Every section says why its value is what it is and
 * what to change; the numbers in the comments (sigma, mean, capacity, load) are computed here
 * from the same formulas the simulator uses (engine/samplers.ts), so they match what a run
 * reports in its capacity table.
 */
import { distributionMean, Z_99 } from '../engine/samplers.ts';
import { formatProblem, loadScenario } from './load.ts';
import { assertionLines } from './starter-assertions.ts';
import { aside, ms, percent, rate, rateValue, sig, workers, yamlName } from './starter-text.ts';
import type { StarterValues } from './starter-values.ts';

/** The client's name in the file (the service is named after the scenario). */
export const STARTER_CLIENT = 'callers';

/** What the starter's numbers imply, for its comments and for the warnings `init` prints. */
export interface StarterLoad {
  /** σ of the lognormal: ln(p99 / p50) / Φ⁻¹(0.99). */
  sigma: number;
  /** Mean service time, seconds: p50 · e^(σ²/2). */
  meanServiceTime: number;
  /** Requests per second the workers can serve: workers / mean. */
  capacity: number;
  /** rate / capacity before any retry: at 1 or more the service is overloaded from the start. */
  load: number;
  /**
   * Attempts the queue holds: what the workers clear in half a timeout, so the last in line still
   * has half the timeout for its own service, and even under a 2x slowdown it waits about one
   * timeout at most: a longer queue holds only work whose caller will have given up (Amazon
   * Builders' Library, "Avoiding insurmountable queue backlogs",
   * https://aws.amazon.com/builders-library/avoiding-insurmountable-queue-backlogs/).
   */
  queueCapacity: number;
}

export function starterLoad(v: StarterValues): StarterLoad {
  const sigma = Math.log(v.p99.seconds / v.p50.seconds) / Z_99;
  const meanServiceTime = distributionMean({ dist: 'lognormal', median: v.p50.seconds, p99: v.p99.seconds });
  const capacity = v.workers / meanServiceTime;
  const queueCapacity = Math.max(1, Math.floor((v.workers * v.timeout.seconds) / (2 * meanServiceTime)));
  return { sigma, meanServiceTime, capacity, load: v.rate / capacity, queueCapacity };
}

/** Warnings for stderr: numbers that make the starter say more about the model than about the fault. */
export function starterWarnings(v: StarterValues, load = starterLoad(v)): string[] {
  const warnings: string[] = [];
  if (load.load >= 1) {
    warnings.push(
      `warning: ${rate(v.rate)} is ${percent(load.load)} of what ${workers(v.workers)} serve at a mean service time of ` +
        `${ms(load.meanServiceTime)} (${rate(load.capacity)}): the service is overloaded from the start, so the run will ` +
        `give no verdict on the fault (overloaded_before_trigger). Check the rate, the workers and the p50/p99.`,
    );
  }
  if (v.timeout.seconds <= v.p50.seconds) {
    warnings.push(`warning: the timeout (${v.timeout.text}) is not above the p50 (${v.p50.text}): half the attempts or more will time out even without load.`);
  }
  return warnings;
}

/**
 * The starter's text, refused if the scenario loader does not accept it: the promise that the
 * file validates as written is checked where the file is made. A refusal is a bug of the
 * generator (the values were checked already), so it is an Error (exit 3), not an InputError.
 */
export function checkedStarterScenario(v: StarterValues, options: { schemaPath?: string; path?: string } = {}): string {
  const text = starterScenario(v, options);
  const loaded = loadScenario(text, options.path ?? `${v.name}.yaml`);
  if (loaded.ok) return text;
  throw new Error(`the starter scenario does not validate (a bug of simulate init):\n${loaded.problems.map(formatProblem).join('\n')}`);
}

/** When the run starts and the fault strikes: a baseline before it, and time to recover after it. */
const TIMING = { duration: 120, warmup: 20, faultAt: 40, faultFor: 20 } as const;

/**
 * The starter scenario as YAML text. `schemaPath`, when known, is written as the editor hint
 * (`# yaml-language-server: $schema=...`) so VS Code completes and checks keys.
 */
export function starterScenario(v: StarterValues, options: { schemaPath?: string; path?: string } = {}): string {
  const l = starterLoad(v);
  const file = options.path ?? `${v.name}.yaml`;
  const retries = v.attempts - 1;
  const lines = [
    ...(options.schemaPath ? [`# yaml-language-server: $schema=${options.schemaPath}`] : []),
    `# A starter model of one service and its callers, written by \`simulate init\`. Edit the`,
    `# numbers to match your dashboards, then:`,
    aside(`#   npx simulate ${file}`, `run it: results/${v.name}/ (open report.html there)`, file.length + 36),
    aside(`#   npx simulate check ${file} --seeds 3`, 'judge the assertions below on seeds 1-3, as CI would', file.length + 36),
    `# Every key: docs/scenario-format.md; a walk-through from dashboard numbers to a CI gate:`,
    `# docs/tutorial.md (both in the metastable-sim package, node_modules/metastable-sim/ once installed).`,
    `name: ${yamlName(v.name)}`,
    `description: >`,
    `  ${v.name}: ${rate(v.rate)} on ${workers(v.workers)} (p50 ${v.p50.text}, p99 ${v.p99.text}), ${percent(l.load)} of`,
    `  capacity; callers time out after ${v.timeout.text} and make up to ${v.attempts} attempt${v.attempts === 1 ? '' : 's'}.`,
    `  A 2x slowdown for ${TIMING.faultFor} s asks whether it comes back.`,
    aside('seed: 1', 'same file and seed: the same results, byte for byte; try --seed 2'),
    aside(`duration: ${TIMING.duration}s`, 'simulated time: arrivals stop here, then work in flight drains'),
    aside(`warmup: ${TIMING.warmup}s`, 'requests started earlier are left out (the queue starts empty)'),
    '',
    `services:`,
    `  ${yamlName(v.name)}:`,
    `    # Requests served at once: Tomcat's maxThreads, gunicorn's workers, a Go semaphore's size,`,
    `    # per instance times instances if a balancer spreads the load evenly (or see \`replicas:\`).`,
    `    workers: ${v.workers}`,
    `    # The service's own time per request, from its dashboards (not the time its callers see,`,
    `    # which adds the queue wait). The format takes the median and the p99 of a lognormal:`,
    `    # sigma = ln(p99 / p50) / 2.326 = ${sig(l.sigma)}, so the mean is p50 * e^(sigma^2 / 2) = ${ms(l.meanServiceTime)}.`,
    `    # The mean sets the capacity: ${workers(v.workers)} / ${ms(l.meanServiceTime)} = ${rate(l.capacity)}, and ${rate(v.rate)} is ${percent(l.load)} of it.`,
    `    service_time: { dist: lognormal, median: ${v.p50.text}, p99: ${v.p99.text} }`,
    `    # Bounded to what the workers clear in half a timeout (${v.workers} * ${v.timeout.text} / 2 / ${ms(l.meanServiceTime)}), so the`,
    `    # last in line still has time to be served; a longer queue only holds attempts whose caller`,
    `    # will have given up. A full queue refuses an attempt at once (\`rejected\`). Your service's`,
    `    # real bound (a pool's queue, a listen backlog) may be longer: try \`capacity: unbounded\`.`,
    `    queue: { capacity: ${l.queueCapacity}, discipline: fifo }`,
    '',
    `clients:`,
    `  ${STARTER_CLIENT}:`,
    `    target: ${yamlName(v.name)}`,
    `    # Open: new requests keep coming at this rate whatever happens to earlier ones (users and`,
    `    # other services do not wait for your outage). Poisson arrivals.`,
    `    arrival: { kind: open, rate: ${rateValue(v.rate)} }`,
    `    # Per attempt, as Envoy's per_try_timeout, gRPC's deadline or resilience4j's TimeLimiter.`,
    `    timeout: ${v.timeout.text}`,
    `    retry:`,
    `      # The first try included: ${v.attempts === 1 ? 'no retries' : `${retries} retr${retries === 1 ? 'y' : 'ies'} (Envoy num_retries: ${retries}; gRPC maxAttempts: ${v.attempts})`}.`,
    `      max_attempts: ${v.attempts}`,
    `      retry_on: [timeout, rejected, error]`,
    `      # Exponential backoff with full jitter: retry n waits a uniform time in`,
    `      # [0, min(cap, base * 2^(n-1))], gRFC A6's formula. Base and cap are Envoy's defaults (25ms,`,
    `      # 10 x base; Envoy's own ceilings grow a little faster: docs/tutorial.md). With open arrivals`,
    `      # it delays retries but does not remove them (docs/strategies.md, "Backoff and jitter").`,
    `      backoff: { kind: exponential, base: 25ms, multiplier: 2, cap: 250ms, jitter: full }`,
    `      # A retry budget caps retries to a share of requests, the defence against a retry storm:`,
    `      # budget: { kind: token_bucket, max_tokens: 10, token_ratio: 0.1 }   # gRPC retryThrottling`,
    '',
    `# The trigger: the service runs 2x slower for ${TIMING.faultFor} s (a slow dependency, a GC storm, a noisy`,
    `# neighbour). The verdict says whether goodput came back after it, and how long that took.`,
    `faults:`,
    `  - { kind: slowdown, service: ${yamlName(v.name)}, factor: 2, at: ${TIMING.faultAt}s, for: ${TIMING.faultFor}s }`,
    '',
    ...assertionLines(v, l, file, TIMING.duration - TIMING.warmup, TIMING.faultFor, STARTER_CLIENT),
  ];
  return `${lines.join('\n')}\n`;
}
