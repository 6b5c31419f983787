// Text graphs from block characters: one row gives 8 levels, n rows 8n.
// Newest value at the right edge; older values shift left as points arrive,
// so a redraw changes few cells (blessed only writes the changed ones).
// blessed-contrib's sparkline scales with `<< 8` (int32) and breaks on byte
// values; its line chart is a canvas widget (braille) that must be re-attached
// on resize. These plain strings have neither problem and read back in tests.

const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * Rows (top first) of a bar graph of the last `width` values scaled to [min, max].
 * Null values (no data) draw as blanks; a non-zero value draws at least one level.
 */
export function sparkRows(values: (number | null)[], width: number, height: number, min: number, max: number): string[] {
  const h = Math.max(1, height);
  const w = Math.max(0, width);
  const recent = values.slice(-w);
  const pad = w - recent.length;
  const span = max > min ? max - min : 1;
  const levels = recent.map((v) => {
    if (v === null || !Number.isFinite(v)) return -1;
    const f = Math.max(0, Math.min(1, (v - min) / span));
    const lv = Math.round(f * 8 * h);
    return v > min && lv === 0 ? 1 : lv;
  });
  const rows: string[] = [];
  for (let r = h - 1; r >= 0; r--) {
    let line = ' '.repeat(pad);
    for (const lv of levels) {
      const fill = lv < 0 ? 0 : Math.max(0, Math.min(8, lv - r * 8));
      line += fill === 0 ? ' ' : TICKS[fill - 1];
    }
    rows.push(line);
  }
  return rows;
}

/** Upper bound for auto-scaled rates: the window's maximum, never 0. */
export function autoMax(values: (number | null)[]): number {
  let m = 0;
  for (const v of values) if (v !== null && Number.isFinite(v) && v > m) m = v;
  return m > 0 ? m : 1;
}
