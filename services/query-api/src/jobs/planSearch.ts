/**
 * How a search reads at scale, in one visible table (docs/performance.md, "Search at 1M jobs, third round").
 * Shares are fractions of the jobs whose stored words hold a word (Postgres' statistics of `search_vector`).
 */
export const searchPlanLimits = {
  /** A word in at least this share of the jobs narrows too little to be read from the word index (its posting list is long). */
  commonShare: 0.05,
  /** The most jobs a walk in the page's order reads before the search falls back to the word index. */
  walkRows: 50_000,
};

export type SearchPlanLimits = typeof searchPlanLimits;

/** How one search reads (internal): the words looked up in the index, and whether the jobs are walked in the page's order first. */
export interface SearchPlan {
  /** The words of q read from the word index; the others are still tested on each candidate. */
  indexWords: string[];
  /** Walk the jobs in the page's order, at most this many, testing each; null: read every match from the index and sort. */
  walkRows: number | null;
}

/**
 * The plan of a search for the distinct `words` of q (pure). `shares` maps a word to the share of jobs that hold
 * it (words absent are rare); a job matches only if it holds every word, so the matches are at most the rarest
 * word's share. When that share is high enough for a page of `pageRows` to be met within half of `walkRows` jobs
 * in order, the walk reads a few thousand jobs where the index would fetch and sort every match (12,621 rows
 * for `ETIMEDOUT` at 1M jobs). Words in at least `commonShare` of the jobs are left out of the index lookup
 * unless every word is that common.
 */
export function planSearch(words: readonly string[], shares: ReadonlyMap<string, number>, pageRows: number, limits: SearchPlanLimits = searchPlanLimits): SearchPlan {
  const distinct = [...new Set(words)];
  const share = (w: string) => shares.get(w) ?? 0;
  const narrow = distinct.filter((w) => share(w) < limits.commonShare);
  const rarest = Math.min(...distinct.map(share));
  const walks = distinct.length > 0 && rarest > 0 && pageRows / rarest <= limits.walkRows / 2;
  return { indexWords: narrow.length ? narrow : distinct, walkRows: walks ? limits.walkRows : null };
}
