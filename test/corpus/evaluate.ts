// Decision quality over the corpus: every trace replayed (dry-run, the trace's
// own clock) at a level with the corpus policy, scored against its labels.
// Shared by the benchmark (test/bench/decisions.bench.ts) and the replay
// test (test/replay/corpus.test.ts).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayTrace } from '../../src/app/replay.js';
import { LEVEL_PARAMS } from '../../src/predict/predictor.js';
import type { Level } from '../../src/policy/types.js';
import { readTrace, type Trace, type TraceLabels } from '../../src/sample/trace.js';
import { SCENARIOS } from './scenarios.js';

export const TRACES_DIR = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));
export const CORPUS_POLICY = join(TRACES_DIR, 'policy.yaml');

/** Every trace under `dir`, its subdirectories included (full-baseline/: the first recordings of redefined scenarios). */
export function listTraces(dir = TRACES_DIR): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const full = join(dir, f);
    if (statSync(full).isDirectory()) out.push(...listTraces(full));
    else if (f.endsWith('.trace.gz')) out.push(full);
  }
  return out;
}

/** The lead targets: before the stall onset at low and medium, before the kernel OOM at high (> 0). */
export const LEAD_TARGET_MS: Record<Level, number> = { low: 5000, medium: 2000, high: 0 };

/**
 * Minimal detection time: the longest growth a benign scenario of the corpus
 * makes (hog cap / rate: allocfree's 150 MiB at 100 MiB/s, 1.5 s). While a
 * growth is younger than that it looks exactly like a benign one, so no
 * predictor that leaves the benign runs alone can act on it earlier. Computed
 * from the scenario definitions, not from any near-OOM trace.
 */
export const MIN_DETECT_MS = Math.max(
  ...SCENARIOS.filter((s) => !s.killJustified && s.run.kind === 'stall').map((s) => {
    const o = s.run.opts as { hogCapMiB?: number; hogRateMiBs?: number };
    return o.hogCapMiB !== undefined && o.hogRateMiBs ? (1000 * o.hogCapMiB) / o.hogRateMiBs : 0;
  }),
);

/**
 * The room rule: a near-OOM trace's lead counts against the level's target
 * only if its reference (stall onset, or kernel OOM) came at least target +
 * MIN_DETECT_MS after the cause (the hog's start) began. Earlier, meeting the
 * target would mean acting before a growth can be told from a benign one (or
 * before the cause existed): the lead is still reported, outside the target.
 */
export function roomNeededMs(level: Level): number {
  return LEAD_TARGET_MS[level] + MIN_DETECT_MS;
}

export interface TraceEval {
  trace: string;
  scenario: string;
  killJustified: boolean;
  level: Level;
  /** Sample-clock ms of the first would-kill in the scenario's cgroup; null when none. */
  firstKill: number | null;
  /** The probability when it decided, and its strongest reasons. */
  firstKillWhy: string | null;
  stallOnset: number | null;
  kernelOom: number | null;
  hogStart: number | null;
  /** Sample-clock ms of the trace's first sample. */
  start: number;
  /** Which label the lead time is measured against ('stall' at low/medium, 'oom' at high, the other when one is missing). */
  leadRef: 'stall' | 'oom' | null;
  /** Reference time - first kill, ms; null when there is no kill or no reference. */
  leadMs: number | null;
  /** Reference time - cause (hog start, or trace start without a hog), ms: the time the physics left; null without a reference. */
  refAfterCauseMs: number | null;
  /** The room rule (roomNeededMs): whether this trace's lead counts against the level's target. */
  room: boolean;
  falseKill: boolean;
  missed: boolean;
  /** A would-kill before the hog (the cause) had started: a false alarm inside a justified run. */
  killBeforeHog: boolean;
  maxP: number;
  samples: number;
  durationMs: number;
}

export interface Calibration {
  /** Per covered sample: predicted probability, and whether the labelled episode falls within the level's horizon. */
  pairs: Array<{ p: number; y: 0 | 1 }>;
}

