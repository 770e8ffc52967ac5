/**
 * One entry of a service's `calls:` list (docs/fan-out.md): a plain call, as in v1
 * (`{ service: db, timeout: 100ms }`, read exactly as before); the same with `fan_out: k` and/or
 * `wait:`, k identical calls to one service sent at once; or `{ parallel: [<call>, ...], wait: }`,
 * calls to several services at once. `wait` is `all` (the default), `any` or a number of calls
 * (a quorum).
 */
import { isMap, isScalar } from 'yaml';
import type { BalancePolicy, CallStep, DownstreamCall, ParallelBranch, ParallelStep } from '../model/config.ts';
import { balance, onlyGiven, routeClass } from './balance-spec.ts';
import { healthFields, healthOf } from './health-spec.ts';
import * as msg from './messages.ts';
import type { DeclaredNames } from './model-spec.ts';
import { list } from './spec-collections.ts';
import { maybe, object, optional, required, type Field, type FieldLocator } from './spec-object.ts';
import { fraction, integer, reference } from './spec-values.ts';
import { callPolicyFields, callPolicyOf } from './strategy-spec.ts';
import { closestMatch } from './suggest.ts';
import { anchorOf, INVALID, pathOf, transform, type Context, type Parsed, type Spec } from './spec.ts';

type Wait = number | 'all' | 'any';
const WAIT_WORDS = ['all', 'any'] as const;
const count = integer(1);

/** `all`, `any`, or a number of calls of at least 1 (the quorum). */
const wait: Spec<Wait> = {
  parse: (node, site, ctx) => {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'string') return count.parse(node, site, ctx);
    if ((WAIT_WORDS as readonly string[]).includes(value)) return value as Wait;
    ctx.report(anchorOf(node, site), msg.unknownWait(pathOf(site), value, closestMatch(value, WAIT_WORDS)));
    return INVALID;
  },
  schema: () => ({ anyOf: [{ enum: [...WAIT_WORDS] }, { type: 'integer', minimum: 1 }] }),
};

const quorumOf = (value: Wait, calls: number): number => (value === 'all' ? calls : value === 'any' ? 1 : value);

/** Reports a quorum the step's calls could never reach. */
function checkQuorum(value: Parsed<Wait | null>, calls: number | typeof INVALID, at: FieldLocator<{ wait: Field<unknown> }>, ctx: Context): void {
  if (typeof value === 'number' && calls !== INVALID && value > calls) {
    ctx.report(at.anchor('wait'), msg.quorumAboveCalls(at.path('wait'), value, calls));
  }
}

const WAIT_DESCRIPTION = 'how many of the calls must succeed: `all`, `any` or a number; the step fails as soon as that is out of reach';
const FAN_OUT = integer(1, msg.DEGENERATE.fanOut);

function callFields(names: DeclaredNames) {
  return {
    service: required(reference('service', names.services)),
    balance,
    class: routeClass,
    ...healthFields,
    share: optional(fraction(), 1, 'the share of the service\'s jobs that make this call (the others skip it): a mix of request kinds; each call of a fan-out draws on its own'),
    ...callPolicyFields,
  };
}

/** The keys every call has in the typed scenario; `share` only when below 1 and `balance` only when given, so a v1 call is the object it always was. */
function callOf(
  value: { service: string; balance: BalancePolicy | null; class: string | null; share: number } & Parameters<typeof healthOf>[0] & Parameters<typeof callPolicyOf>[0],
): DownstreamCall {
  return {
    service: value.service, ...onlyGiven('balance', value.balance), ...onlyGiven('class', value.class), ...healthOf(value),
    ...(value.share < 1 ? { share: value.share } : {}), ...callPolicyOf(value),
  };
}

/**
 * `share` below 1 is for a plain call: in a step, a skipped call would end at once as a success
 * and count toward `wait` (a quorum met by calls never made).
 */
function refuseShare(share: Parsed<number>, at: FieldLocator<{ share: Field<unknown> }>, ctx: Context): void {
  if (share !== INVALID && share < 1) ctx.report(at.anchor('share'), msg.shareInFanOut(at.path('share')));
}

/** A call of a `parallel:` list: `fan_out` identical calls to one service (1 when absent). */
function branch(names: DeclaredNames): Spec<ParallelBranch> {
  return transform(
    object({ ...callFields(names), fan_out: optional(FAN_OUT, 1, 'identical calls sent at once') }, {
      check: (values, at, ctx) => refuseShare(values.share, at, ctx),
    }),
    (value): ParallelBranch => ({ ...callOf(value), count: value.fan_out }),
  );
}

/** A plain call, or, with `fan_out` or `wait`, a parallel step of one branch. */
function single(names: DeclaredNames): Spec<CallStep> {
  const fields = {
    ...callFields(names),
    fan_out: maybe(FAN_OUT, 'identical calls to the service sent at once; a plain call when absent (and no `wait`)'),
    wait: maybe(wait, `${WAIT_DESCRIPTION}; default \`all\``),
  };
  return transform(
    object(fields, {
      check: (values, at, ctx) => {
        checkQuorum(values.wait, values.fan_out === INVALID ? INVALID : values.fan_out ?? 1, at, ctx);
        if (values.fan_out !== null || values.wait !== null) refuseShare(values.share, at, ctx);
      },
    }),
    (value): CallStep => {
      const call = callOf(value);
      if (value.fan_out === null && value.wait === null) return call;
      const calls = value.fan_out ?? 1;
      return { parallel: [{ ...call, count: calls }], quorum: quorumOf(value.wait ?? 'all', calls) };
    },
  );
}

/** `{ parallel: [...], wait: ... }`: calls to several services (or with several policies) at once. */
function parallel(names: DeclaredNames): Spec<ParallelStep> {
  const fields = {
    parallel: required(list(branch(names), { what: 'call', minItems: 1, description: 'the calls sent at once, each with its own policy' })),
    wait: optional(wait, 'all', WAIT_DESCRIPTION),
  };
  const callsIn = (branches: ParallelBranch[]): number => branches.reduce((sum, b) => sum + b.count, 0);
  return transform(
    object(fields, {
      description: 'several calls at once; the step succeeds when `wait` of them have',
      check: (values, at, ctx) => checkQuorum(values.wait, values.parallel === INVALID ? INVALID : callsIn(values.parallel), at, ctx),
    }),
    (value): ParallelStep => ({ parallel: value.parallel, quorum: quorumOf(value.wait, callsIn(value.parallel)) }),
  );
}

/** A map with a `parallel` key is a parallel step; any other entry is read as a call. */
export function callStep(names: DeclaredNames): Spec<CallStep> {
  const plain = single(names);
  const several = parallel(names);
  return {
    parse: (node, site, ctx) => (isMap(node) && node.has('parallel') ? several : plain).parse(node, site, ctx),
    schema: (definitions) => ({ anyOf: [plain.schema(definitions), several.schema(definitions)] }),
  };
}
