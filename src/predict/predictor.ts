// The predictor: one scope's recent history -> probability of OOM or a
// near-OOM stall within the level's horizon, with the reasons in words.
//
// Why these signals (DESIGN.md §3, measured here): a stall begins when the
// memory reclaim cannot take (anon, shmem, unreclaimable kernel memory) plus
// the file pages processes keep touching through mappings (code, mmapped
// data) no longer fit. Page cache read or written through read(2)/write(2) is
// reclaimable and is NOT danger, however full the cgroup looks; MemAvailable
// counts the mapped working set as available and so reads "fine" until the
// stall is under way. Major faults are re-faults of mapped pages: the thrash
// itself, whereas workingset_refault also counts a churner re-reading a file.
import { LEVELS, type Level } from '../policy/types.js';
import type { ScopeHistory, ScopePoint } from '../model/types.js';
import type { Assessment, Reason } from './types.js';

export interface LevelParams {
  /** How far ahead a fill trend counts. */
  horizonSec: number;
  /** Probability at which the scope is in danger. */
  act: number;
  /** need/capacity at which fullness alone gives probability 0.5. */
  fillMid: number;
  /** Below this need/capacity a fill trend does not count (soft). */
  trendFloor: number;
  /**
   * Below this need/capacity re-faults and PSI do not count (soft): with room
   * left they are a churner evicting cold pages or writeback, not a livelock
   * (measured here: benign write-heavy runs at 80% need had PSI full 36-41%).
   */
  thrashFloor: number;
  /** Major faults per second at which thrash alone gives 0.5 (above the floor). */
  majfaultMid: number;
  /** PSI memory full % over the last seconds at which it alone gives 0.5 (above the floor). */
  psiFullMid: number;
  /** need/capacity the enforcer aims to get back under. */
  safeFill: number;
  /** The probability must have held this long (ms) before it counts: one noisy sample or a burst the kernel absorbs never kills. */
  holdMs: number;
  /**
   * Window of the growth slope (least squares), ms. A longer window lags the
   * start of a growth (it averages in the flat time before it): part of the
   * time a growth must last before it counts, with the hold.
   */
  slopeMs: number;
}

export const LEVEL_PARAMS: Record<Level, LevelParams> = {
  // A growth counts once it has lasted the slope window's lag plus the hold
  // (test/bench/results/decisions.md). Low: a 1 s window reads a slow hog's
  // true rate within a second (a 2 s one still read 16 MiB/s 1.4 s into a
  // 20 MiB/s growth and cost slow-1/2 0.5-0.7 s of lead), and the 1.5 s hold
  // does the burst filtering.
  // Medium: a 2.5 s window whose lag itself discounts a short growth (the
  // allocate-and-free runs' 150 MiB reads as a fraction of its rate) with a
  // 0.9 s hold, so the trend may count from 30% of the limit: a 200 MiB/s hog
  // in a 1 GiB cgroup is seen while it still has room (a 0.7 floor and a 2 s
  // window counted fast-2's trend only from 72% and acted 1.8 s before its OOM).
  low: { horizonSec: 10, act: 0.5, fillMid: 0.95, trendFloor: 0.6, thrashFloor: 0.86, majfaultMid: 500, psiFullMid: 60, safeFill: 0.8, holdMs: 1500, slopeMs: 1000 },
  medium: { horizonSec: 5, act: 0.6, fillMid: 0.95, trendFloor: 0.3, thrashFloor: 0.88, majfaultMid: 1000, psiFullMid: 60, safeFill: 0.85, holdMs: 900, slopeMs: 2500 },
  high: { horizonSec: 2, act: 0.7, fillMid: 0.975, trendFloor: 0.8, thrashFloor: 0.92, majfaultMid: 3000, psiFullMid: 80, safeFill: 0.92, holdMs: 500, slopeMs: 2000 },
};

/** How long a mapped file page counts as working set after it was last seen mapped: eviction makes the count collapse while the pages are still wanted. */
const MAPPED_MEMORY_MS = 30_000;
/** Default window for the growth slope (features() without a level). */
const SLOPE_MS = 2_000;
/**
 * The growth must still be under way: the slope counts only as far as the
 * slope of the last 0.3 s confirms it (at least three points). A least-squares
 * line over 5 s keeps rising for seconds after an allocation burst stopped
 * (measured in the corpus: a 180 MiB burst held flat read 30-46 MiB/s for 1 s
 * after it ended); the last 0.3 s reads ~0 within a sample or two.
 */
const RECENT_SLOPE_MS = 300;
/** Window for the thrash rates. */
const RATE_MS = 3_000;
/** Growth below this is noise, not a trend. */
const MIN_SLOPE = 1 << 20; // 1 MiB/s