/** Episode of a justified run: from the first of stall onset / kernel OOM to the kernel OOM (the kernel's kill ends it) or the end of the run. */
function episode(l: TraceLabels, stall: number | null, lastT: number): [number, number] | null {
  if (!l.killJustified) return null;
  const starts = [stall, l.kernelOom].filter((x): x is number => x !== null);
  if (starts.length === 0) return null;
  const start = Math.min(...starts);
  return [start, l.kernelOom ?? lastT];
}

export function evaluateTrace(path: string, level: Level, trace: Trace = readTrace(path)): { result: TraceEval; calibration: Calibration } {
  const l = trace.header.labels;
  if (!l) throw new Error(`${path}: trace has no labels`);
  const r = replayTrace(trace, CORPUS_POLICY, { level });
  const kills = r.events.filter((e) => e.type === 'would-kill' && e.scope === l.cgroup);
  const first = kills[0] ?? null;
  const firstKill = first ? first.t : null;
  const hogStart = typeof l.facts?.hogStart === 'number' ? l.facts.hogStart : null;
  // A probe gap before the hog (the cause) started is host noise, not this run's stall: lead times then count against the kernel OOM.
  const stall = l.stallOnset !== null && (hogStart === null || l.stallOnset >= hogStart) ? l.stallOnset : null;
  const leadRef: TraceEval['leadRef'] =
    level === 'high' ? (l.kernelOom !== null ? 'oom' : stall !== null ? 'stall' : null) : stall !== null ? 'stall' : l.kernelOom !== null ? 'oom' : null;
  const refT = leadRef === 'stall' ? stall : leadRef === 'oom' ? l.kernelOom : null;
  const refAfterCause = refT === null ? null : Math.round(refT - (hogStart ?? trace.samples[0]!.t));
  const pts = r.points.filter((p) => p.scope === l.cgroup);
  const samples = trace.samples;
  const lastT = samples[samples.length - 1]!.t;
  // Calibration keeps the label as measured: those runs did stall after the hog too (cap-1: 103 gaps over 100 ms), only the first gap came early.
  const ep = episode(l, l.stallOnset, lastT);
  const H = LEVEL_PARAMS[level].horizonSec * 1000;
  const pairs = pts.map((p) => ({ p: p.probability, y: (ep && ep[0] <= p.t + H && p.t <= ep[1] ? 1 : 0) as 0 | 1 }));
  const result: TraceEval = {
    trace: path.startsWith(TRACES_DIR) ? path.slice(TRACES_DIR.length) : path.slice(path.lastIndexOf('/') + 1),
    scenario: l.scenario,
    killJustified: l.killJustified,
    level,
    firstKill,
    firstKillWhy: first ? `p=${(first.probability ?? 0).toFixed(2)}: ${first.reasons.map((x) => x.text).join('; ')}` : null,
    stallOnset: l.stallOnset,
    kernelOom: l.kernelOom,
    hogStart,
    leadRef,
    start: samples[0]!.t,
    leadMs: l.killJustified && firstKill !== null && refT !== null ? Math.round(refT - firstKill) : null,
    refAfterCauseMs: refAfterCause,
    room: l.killJustified && refAfterCause !== null && refAfterCause >= roomNeededMs(level),
    falseKill: !l.killJustified && firstKill !== null,
    missed: l.killJustified && (firstKill === null || (l.kernelOom !== null && firstKill >= l.kernelOom)),
    killBeforeHog: l.killJustified && firstKill !== null && hogStart !== null && firstKill < hogStart,
    maxP: pts.reduce((m, p) => Math.max(m, p.probability), 0),
    samples: samples.length,
    durationMs: Math.round(lastT - samples[0]!.t),
  };
  return { result, calibration: { pairs } };
}

