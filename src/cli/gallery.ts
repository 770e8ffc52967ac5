/**
 * `npm run gallery`: the charts of the bundled scenarios, as PNGs in docs/gallery/ (checked in,
 * and shown in the README), so a reader sees what the simulator draws without running it.
 * Each entry is run exactly as `simulate <file>` runs it (variants side by side).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
};

const OUT = 'docs/gallery';

async function draw(file: string, folder: string): Promise<void> {
  const { scenario, variants } = readScenarioFileWithVariants(file);
  const runs = scenarioRuns(file, scenario, variants, scenario.seed).map((r) => ({ ...r, series: runScenario(r.scenario).series }));
  const images = await chartFiles(runCharts(runs), 'png');
  const dir = join(OUT, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(images)) if (name.endsWith('.png')) writeFileSync(join(dir, name), content);
  process.stdout.write(`${file} -> ${dir}/ (${readdirSync(dir).sort().join(', ')})\n`);
}

for (const [file, folder] of Object.entries(GALLERY)) await draw(file, folder);
