/** Share of all CPU time in the interval, percent. Zero on the first sample. */
export function cpuPercents(cur, prev) {
    const total = prev ? cur.total - prev.total : 0;
    if (!prev || total <= 0)
        return { user: 0, system: 0, iowait: 0, steal: 0 };
    const pct = (a, b) => clamp((100 * (a - b)) / total, 0, 100);
    return {
        user: pct(cur.user + cur.nice, prev.user + prev.nice),
        system: pct(cur.system + cur.irq + cur.softirq, prev.system + prev.irq + prev.softirq),
        iowait: pct(cur.iowait, prev.iowait),
        steal: pct(cur.steal, prev.steal),
    };
}
/** Counter delta per second; a counter that went backwards (reset, new cgroup) reads as 0. */
export function ratePerSec(cur, prev, dtSec) {
    if (prev === undefined || dtSec <= 0)
        return 0;
    const d = cur - prev;
    return d > 0 ? d / dtSec : 0;
}
/**
 * Stall share of the interval, percent, from PSI's cumulative microsecond
 * totals: avg10 lags by seconds, the totals give the last interval exactly.
 */
export function psiPercent(cur, prev, which, dtSec) {
    const c = cur?.[which];
    if (!c)
        return null;
    const p = prev?.[which];
    if (!p || dtSec <= 0)
        return c.avg10;
    return clamp((c.total - p.total) / (dtSec * 1e4), 0, 100);
}
/**
 * Node capacity: what may be used before kswapd works hard, i.e. MemTotal minus
 * the high watermark, plus free swap (anon can still go there).
 */
export function nodeCapacity(n) {
    return Math.max(0, n.meminfo.memTotal - n.watermarks.high) + n.meminfo.swapFree;
}
/** What the node uses: everything but free memory (cache included, as a cgroup's usage is). */
export function nodeUsage(m) {
    return m.memTotal - m.memFree;
}
export function nodePoint(cur, prev, dtSec, t) {
    const m = cur.meminfo;
    const v = cur.vmstat;
    const pv = prev?.vmstat;
    const cpu = cpuPercents(cur.cpu, prev?.cpu ?? null);
    const usage = nodeUsage(m);
    const rates = {
        majfault: ratePerSec(v.pgmajfault, pv?.pgmajfault, dtSec),
        refaultFile: ratePerSec(v.workingsetRefaultFile, pv?.workingsetRefaultFile, dtSec),
        refaultAnon: ratePerSec(v.workingsetRefaultAnon, pv?.workingsetRefaultAnon, dtSec),
        scan: ratePerSec(v.pgscanKswapd + v.pgscanDirect, pv ? pv.pgscanKswapd + pv.pgscanDirect : undefined, dtSec),
        allocstall: ratePerSec(v.allocstall, pv?.allocstall, dtSec),
        failcnt: 0,
        highEvents: 0,
        oomKills: pv ? Math.max(0, v.oomKill - pv.oomKill) : 0,
        psiSome: psiPercent(cur.psiMemory, prev?.psiMemory ?? null, 'some', dtSec),
        psiFull: psiPercent(cur.psiMemory, prev?.psiMemory ?? null, 'full', dtSec),
        iowait: cpu.iowait,
        system: cpu.system,
    };
    return {
        t,
        capacity: nodeCapacity(cur),
        limit: m.memTotal,
        usage,
        // Without swap, reclaim cannot take these: anon, tmpfs/shm, and kernel memory that is not reclaimable.
        pinned: m.anonPages + m.shmem + m.sUnreclaim + m.kernelStack + m.pageTables,
        mappedFile: m.mapped,
        file: m.cached + m.buffers,
        dirty: m.dirty + m.writeback,
        workingSet: Math.max(0, usage - m.inactiveFile),
        swapFree: m.swapFree,
        available: m.memAvailable,
        rates,
    };
}
export function cgroupPoint(cur, prev, dtSec, t, node) {
    // An unlimited cgroup is bounded by the node it runs on.
    const capacity = Number.isFinite(cur.limit) ? Math.min(cur.limit, node.capacity) : node.capacity;
    const failcnt = cur.failcnt !== null && prev?.failcnt != null ? ratePerSec(cur.failcnt, prev.failcnt, dtSec) : 0;
    const e = cur.events;
    const pe = prev?.events;
    const rates = {
        majfault: ratePerSec(cur.pgmajfault, prev?.pgmajfault, dtSec),
        refaultFile: ratePerSec(cur.workingsetRefaultFile, prev?.workingsetRefaultFile, dtSec),
        refaultAnon: ratePerSec(cur.workingsetRefaultAnon, prev?.workingsetRefaultAnon, dtSec),
        scan: 0,
        allocstall: 0,
        failcnt,
        highEvents: ratePerSec(e.high + e.max, pe ? pe.high + pe.max : undefined, dtSec),
        oomKills: pe ? Math.max(0, e.oomKill - pe.oomKill) : 0,
        psiSome: psiPercent(cur.psi, prev?.psi ?? null, 'some', dtSec),
        psiFull: psiPercent(cur.psi, prev?.psi ?? null, 'full', dtSec),
        iowait: node.iowait,
        system: node.system,
    };
    return {
        t,
        capacity,
        limit: cur.limit,
        usage: cur.usage,
        pinned: cur.anon + cur.shmem,
        mappedFile: cur.mappedFile,
        file: cur.file,
        dirty: cur.dirty + cur.writeback,
        workingSet: cur.workingSet,
        swapFree: 0,
        available: Math.max(0, capacity - cur.usage + cur.inactiveFile),
        rates,
    };
}
export function clamp(x, lo, hi) {
    return x < lo ? lo : x > hi ? hi : x;
}
