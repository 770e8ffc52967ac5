/**
 * `npm run gallery`: the charts of the bundled scenarios, as PNGs in docs/gallery/ (checked in,
 * and shown in the README and docs/), so a reader sees what the simulator draws without running it.
 * Each entry is run exactly as `simulate <file>` runs it (variants side by side).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCharts } from '../report/charts/charts.ts';
import { chartFiles } from '../report/result-files.ts';
import { runScenario } from '../run.ts';
import { readScenarioFileWithVariants } from './read-scenario.ts';
import { scenarioRuns } from './run-command.ts';

/** Scenario file ─▶ the gallery folder it draws into. */
const GALLERY: Record<string, string> = {
  'scenarios/retry-storm.yaml': 'retry-storm',
  'scenarios/retry-storm-compared.yaml': 'retry-storm-compared',
  'scenarios/constant-work/compared.yaml': 'constant-work',
  'scenarios/constant-work/compared-dropped.yaml': 'constant-work-dropped',
  'scenarios/constant-work/compared-lost-nodes.yaml': 'constant-work-lost-nodes',
  'scenarios/hysteresis-ramp.yaml': 'hysteresis-ramp',
  'scenarios/effects/cache-flush.yaml': 'cache-flush',
  'scenarios/effects/cache-hot-keys.yaml': 'cache-hot-keys',
};

/** The bundled sweep (docs/sweeps.md): trigger duration × load, naive against a token bucket. */
const SWEEP = [
  'sweep', 'scenarios/retry-storm-compared.yaml', '--set', 'duration=120s', '--vary', 'variant=naive,token-bucket',
  '--vary', 'faults[0].for=0s..30s:5s', '--vary', 'clients.web.arrival.rate=500/s..900/s:100/s', '--seeds', '3',
];

const OUT = 'docs/gallery';

async function draw(file: string, folder: string): Promise<void> {
  const { scenario, variants } = readScenarioFileWithVariants(file);
  const runs = scenarioRuns(file, scenario, variants, scenario.seed).map((r) => {
    const result = runScenario(r.scenario);
    return { ...r, series: result.series, backlog: result.backlog };
  });
  const images = await chartFiles(runCharts(runs), 'png');
  const dir = join(OUT, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(images)) if (name.endsWith('.png')) writeFileSync(join(dir, name), content);
  process.stdout.write(`${file} -> ${dir}/ (${readdirSync(dir).sort().join(', ')})\n`);
}

/** Runs the bundled sweep as a user would (the command, on every core) and keeps its chart images. */
function drawSweep(folder: string): void {
  const tmp = mkdtempSync(join(tmpdir(), 'gallery-sweep-'));
  execFileSync(process.execPath, [fileURLToPath(new URL('./simulate.mjs', import.meta.url)), ...SWEEP, '--out', tmp], { stdio: 'inherit' });
  const dir = join(OUT, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(tmp).filter((n) => n.endsWith('.png'))) copyFileSync(join(tmp, name), join(dir, name));
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(`simulate ${SWEEP.join(' ')} -> ${dir}/ (${readdirSync(dir).sort().join(', ')})\n`);
}

for (const [file, folder] of Object.entries(GALLERY)) await draw(file, folder);
drawSweep('retry-storm-sweep');
