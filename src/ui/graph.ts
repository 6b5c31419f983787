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

/**
 * At most `slots` values, oldest first, each the max (or min) of an equal run
 * of the input: a one-second spike of pressure must survive being squeezed
 * into a dot that stands for ten seconds, and so must a dip in available memory.
 */
export function downsample(values: readonly number[], slots: number, keep: 'max' | 'min'): number[] {
  const n = Math.max(1, Math.floor(slots));
  if (values.length <= n) return values.slice();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * values.length) / n);
    const to = Math.floor(((i + 1) * values.length) / n);
    let v = values[from]!;
    for (let k = from + 1; k < to; k++) v = keep === 'max' ? Math.max(v, values[k]!) : Math.min(v, values[k]!);
    out.push(v);
  }
  return out;
}
