// Stall onset from the probe's summary: the start of its first gap over 100 ms
// after the recording began.
import type { ProbeSummary } from '../live/harness.js';

const GAP_MS = 100;

export interface StallOnset {
  /** CLOCK_MONOTONIC ms at which the gap began. */
  monoMs: number;
  gapMs: number;
  /**
   * 'exact': the probe's own first gap over 100 ms (it fell after `afterMono`).
   * 'timeline': the probe's first gap came earlier (setup), so the onset comes
   * from the per-second timeline: the gap ended somewhere in that second,
   * taken as its middle (±0.5 s).
   */
  precision: 'exact' | 'timeline';
}

export function stallOnsetAfter(probe: ProbeSummary | null, afterMono: number): StallOnset | null {
  if (!probe) return null;
  const first = probe.firstGapOver100ms;
  if (!first) return null;
  const firstStart = probe.startMonoMs + first.atMs - first.gapMs;
  if (firstStart >= afterMono) return { monoMs: firstStart, gapMs: first.gapMs, precision: 'exact' };
  for (const sec of probe.timeline) {
    const secStart = probe.startMonoMs + sec.s * 1000;
    if (sec.worstGapMs <= GAP_MS || secStart + 1000 <= afterMono) continue;
    const start = secStart + 500 - sec.worstGapMs;
    if (start < afterMono) continue;
    return { monoMs: start, gapMs: sec.worstGapMs, precision: 'timeline' };
  }
  return null;
}
