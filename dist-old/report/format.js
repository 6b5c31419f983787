// C0, DEL and C1 (U+009B is an 8-bit CSI that xterm honours), plus the bidi
// embedding/override/isolate marks that reorder what the operator reads.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const WHITESPACE_CONTROL = /[\t\n\v\f\r]/g;
/**
 * Makes untrusted text inert for a terminal: line breaks and tabs become spaces,
 * every other control character is removed. `max` caps the length in code
 * points, ending with '…' when cut.
 */
export function sanitizeText(s, max) {
    const clean = String(s).replace(WHITESPACE_CONTROL, ' ').replace(CONTROL, '');
    if (max === undefined)
        return clean;
    const chars = Array.from(clean);
    if (chars.length <= max)
        return clean;
    return max <= 0 ? '' : chars.slice(0, max - 1).join('') + '…';
}
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
/** Binary units, integers from 10 up, one decimal below: "512 B", "1.5 GiB", "398 MiB". */
export function formatBytes(n) {
    if (Number.isNaN(n))
        return '?';
    if (!Number.isFinite(n))
        return n > 0 ? '∞' : '-∞';
    const sign = n < 0 ? '-' : '';
    let v = Math.abs(n);
    let u = 0;
    while (v >= 1024 && u < UNITS.length - 1) {
        v /= 1024;
        u++;
    }
    if (u === 0)
        return `${sign}${Math.round(v)} B`;
    const text = v < 10 ? v.toFixed(1).replace(/\.0$/, '') : String(Math.round(v));
    return `${sign}${text} ${UNITS[u]}`;
}
export function formatDuration(ms) {
    if (!Number.isFinite(ms))
        return '?';
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
const LABELS = {
    kill: 'KILL',
    'would-kill': 'WOULD-KILL',
    'manual-kill': 'MANUAL-KILL',
    'kernel-oom': 'KERNEL-OOM',
};
function formatTime(time) {
    const t = Date.parse(time);
    if (Number.isNaN(t))
        return sanitizeText(time, 40);
    return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function victimText(e) {
    const v = e.victim;
    if (!v)
        return null;
    let s = `pid ${v.pid} ${sanitizeText(v.name, 64)} (${sanitizeText(v.user, 32)}) rss ${formatBytes(v.rss)}`;
    if (v.swap > 0)
        s += ` swap ${formatBytes(v.swap)}`;
    if (v.members && v.members.length > 1)
        s += ` group of ${v.members.length}`;
    return s;
}
function actionText(e) {
    const parts = [];
    if (e.signal)
        parts.push(sanitizeText(e.signal, 40));
    if (e.outcome) {
        const exit = e.timings?.exitMs;
        parts.push(sanitizeText(e.outcome, 40) + (exit !== undefined && exit !== null ? ` in ${formatDuration(exit)}` : ''));
    }
    let s = parts.join(' ');
    if (e.bytesFreed !== null && e.bytesFreed !== undefined)
        s += `${s ? ', ' : ''}freed ${formatBytes(e.bytesFreed)}`;
    return s || null;
}
/**
 * One line per event:
 * "2026-11-28T21:40:01Z KILL  /mybench  p=0.93  pid 1234 hog (root) rss 412 MiB  SIGTERM->SIGKILL exited in 120 ms, freed 398 MiB  [anon+mapped at 95% of limit]"
 */
export function formatEvent(e) {
    const label = LABELS[e.type] ?? sanitizeText(String(e.type), 20).toUpperCase();
    const parts = [`${formatTime(e.time)} ${label}`];
    if (e.scope !== null && e.scope !== undefined)
        parts.push(sanitizeText(e.scope, 200) || '-');
    if (typeof e.probability === 'number')
        parts.push(`p=${e.probability.toFixed(2)}`);
    const victim = victimText(e);
    if (victim)
        parts.push(victim);
    const action = actionText(e);
    if (action)
        parts.push(action);
    const reasons = (e.reasons ?? []).map((r) => sanitizeText(r.text, 120)).filter((t) => t !== '');
    if (reasons.length)
        parts.push(`[${reasons.join('; ')}]`);
    // kill lines say it all above; other events carry their news in the message
    if (e.message && (!victim || e.type === 'error'))
        parts.push(sanitizeText(e.message, 300));
    return sanitizeText(parts.join('  '));
}
