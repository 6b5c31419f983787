import { readdirSync } from 'node:fs';
import { OpenFile, readTextOrNull } from './fsread.js';
import { cgroupDirectory, discoverCgroupLayout } from './cgroup-mounts.js';
import { countLines, parseNumber, parseV1Limit, parseV1MemoryStat, parseV1OomKill, parseV2Events, parseV2Max, parseV2MemoryStat, workingSet, } from './cgroup-parse.js';
import { parsePressure } from './pressure.js';
/** Keeps the fds of a watched cgroup's files open between ticks. */
class OpenGroup {
    dir;
    psiDir;
    files = new Map();
    constructor(dir, psiDir) {
        this.dir = dir;
        this.psiDir = psiDir;
    }
    source = (name) => {
        let f = this.files.get(name);
        if (!f) {
            const base = name === 'memory.pressure' && this.psiDir !== null ? this.psiDir : this.dir;
            f = new OpenFile(`${base}/${name}`);
            this.files.set(name, f);
        }
        return f.readOrNull();
    };
    close() {
        for (const f of this.files.values())
            f.close();
        this.files.clear();
    }
}
function oneShotSource(dir, psiDir) {
    return (name) => {
        const base = name === 'memory.pressure' && psiDir !== null ? psiDir : dir;
        return readTextOrNull(`${base}/${name}`);
    };
}
function readV1(path, src) {
    // usage_in_bytes is the one file every v1 memory group has: without it the group is gone.
    const usageText = src('memory.usage_in_bytes');
    if (usageText === null)
        return null;
    const usage = parseNumber(usageText);
    const stat = parseV1MemoryStat(src('memory.stat') ?? '');
    const limitText = src('memory.limit_in_bytes');
    const failcnt = src('memory.failcnt');
    const oom = src('memory.oom_control');
    const procs = src('cgroup.procs');
    const psi = src('memory.pressure');
    return {
        path,
        version: 1,
        usage,
        limit: limitText === null ? Infinity : parseV1Limit(limitText),
        anon: stat.anon,
        file: stat.file,
        shmem: stat.shmem,
        mappedFile: stat.mappedFile,
        activeFile: stat.activeFile,
        inactiveFile: stat.inactiveFile,
        dirty: stat.dirty,
        writeback: stat.writeback,
        unevictable: stat.unevictable,
        swap: stat.swap,
        workingSet: workingSet(usage, stat.inactiveFile),
        pgmajfault: stat.pgmajfault,
        workingsetRefaultFile: stat.workingsetRefaultFile,
        workingsetRefaultAnon: stat.workingsetRefaultAnon,
        failcnt: failcnt === null ? null : parseNumber(failcnt),
        // v1 has no high/max/oom event counters; only oom_kill is measured.
        events: { high: 0, max: 0, oom: 0, oomKill: oom === null ? 0 : parseV1OomKill(oom) },
        psi: psi === null ? null : parsePressure(psi),
        nprocs: procs === null ? 0 : countLines(procs),
    };
}
function readV2(path, src) {
    const statText = src('memory.stat');
    if (statText === null)
        return null; // memory controller not enabled for this group, or gone
    const stat = parseV2MemoryStat(statText);
    const current = src('memory.current');
    // The v2 root has no memory.current/max/events: its charge is what memory.stat lists.
    const usage = current !== null ? parseNumber(current) : stat.anon + stat.file + stat.kernel + stat.sock;
    const max = src('memory.max');
    const swap = src('memory.swap.current');
    const events = src('memory.events');
    const procs = src('cgroup.procs');
    const psi = src('memory.pressure');
    return {
        path,
        version: 2,
        usage,
        limit: max === null ? Infinity : parseV2Max(max),
        anon: stat.anon,
        file: stat.file,
        shmem: stat.shmem,
        mappedFile: stat.mappedFile,
        activeFile: stat.activeFile,
        inactiveFile: stat.inactiveFile,
        dirty: stat.dirty,
        writeback: stat.writeback,
        unevictable: stat.unevictable,
        swap: swap === null ? 0 : parseNumber(swap),
        workingSet: workingSet(usage, stat.inactiveFile),
        pgmajfault: stat.pgmajfault,
        workingsetRefaultFile: stat.workingsetRefaultFile,
        workingsetRefaultAnon: stat.workingsetRefaultAnon,
        failcnt: null,
        events: events === null ? { high: 0, max: 0, oom: 0, oomKill: 0 } : parseV2Events(events),
        psi: psi === null ? null : parsePressure(psi),
        nprocs: procs === null ? 0 : countLines(procs),
    };
}
/**
 * Memory cgroup reader for v1, v2 and hybrid hosts. `nprocs` counts the
 * processes directly in the group (cgroup.procs), while usage and memory.stat
 * figures are hierarchical.
 */
