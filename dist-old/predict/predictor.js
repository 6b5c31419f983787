export const LEVEL_PARAMS = {
    low: { horizonSec: 10, act: 0.5, fillMid: 0.95, trendFloor: 0.6, thrashFloor: 0.86, majfaultMid: 500, psiFullMid: 60, safeFill: 0.8, holdMs: 1500 },
    medium: { horizonSec: 5, act: 0.6, fillMid: 0.95, trendFloor: 0.7, thrashFloor: 0.88, majfaultMid: 1000, psiFullMid: 60, safeFill: 0.85, holdMs: 800 },
    high: { horizonSec: 2, act: 0.7, fillMid: 0.975, trendFloor: 0.8, thrashFloor: 0.92, majfaultMid: 3000, psiFullMid: 80, safeFill: 0.92, holdMs: 500 },
};
/** How long a mapped file page counts as working set after it was last seen mapped: eviction makes the count collapse while the pages are still wanted. */
const MAPPED_MEMORY_MS = 30_000;
/** Window for the growth slope. */
const SLOPE_MS = 2_000;
/**
 * The growth must still be under way: the slope counts only as far as the
 * last second's slope confirms it (at least three points). A least-squares
 * line over 5 s keeps rising for seconds after an allocation burst stopped
 * (measured in the corpus: a 180 MiB burst held flat read 30-46 MiB/s for 1 s
 * after it ended); the last second reads ~0 at once.
 */
const RECENT_SLOPE_MS = 300;
/** Window for the thrash rates. */
const RATE_MS = 3_000;
/** Growth below this is noise, not a trend. */
const MIN_SLOPE = 1 << 20; // 1 MiB/s
/**
 * `since`: after a kill the enforcer passes the time the victim was gone, so
 * the remembered mapped working set and the re-fault and PSI rates rest only
 * on what happened after it. The growth slope keeps the older points: a kill
 * only bends it down, and a steady grower that survived stays visible at once.
 */
export function features(h, since = 0) {
    return featuresOf(h.points, since);
}
function featuresOf(all, since) {
    const pts = since > 0 ? all.filter((p) => p.t >= since) : all;
    const last = pts[pts.length - 1];
    if (!last)
        return null;
    let mapped = last.mappedFile;
    for (let i = pts.length - 1; i >= 0 && last.t - pts[i].t <= MAPPED_MEMORY_MS; i--) {
        if (pts[i].mappedFile > mapped)
            mapped = pts[i].mappedFile;
    }
    const capacity = last.capacity;
    const need = last.pinned + mapped;
    const fill = capacity > 0 ? need / capacity : 1;
    const slope = Math.min(pinnedSlope(all, last.t - SLOPE_MS), pinnedSlope(all, last.t - RECENT_SLOPE_MS, 0));
    const room = capacity - need;
    const timeToExhaustion = room <= 0 ? 0 : slope > MIN_SLOPE ? room / slope : null;
    // The first point of a history has no rates (no previous sample).
    const recent = pts.filter((p) => last.t - p.t <= RATE_MS && p !== all[0]);
    const majfault = mean(recent.map((p) => p.rates.majfault));
    const psiVals = recent.map((p) => p.rates.psiFull).filter((v) => v !== null);
    const psiFull = psiVals.length ? mean(psiVals) : null;
    const oomKillsRecent = recent.reduce((s, p) => s + p.rates.oomKills, 0);
    return { capacity, need, fill, slope, timeToExhaustion, majfault, psiFull, oomKillsRecent };
}
export function assess(h, level, since = 0) {
    const now = instant(h.points, h.kind, level, since);
    if (!now)
        return null;
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
        const at = pts[i];
        if (at.t < since)
            break;
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
/** The probability from the evidence at the last of `points`, with its reasons. */
/**
 * The instant probability at pts[i] as of history up to it, memoised per
 * point: points never change once made, and the hold re-reads the same ones
 * on every tick.
 */
const instantMemo = new WeakMap();
function instantProbability(pts, i, kind, level, since) {
    const at = pts[i];
    const key = `${level}|${since}`;
    let memo = instantMemo.get(at);
    const hit = memo?.get(key);
    if (hit !== undefined)
        return hit;
    // A history is oldest-first: the point's own view ends at it.
    const p = instant(pts.slice(0, i + 1), kind, level, since)?.probability ?? 0;
    if (!memo)
        instantMemo.set(at, (memo = new Map()));
    memo.set(key, p);
    return p;
}
function instant(points, kind, level, since) {
    const f = featuresOf(points, since);
    const last = points[points.length - 1];
    if (!f || !last)
        return null;
    const p = LEVEL_PARAMS[level];
    const reasons = [];
    const pct = (x) => `${Math.round(100 * x)}%`;
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
        if (f.psiFull >= 1)
            reasons.push({ signal: 'psi', weight: pPsi, text: `memory PSI full ${f.psiFull.toFixed(0)}%` });
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
function pinnedSlope(pts, since, minSpanSec = 0.5) {
    let n = 0;
    let st = 0;
    let sy = 0;
    let stt = 0;
    let sty = 0;
    let tmin = 0;
    const t0 = pts[pts.length - 1].t;
    for (let i = pts.length - 1; i >= 0 && (pts[i].t >= since || n < 3); i--) {
        const t = (pts[i].t - t0) / 1000;
        tmin = t;
        const y = pts[i].pinned;
        n++;
        st += t;
        sy += y;
        stt += t * t;
        sty += t * y;
    }
    const den = n * stt - st * st;
    // Fewer than three points or half a second is an allocation burst, not a trend.
    if (n < 3 || tmin > -minSpanSec || den <= 0)
        return 0;
    return (n * sty - st * sy) / den;
}
function sigmoid(x) {
    return 1 / (1 + Math.exp(-x));
}
function mean(xs) {
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}
function mib(n) {
    return `${Math.round(n / 1048576)} MiB`;
}
