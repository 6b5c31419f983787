// Compact number formats for fixed-width columns (at most 5-6 cells each).
const UNITS = ['K', 'M', 'G', 'T', 'P'];
/** Bytes in binary units: "512B", "8.1G", "812M"; "inf" for unlimited. */
export function fmtBytes(n) {
    if (n === null || n === undefined || Number.isNaN(n))
        return '-';
    if (!Number.isFinite(n))
        return 'inf';
    const sign = n < 0 ? '-' : '';
    let v = Math.abs(n);
    if (v < 1024)
        return `${sign}${Math.round(v)}B`;
    let u = -1;
    while (v >= 1024 && u < UNITS.length - 1) {
        v /= 1024;
        u++;
    }
    // 1023.6 would round up to "1024M": show it as the next unit instead.
    if (v >= 1023.5 && u < UNITS.length - 1) {
        v /= 1024;
        u++;
    }
    return `${sign}${v < 9.95 ? v.toFixed(1) : Math.round(v).toString()}${UNITS[u]}`;
}
/** A 0..1 fraction as a whole percent. */
export function fmtPct(p) {
    if (p === null || p === undefined || Number.isNaN(p))
        return '-';
    return `${Math.round(p * 100)}%`;
}
/** A percent value (already 0..100) with one decimal under 10. */
export function fmtPercentValue(v) {
    if (v === null || v === undefined || Number.isNaN(v))
        return '-';
    return v < 9.95 ? `${v.toFixed(1)}%` : `${Math.round(v)}%`;
}
/** Events or pages per second: "0", "37", "1.2k", "45k", "3.1M". */
export function fmtRate(v) {
    if (v === null || v === undefined || Number.isNaN(v))
        return '-';
    const a = Math.abs(v);
    if (a < 10 && a !== Math.round(a))
        return v.toFixed(1);
    if (a < 1000)
        return Math.round(v).toString();
    if (a < 1e6)
        return a < 9950 ? `${(v / 1e3).toFixed(1)}k` : `${Math.round(v / 1e3)}k`;
    return a < 9.95e6 ? `${(v / 1e6).toFixed(1)}M` : `${Math.round(v / 1e6)}M`;
}
/** Seconds as "45s", "3m20s", "2h05m", "3d04h". */
export function fmtDuration(sec) {
    if (sec === null || sec === undefined || !Number.isFinite(sec))
        return '-';
    const s = Math.max(0, Math.round(sec));
    if (s < 60)
        return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 60)
        return `${m}m${String(s % 60).padStart(2, '0')}s`;
    const h = Math.floor(m / 60);
    if (h < 24)
        return `${h}h${String(m % 60).padStart(2, '0')}m`;
    const d = Math.floor(h / 24);
    return `${d}d${String(h % 24).padStart(2, '0')}h`;
}
/** Wall-clock time of day, HH:MM:SS, in local time. */
export function fmtClock(epochMs) {
    const d = new Date(epochMs);
    const p = (n) => String(n).padStart(2, '0');
    return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
