/**
 * The model's per-scope view, uniform for the node and for each memory cgroup
 * so one predictor serves both. Bytes are bytes; rates are per second over the
 * interval since the previous sample of that scope.
 */
export interface ScopePoint {
  t: number; // ms, sample clock
  /** What the scope may use before the kernel reclaims hard: cgroup limit, or node MemTotal minus the high watermark, plus free swap. */
  capacity: number;
  /** The configured limit (Infinity when unlimited); MemTotal for the node. */
  limit: number;
  usage: number;
  /**
   * Memory that reclaim cannot take without swap: anon + shmem + unevictable
   * (+ unreclaimable kernel memory for the node).
   */
  pinned: number;
  /** File pages mapped into processes (code, mmapped data): the working set whose eviction is re-faulted at once. */
  mappedFile: number;
  /** All page cache, reclaimable or not. */
  file: number;
  dirty: number; // dirty + writeback
  workingSet: number;
  swapFree: number;
  /** Kernel's own view (node: MemAvailable; cgroup: limit - usage + inactive file). */
  available: number;
  rates: ScopeRates;
}

export interface ScopeRates {
  majfault: number; // /s
  refaultFile: number; // pages/s
  refaultAnon: number; // pages/s
  scan: number; // pages/s reclaimed-scanned (node: pgscan; cgroup: 0 on v1)
  allocstall: number; // /s, node only
  failcnt: number; // /s, v1 cgroups
  highEvents: number; // /s, v2 memory.events high+max
  oomKills: number; // kernel OOM kills since previous point (count)
  psiSome: number | null; // % of the interval, from the cumulative total
  psiFull: number | null;
  iowait: number; // % of all CPU time (node-wide; copied into cgroups)
  system: number; // %
}

export type ScopeKind = 'node' | 'cgroup';

export interface ScopeHistory {
  id: string; // "node" or the cgroup path
  kind: ScopeKind;
  /** Every sample of the last minute, oldest first: what the predictor reads. */
  points: ScopePoint[];
  /** One point per second or more for the last ten minutes, oldest first: what graphs draw. */
  trend: ScopePoint[];
}
