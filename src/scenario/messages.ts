/**
 * Every message the scenario layer shows to a user, in one place (as vega-lite's
 * src/log/message.ts): the wording stays consistent, and a test can find them all.
 * `path` arguments are dotted paths such as `clients.web.timeout` or `faults[0].for`;
 * '' is the top level of the file.
 */
import { isMap, isScalar, isSeq } from 'yaml';

const quote = (text: unknown): string => `\`${String(text)}\``;
const list = (words: readonly string[]): string => words.map(quote).join(', ');
const hint = (suggestion: string | null): string => (suggestion ? `; did you mean ${quote(suggestion)}?` : '');
const subject = (path: string): string => (path === '' ? 'the top level' : quote(path));
const where = (path: string): string => (path === '' ? 'at the top level' : `in ${quote(path)}`);
const prefix = (path: string): string => (path === '' ? '' : `${quote(path)}: `);

/** Seconds in the unit a person would write them in: 0.02 -> `20ms`, 90 -> `90s`. */
export function seconds(value: number): string {
  const round = (x: number): number => Number(x.toPrecision(12));
  if (value === 0 || value >= 1) return `${round(value)}s`;
  return value >= 1e-3 ? `${round(value * 1e3)}ms` : `${round(value * 1e6)}us`;
}

/** A short description of what was found, for "expected X, got Y". */
export function describe(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  const value = isScalar(node) ? node.value : node;
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the text ${quote(value)}`;
  return quote(value);
}

// Structure

export const expected = (path: string, what: string, node: unknown): string =>
  `${prefix(path)}expected ${what}, got ${describe(node)}`;
export const missingKey = (path: string, key: string): string =>
  `${prefix(path)}missing required key ${quote(key)}`;
export const unknownKey = (path: string, key: string, allowed: readonly string[], suggestion: string | null): string =>
  `unknown key ${quote(key)} ${where(path)}${hint(suggestion)} (allowed keys: ${list(allowed)})`;
export const unknownWord = (path: string, word: string, what: string, allowed: readonly string[], suggestion: string | null): string =>
  `${prefix(path)}unknown ${what} ${quote(word)}${hint(suggestion)} (expected one of ${list(allowed)})`;
export const nonTextKey = (path: string): string => `${prefix(path)}keys must be plain words`;
export const exactlyOneOf = (path: string, keys: readonly string[], present: number): string =>
  `${prefix(path)}give exactly one of ${list(keys)} (found ${present})`;
export const tooFewItems = (path: string, minimum: number, what: string): string =>
  `${prefix(path)}needs at least ${minimum === 1 ? `one ${what}` : `${minimum} ${what}s`}`;
export const emptyMap = (path: string, what: string): string => `${prefix(path)}needs at least one ${what}`;
export const badName = (path: string, name: string, rule: string): string =>
  `${prefix(path)}${quote(name)} is not a valid name; ${rule}`;

// Values and units

export const durationWithoutUnit = (path: string, value: unknown): string =>
  `${prefix(path)}${value} has no unit; write e.g. ${quote(`${value}ms`)} (units: us, ms, s, m, h)`;
export const negativeDuration = (path: string, text: unknown): string =>
  `${prefix(path)}${quote(text)} is negative; a duration must be 0 or more`;
export const EXPECTED_DURATION = 'a duration with a unit, like `250ms`';
export const mustBePositive = (path: string, text: unknown): string =>
  `${prefix(path)}must be greater than 0, got ${quote(text)}`;
export const rateWithoutUnit = (path: string, value: unknown): string =>
  `${prefix(path)}${value} has no unit; write e.g. ${quote(`${value}/s`)} (units: /us, /ms, /s, /m, /h)`;
export const negativeRate = (path: string, text: unknown): string =>
  `${prefix(path)}${quote(text)} is negative; a rate must be 0 or more`;
export const EXPECTED_RATE = 'a rate like `800/s`';
export const fractionOutOfRange = (path: string, text: unknown): string =>
  `${prefix(path)}${quote(text)} is outside [0, 1] (0% to 100%)`;
export const EXPECTED_FRACTION = 'a fraction in [0, 1] or a percentage like `20%`';
export const expectedInteger = (minimum: number): string => `an integer >= ${minimum}`;
export const belowMinimum = (path: string, value: number, minimum: number, exclusive: boolean, why?: string): string =>
  `${prefix(path)}${value} is too small; it must be ${exclusive ? '>' : '>='} ${minimum}${why ? ` (${why})` : ''}`;
export const fractionNotAboveZero = (path: string, text: unknown, why: string): string =>
  `${prefix(path)}${quote(text)} is too small; expected a fraction above 0 (${why})`;
export const fractionNotBelowOne = (path: string, text: unknown, why: string): string =>
  `${prefix(path)}${quote(text)} is too large; expected a fraction below 1, under 100% (${why})`;
export const expectedNumber = (minimum: number, exclusive: boolean): string =>
  `a number ${exclusive ? '>' : '>='} ${minimum}`;
export const expectedBetween = (minimum: number, maximum: number): string =>
  `a number between ${minimum} and ${maximum} (both excluded)`;
export const notBetween = (path: string, value: number, minimum: number, maximum: number): string =>
  `${prefix(path)}${value} is out of range; it must be > ${minimum} and < ${maximum}`;
export const EXPECTED_BOOL = '`true` or `false`';

// Values in range that would make a defence or a verdict degenerate (docs/scenario-format.md, on values)

/** Why a value is refused although it is in its range: what it would do. */
export const jitterLongerThanPeriod = (path: string, jitter: number, every: number): string =>
  `${prefix(path)}a jitter window of ${seconds(jitter)} is longer than the period \`every: ${seconds(every)}\`: one boundary's requests would spill into the next period; give a jitter of at most ${seconds(every)}`;
export const DEGENERATE = {
  failureRate: 'at 0 the breaker of a healthy service opens as soon as `min_calls` attempts ended, 0 failures being >= 0 × calls',
  halfOpenCalls: 'with no trial a half-open breaker would refuse every attempt and never close',
  limitMin: 'a limit of 0 admits nothing, so no completion could ever raise it again',
  maxTokens: 'an empty bucket is never above half full, so it would allow no retry at all',
  tokenRatio: 'at 0 successes never refill the bucket, and retries would stop for good after max_tokens / 2 failures',
  toleranceZero: 'at 0 goodput would have to equal the baseline exactly, so a run with a fault would practically never count as recovered',
  toleranceOne: 'at 100% even zero goodput is within tolerance of the baseline, so a run that never serves again would count as recovered',
  autoscaleMin: 'a service scaled to 0 workers or replicas could not serve the work that would make it scale out again',
  autoscaleStep: 'a step of 0 would never add or remove anything',
  autoscaleTarget: 'a utilization target of 0 would always ask for the maximum',
  autoscaleTolerance: 'at 100% the autoscaler would never scale in, and scale out only above twice the target',
  probability: 'at 0 the assertion would pass even if it held on no seed',
  fanOut: 'a step of 0 calls would wait for nothing; leave `fan_out` out for a plain call',
  poolMax: 'a pool of 0 connections would fail every attempt with `pool_exhausted` without sending it',
  flushShare: 'a flush that loses 0% of the cache does nothing; leave the fault out',
  zipfAlpha: 'below 0 the rarest keys would be the most popular; 0 is uniform',
  cacheCapacity: 'a cache of 0 entries holds nothing, and every lookup would miss; leave `cache` out for no cache',
  throttleK: 'with k <= 1 the throttle turns away attempts that the service would answer, and at k < 1 it locks out the client of a healthy service',
} as const;
export const ratioBudgetRefusesAll = (path: string, reserve: number): string =>
  `${prefix(path)}a ratio of 0 leaves only the reserve, min_per_second × ttl = ${Number(reserve.toPrecision(12))} retries, and a retry costs 1: this budget would refuse every retry and hedge; give a ratio above 0 or a reserve of at least 1 (\`max_attempts: 1\` is the way to turn retries off)`;
export const concurrencyBudgetRefusesAll = (path: string): string =>
  `${prefix(path)}a ratio of 0 with \`min_concurrent: 0\` allows no retry in progress at all: this budget would refuse every retry and hedge; give a ratio above 0 or \`min_concurrent\` of at least 1 (\`max_attempts: 1\` is the way to turn retries off)`;

// References and cross checks

export const tooManyCacheKeys = (path: string, count: number, maximum: number): string =>
  `${prefix(path)}${count} keys is too many; at most ${maximum} (the key sampler keeps a table of 8 bytes a key)`;
export const flushWithoutCache = (path: string, service: string): string =>
  `${prefix(path)}service ${quote(service)} has no \`cache\`: a cache_flush needs a service with one`;

export const unknownReference = (path: string, kind: string, name: string, known: readonly string[], suggestion: string | null): string =>
  `${prefix(path)}there is no ${kind} named ${quote(name)}${hint(suggestion)} (${kind}s: ${known.length ? list(known) : 'none'})`;
export const weightsPerReplica = (path: string, given: number, replicas: number): string =>
  `${prefix(path)}${given} weight${given === 1 ? '' : 's'} for ${replicas} replica${replicas === 1 ? '' : 's'}: give one weight per replica, or none`;
export const replicaOutOfRange = (path: string, index: number, service: string, replicas: number): string =>
  `${prefix(path)}replica ${index} does not exist: service ${quote(service)} has ${replicas} replica${replicas === 1 ? '' : 's'}, numbered 0 to ${replicas - 1}`;
export const outlierDetectionEjectsNothing = (path: string): string =>
  `${prefix(path)}with both \`consecutive_errors\` and \`consecutive_timeouts\` off, outlier detection would never eject; turn one on, or remove \`outlier_detection\``;
export const unknownWait = (path: string, word: string, suggestion: string | null): string =>
  `${prefix(path)}unknown wait ${quote(word)}${hint(suggestion)} (expected \`all\`, \`any\` or a number of calls, at least 1)`;
export const quorumAboveCalls = (path: string, quorum: number, calls: number): string =>
  `${prefix(path)}waits for ${quorum} successes, but the step sends only ${calls} call${calls === 1 ? '' : 's'}; it could never succeed`;
export const replicasOfPartitioned = (path: string, service: string): string =>
  `${prefix(path)}service ${quote(service)} has bulkhead partitions, not replicas: a fault on it hits every partition`;
export const shareInFanOut = (path: string): string =>
  `${prefix(path)}\`share\` is for a plain call; in a fan-out each skipped call would count as a success toward \`wait\``;
export const partitionsWithReplicas = (path: string): string =>
  `${prefix(path)}a service has either \`replicas\` (and \`weights\`) or \`partitions\`, not both`;
export const partitionWorkers = (path: string, sum: number, workers: number): string =>
  `${prefix(path)}the partitions have ${sum} workers in all, but the service has ${workers}; they must add up to \`workers\``;
export const partitionsTakingTheRest = (path: string, names: readonly string[]): string =>
  `${prefix(path)}${names.map(quote).join(' and ')} name no caller and no class: only one partition may take the rest`;
export const callerWithoutPartition = (path: string, caller: string, service: string): string =>
  `${prefix(path)}${quote(caller)} calls ${quote(service)}, but no partition of ${quote(service)} takes its attempts: name it (or its \`class\`) in a partition's \`callers\` (\`classes\`), or add a partition that names neither`;
export const callerInTwoPartitions = (path: string, caller: string, partitions: readonly string[]): string =>
  `${prefix(path)}the attempts of ${quote(caller)} would go to partitions ${partitions.map(quote).join(' and ')}; name each caller and class in one partition only`;
export const callCycle = (cycle: readonly string[]): string =>
  `calls between services form a cycle: ${cycle.join(' -> ')}; a request would never finish`;
export const warmupNotBeforeEnd = (path: string, warmup: number, duration: number): string =>
  `${prefix(path)}the warmup (${seconds(warmup)}) must be shorter than the duration (${seconds(duration)})`;
export const scheduleNotIncreasing = (path: string, at: number, previous: number): string =>
  `${prefix(path)}${seconds(at)} is not after the previous step (${seconds(previous)}); schedule steps must be in increasing order of \`at\``;
export const uniformMinAboveMax = (path: string, min: number, max: number): string =>
  `${prefix(path)}the minimum (${seconds(min)}) is greater than the maximum (${seconds(max)})`;
export const limitOutOfOrder = (path: string, value: number, relation: 'less' | 'more', other: string, otherValue: number): string =>
  `${prefix(path)}${value} is ${relation} than ${quote(other)} (${otherValue}); the limits must keep min <= initial <= max`;
export const overflowNeedsCapacity = (path: string, overflow: string): string =>
  `${prefix(path)}${quote(overflow)} acts only when the queue is full, and an unbounded queue never is; give \`capacity\` a number, or remove \`overflow\``;
export const lognormalMedianAboveP99 = (path: string, median: number, p99: number): string =>
  `${prefix(path)}the median (${seconds(median)}) is greater than the p99 (${seconds(p99)})`;

// Propagation

export const noModelSection = (key: string): string =>
  `missing required key ${quote(key)} (a scenario needs \`services\` and \`clients\`, or a \`propagation\` section)`;
export const massOverEntries = (path: string, count: number, entries: number): string =>
  `${prefix(path)}${count} changes at once is more than the table's ${entries} entries (a mass change flips distinct entries)`;
export const tooManyNodesLost = (path: string, count: number, nodes: number): string =>
  `${prefix(path)}${count} is more than the ${nodes} nodes there are`;
export const poolMetricWithoutPool = (path: string, metric: string): string =>
  `${prefix(path)}${quote(metric)} is reported only by a scenario with a \`pool\` on some route, and this one has none`;
export const propagationMetricWithoutSection = (path: string, metric: string): string =>
  `${prefix(path)}${quote(metric)} is a metric of the \`propagation\` section, which this scenario does not have`;

// Assertions

export const assertionSyntax = (path: string, expr: string): string =>
  `${prefix(path)}cannot read the assertion ${quote(expr)}; write \`<metric path> <op> <value>\` with op one of < <= > >= == !=, like \`clients.web.goodput_ratio >= 0.9\``;
export const unknownMetric = (path: string, metric: string, suggestion: string | null): string =>
  `${prefix(path)}${quote(metric)} is not a metric${hint(suggestion)} (metrics are the numeric paths of summary.json, like \`clients.<name>.latency.p99\`)`;
export const assertionValue = (path: string, metric: string, text: string, want: string): string =>
  `${prefix(path)}${quote(text)} is not a valid value for ${quote(metric)}; expected ${want}`;
export const boolComparison = (path: string, metric: string): string =>
  `${prefix(path)}${quote(metric)} is true or false; compare it with == or !=`;

// Extends

export const EXPECTED_EXTENDS = 'the path of a scenario file, relative to this one';
export const extendsWithoutReader = (path: string): string =>
  `\`extends\`: cannot read ${quote(path)}: this loader was given no way to read other files`;
export const cannotRead = (path: string): string => `\`extends\`: cannot read ${quote(path)}`;
export const extendsCycle = (chain: readonly string[]): string =>
  `\`extends\`: the files extend each other in a cycle: ${chain.join(' -> ')}`;
export const extendsNotAMap = (path: string, node: unknown): string =>
  `\`extends\`: ${quote(path)} is not a scenario: expected a map of keys at its top level, got ${describe(node)}`;
export const extendsNotSettable = (): string =>
  '`extends` is read before `--set` applies; name the base file in the scenario itself';

// Variants

export const EXPECTED_VARIANT = 'a map of changes to the base scenario (`{}` or nothing for none)';
/** Keys a variant may not set, with the reason a user is told. */
export const VARIANT_FIXED_KEYS: Readonly<Record<string, string>> = {
  name: 'a variant keeps the scenario\'s name and is known by its key in `variants`; rename the variant instead',
  seed: 'variants run with the base\'s seed so they are compared on the same random draws; set `seed` at the top level or use --seed',
  variants: 'variants do not nest; declare every variant in the top-level `variants`',
  extends: 'a variant is merged over this scenario, not over another file; put `extends` at the top level',
};
export const variantFixedKey = (path: string, reason: string): string => `${prefix(path)}${reason}`;
/** A problem found in a variant merged over the base (one the base alone does not have). */
export const inVariant = (name: string, message: string): string => `variant ${quote(name)}: ${message}`;

// YAML and overrides

export const yamlSyntax = (detail: string): string => `invalid YAML: ${detail}`;
export const duplicateKey = (key: string): string => `duplicate key ${quote(key)}; each key may appear once in a map`;
/** Returned by parseOverride; the CLI puts `--set <arg>: ` in front. */
export const overrideSyntax = (detail: string): string =>
  `${detail}; expected \`<path>=<value>\`, like \`clients.web.arrival.rate=900/s\` (list items as \`faults[0].for\`)`;
export const fromOverride = (path: string, message: string): string => `--set ${path}: ${message}`;
export const overrideValueSyntax = (detail: string): string => `the value is not valid YAML: ${detail}`;
export const overrideNotAMap = (path: string, node: unknown): string =>
  `${subject(path)} is ${describe(node)}, so it has no keys to set`;
export const overrideNotAList = (path: string, node: unknown): string =>
  `${subject(path)} is ${describe(node)}, not a list, so it cannot be indexed with [ ]`;
export const overrideIndexOutOfRange = (path: string, index: number, length: number): string =>
  `${quote(path)} has ${length} item(s); index ${index} is out of range (use ${length} to append)`;

/** What an assertion's value must look like, by the unit of its metric. */
export const ASSERTION_VALUE_EXPECTED = {
  seconds: 'a duration with a unit, like `300ms`',
  fraction: 'a fraction in [0, 1] or a percentage, like `0.9` or `90%`',
  ratio: 'a number or a percentage, like `1.5` or `150%`',
  per_second: 'a rate like `700/s`, or a number per second',
  count: 'a number',
  bool: '`true` or `false`',
} as const;

export function recursiveAlias(name: string): string {
  return `the alias \`*${name}\` is inside the value anchored \`&${name}\`; it would repeat forever`;
}

export function unknownAnchor(name: string): string {
  return `the alias \`*${name}\` refers to no anchor \`&${name}\` before it in this file (anchors do not reach across files, not even with \`extends\`)`;
}

export function tooManyAliases(limit: number): string {
  return `aliases expand to more than ${limit.toLocaleString('en-US')} values; a scenario this large is surely a mistake`;
}

export function tooManyWindows(path: string, count: number, limit: number): string {
  return `\`${path}\`: the run would have ${Math.round(count).toLocaleString('en-US')} windows; at most ${limit.toLocaleString('en-US')} are allowed (use a wider window)`;
}
export const autoscaleMinAboveMax = (path: string, min: number, max: number): string =>
  `${prefix(path)}${min} is above \`max\` (${max}); the autoscaler keeps min <= units <= max`;
export const autoscaleWindowNotWhole = (path: string, every: number, window: number): string =>
  `${prefix(path)}the window (${seconds(window)}) must be a whole number of evaluation intervals (${seconds(every)}), at least one`;
export const autoscaleStartOutside = (path: string, what: string, count: number, min: number, max: number): string =>
  `${prefix(path)}the service starts with ${count} ${what}, outside the autoscaler's range [${min}, ${max}]; start within it`;
export const autoscaleWith = (path: string, other: string): string =>
  `${prefix(path)}\`autoscale\` cannot be combined with \`${other}\` (docs/autoscaling.md)`;
export const autoscaledHealth = (path: string, service: string): string =>
  `${prefix(path)}service ${quote(service)} autoscales its replicas, and every route to it balances over the autoscaler's rotation; health checks and outlier detection on such a route are not supported (docs/autoscaling.md)`;
