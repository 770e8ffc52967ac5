/**
 * Progress of a check: on a terminal, a bar redrawn in place with an estimate of the time left
 * (from the pace so far); otherwise (CI logs) one plain line per scenario when its seeds are done.
 */
export interface CheckProgress {
  jobDone(file: string): void;
  finish(): void;
}

/** `seeds[i]`: runs of `files[i]`. */
export function checkProgress(files: readonly string[], seeds: readonly number[]): CheckProgress {
  const total = seeds.reduce((a, b) => a + b, 0);
  const seedsOf = new Map(files.map((f, i) => [f, seeds[i]]));
  const perFile = new Map<string, number>();
  let done = 0;
  let scenariosDone = 0;
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  return {
    jobDone(file: string) {
      done++;
      const count = (perFile.get(file) ?? 0) + 1;
      perFile.set(file, count);
      if (tty) {
        const width = 30;
        const filled = Math.round((done / total) * width);
        const left = ((Date.now() - started) / done) * (total - done) / 1000;
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs, about ${Math.ceil(left)} s left   `);
      } else if (count === seedsOf.get(file)) {
        scenariosDone++;
        process.stderr.write(`[${scenariosDone}/${files.length}] ${file}: ${count} seed${count === 1 ? '' : 's'} done\n`);
      }
    },
    finish() {
      if (tty) process.stderr.write(`\r${' '.repeat(70)}\r`);
    },
  };
}
