import { DEFAULT_ROOTS } from '../host/types.js';
import { NodeReader, DEFAULT_PAGE_SIZE } from '../host/node.js';
import { CgroupReader } from '../host/cgroups.js';
import { ProcessReader } from '../host/process.js';
export { nextIntervalMs } from './interval.js';
/**
 * Produces Samples in two tiers. Fast: node files and watched cgroups, with
 * their fds kept open. Slow (on request): the full cgroup walk and the
 * process scan. Known cgroup paths are cached between walks (and topped up
 * from processes' cgroups) so `watch` can be answered without walking.
 */
export class Sampler {
    node;
    cgroups;
    procs;
    maxDepth;
    known = null;
    constructor(opts = {}) {
        const roots = opts.roots ?? DEFAULT_ROOTS;
        this.node = new NodeReader(roots, opts.pageSize ?? DEFAULT_PAGE_SIZE);
        this.cgroups = new CgroupReader(roots);
        this.procs = new ProcessReader({
            roots,
            pageSize: opts.pageSize,
            // The rarely-read files (cmdline, cgroup, oom_score, oom_score_adj) are
            // opened when due: keeping their fds saved ~3 us/process at 2,000
            // processes but pinned ~23 MiB of kernel memory in oomtop's own cgroup.
            keepSlowFds: false,
            ...(opts.processFdBudget !== undefined ? { fdBudget: opts.processFdBudget } : {}),
        });
        this.maxDepth = opts.maxCgroupDepth ?? 8;
    }
    /** Memory cgroup paths known from the last walk and process scans. */
    knownCgroups() {
        return [...(this.known ?? [])];
    }
    walk() {
        const paths = this.cgroups.list({ maxDepth: this.maxDepth });
        this.known = new Set(paths);
        return paths;
    }
    readCgroups(req) {
        if (!this.cgroups.available)
            return [];
        const watch = req.watch ?? (() => false);
        const paths = req.allCgroups || this.known === null ? this.walk() : [...this.known];
        const out = [];
        const watched = new Set();
        for (const path of paths) {
            const isWatched = watch(path);
            if (!isWatched && !req.allCgroups)
                continue;
            if (isWatched)
                watched.add(path);
            const r = this.cgroups.read(path, { keepOpen: isWatched });
            if (r !== null)
                out.push(r);
            else
                this.known?.delete(path); // gone since the walk
        }
        for (const path of this.cgroups.openPaths())
            if (!watched.has(path))
                this.cgroups.release(path);
        return out;
    }
    sample(req) {
        const t = req.now ?? performance.now();
        const wallTime = Date.now();
        const fastStart = performance.now();
        const node = this.node.read();
        const cgroups = this.readCgroups(req);
        const fastMs = performance.now() - fastStart;
        let processes = null;
        let processMs = null;
        if (req.processes) {
            const s = performance.now();
            processes = this.procs.scan();
            processMs = performance.now() - s;
            if (this.known)
                for (const p of processes)
                    if (p.cgroup !== '')
                        this.known.add(p.cgroup);
        }
        return { t, wallTime, node, cgroups, processes, cost: { fastMs, processMs } };
    }
    scanProcesses() {
        return this.procs.scan();
    }
    /** One process read fresh from /proc (no kept fds); null when it no longer exists. */
    readProcess(pid) {
        return this.procs.read(pid);
    }
    /** One memory cgroup read fresh (one-shot, e.g. after a kill); null when gone. */
    readCgroup(path) {
        return this.cgroups.read(path, { keepOpen: this.cgroups.openPaths().includes(path) });
    }
    /** The node files alone, fresh. */
    readNode() {
        return this.node.read();
    }
    /** Which hierarchy holds memory accounting: "v1 memory + v2 (hybrid)", "v1", "v2" or "none". */
    cgroupVersions() {
        const { memoryVersion, unifiedRoot } = this.cgroups.layout;
        if (memoryVersion === 1)
            return unifiedRoot !== null ? 'v1 memory + v2 (hybrid)' : 'v1';
        return memoryVersion === 2 ? 'v2' : 'none';
    }
    close() {
        this.node.close();
        this.cgroups.close();
        this.procs.close();
    }
}
