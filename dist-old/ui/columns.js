import { fmtBytes, fmtClock, fmtPct, fmtRate } from './format.js';
export function lastPoint(scope) {
    return scope.history.points.at(-1) ?? null;
}
function workingSetFraction(scope) {
    const p = lastPoint(scope);
    if (!p || !Number.isFinite(p.capacity) || p.capacity <= 0)
        return null;
    return p.workingSet / p.capacity;
}
export const SCOPE_COLUMNS = [
    { id: 'scope', title: 'SCOPE', width: 14, flex: 1, text: (s) => s.label, sort: (s) => s.label },
    { id: 'usage', title: 'USAGE', width: 6, align: 'right', desc: true, text: (s) => fmtBytes(lastPoint(s)?.usage), sort: (s) => lastPoint(s)?.usage ?? -1 },
    { id: 'limit', title: 'LIMIT', width: 6, align: 'right', desc: true, text: (s) => fmtBytes(lastPoint(s)?.capacity), sort: (s) => lastPoint(s)?.capacity ?? -1 },
    { id: 'ws', title: 'WS%', width: 5, align: 'right', desc: true, text: (s) => fmtPct(workingSetFraction(s)), sort: (s) => workingSetFraction(s) ?? -1 },
    { id: 'refault', title: 'RFLT/s', width: 7, align: 'right', desc: true, text: (s) => fmtRate(lastPoint(s)?.rates.refaultFile), sort: (s) => lastPoint(s)?.rates.refaultFile ?? -1 },
    { id: 'fail', title: 'FAIL/s', width: 7, align: 'right', desc: true, text: (s) => fmtRate(lastPoint(s)?.rates.failcnt), sort: (s) => lastPoint(s)?.rates.failcnt ?? -1 },
    { id: 'level', title: 'LEVEL', width: 6, text: (s) => s.level ?? '-', sort: (s) => s.level ?? '' },
    { id: 'mode', title: 'MODE', width: 7, text: (s) => s.effectiveMode ?? '-', sort: (s) => s.effectiveMode ?? '' },
    { id: 'p', title: 'P(OOM)', width: 6, align: 'right', desc: true, text: (s) => (s.assessment ? fmtPct(s.assessment.probability) : '-'), sort: (s) => s.assessment?.probability ?? -1 },
];
/** Pod "namespace/name" for a process when some scope knows its pod, else its cgroup path. */
export function podOrCgroup(c, state) {
    if (c.proc.podUid) {
        const pod = state.scopes.find((s) => s.pod?.uid === c.proc.podUid)?.pod;
        if (pod?.name)
            return pod.namespace ? `${pod.namespace}/${pod.name}` : pod.name;
        return `pod ${c.proc.podUid}`;
    }
    return c.proc.cgroup || '-';
}
export const PROCESS_COLUMNS = [
    { id: 'rank', title: 'RANK', width: 4, align: 'right', text: (c) => (c.eligible ? String(c.rank) : '-'), sort: (c) => (c.eligible ? -c.rank : -1e9), desc: true },
    { id: 'pid', title: 'PID', width: 7, align: 'right', text: (c) => String(c.proc.pid), sort: (c) => c.proc.pid },
    { id: 'user', title: 'USER', width: 8, text: (c) => c.proc.user, sort: (c) => c.proc.user },
    { id: 'name', title: 'NAME', width: 8, flex: 2, text: (c) => c.proc.comm, sort: (c) => c.proc.comm },
    {
        id: 'cpu',
        title: 'CPU%',
        width: 5,
        align: 'right',
        desc: true,
        // Measured for the rows on screen only (pidusage); blank until measured.
        text: (c, s) => (s.cpu[c.proc.pid] === undefined ? '' : s.cpu[c.proc.pid].toFixed(1)),
        sort: (c, s) => s.cpu[c.proc.pid] ?? -1,
    },
    { id: 'rss', title: 'RSS', width: 6, align: 'right', desc: true, text: (c) => fmtBytes(c.proc.rss), sort: (c) => c.proc.rss },
    { id: 'swap', title: 'SWAP', width: 6, align: 'right', desc: true, text: (c) => fmtBytes(c.proc.swap), sort: (c) => c.proc.swap },
    { id: 'adj', title: 'ADJ', width: 5, align: 'right', desc: true, text: (c) => String(c.proc.oomScoreAdj), sort: (c) => c.proc.oomScoreAdj },
    { id: 'reason', title: 'WHY', width: 10, flex: 3, text: (c) => c.reason, sort: (c) => c.reason },
    { id: 'where', title: 'CGROUP/POD', width: 8, flex: 2, text: (c, st) => podOrCgroup(c, st), sort: (c, st) => podOrCgroup(c, st) },
];
function victimText(e) {
    return e.victim ? e.victim.name : '';
}
export const EVENT_COLUMNS = [
    { id: 'time', title: 'TIME', width: 8, desc: true, text: (e) => fmtClock(Date.parse(e.time)), sort: (e) => Date.parse(e.time) },
    { id: 'type', title: 'EVENT', width: 11, text: (e) => e.type, sort: (e) => e.type },
    { id: 'scope', title: 'SCOPE', width: 10, flex: 1, text: (e) => e.scope ?? '-', sort: (e) => e.scope ?? '' },
    { id: 'pid', title: 'PID', width: 7, align: 'right', text: (e) => (e.victim ? String(e.victim.pid) : ''), sort: (e) => e.victim?.pid ?? -1 },
    { id: 'name', title: 'NAME', width: 10, flex: 1, text: victimText, sort: victimText },
    { id: 'signal', title: 'SIGNAL', width: 9, text: (e) => e.signal ?? '', sort: (e) => e.signal ?? '' },
    { id: 'freed', title: 'FREED', width: 6, align: 'right', desc: true, text: (e) => (e.bytesFreed === null ? '' : fmtBytes(e.bytesFreed)), sort: (e) => e.bytesFreed ?? -1 },
    { id: 'message', title: 'OUTCOME', width: 10, flex: 3, text: (e) => [e.outcome, e.message].filter(Boolean).join(': '), sort: (e) => e.outcome ?? '' },
];
/** Widths for the columns that fit in `width` (one space between columns). */
export function layoutColumns(cols, width) {
    let use = cols.slice();
    // Drop trailing columns until the minimum widths fit (only on very narrow terminals).
    while (use.length > 1 && use.reduce((a, c) => a + c.width, 0) + use.length - 1 > width)
        use = use.slice(0, -1);
    const fixed = use.reduce((a, c) => a + c.width, 0) + use.length - 1;
    const spare = Math.max(0, width - fixed);
    const flexTotal = use.reduce((a, c) => a + (c.flex ?? 0), 0);
    const out = use.map((col) => ({ col, width: col.width }));
    if (flexTotal === 0) {
        out[out.length - 1].width += spare;
        return out;
    }
    let given = 0;
    const flexCols = out.filter((o) => o.col.flex);
    flexCols.forEach((o, i) => {
        const share = i === flexCols.length - 1 ? spare - given : Math.floor((spare * o.col.flex) / flexTotal);
        o.width += share;
        given += share;
    });
    return out;
}
