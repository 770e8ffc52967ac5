/**
 * `npm run bench`: the standard benchmark of the core issue, measured, never asserted.
 * The workload is in bench-scenario.ts. Each case runs in a child process of its own, so that
 * its peak RSS is its own. Targets on a 2-core machine: >= 1,000,000 simulated requests per
 * second and < 150 MB peak RSS for 1M requests, < 200 MB for 10M.
 *
 * The workload as specified tips into a retry storm by itself (see bench-scenario.ts), after
 * which its queue, and so the work in flight and the memory, grow for the rest of the run; so
 * memory against run length is measured on the same workload with the queue bounded at 80.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildModel } from '../../src/model/build.ts';
import { NullObserver } from '../../src/model/observer.ts';
import { runScenario } from '../../src/run.ts';
import { benchScenario } from './bench-scenario.ts';

interface Measurement {
  requests: number;
  seconds: number;
  events: number;
  peakRssMb: number;
  note: string;
}

function measure(metrics: boolean, requests: number, capacity: number | null): Measurement {
  const scenario = benchScenario(requests, capacity);
  const start = process.hrtime.bigint();
  let events = 0;
  let note = '';
  if (metrics) {
    const r = runScenario(scenario);
    events = r.events;
    const storm = r.series.find((row) => row.entity === 'services.server' && (row.queue_len ?? 0) > 1000);
    note = `goodput ${((r.summary.clients.load.goodput_ratio ?? 0) * 100).toFixed(1)}%${storm ? `, retry storm from t = ${storm.t_s} s` : ''}`;
  } else {
    const model = buildModel(scenario, new NullObserver());
    model.start();
    model.sim.run();
    events = model.sim.eventsRun;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { requests, seconds, events, peakRssMb: process.resourceUsage().maxRSS / 1024, note };
}

function inChild(metrics: boolean, requests: number, capacity: number | null): Measurement {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', String(metrics), String(requests), String(capacity)];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as Measurement;
}

function report(label: string, m: Measurement): void {
  const perSecond = (n: number) => Math.round(n / m.seconds).toLocaleString('en-US');
  console.log(
    `${label.padEnd(40)} ${m.seconds.toFixed(2).padStart(6)} s ${perSecond(m.requests).padStart(10)} req/s ` +
      `${perSecond(m.events).padStart(10)} events/s ${m.peakRssMb.toFixed(0).padStart(5)} MB peak RSS  ${m.note}`,
  );
}

if (process.argv[2] === 'child') {
  const capacity = process.argv[5] === 'null' ? null : Number(process.argv[5]);
  process.stdout.write(JSON.stringify(measure(process.argv[3] === 'true', Number(process.argv[4]), capacity)));
} else {
  console.log('M/M/8 at rho = 0.9 (720/s), exponential 10 ms service, 100 ms timeout, one retry on timeout, seed 1');
  console.log('targets: >= 1,000,000 requests/s; < 150 MB peak RSS at 1M requests; < 200 MB at 10M\n');
  report('as specified, all metrics, 1M requests', inChild(true, 1_000_000, null));
  report('queue bounded at 80, all metrics, 1M', inChild(true, 1_000_000, 80));
  report('queue bounded at 80, no metrics, 1M', inChild(false, 1_000_000, 80));
  report('queue bounded at 80, all metrics, 10M', inChild(true, 10_000_000, 80));
}
