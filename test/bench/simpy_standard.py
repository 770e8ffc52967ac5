#!/usr/bin/env python3
"""The standard benchmark of `npm run bench` written in SimPy, to time the simulator against.

The model (the same as test/bench/standard.yaml):
- Poisson arrivals at 720 requests/s for 1,000,000 / 720 s (about 1M requests); then the
  requests already started run to their end;
- one FIFO queue in front of 8 workers (simpy.Resource), exponential service with a 10 ms mean;
- each attempt has a 100 ms timeout from the moment it is sent. A timed-out attempt is dropped
  at once wherever it is, as the simulator does with `cancel_on_timeout: true`: still queued,
  it reneges (SimPy's bank-renege idiom: `yield request | timeout`, and leaving the `with`
  block takes the request out of the queue); in service, its worker is freed at the deadline;
- a request that timed out is retried once, at once (no backoff); a second timeout fails it.

Abandonment in service is written as holding the worker for min(service time, time left)
rather than as an interrupt: the service time is drawn when service starts (as the simulator
draws it), so the two are the same model, and this way costs SimPy one event, not three.

Counted as the simulator counts (src/metrics/recorder.ts): requests started at or after the
10 s warm-up, their attempts and successes, and the latency (start to success) of those that
succeeded. For the comparison with the simulator it also prints each figure's standard error
by batch means (BATCHES batches of equal simulated length): the timeouts come in bursts (a
queue excursion times out many attempts together), so the requests are far from independent.

  python3 test/bench/simpy_standard.py [--requests N] [--seed S]

prints one JSON object: requests, attempts, succeeded, goodput_ratio, amplification,
latency_mean (seconds), the standard errors, and the simulated end time.
"""
import argparse
import json
import math
import random

import simpy

RATE = 720.0
WORKERS = 8
MEAN_SERVICE = 0.01
TIMEOUT = 0.1
WARMUP = 10.0
BATCHES = 20


def run(requests, seed):
    duration = requests / RATE
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=WORKERS)
    arrival_rng = random.Random(seed)
    service_rng = random.Random(seed + 1_000_003)
    batch_length = (duration - WARMUP) / BATCHES
    # Per batch (by start time): requests, attempts, succeeded, sum of latencies.
    batches = [[0, 0, 0, 0.0] for _ in range(BATCHES)]

    def attempt():
        """One attempt: True if it was served within its timeout."""
        deadline = env.now + TIMEOUT
        with server.request() as req:
            got = yield req | env.timeout(TIMEOUT)
            if req not in got:
                return False  # reneged: the with block cancels the queued request
            work = service_rng.expovariate(1.0 / MEAN_SERVICE)
            left = deadline - env.now
            if work < left:
                yield env.timeout(work)
                return True
            yield env.timeout(left)  # abandoned in service: the worker is freed at the deadline
            return False

    def request():
        start = env.now
        attempts = 1
        ok = yield from attempt()
        if not ok:
            attempts = 2
            ok = yield from attempt()
        if start >= WARMUP:
            b = batches[min(int((start - WARMUP) / batch_length), BATCHES - 1)]
            b[0] += 1
            b[1] += attempts
            if ok:
                b[2] += 1
                b[3] += env.now - start

    def arrivals():
        while True:
            yield env.timeout(arrival_rng.expovariate(RATE))
            if env.now >= duration:
                return
            env.process(request())

    env.process(arrivals())
    env.run()

    def total(i):
        return sum(b[i] for b in batches)

    def standard_error(values):
        mean = sum(values) / len(values)
        return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1) / len(values))

    n, a, s, lat = total(0), total(1), total(2), total(3)
    return {
        'requests': n,
        'attempts': a,
        'succeeded': s,
        'goodput_ratio': s / n,
        'amplification': a / n,
        'latency_mean': lat / s,
        'se': {
            'goodput_ratio': standard_error([b[2] / b[0] for b in batches]),
            'amplification': standard_error([b[1] / b[0] for b in batches]),
            'latency_mean': standard_error([b[3] / b[2] for b in batches]),
        },
        'batches': BATCHES,
        'end_time': env.now,
    }


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--requests', type=int, default=1_000_000)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.requests, args.seed)))
