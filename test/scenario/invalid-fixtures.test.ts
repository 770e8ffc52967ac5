/**
 * Each file in test/fixtures/invalid breaks one rule (see its README.md); the loader must say
 * where (line:column) and what. many-problems.yaml breaks many, all reported at once, in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/scenario/load.ts';
import { FIXTURES, fixtureNames, loadFixture, position, problemsOf } from './helpers.ts';

const SINGLE_PROBLEM: [file: string, position: string, fragment: string][] = [
  ['yaml-syntax.yaml', '7:1', 'invalid YAML: Flow sequence in block collection'],
  ['duplicate-key.yaml', '7:5', 'duplicate key `workers`'],
  ['empty.yaml', '1:1', 'expected a map with keys name, description'],
  ['duration-without-unit.yaml', '11:14', '`clients.web.timeout`: 200 has no unit; write e.g. `200ms`'],
  ['negative-duration.yaml', '6:46', '`services.api.service_time.mean`: `-5ms` is negative'],
  ['unknown-key.yaml', '11:5', 'unknown key `retri` in `clients.web`; did you mean `retry`? (allowed keys: `target`, `balance`, `class`, `health_check`, `outlier_detection`, `healthy_panic_threshold`, `arrival`, `timeout`, `retry`, `circuit_breaker`, `hedge`, `throttle`, `pool`)'],
  ['negative-rate.yaml', '10:34', '`clients.web.arrival.rate`: `-100/s` is negative'],
  ['rate-without-unit.yaml', '10:34', '`clients.web.arrival.rate`: 800 has no unit; write e.g. `800/s`'],
  ['fraction-over-100.yaml', '12:45', '`faults[0].rate`: `120%` is outside [0, 1]'],
  ['missing-target-service.yaml', '9:13', '`clients.web.target`: there is no service named `apii`; did you mean `api`?'],
  ['call-cycle.yaml', '13:9', 'calls between services form a cycle: api -> db -> api'],
  ['missing-required-key.yaml', '1:1', 'missing required key `duration`'],
  ['wrong-type.yaml', '5:14', '`services.api.workers`: expected an integer >= 1, got the text `ten`'],
  ['unknown-distribution.yaml', '6:27', 'unknown distribution `exponentail`; did you mean `exponential`?'],
  ['unknown-fault-kind.yaml', '12:11', '`faults[0].kind`: unknown fault kind `slowdwn`; did you mean `slowdown`?'],
  ['fault-missing-service.yaml', '12:30', '`faults[0].service`: there is no service named `database`'],
  ['warmup-too-long.yaml', '3:9', 'the warmup (120s) must be shorter than the duration (60s)'],
  ['workers-count-and-factor.yaml', '12:46', '`faults[0]`: give exactly one of `count`, `factor` (found 2)'],
  ['assert-unknown-metric.yaml', '12:5', '`clients.web.goodput` is not a metric; did you mean `clients.web.goodput_ratio`?'],
  ['assert-duration-without-unit.yaml', '12:5', 'expected a duration with a unit, like `300ms`'],
  ['bad-name.yaml', '1:7', '`name`: `Retry Storm` is not a valid name'],
  ['balance-misspelt.yaml', '8:14', '`clients.web.balance`: unknown balancing policy `power_of_too`; did you mean `power_of_two`?'],
  ['weights-per-replica.yaml', '4:44', '`services.api.weights`: 2 weights for 3 replicas: give one weight per replica, or none'],
  ['fault-replica-out-of-range.yaml', '10:49', '`faults[0].replicas[1]`: replica 3 does not exist: service `api` has 3 replicas, numbered 0 to 2'],
  ['replicas-zero.yaml', '4:32', '`services.api.replicas`: 0 is too small; it must be >= 1'],
  ['partition-workers-sum.yaml', '8:7', '`services.api.partitions`: the partitions have 9 workers in all, but the service has 10; they must add up to `workers`'],
  ['partition-caller-missing.yaml', '11:20', '`clients.batch.target`: `batch` calls `api`, but no partition of `api` takes its attempts'],
  ['partition-unknown-caller.yaml', '8:36', '`services.api.partitions.web.callers[0]`: there is no caller named `wbe`; did you mean `web`?'],
  ['share-in-fan-out.yaml', '8:57', '`services.root.calls[0].share`: `share` is for a plain call'],
  ['fault-replicas-of-partitioned.yaml', '13:45', '`faults[0].replicas`: service `api` has bulkhead partitions, not replicas'],
  ['max-ejection-percent-over-100.yaml', '12:71', '`clients.web.outlier_detection.max_ejection_percent`: `150%` is outside [0, 1]'],
  ['outlier-detection-ejects-nothing.yaml', '12:46',
    '`clients.web.outlier_detection.consecutive_errors`: with both `consecutive_errors` and `consecutive_timeouts` off, outlier detection would never eject'],
  ['schedule-not-increasing.yaml', '15:17', '`clients.web.arrival.schedule[1].at`: 30s is not after the previous step (60s)'],
  ['propagation-unknown-strategy.yaml', '6:21', '`propagation.strategy.kind`: unknown propagation strategy `constant_wrok`; did you mean `constant_work`?'],
  ['propagation-mass-over-entries.yaml', '9:37', '`propagation.changes[1].count`: 500 changes at once is more than the table\'s 100 entries'],
  ['propagation-period-without-unit.yaml', '6:44', '`propagation.strategy.period`: 5 has no unit; write e.g. `5ms`'],
  ['propagation-fault-misspelt.yaml', '8:15', '`propagation.faults[0].kind`: unknown propagation fault kind `drop_update`; did you mean `drop_updates`?'],
  ['propagation-metric-without-section.yaml', '13:5', '`assert[1]`: `propagation.convergence_s` is a metric of the `propagation` section, which this scenario does not have'],
  ['autoscale-min-above-max.yaml', '7:57', '`services.api.autoscale.min`: 8 is above `max` (4); the autoscaler keeps min <= units <= max'],
  ['autoscale-min-zero.yaml', '7:57', '`services.api.autoscale.min`: 0 is too small; it must be >= 1 (a service scaled to 0 workers or replicas'],
  ['autoscale-max-step-zero.yaml', '7:78', '`services.api.autoscale.max_step`: 0 is too small; it must be >= 1 (a step of 0 would never add or remove anything)'],
  ['autoscale-target-over-100.yaml', '7:47', '`services.api.autoscale.target`: `120%` is outside [0, 1]'],
  ['autoscale-negative-delay.yaml', '7:88', '`services.api.autoscale.provisioning_delay`: `-30s` is negative'],
  ['autoscale-unknown-metric.yaml', '7:26', '`services.api.autoscale.metric`: unknown autoscale metric `utilisation`; did you mean `utilization`?'],
  ['autoscale-window-not-whole.yaml', '7:87', '`services.api.autoscale.every`: the window (30s) must be a whole number of evaluation intervals (20s)'],
  ['autoscale-start-outside.yaml', '7:16', '`services.api.autoscale`: the service starts with 4 workers, outside the autoscaler\'s range [6, 10]'],
  ['autoscale-replicas-health-check.yaml', '13:5', '`clients.web.health_check`: service `api` autoscales its replicas'],
  ['no-services-nor-propagation.yaml', '1:1', 'missing required key `services` (a scenario needs `services` and `clients`, or a `propagation` section)'],
  ['variants-not-a-map.yaml', '13:3', '`variants`: expected a map from variant names to variants, got a list'],
  ['variant-sets-seed.yaml', '15:5', '`variants.other-draws.seed`: variants run with the base\'s seed so they are compared on the same random draws'],
  ['variant-negative-workers.yaml', '15:23', 'variant `broken`: `services.api.workers`: -1 is too small; it must be >= 1'],
  ['variant-bad-name.yaml', '12:3', '`variants`: `No Retry` is not a valid name; use lowercase letters, digits and `-`'],
  ['uniform-min-above-max.yaml', '6:52', 'the minimum (20ms) is greater than the maximum (5ms)'],
  ['recursive-alias.yaml', '7:8', 'the alias `*a` is inside the value anchored `&a`; it would repeat forever'],
  ['alias-bomb.yaml', '7:38', 'aliases expand to more than 100,000 values'],
  ['too-many-windows.yaml', '3:9', '`window`: the run would have 3,600,000 windows; at most 1,000,000 are allowed'],
  ['reserved-name.yaml', '4:3', '`__proto__` is not a valid name'],
  ['jitter-misspelt.yaml', '13:66', '`clients.web.retry.backoff.jitter`: unknown jitter kind `ful`; did you mean `full`?'],
  ['budget-ratio-over-100.yaml', '13:37', '`clients.web.retry.budget.ratio`: `150%` is outside [0, 1]'],
  ['budget-ratio-refuses-all.yaml', '13:37',
    '`clients.web.retry.budget.ratio`: a ratio of 0 leaves only the reserve, min_per_second × ttl = 0 retries, and a retry costs 1: this budget would refuse every retry'],
  ['budget-concurrency-refuses-all.yaml', '11:47',
    '`services.api.calls[0].retry.budget.ratio`: a ratio of 0 with `min_concurrent: 0` allows no retry in progress at all'],
  ['circuit-breaker-min-calls-zero.yaml', '10:58', '`services.api.calls[0].circuit_breaker.min_calls`: 0 is too small; it must be >= 1'],
  ['circuit-breaker-half-open-rule-misspelt.yaml', '15:23',
    '`clients.web.circuit_breaker.half_open_rule`: unknown half-open rule `all_succeeds`; did you mean `all_succeed`? (expected one of `all_succeed`, `failure_rate`)'],
  ['circuit-breaker-failure-rate-zero.yaml', '12:38',
    '`clients.web.circuit_breaker.failure_rate`: `0%` is too small; expected a fraction above 0 (at 0 the breaker of a healthy service opens'],
  ['throttle-k-one.yaml', '12:36', '`clients.web.throttle.k`: 1 is too small; it must be > 1 (with k <= 1 the throttle turns away attempts'],
  ['hedge-without-after.yaml', '13:7', '`clients.web.hedge`: missing required key `after`'],
  ['unknown-shedding-kind.yaml', '7:23', '`services.api.shedding.kind`: unknown shedding kind `codle`; did you mean `codel`?'],
  ['concurrency-limit-min-above-max.yaml', '11:12', '`services.api.shedding.max`: 10 is less than `min` (50); the limits must keep min <= initial <= max'],
  ['check-tolerance-misspelt.yaml', '15:5', 'unknown key `amplifcation` in `check.tolerances`; did you mean `amplification`?'],
  ['check-seeds-zero.yaml', '12:10', '`check.seeds`: 0 is too small; it must be >= 1'],
  ['metastability-tolerance-100.yaml', '13:29',
    '`metastability.tolerance`: `100%` is too large; expected a fraction below 1, under 100% (at 100% even zero goodput is within tolerance'],
  ['assert-probability-zero.yaml', '12:63', '`assert[0].probability`: `0` is too small; expected a fraction above 0 (at 0 the assertion would pass'],
  ['limit-without-unit.yaml', '13:41', '`metastability.limit`: 30 has no unit; write e.g. `30ms`'],
  ['queue-overflow-misspelt.yaml', '7:38', '`services.api.queue.overflow`: unknown queue overflow `drop_olderst`; did you mean `drop_oldest`?'],
  ['queue-overflow-unbounded.yaml', '7:45', '`services.api.queue.overflow`: `block` acts only when the queue is full, and an unbounded queue never is'],
  ['fan-out-zero.yaml', '8:35', '`services.root.calls[0].fan_out`: 0 is too small; it must be >= 1 (a step of 0 calls would wait for nothing'],
  ['fan-out-quorum-above-calls.yaml', '8:45', '`services.root.calls[0].wait`: waits for 11 successes, but the step sends only 10 calls; it could never succeed'],
  ['parallel-quorum-above-calls.yaml', '11:15', '`services.root.calls[0].wait`: waits for 4 successes, but the step sends only 3 calls'],
  ['fan-out-wait-misspelt.yaml', '11:15',
    '`services.root.calls[0].wait`: unknown wait `al`; did you mean `all`? (expected `all`, `any` or a number of calls, at least 1)'],
  ['pool-max-zero.yaml', '10:22', '`services.api.calls[0].pool.max`: 0 is too small; it must be >= 1 (a pool of 0 connections would fail every attempt'],
  ['pool-metric-without-pool.yaml', '13:5',
    '`assert[1]`: `clients.web.failures.pool_exhausted` is reported only by a scenario with a `pool` on some route, and this one has none'],
  ['cache-zipf-alpha-negative.yaml', '8:53', '`services.db.cache.keys.alpha`: -0.5 is too small; it must be >= 0 (below 0 the rarest keys'],
  ['cache-capacity-zero.yaml', '9:17', '`services.db.cache.capacity`: 0 is too small; it must be >= 1 (a cache of 0 entries holds nothing'],
  ['cache-popularity-misspelt.yaml', '8:27', '`services.db.cache.keys.popularity`: unknown key popularity `zpif`; did you mean `zipf`?'],
  ['cache-ttl-negative.yaml', '10:12', '`services.db.cache.ttl`: `-5s` is negative'],
  ['cache-hit-latency-negative.yaml', '10:20', '`services.db.cache.hit_latency`: `-1ms` is negative'],
  ['cache-keys-count-zero.yaml', '8:43', '`services.db.cache.keys.count`: 0 is too small; it must be >= 1'],
  ['cache-keys-too-many.yaml', '8:43', '`services.db.cache.keys.count`: 20000000 keys is too many; at most 10000000'],
  ['cache-flush-without-cache.yaml', '12:35', '`faults[0].service`: service `db` has no `cache`: a cache_flush needs a service with one'],
  ['contention-negative-per-attempt.yaml', '7:46', '`services.api.contention.per_attempt`: `-1ms` is negative; a duration must be 0 or more'],
  ['contention-sigma-over-one.yaml', '7:37', '`services.api.contention.sigma`: `1.5` is outside [0, 1]'],
  ['contention-kappa-negative.yaml', '7:50', '`services.api.contention.kappa`: -0.001 is too small; it must be >= 0'],
  ['contention-unknown-kind.yaml', '7:25', '`services.api.contention.kind`: unknown contention kind `amdahl` (expected one of `linear`, `usl`)'],
  ['periodic-jitter-longer-than-period.yaml', '8:64',
    '`clients.agents.arrival.jitter`: a jitter window of 90s is longer than the period `every: 60s`: one boundary\'s requests would spill into the next period'],
  ['periodic-every-zero.yaml', '8:39', '`clients.agents.arrival.every`: must be greater than 0, got `0s`'],
  ['periodic-count-not-integer.yaml', '8:51', '`clients.agents.arrival.count`: expected an integer >= 1, got `2.5`'],
];

const MANY_PROBLEMS: [position: string, fragment: string][] = [
  ['2:7', '`name`: `many_problems` is not a valid name'],
  ['4:9', 'the warmup (90s) must be shorter than the duration (60s)'],
  ['7:14', '`services.api.workers`: 0 is too small'],
  ['8:19', '`services.api.service_time`: 10 has no unit'],
  ['9:47', 'unknown queue discipline `lilo`; did you mean `lifo`?'],
  ['12:13', 'there is no service named `ap`; did you mean `api`?'],
  ['14:14', '`clients.web.timeout`: `-1s` is negative'],
  ['15:14', 'unknown key `max_attemps` in `clients.web.retry`; did you mean `max_attempts`?'],
  ['17:33', '`faults[0].client`: there is no client named `mobile`'],
  ['17:66', '`faults[0].for`: `-2s` is negative'],
  ['19:5', '`services.api.utilisation` is not a metric; did you mean `services.api.utilization`?'],
];

describe('invalid scenario files', () => {
  it.each(SINGLE_PROBLEM)('%s: %s %s', (file, where, fragment) => {
    const problems = problemsOf(loadFixture(`invalid/${file}`));
    expect(problems.map(formatProblem)).toHaveLength(1);
    expect(problems[0].file).toBe(`invalid/${file}`);
    expect(position(problems[0])).toBe(where);
    expect(problems[0].message).toContain(fragment);
  });

  it('many-problems.yaml: every problem at once, sorted by line then column', () => {
    const problems = problemsOf(loadFixture('invalid/many-problems.yaml'));
    expect(problems.map(position)).toEqual(MANY_PROBLEMS.map(([where]) => where));
    problems.forEach((problem, i) => expect(problem.message).toContain(MANY_PROBLEMS[i][1]));
  });

  it('every fixture is in the table and in the README', () => {
    const tested = [...SINGLE_PROBLEM.map(([file]) => file), 'many-problems.yaml'].sort();
    expect(fixtureNames('invalid')).toEqual(tested);
    const readme = readFileSync(join(FIXTURES, 'invalid', 'README.md'), 'utf8');
    for (const file of tested) expect(readme).toContain(`\`${file}\``);
  });

  it('formats a problem as file:line:column: message', () => {
    const [problem] = problemsOf(loadFixture('invalid/bad-name.yaml'));
    expect(formatProblem(problem)).toMatch(/^invalid\/bad-name\.yaml:1:7: `name`: /);
    expect(formatProblem({ file: 'a.yaml', line: null, column: null, message: '--set x: y' })).toBe('a.yaml: --set x: y');
  });
});