export class CgroupReader {
    layout;
    open = new Map();
    constructor(roots, layout) {
        this.layout = layout ?? discoverCgroupLayout(roots);
    }
    get available() {
        return this.layout.memoryRoot !== null;
    }
    dirs(path) {
        const { memoryRoot, memoryVersion, unifiedRoot } = this.layout;
        if (memoryRoot === null)
            return null;
        const dir = cgroupDirectory(memoryRoot, path);
        if (dir === null)
            return null;
        // On hybrid hosts PSI comes from the cgroup2 group of the same path, when it exists.
        const psiDir = memoryVersion === 1 && unifiedRoot !== null ? cgroupDirectory(unifiedRoot, path) : null;
        return { dir, psiDir };
    }
    /**
     * Reads one memory cgroup by its /proc/PID/cgroup path; null when it does
     * not exist (or has no memory controller). keepOpen keeps its fds for the
     * next read: for watched groups read every tick.
     */
    read(path, opts = {}) {
        const d = this.dirs(path);
        if (d === null)
            return null;
        let src;
        if (opts.keepOpen) {
            let g = this.open.get(path);
            if (!g) {
                g = new OpenGroup(d.dir, d.psiDir);
                this.open.set(path, g);
            }
            src = g.source;
        }
        else {
            src = oneShotSource(d.dir, d.psiDir);
        }
        const reading = this.layout.memoryVersion === 1 ? readV1(path, src) : readV2(path, src);
        if (reading === null)
            this.release(path);
        return reading;
    }
    /** Every memory cgroup path, root first, breadth-first; unreadable directories are skipped. */
    list(opts = {}) {
        const root = this.layout.memoryRoot;
        if (root === null)
            return [];
        const maxDepth = opts.maxDepth ?? 8;
        const maxGroups = opts.maxGroups ?? 10_000;
        const out = ['/'];
        let level = ['/'];
        for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
            const next = [];
            for (const path of level) {
                const dir = path === '/' ? root : `${root}${path}`;
                let entries;
                try {
                    entries = readdirSync(dir, { withFileTypes: true });
                }
                catch {
                    continue;
                }
                for (const e of entries) {
                    if (!e.isDirectory())
                        continue;
                    if (out.length >= maxGroups)
                        return out;
                    const child = path === '/' ? `/${e.name}` : `${path}/${e.name}`;
                    out.push(child);
                    next.push(child);
                }
            }
            level = next;
        }
        return out;
    }
    /** Reads every listed group (one-shot reads), skipping those that vanish. */
    readAll(opts = {}) {
        const out = [];
        for (const path of this.list(opts)) {
            const r = this.read(path, { keepOpen: this.open.has(path) });
            if (r !== null)
                out.push(r);
        }
        return out;
    }
    /** Paths whose fds are currently kept open. */
    openPaths() {
        return [...this.open.keys()];
    }
    /** Closes the kept fds of one group. */
    release(path) {
        const g = this.open.get(path);
        if (g) {
            g.close();
            this.open.delete(path);
        }
    }
    close() {
        for (const g of this.open.values())
            g.close();
        this.open.clear();
    }
}
