// The model: per-scope histories built from consecutive samples.
import type { CgroupReading, NodeReading } from '../host/types.js';
import type { Sample } from '../sample/types.js';
import { cgroupPoint, nodePoint } from './derive.js';
import type { ScopeHistory, ScopePoint } from './types.js';

export interface ModelOptions {
  /** How much full-resolution history the predictor may look at. */
  windowMs: number;
  /** How much downsampled history the graphs keep. */
  trendMs: number;
  trendStepMs: number;
  /** A cgroup not read for this long is dropped (it was removed). */
  forgetMs: number;
}

const DEFAULTS: ModelOptions = { windowMs: 60_000, trendMs: 600_000, trendStepMs: 1000, forgetMs: 30_000 };
/** Hard bound on points per scope whatever the sampling rate. */
const MAX_POINTS = 1200;

export const NODE_SCOPE = 'node';

export class Model {
  readonly node: ScopeHistory = { id: NODE_SCOPE, kind: 'node', points: [], trend: [] };
  readonly cgroups = new Map<string, ScopeHistory>();
  private readonly opts: ModelOptions;
  private prevNode: { reading: NodeReading; t: number } | null = null;
  private readonly prevCgroups = new Map<string, { reading: CgroupReading; t: number }>();
  /** Bumped whenever a cgroup appears or is forgotten: scope resolution reruns only then. */
  pathsVersion = 0;

  constructor(opts: Partial<ModelOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  update(sample: Sample): void {
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

  private push(h: ScopeHistory, p: ScopePoint): void {
    const pts = h.points;
    pts.push(p);
    const cutoff = p.t - this.opts.windowMs;
    let drop = 0;
    while (drop < pts.length - 1 && (pts[drop]!.t < cutoff || pts.length - drop > MAX_POINTS)) drop++;
    if (drop > 0) pts.splice(0, drop);

    const tr = h.trend;
    const lastTrend = tr[tr.length - 1];
    if (!lastTrend || p.t - lastTrend.t >= this.opts.trendStepMs) {
      tr.push(p);
      const tcut = p.t - this.opts.trendMs;
      let tdrop = 0;
      while (tdrop < tr.length - 1 && tr[tdrop]!.t < tcut) tdrop++;
      if (tdrop > 0) tr.splice(0, tdrop);
    }
  }
}
