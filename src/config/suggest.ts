/**
 * "Did you mean …?" for configuration keys and values: the closest candidate
 * by edit distance, compared without case, `_` or `-` (so `max_files` and
 * `MaxFiles` both find `maxFiles`).
 */

/**
 * Edit distance: the fewest insertions, deletions, substitutions and swaps of
 * two neighbouring letters that turn `a` into `b` (Levenshtein, with the swap
 * counted as one edit, since `modle` for `model` is one slip of the fingers).
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // rows[i][j]: distance between the first i letters of a and the first j of b.
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

const normalise = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");

/** How far a word may be from a candidate and still be suggested: about one typo per four letters. */
function tolerance(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 4)));
}

/**
 * The candidate closest to `word`, or null when none is close enough to be a
 * likely typo. A candidate that starts the word, or that the word starts
 * (`allowed` for `allow`), counts as close when the shorter has 4+ letters.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  const target = normalise(word);
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const other = normalise(candidate);
    const [shorter, longer] = other.length <= target.length ? [other, target] : [target, other];
    const prefix = shorter.length >= 4 && longer.startsWith(shorter);
    const distance = prefix ? Math.min(1, editDistance(target, other)) : editDistance(target, other);
    if (distance <= tolerance(target) && (best === null || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate ?? null;
}