/** A justified trace's lead meets the level's target (its room is not checked here). */
export function leadTargetMet(e: TraceEval): boolean {
  if (e.missed || e.leadMs === null) return false;
  return e.level === 'high' ? e.leadMs > LEAD_TARGET_MS.high : e.leadMs >= LEAD_TARGET_MS[e.level];
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  n: number;
  meanP: number | null;
  observed: number | null;
}

export interface LevelEval {
  level: Level;
  traces: TraceEval[];
  falseKills: number;
  missed: number;
  killsBeforeHog: number;
  /** Lead times of justified, not-missed traces, ms. */
  leads: number[];
  minLeadMs: number | null;
  medianLeadMs: number | null;
  /** The same over the traces with room (the room rule): the ones the lead target applies to. */
  roomLeads: number[];
  minRoomLeadMs: number | null;
  medianRoomLeadMs: number | null;
  /** Traces with room whose lead is short of the target (or missing). */
  short: string[];
  /** Justified traces without room at this level (lead reported, outside the target). */
  noRoom: string[];
  /** Justified traces with no reference to measure a lead against (no kernel OOM, no stall after the cause). */
  noReference: string[];
  brier: number;
  /** Brier score of always predicting the base rate: the skill reference. */
  brierBaseRate: number;
  positives: number;
  pairs: number;
  reliability: ReliabilityBin[];
}

export function evaluateLevel(paths: string[], level: Level, traces?: Map<string, Trace>): LevelEval {
  const evals: TraceEval[] = [];
  const pairs: Calibration['pairs'] = [];
  for (const path of paths) {
    const { result, calibration } = evaluateTrace(path, level, traces?.get(path));
    evals.push(result);
    pairs.push(...calibration.pairs);
  }
  const leads = evals.filter((e) => e.killJustified && !e.missed && e.leadMs !== null).map((e) => e.leadMs!);
  const sorted = [...leads].sort((a, b) => a - b);
  const roomLeads = evals.filter((e) => e.room && !e.missed && e.leadMs !== null).map((e) => e.leadMs!);
  const roomSorted = [...roomLeads].sort((a, b) => a - b);
  const name = (e: TraceEval) => e.trace.replace('.trace.gz', '');
  const n = pairs.length || 1;
  const brier = pairs.reduce((s, x) => s + (x.p - x.y) ** 2, 0) / n;
  const positives = pairs.filter((x) => x.y === 1).length;
  const base = positives / n;
  const brierBaseRate = pairs.reduce((s, x) => s + (base - x.y) ** 2, 0) / n;
  const reliability: ReliabilityBin[] = [];
  for (let i = 0; i < 10; i++) {
    const lo = i / 10;
    const hi = (i + 1) / 10;
    const bin = pairs.filter((x) => x.p >= lo && (i === 9 ? x.p <= hi : x.p < hi));
    reliability.push({
      lo,
      hi,
      n: bin.length,
      meanP: bin.length ? bin.reduce((s, x) => s + x.p, 0) / bin.length : null,
      observed: bin.length ? bin.reduce((s, x) => s + x.y, 0) / bin.length : null,
    });
  }
  return {
    level,
    traces: evals,
    falseKills: evals.filter((e) => e.falseKill).length,
    missed: evals.filter((e) => e.missed).length,
    killsBeforeHog: evals.filter((e) => e.killBeforeHog).length,
    leads,
    minLeadMs: sorted.length ? sorted[0]! : null,
    medianLeadMs: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null,
    roomLeads,
    minRoomLeadMs: roomSorted.length ? roomSorted[0]! : null,
    medianRoomLeadMs: roomSorted.length ? roomSorted[Math.floor(roomSorted.length / 2)]! : null,
    short: evals.filter((e) => e.room && !leadTargetMet(e)).map(name),
    noRoom: evals.filter((e) => e.killJustified && !e.room && e.refAfterCauseMs !== null).map(name),
    noReference: evals.filter((e) => e.killJustified && e.refAfterCauseMs === null).map(name),
    brier,
    brierBaseRate,
    positives,
    pairs: pairs.length,
    reliability,
  };
}
