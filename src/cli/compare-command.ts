/**
 * `simulate compare a.yaml b.yaml ...`: separate scenario files run and drawn side by side, as
 * the variants of one file are. Each file runs with its own seed unless --seed gives one for
 * all (the same seed gives the runs the same random draws where their models agree).
 */
import { join } from 'node:path';
import { InputError } from './exit-codes.ts';
import { readScenarioFileWithVariants } from './read-scenario.ts';
import { parseSeed, runAndReport, type LabelledScenario, type OutputArgs } from './run-command.ts';

export interface CompareArgs extends OutputArgs {
  files: string[];
}

/** Scenario names label the runs; a name already taken gets the first free `-2`, `-3`, ... after it. */
export function uniqueLabels(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let label = name;
    for (let n = 2; taken.has(label) || (label !== name && names.includes(label)); n++) label = `${name}-${n}`;
    taken.add(label);
    return label;
  });
}

export async function compareCommand(args: CompareArgs): Promise<number> {
  if (args.files.length < 2) throw new InputError(['compare: give at least two scenario files']);
  const seed = parseSeed(args.seed);
  const problems: string[] = [];
  const loaded = args.files.map((file) => {
    try {
      const read = readScenarioFileWithVariants(file);
      if (read.variants.length > 0) problems.push(`${file}: has variants; run it with \`simulate ${file}\` to compare them, or compare files without variants`);
      return read.scenario;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.lines);
      return null;
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  const scenarios = loaded.filter((s) => s !== null);
  const labels = uniqueLabels(scenarios.map((s) => s.name));
  const runs: LabelledScenario[] = scenarios.map((scenario, i) => ({ label: labels[i], file: args.files[i], scenario: { ...scenario, seed: seed ?? scenario.seed } }));
  return runAndReport(runs, {
    ...args,
    dir: args.out ?? join('results', `compare-${labels.join('-vs-')}`),
    title: labels.join(' vs '),
    description: scenarios.map((s, i) => `${labels[i]}: ${s.description || '(no description)'}`).join('\n\n'),
    sources: args.files,
  });
}
