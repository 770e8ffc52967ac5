/** "Did you mean ...?": the closest candidate by edit distance, or one the word is a prefix of. */

const MAX_DISTANCE = 2;

/** Levenshtein distance, with one row of memory. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive) within distance 2, else the first candidate
 * that `word` is a prefix of (or that is a prefix of `word`), else null. Ties go to the earlier
 * candidate, so the answer is deterministic.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  const typed = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = MAX_DISTANCE + 1;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best !== null) return best;
  return candidates.find((candidate) => isPrefixMatch(typed, candidate.toLowerCase())) ?? null;
}

function isPrefixMatch(typed: string, candidate: string): boolean {
  return typed.length >= 2 && (candidate.startsWith(typed) || typed.startsWith(candidate));
}
