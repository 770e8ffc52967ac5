/**
 * The `assert:` section of the starter scenario (starter.ts): assertions the file's own numbers
 * make true, so that it runs as written (exit 0). Each is written only where runs over many flag
 * sets and seeds showed it holds (test/cli/init.test.ts runs the regimes on seeds 1-3):
 *
 * - fewer than MIN_JUDGED_REQUESTS requests expected in the measured time: none (a share of a few
 *   requests, or of none, judges nothing; `--rate 0.001` sends none);
 * - headroom (below HEALTHY_LOAD, and a timeout that covers the queue: timeoutCoversQueue): the
 *   goodput, and at VERDICT_RATE or more the verdict too;
 * - otherwise only the bound max_attempts puts on the load, the others left as comments.
 *
 * With headroom the queue bound is what keeps `metastable == false` true: no attempt waits past
 * about half a timeout, so retries cannot pile up abandoned work (an unbounded queue storms at
 * the same load).
 */
import type { StarterLoad } from './starter.ts';
import { percent, rate } from './starter-text.ts';
import type { StarterValues } from './starter-values.ts';

/** Below this load (with a timeout that covers the queue), the goodput and verdict assertions held in every run tried. */
const HEALTHY_LOAD = 0.9;
/**
 * The verdict compares 10 s means of goodput with the baseline within 10%: at r requests/s a
 * mean holds about 10r requests, whose Poisson noise (1/sqrt(10r)) must stay well inside 10%.
 * At 100/s that is 3%; at 1-5/s, 14-32%: such runs were judged recovered only 40-50 s late, or
 * (5/s, a p99 20x the p50) metastable on one seed of ten.
 */
const VERDICT_RATE = 100;
/** Requests expected in the measured time below which no share is asserted (at 100, one request is 1%). */
const MIN_JUDGED_REQUESTS = 100;
/** Multiples of the queue's wait scale the timeout must leave above the p99 (timeoutCoversQueue). */
const WAIT_SCALES = 3;

/**
 * Whether an attempt's whole time, queue wait and service, fits in the timeout with room to
 * spare, so the assertions of a healthy service can be made. A timeout merely above the p99 is
 * not enough: 1 worker at 85% load with a timeout of 6 ms over a constant 5 ms failed goodput
 * and recovery on seeds 1-3, and so did 7 of 40 random flag sets at 50-90% load with a timeout
 * 0.3-5 wait scales above the p99 (`simulate check --seeds 3` on each). Two conditions, both from
 * those runs:
 * - timeout >= 2 x p99: the queue bound lets a full queue (after the fault) hold half a timeout
 *   of work, so the last in line has half the timeout left for its own service; the p99 must fit
 *   in it, or after the fault most attempts time out, are retried and keep the queue full (sets
 *   with a timeout of 1.0-1.24 x p99 at 55-87% load were metastable; at 1.6-1.7 x p99, at 83-84%
 *   load, goodput did not come back within 10%);
 * - timeout - p99 >= WAIT_SCALES x mean / (workers x (1 - load)): in an M/M/c queue a wait,
 *   when there is one, is exponential with that mean (Erlang C; Harchol-Balter, "Performance
 *   Modeling and Design of Computer Systems", ch. 14), so three of them leave about 5% (e^-3) of
 *   queued attempts waiting longer. Few workers near capacity wait long: with 1 worker at 89%
 *   load and a constant 22.4 ms, that mean is 198 ms, and goodput stayed below 70% with a
 *   62 ms timeout (2.8 x p99).
 */
export function timeoutCoversQueue(v: StarterValues, l: StarterLoad): boolean {
  if (l.load >= 1) return false;
  const waitScale = l.meanServiceTime / (v.workers * (1 - l.load));
  return v.timeout.seconds >= 2 * v.p99.seconds && v.timeout.seconds - v.p99.seconds >= WAIT_SCALES * waitScale;
}

export function assertionLines(v: StarterValues, l: StarterLoad, file: string, measuredSeconds: number, faultSeconds: number, client: string): string[] {
  const header = [
    `# Checked after the run (exit 1 when one fails) and by \`simulate check\` on every seed. A path is`,
    `# any number or boolean of results/${v.name}/summary.json (docs/scenario-format.md, "Assertions").`,
  ];
  const goodput = `"clients.${client}.goodput_ratio > 0.7"`;
  const metastable = `"metastability.metastable == false"`;
  const recovered = `"metastability.recovered == true"`;
  const amplification = `"clients.${client}.amplification <= ${v.attempts}"`;
  if (v.rate * measuredSeconds < MIN_JUDGED_REQUESTS) {
    return [
      ...header,
      `# At ${rate(v.rate)}, the ${measuredSeconds} s measured hold about ${Number((v.rate * measuredSeconds).toPrecision(2))} requests: too few for a share`,
      `# to judge (with none, it has no value and fails). Raise the rate, or the duration, then assert:`,
      `assert: []`,
      `#   - ${amplification}`,
      `#   - ${goodput}`,
    ];
  }
  if (l.load >= HEALTHY_LOAD || !timeoutCoversQueue(v, l)) {
    const why = l.load >= HEALTHY_LOAD
      ? `These numbers put the service at ${percent(l.load)} of its capacity before the fault`
      : `The timeout (${v.timeout.text}) leaves little room above the p99 (${v.p99.text}) for the queue wait`;
    return [
      ...header,
      `assert:`,
      `  # ${why}: the verdict may be`,
      `  # "no verdict" or depend on the seed (\`npx simulate check ${file} --seeds 10\` shows it). Until the`,
      `  # numbers leave headroom (a timeout of 2 x p99 or more), only the bound retries put on the load is`,
      `  # asserted: each request makes at most max_attempts attempts. Then assert what must hold:`,
      `  - ${amplification}`,
      `  # - ${goodput}`,
      `  # - ${metastable}`,
      `  # - ${recovered}`,
    ];
  }
  const lines = [
    ...header,
    `assert:`,
    `  # The fault is ${faultSeconds} s of the ${measuredSeconds} s measured: if nothing succeeded during it,`,
    `  # ${percent(1 - faultSeconds / measuredSeconds)} of requests still would. Below 70%, the damage outlasted the fault.`,
    `  - ${goodput}`,
  ];
  if (v.rate >= VERDICT_RATE) {
    lines.push(
      `  # The fault leaves no lasting damage: the run's verdict is not METASTABLE...`,
      `  - ${metastable}`,
      `  # ...and goodput came back within 10% of its level before the fault, and held (docs/verdict.md).`,
      `  - ${recovered}`,
    );
  } else {
    lines.push(
      `  # Not asserted: at ${rate(v.rate)} the verdict's 10 s means of goodput are too noisy to judge`,
      `  # within 10% (try \`npx simulate check ${file} --seeds 10\`; or raise the rate):`,
      `  # - ${metastable}`,
      `  # - ${recovered}`,
    );
  }
  return lines;
}
