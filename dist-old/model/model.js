import { cgroupPoint, nodePoint } from './derive.js';
const DEFAULTS = { windowMs: 60_000, trendMs: 600_000, trendStepMs: 1000, forgetMs: 30_000 };
/** Hard bound on points per scope whatever the sampling rate. */
const MAX_POINTS = 1200;
export const NODE_SCOPE = 'node';
export class Model {
    node = { id: NODE_SCOPE, kind: 'node', points: [], trend: [] };
    cgroups = new Map();
    opts;
    prevNode = null;
    prevCgroups = new Map();
    /** Bumped whenever a cgroup appears or is forgotten: scope resolution reruns only then. */
    pathsVersion = 0;
    constructor(opts = {}) {
        this.opts = { ...DEFAULTS, ...opts };
    }
    update(sample) {
        const t = sample.t;
        const prev = this.prevNode;
        const np = nodePoint(sample.node, prev?.reading ?? null, prev ? (t - prev.t) / 1000 : 0, t);
        this.push(this.node, np);
        this.prevNode = { reading: sample.node, t };
        const nodeCtx = { capacity: np.capacity, iowait: np.rates.iowait, system: np.rates.system };
        for (const cg of sample.cgroups) {
            const before = this.prevCgroups.get(cg.path);
            const point = cgroupPoint(cg, before?.reading ?? null, before ? (t - before.t) / 1000 : 0, t, nodeCtx);
            let h = this.cgroups.get(cg.path);
            if (!h) {
                h = { id: cg.path, kind: 'cgroup', points: [], trend: [] };
                this.cgroups.set(cg.path, h);
                this.pathsVersion++;
            }
            this.push(h, point);
            this.prevCgroups.set(cg.path, { reading: cg, t });
        }
        for (const [path, last] of this.prevCgroups) {
            if (t - last.t > this.opts.forgetMs) {
                this.prevCgroups.delete(path);
                this.cgroups.delete(path);
                this.pathsVersion++;
            }
        }
    }
    push(h, p) {
        const pts = h.points;
        pts.push(p);
        const cutoff = p.t - this.opts.windowMs;
        let drop = 0;
        while (drop < pts.length - 1 && (pts[drop].t < cutoff || pts.length - drop > MAX_POINTS))
            drop++;
        if (drop > 0)
            pts.splice(0, drop);
        const tr = h.trend;
        const lastTrend = tr[tr.length - 1];
        if (!lastTrend || p.t - lastTrend.t >= this.opts.trendStepMs) {
            tr.push(p);
            const tcut = p.t - this.opts.trendMs;
            let tdrop = 0;
            while (tdrop < tr.length - 1 && tr[tdrop].t < tcut)
                tdrop++;
            if (tdrop > 0)
                tr.splice(0, tdrop);
        }
    }
}
