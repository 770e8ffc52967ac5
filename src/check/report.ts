/** The results of a check as a terminal table, JUnit XML and GitHub-flavoured markdown. */
import type { Regression, ScenarioBaseline } from './baseline.ts';
import { observedText, type AssertionOutcome } from './outcomes.ts';
import { outcomesText, type OutcomeCount } from './verdicts.ts';

export interface ScenarioResult {
  /** As given on the command line (or found in a folder). */
  file: string;
  name: string;
  seeds: number;
  outcomes: AssertionOutcome[];
  regressions: Regression[];
  /** This check's key metrics, for --update-baseline. */
  baseline: ScenarioBaseline;
  /** The metastability outcome over the seeds (verdicts.ts). */
  verdicts: OutcomeCount[];
}

/** One line per scenario: its outcome over the seeds. */
function verdictRows(results: readonly ScenarioResult[]): [string, string][] {
  return results.map((r) => [r.name, outcomesText(r.verdicts, r.seeds)]);
}

export interface Totals {
  checks: number;
  failed: number;
}

export function totals(results: readonly ScenarioResult[]): Totals {
  const checks = results.reduce((n, r) => n + r.outcomes.length + r.regressions.length, 0);
  const failed = results.reduce((n, r) => n + r.outcomes.filter((o) => !o.pass).length + r.regressions.length, 0);
  return { checks, failed };
}

function regressionText(r: Regression): string {
  const v = (x: number | null) => (x === null ? 'none' : String(x));
  return `${v(r.current)} against a baseline of ${v(r.baseline)} (worst allowed ${v(r.allowed)})`;
}

/** One row per assertion and per regression; scenarios without either get one row. */
function rows(results: readonly ScenarioResult[]): { scenario: string; check: string; observed: string; pass: boolean }[] {
  return results.flatMap((r) => [
    ...r.outcomes.map((o) => ({ scenario: r.name, check: o.expr, observed: observedText(o), pass: o.pass })),
    ...r.regressions.map((g) => ({ scenario: r.name, check: `baseline: ${g.metric}`, observed: regressionText(g), pass: false })),
    ...(r.outcomes.length + r.regressions.length === 0 ? [{ scenario: r.name, check: '(no assertions)', observed: '', pass: true }] : []),
  ]);
}

export function checkTable(results: readonly ScenarioResult[]): string {
  const table = [['scenario', 'check', 'observed', 'result'], ...rows(results).map((r) => [r.scenario, r.check, r.observed, r.pass ? 'pass' : 'FAIL'])];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
  const verdicts = verdictRows(results);
  const nameWidth = Math.max(...verdicts.map(([name]) => name.length));
  const verdictLines = verdicts.map(([name, text]) => `  ${name.padEnd(nameWidth)}  ${text}`);
  const t = totals(results);
  return `${lines.join('\n')}\n\nmetastability over seeds:\n${verdictLines.join('\n')}\n\n${t.checks - t.failed} passed, ${t.failed} failed (${results.length} scenarios)\n`;
}

function xml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** One test case per scenario × assertion (and per baseline regression), failures with the observed values. */
export function junitXml(results: readonly ScenarioResult[]): string {
  const t = totals(results);
  const cases = results.flatMap((r) => [
    ...r.outcomes.map((o) => {
      const failure = o.pass ? '' : `<failure message="${xml(`observed ${observedText(o)}`)}">${xml(`${r.file}: ${o.expr}: observed ${observedText(o)}`)}</failure>`;
      // The scenario's outcome over the seeds travels with each of its test cases, for whoever reads one.
      const out = `<system-out>${xml(`metastability: ${outcomesText(r.verdicts, r.seeds)}`)}</system-out>`;
      return `    <testcase classname="${xml(r.name)}" name="${xml(o.expr)}">${failure}${out}</testcase>`;
    }),
    ...r.regressions.map((g) => {
      const message = xml(`${g.metric}: ${regressionText(g)}`);
      return `    <testcase classname="${xml(r.name)}" name="${xml(`baseline: ${g.metric}`)}"><failure message="${message}">${message}</failure></testcase>`;
    }),
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="simulate check" tests="${t.checks}" failures="${t.failed}">`,
    `  <testsuite name="simulate check" tests="${t.checks}" failures="${t.failed}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function md(text: string): string {
  return text.replaceAll('|', '\\|');
}

export function markdownSummary(results: readonly ScenarioResult[]): string {
  const t = totals(results);
  const head = t.failed === 0 ? `### simulate check: all ${t.checks} checks passed` : `### simulate check: ${t.failed} of ${t.checks} checks failed`;
  const lines = [head, '', '| | scenario | check | observed |', '|---|---|---|---|'];
  for (const r of rows(results)) lines.push(`| ${r.pass ? '✅' : '❌'} | ${md(r.scenario)} | \`${md(r.check)}\` | ${md(r.observed)} |`);
  lines.push('', '| scenario | metastability over seeds |', '|---|---|');
  for (const [name, text] of verdictRows(results)) lines.push(`| ${md(name)} | ${md(text)} |`);
  return `${lines.join('\n')}\n`;
}

