#!/usr/bin/env node
/**
 * Two versions of the code side by side (this machine's speed drifts from minute to minute, so
 * versions are compared in one run, alternately): the CPU time of
 * runScenario(benchScenario(N, CAP)) (test/bench/bench-scenario.ts, every metric on; CAP the
 * queue bound, or `null`) in two checkouts, each run in a process of its own under tsx, PAIRS
 * times, and the median of the paired ratios new/old. Each checkout needs its node_modules.
 *
 * Usage: node scripts/pair-bench.mjs OLD_CHECKOUT NEW_CHECKOUT PAIRS N CAP [dist]
 *   e.g. git worktree add /tmp/old <commit> && ln -s "$PWD/node_modules" /tmp/old/node_modules
 *        node scripts/pair-bench.mjs /tmp/old . 11 1000000 80
 * With `dist`, runScenario comes from each checkout's built dist/index.js (run `npm run build`
 * in both first): the code a user runs, as `npm run bench` measures it.
 */
import { execFileSync } from 'node:child_process';
const [oldDir, newDir, pairs, n, cap, built] = process.argv.slice(2);
const script = `
import { runScenario } from '${built === 'dist' ? './dist/index.js' : './src/run.ts'}';
import { benchScenario } from './test/bench/bench-scenario.ts';
const s = benchScenario(${n}, ${cap === 'null' ? 'null' : cap});
const t0 = process.cpuUsage();
const r = runScenario(s);
const u = process.cpuUsage(t0);
console.log(JSON.stringify({ cpu: (u.user + u.system) / 1e6, events: r.events }));
`;
const run = (dir) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }));
const ratios = [];
const olds = [], news = [];
for (let i = 0; i < Number(pairs); i++) {
  const first = i % 2 === 0;
  const a = first ? run(oldDir) : null;
  const b = run(newDir);
  const c = first ? a : run(oldDir);
  olds.push(c.cpu); news.push(b.cpu); ratios.push(b.cpu / c.cpu);
}
const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`old: best ${Math.min(...olds).toFixed(3)} s, median ${med(olds).toFixed(3)} s`);
console.log(`new: best ${Math.min(...news).toFixed(3)} s, median ${med(news).toFixed(3)} s`);
console.log(`new/old per pair: median ${med(ratios).toFixed(3)}, range ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}`);
