// Pure helpers that turn history points into what a chart can draw: no nulls
// (the braille line chart has no notion of a gap and would draw NaN as a
// runaway line), at most one value per horizontal dot, and a scale top.

/** Upper bound for auto-scaled rates: the window's maximum, never 0. */
export function autoMax(values: readonly (number | null)[]): number {
  let m = 0;
  for (const v of values) if (v !== null && Number.isFinite(v) && v > m) m = v;
  return m > 0 ? m : 1;
}

/**
 * Values with the gaps filled: a missing or non-finite value repeats the one
 * before it; missing values before the first known one become 0.
 */
export function fillGaps(values: readonly (number | null)[]): number[] {
  const out: number[] = [];
  let last = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) last = v;
    out.push(last);
  }
  return out;
}

/** Seconds a chart dot may stand for: steps that keep dots on round times as the trend grows. */
const STEPS_S = [1, 2, 3, 5, 10, 15, 20, 30, 60, 120, 300];

/**
 * Values in time buckets of a fixed step (the smallest round step that fits
 * the span into `slots`), oldest first, each the max (or min) of its bucket,
 * an empty bucket repeating the one before. Buckets sit on multiples of the
 * step, so a new point changes only the newest bucket (or starts one): the
 * chart's line is redrawn when a dot changes, not on every point.
 */
export function timeBuckets(times: readonly number[], values: readonly number[], slots: number, keep: 'max' | 'min'): number[] {
  if (values.length === 0) return [];
  const n = Math.max(1, Math.floor(slots));
  const span = times[times.length - 1]! - times[0]!;
  const stepMs = (STEPS_S.find((s) => s * 1000 * n > span) ?? Math.ceil(span / n / 1000) + 1) * 1000;
  const first = Math.floor(times[0]! / stepMs);
  const out: number[] = [];
  const seen: boolean[] = [];
  for (let i = 0; i < values.length; i++) {
    const b = Math.floor(times[i]! / stepMs) - first;
    const v = values[i]!;
    if (!seen[b]) {
      out[b] = v;
      seen[b] = true;
    } else out[b] = keep === 'max' ? Math.max(out[b]!, v) : Math.min(out[b]!, v);
  }
  for (let b = 0; b < out.length; b++) if (!seen[b]) out[b] = b > 0 ? out[b - 1]! : 0;
  // A span just over n steps can straddle n + 1 buckets: drop the oldest.
  return out.slice(-n);
}
