// Pure parsers for cgroup v1 and v2 memory files.
/** "key value" per line (memory.stat, memory.events, memory.oom_control). */
export function parseFlatKeyed(text) {
    const out = new Map();
    for (const line of text.split('\n')) {
        const space = line.indexOf(' ');
        if (space <= 0)
            continue;
        const value = Number(line.slice(space + 1));
        if (Number.isFinite(value))
            out.set(line.slice(0, space), value);
    }
    return out;
}
/**
 * v1 memory.limit_in_bytes: "unlimited" is PAGE_COUNTER_MAX pages
 * (9223372036854771712 on 4 KiB pages); anything at or above 2^62 cannot be
 * a real limit, so it becomes Infinity.
 */
export function parseV1Limit(text) {
    const value = Number(text.trim());
    if (!Number.isFinite(value) || value >= 2 ** 62)
        return Infinity;
    return value;
}
/** v2 memory.max / memory.high: "max" means unlimited. */
export function parseV2Max(text) {
    const t = text.trim();
    if (t === 'max' || t === '')
        return Infinity;
    const value = Number(t);
    return Number.isFinite(value) ? value : Infinity;
}
/** A single number file (memory.current, usage_in_bytes, failcnt); 0 when unparsable. */
export function parseNumber(text) {
    const value = Number(text.trim());
    return Number.isFinite(value) ? value : 0;
}
/** Number of lines (one PID each) in cgroup.procs. */
export function countLines(text) {
    let n = 0;
    let start = 0;
    for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) {
            if (start < text.length)
                n++;
            return n;
        }
        if (nl > start)
            n++;
        start = nl + 1;
    }
}
const get = (m, key) => m.get(key) ?? 0;
/**
 * v1 memory.stat. usage_in_bytes is hierarchical (the group plus its
 * descendants), so the hierarchical total_* fields are used, not the group's
 * own fields, to keep every figure of a reading on the same scope. "rss"
 * already includes transparent huge pages (cgroup-v1/memory.rst), so
 * rss_huge is not added. total_swap only exists with swap accounting.
 */
export function parseV1MemoryStat(text) {
    const m = parseFlatKeyed(text);
    return {
        anon: get(m, 'total_rss'),
        file: get(m, 'total_cache'),
        shmem: get(m, 'total_shmem'),
        mappedFile: get(m, 'total_mapped_file'),
        activeFile: get(m, 'total_active_file'),
        inactiveFile: get(m, 'total_inactive_file'),
        dirty: get(m, 'total_dirty'),
        writeback: get(m, 'total_writeback'),
        unevictable: get(m, 'total_unevictable'),
        swap: get(m, 'total_swap'),
        pgmajfault: get(m, 'total_pgmajfault'),
        workingsetRefaultFile: get(m, 'total_workingset_refault_file'),
        workingsetRefaultAnon: get(m, 'total_workingset_refault_anon'),
    };
}
/** v2 memory.stat (always hierarchical). Before 5.9 the file refault counter was "workingset_refault". */
export function parseV2MemoryStat(text) {
    const m = parseFlatKeyed(text);
    return {
        anon: get(m, 'anon'),
        file: get(m, 'file'),
        shmem: get(m, 'shmem'),
        mappedFile: get(m, 'file_mapped'),
        activeFile: get(m, 'active_file'),
        inactiveFile: get(m, 'inactive_file'),
        dirty: get(m, 'file_dirty'),
        writeback: get(m, 'file_writeback'),
        unevictable: get(m, 'unevictable'),
        swap: 0, // v2 reports swap in memory.swap.current
        pgmajfault: get(m, 'pgmajfault'),
        workingsetRefaultFile: m.get('workingset_refault_file') ?? get(m, 'workingset_refault'),
        workingsetRefaultAnon: get(m, 'workingset_refault_anon'),
        kernel: get(m, 'kernel'),
        sock: get(m, 'sock'),
    };
}
/** v2 memory.events: cumulative high/max/oom/oom_kill counts. */
export function parseV2Events(text) {
    const m = parseFlatKeyed(text);
    return { high: get(m, 'high'), max: get(m, 'max'), oom: get(m, 'oom'), oomKill: get(m, 'oom_kill') };
}
/** v1 memory.oom_control: the cumulative oom_kill counter (kernel 4.13+; 0 before). */
export function parseV1OomKill(text) {
    return get(parseFlatKeyed(text), 'oom_kill');
}
/** Working set as kubelet computes it: usage minus inactive file, floored at 0. */
export function workingSet(usage, inactiveFile) {
    return Math.max(0, usage - inactiveFile);
}
