// The probe's JSON summary (written by workload/probe.c).
import { readFileSync } from 'node:fs';

export interface ProbeSecond {
  /** Second index since the probe started. */
  s: number;
  /** Wall clock (epoch ms) at the first tick of that second. */
  wallMs: number;
  ticks: number;
  worstLatenessMs: number;
  worstGapMs: number;
}

export interface ProbeSummary {
  version: 1;
  /** false when the summary is a periodic one (the probe was SIGKILLed or is still running). */
  final: boolean;
  pid: number;
  periodMs: number;
  anonMiB: number;
  fileMiB: number;
  /** Absolute CLOCK_MONOTONIC ms at the probe's start (same clock as process.hrtime). */
  startMonoMs: number;
  startWallMs: number;
  elapsedMs: number;
  ticks: number;
  missedTicks: number;
  /** Longest interval between two wake-ups (normal: one period). */
  worstGapMs: number;
  /** When that gap ended, ms after the probe's start. */
  worstGapAtMs: number;
  gapsOver100ms: number;
  /** Sum over ticks of (wake-up time - scheduled time). */
  totalLatenessMs: number;
  worstLatenessMs: number;
  /** End of the first gap over 100 ms: ms after the probe's start, wall clock, length. */
  firstGapOver100ms: { atMs: number; wallMs: number; gapMs: number } | null;
  timeline: ProbeSecond[];
}

export function readProbeSummary(path: string): ProbeSummary | null {
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as ProbeSummary;
    return s.version === 1 ? s : null;
  } catch {
    return null;
  }
}
