/**
 * The playground page: a scenario in an editor, run in a Web Worker, its results drawn, and a
 * link that carries the scenario. An edge like the CLI: it reads the page and the clock; the
 * loader, the engine and the serializers are the pure core's.
 *
 *   menu / link / typing ─▶ editor ─lint (loader's problems)─▶ problems list
 *   Run ─▶ worker: load, run, summary.json + timeseries.csv + chart specs ─▶ verdict, charts, tables, downloads
 */
import { loadScenario } from '../scenario/load.ts';
import type { Problem } from '../scenario/problem.ts';
import { bundledScenarios } from './bundled.ts';
import { createEditor } from './editor.ts';
import { loadVega, showResults } from './results.ts';
import { Runner } from './runner.ts';
import { decodeFragment, encodeFragment, shareUrl } from './share.ts';

type State = 'idle' | 'running' | 'done' | 'invalid' | 'cancelled' | 'error';

const $ = (id: string): HTMLElement => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
const scenarios = bundledScenarios();
const DEFAULT_SCENARIO = 'retry-storm.yaml';
/** The name a text from a link or from elsewhere goes by; its `extends:` start from scenarios/. */
const LINKED_FILE = 'scenario.yaml';

let file = DEFAULT_SCENARIO;
let lastSummaryJson: string | null = null;

function readBundled(path: string): string | null {
  return scenarios[path] ?? null;
}

function problemsOf(text: string): Problem[] {
  const loaded = loadScenario(text, file, [], readBundled);
  return loaded.ok ? [] : loaded.problems;
}

/** `LINE:COLUMN: message`, as `simulate FILE` prints after `FILE:`; another file's problems keep its name. */
function problemText(p: Problem): string {
  const place = p.line === null ? '' : `${p.line}:${p.column}: `;
  return p.file === file ? `${place}${p.message}` : `${p.file}:${place}${p.message}`;
}

function showProblems(problems: readonly Problem[]): void {
  $('problems').replaceChildren(...problems.map((p) => Object.assign(document.createElement('li'), { textContent: problemText(p) })));
  $('problems-section').hidden = problems.length === 0;
  // The problems read as the CLI's; what only the page can say goes beside them.
  $('extends-hint').hidden = !problems.some((p) => p.message.startsWith('`extends`: cannot read'));
}

function setStatus(state: State, text: string): void {
  const status = $('status');
  status.setAttribute('data-state', state);
  status.textContent = text;
  ($('run') as HTMLButtonElement).disabled = state === 'running';
  ($('cancel') as HTMLButtonElement).disabled = state !== 'running';
}

function setProgress(fraction: number, text: string): void {
  ($('progress-bar') as HTMLProgressElement).value = fraction;
  $('progress-text').textContent = text;
}

const editor = createEditor($('editor'), (text) => {
  const problems = problemsOf(text);
  showProblems(problems);
  return { problems, file };
}, () => void run());

const runner = new Runner((p) => {
  const share = (p.run + Math.min(1, p.t / p.duration)) / p.runs;
  const where = p.runs > 1 ? `${p.label} (${p.run + 1} of ${p.runs}): ` : '';
  setProgress(share, p.t < p.duration ? `${where}${p.t.toFixed(1)} s of ${p.duration} s` : `${where}draining work in flight, t = ${p.t.toFixed(1)} s`);
});

/** Results on show are always this text's: a new run hides the last one's until it has its own. */
async function run(): Promise<void> {
  lastSummaryJson = null;
  $('results').hidden = true;
  setStatus('running', 'running…');
  setProgress(0, 'starting');
  const started = performance.now();
  const end = await runner.run({ text: editor.getText(), file });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (end.type === 'done') {
    showProblems([]);
    lastSummaryJson = end.files[0].summaryJson;
    setProgress(1, `engine ${(end.elapsedRuns / 1000).toFixed(2)} s`);
    await showResults(end);
    setStatus('done', `done in ${seconds} s`);
    // For timing the page against the CLI: the engine's time in the worker, and the whole run's.
    $('status').setAttribute('data-engine-ms', end.elapsedRuns.toFixed(0));
    $('status').setAttribute('data-elapsed-ms', (performance.now() - started).toFixed(0));
  } else if (end.type === 'invalid') {
    showProblems(end.problems);
    setProgress(0, '');
    setStatus('invalid', `${end.problems.length} problem${end.problems.length === 1 ? '' : 's'} in the scenario: nothing ran`);
  } else if (end.type === 'cancelled') {
    setProgress(0, 'cancelled');
    setStatus('cancelled', 'cancelled');
  } else {
    setProgress(0, '');
    setStatus('error', `the run failed: ${end.message}`);
  }
}

function choose(path: string): void {
  file = path;
  editor.setText(scenarios[path]);
  ($('scenario-menu') as HTMLSelectElement).value = path;
}

function fillMenu(): void {
  const menu = $('scenario-menu') as HTMLSelectElement;
  for (const path of Object.keys(scenarios)) menu.append(new Option(path, path));
  menu.addEventListener('change', () => choose(menu.value));
}

async function share(): Promise<void> {
  const url = shareUrl(await encodeFragment(editor.getText()));
  history.replaceState(null, '', url);
  const link = $('share-link') as HTMLAnchorElement;
  link.href = url;
  link.textContent = url;
  $('share-box').hidden = false;
  try {
    await navigator.clipboard.writeText(url);
    $('share-note').textContent = 'Copied to the clipboard:';
  } catch {
    $('share-note').textContent = 'Copy this link:';
  }
}

/** A `#yaml=` link: load its text and run it at once. */
async function openFragment(): Promise<boolean> {
  let text: string | null;
  try {
    text = await decodeFragment(location.hash);
  } catch {
    setStatus('error', 'the link’s #yaml= text is damaged: it does not decompress');
    return true;
  }
  if (text === null) return false;
  file = LINKED_FILE;
  editor.setText(text);
  ($('scenario-menu') as HTMLSelectElement).value = '';
  await run();
  return true;
}

declare global {
  interface Window {
    playground: { setText(text: string): void; getText(): string; run(): Promise<void>; readonly lastSummaryJson: string | null };
  }
}

window.playground = {
  setText: (text) => editor.setText(text),
  getText: () => editor.getText(),
  run,
  get lastSummaryJson() {
    return lastSummaryJson;
  },
};

fillMenu();
$('run').addEventListener('click', () => void run());
$('cancel').addEventListener('click', () => runner.cancel());
$('share').addEventListener('click', () => void share());
window.addEventListener('hashchange', () => void openFragment());
setStatus('idle', 'ready');
loadVega();
void openFragment().then((opened) => {
  if (!opened) choose(DEFAULT_SCENARIO);
});