export interface Features {
  capacity: number;
  need: number;
  fill: number;
  /** Bytes per second of pinned growth (least squares over the slope window). */
  slope: number;
  timeToExhaustion: number | null;
  majfault: number;
  psiFull: number | null;
  oomKillsRecent: number;
}

/**
 * `since`: after a kill the enforcer passes the time the victim was gone, so
 * the remembered mapped working set and the re-fault and PSI rates rest only
 * on what happened after it. The growth slope keeps the older points: a kill
 * only bends it down, and a steady grower that survived stays visible at once.
 */
export function features(h: ScopeHistory, since = 0, slopeMs = SLOPE_MS): Features | null {
  return featuresOf(h.points, since, slopeMs);
}

function featuresOf(all: ScopePoint[], since: number, slopeMs: number): Features | null {
  const pts = since > 0 ? all.filter((p) => p.t >= since) : all;
  const last = pts[pts.length - 1];
  if (!last) return null;
  let mapped = last.mappedFile;
  for (let i = pts.length - 1; i >= 0 && last.t - pts[i]!.t <= MAPPED_MEMORY_MS; i--) {
    if (pts[i]!.mappedFile > mapped) mapped = pts[i]!.mappedFile;
  }
  const capacity = last.capacity;
  const need = last.pinned + mapped;
  const fill = capacity > 0 ? need / capacity : 1;
  const slope = Math.min(pinnedSlope(all, last.t - slopeMs), pinnedSlope(all, last.t - RECENT_SLOPE_MS, 0));
  const room = capacity - need;
  const timeToExhaustion = room <= 0 ? 0 : slope > MIN_SLOPE ? room / slope : null;
  // The first point of a history has no rates (no previous sample).
  const recent = pts.filter((p) => last.t - p.t <= RATE_MS && p !== all[0]);
  const majfault = mean(recent.map((p) => p.rates.majfault));
  const psiVals = recent.map((p) => p.rates.psiFull).filter((v): v is number => v !== null);
  const psiFull = psiVals.length ? mean(psiVals) : null;
  const oomKillsRecent = recent.reduce((s, p) => s + p.rates.oomKills, 0);
  return { capacity, need, fill, slope, timeToExhaustion, majfault, psiFull, oomKillsRecent };
}

/**
 * A level's horizon contains every shorter one: P(stall within 10 s) >=
 * P(stall within 5 s). So a level's probability is at least that of every
 * level with a shorter horizon, and it is in danger whenever one of them is:
 * low never acts later than medium, nor medium than high. (Without this, low's
 * higher trend floor and longer hold let medium act first on a fast hog in a
 * big cgroup.)
 */
export function assess(h: ScopeHistory, level: Level, since = 0): Assessment | null {
  const own = assessAt(h, level, since);
  if (!own) return null;
  for (const later of LEVELS.slice(LEVELS.indexOf(level) + 1)) {
    const a = assessAt(h, later, since);
    if (!a) continue;
    if (a.probability > own.probability) {
      own.probability = a.probability;
      own.reasons.unshift({ signal: 'level', weight: a.probability, text: `p=${a.probability.toFixed(2)} at level ${later} (${LEVEL_PARAMS[later].horizonSec} s horizon)` });
    }
    if (a.danger && !own.danger) {
      own.danger = true;
      // Held at the shorter horizon: this level's own hold no longer applies.
      own.reasons = own.reasons.filter((r) => r.signal !== 'hold');
    }
  }
  return own;
}

function assessAt(h: ScopeHistory, level: Level, since: number): Assessment | null {
  const now = instant(h.points, h.kind, level, since);
  if (!now) return null;
  const { f, last, reasons } = now;
  const p = LEVEL_PARAMS[level];
  // The probability is the lowest it has been over the level's hold time:
  // it rises only once the evidence has held, and falls at once. Evidence
  // that does not yet reach back a whole hold time (just started, or just
  // after a kill: `since`) has not held, however high it reads.
  let probability = now.probability;
  let heldMs = 0;
  let held = false;
  const pts = h.points;
  for (let i = pts.length - 2; i >= 0 && probability > 0.01; i--) {
    const at = pts[i]!;
    if (at.t < since) break;
    probability = Math.min(probability, instantProbability(pts, i, h.kind, level, since));
    heldMs = last.t - at.t;
    if (heldMs >= p.holdMs) {
      held = true;
      break;
    }
  }
  const danger = held && probability >= p.act;
  if (now.probability >= p.act && !danger) {
    reasons.push({ signal: 'hold', weight: 0, text: `p=${now.probability.toFixed(2)} for ${(heldMs / 1000).toFixed(1)} s: must hold ${(p.holdMs / 1000).toFixed(1)} s` });
  }
  const projected = f.need + Math.max(0, f.slope) * p.horizonSec;
  const deficit = Math.max(0, projected - p.safeFill * f.capacity);
  reasons.sort((a, b) => b.weight - a.weight);
  return {
    scope: h.id,
    t: last.t,
    level,
    probability,
    timeToExhaustion: f.timeToExhaustion,
    deficit,
    danger,
    reasons,
  };
}

