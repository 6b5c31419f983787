/**
 * Next sampling interval from how close memory is to running out. Two
 * curves, the shorter wins:
 *  - headroom: max while headroom >= 30 % of the limit, falling linearly to
 *    min at 10 % (below 10 % always min): a 50 MiB/s grower crosses 10 % of a
 *    512 MiB limit in one second, so by then every sample counts;
 *  - time to exhaustion (headroom / fill rate, seconds): interval = tte / 10,
 *    so max (1000 ms) at 10 s and min (100 ms) at 1 s: at any fill rate the
 *    sampler looks ~10 times before the headroom would be gone.
 * A shrinking or flat usage (fill rate <= 0) leaves only the headroom curve.
 * Non-finite inputs give min: when in doubt, look more often.
 */
export function nextIntervalMs(input) {
    const { headroomFraction: h, fillRateFractionPerSec: rate, min, max } = input;
    if (!Number.isFinite(h) || Number.isNaN(rate))
        return min;
    const CALM = 0.3;
    const CRITICAL = 0.1;
    const byHeadroom = h >= CALM ? max : h <= CRITICAL ? min : min + ((h - CRITICAL) / (CALM - CRITICAL)) * (max - min);
    let byTrend = max;
    if (rate > 0) {
        const tteMs = (Math.max(0, h) / rate) * 1000;
        byTrend = Math.min(max, Math.max(min, tteMs / 10));
    }
    return Math.round(Math.min(byHeadroom, byTrend));
}
