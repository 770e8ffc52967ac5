/**
 * `npm run gallery`: the charts of the bundled scenarios, as PNGs in docs/gallery/ (checked in,
 * and shown in the README), so a reader sees what the simulator draws without running it.
 * Each entry is run exactly as `simulate <file>` runs it (variants side by side).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCharts } from '../report/charts/charts.ts';
import { renderPng, renderSvg } from '../report/render.ts';
import { runScenario } from '../run.ts';
import { readScenarioFileWithVariants } from './read-scenario.ts';

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
  const scenarios = variants.length > 0 ? variants.map((v) => ({ label: v.name, scenario: v.scenario })) : [{ label: scenario.name, scenario }];
  const runs = scenarios.map((s) => ({ ...s, series: runScenario(s.scenario).series }));
  const dir = join(OUT, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const chart of runCharts(runs)) {
    writeFileSync(join(dir, `${chart.id}.png`), await renderPng(await renderSvg(chart.spec)));
  }
  process.stdout.write(`${file} -> ${dir}/ (${readdirSync(dir).sort().join(', ')})\n`);
}

for (const [file, folder] of Object.entries(GALLERY)) await draw(file, folder);