/**
 * The instant probability at pts[i] as of history up to it, memoised per
 * point: points never change once made, and the hold re-reads the same ones
 * on every tick.
 */
const instantMemo = new WeakMap<ScopePoint, Map<string, number>>();
function instantProbability(pts: ScopePoint[], i: number, kind: ScopeHistory['kind'], level: Level, since: number): number {
  const at = pts[i]!;
  const key = `${level}|${since}`;
  let memo = instantMemo.get(at);
  const hit = memo?.get(key);
  if (hit !== undefined) return hit;
  // A history is oldest-first: the point's own view ends at it.
  const p = instant(pts.slice(0, i + 1), kind, level, since)?.probability ?? 0;
  if (!memo) instantMemo.set(at, (memo = new Map()));
  memo.set(key, p);
  return p;
}

/** The probability from the evidence at the last of `points`, with its reasons. */
function instant(points: ScopePoint[], kind: ScopeHistory['kind'], level: Level, since: number): { probability: number; f: Features; last: ScopePoint; reasons: Reason[] } | null {
  const p = LEVEL_PARAMS[level];
  const f = featuresOf(points, since, p.slopeMs);
  const last = points[points.length - 1];
  if (!f || !last) return null;
  const reasons: Reason[] = [];
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const trendGate = sigmoid((f.fill - p.trendFloor) / 0.03);
  const thrashGate = sigmoid((f.fill - p.thrashFloor) / 0.02);

  const pFill = sigmoid((f.fill - p.fillMid) / 0.01);
  reasons.push({
    signal: 'headroom',
    weight: pFill,
    text: `non-reclaimable + mapped at ${pct(f.fill)} of ${kind === 'node' ? 'usable memory' : 'limit'} (${mib(f.need)} of ${mib(f.capacity)})`,
  });

  let pTrend = 0;
  if (f.timeToExhaustion !== null) {
    const H = p.horizonSec;
    pTrend = sigmoid((H - f.timeToExhaustion) / (0.3 * H)) * trendGate;
    reasons.push({
      signal: 'fill-trend',
      weight: pTrend,
      text: `growing ${mib(f.slope)}/s: full in ${f.timeToExhaustion.toFixed(1)} s`,
    });
  }

  const pThrash = sigmoid((Math.log10(f.majfault + 1) - Math.log10(p.majfaultMid)) / 0.15) * thrashGate;
  if (f.majfault >= 1) {
    reasons.push({ signal: 'refault', weight: pThrash, text: `${Math.round(f.majfault)} major faults/s (working set re-faulted)` });
  }

  let pPsi = 0;
  if (f.psiFull !== null) {
    pPsi = sigmoid((f.psiFull - p.psiFullMid) / 8) * thrashGate;
    if (f.psiFull >= 1) reasons.push({ signal: 'psi', weight: pPsi, text: `memory PSI full ${f.psiFull.toFixed(0)}%` });
  }

  const io = last.rates.iowait;
  const sys = last.rates.system;
  if (io + sys >= 20) {
    // Shown, not scored: iowait and sys CPU rise with any heavy I/O, benign or not.
    reasons.push({ signal: 'cpu', weight: 0, text: `iowait ${io.toFixed(0)}%, sys ${sys.toFixed(0)}%` });
  }
  if (f.oomKillsRecent > 0) {
    reasons.push({ signal: 'kernel-oom', weight: 0, text: `kernel OOM killer fired ${f.oomKillsRecent}x` });
  }

  const probability = 1 - (1 - pFill) * (1 - pTrend) * (1 - pThrash) * (1 - pPsi);
  return { probability, f, last, reasons };
}

/**
 * Least-squares slope of pinned bytes over the points newer than `since` (at
 * least three), bytes/s; 0 when they span less than `minSpanSec`.
 */
function pinnedSlope(pts: ScopePoint[], since: number, minSpanSec = 0.5): number {
  let n = 0;
  let st = 0;
  let sy = 0;
  let stt = 0;
  let sty = 0;
  let tmin = 0;
  const t0 = pts[pts.length - 1]!.t;
  for (let i = pts.length - 1; i >= 0 && (pts[i]!.t >= since || n < 3); i--) {
    const t = (pts[i]!.t - t0) / 1000;
    tmin = t;
    const y = pts[i]!.pinned;
    n++;
    st += t;
    sy += y;
    stt += t * t;
    sty += t * y;
  }
  const den = n * stt - st * st;
  // Fewer than three points or half a second is an allocation burst, not a trend.
  if (n < 3 || tmin > -minSpanSec || den <= 0) return 0;
  return (n * sty - st * sy) / den;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

function mib(n: number): string {
  return `${Math.round(n / 1048576)} MiB`;
}
