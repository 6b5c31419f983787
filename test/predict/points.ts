// Builders for synthetic scope histories used by predictor and enforcer tests.
import type { ScopeHistory, ScopePoint, ScopeRates } from '../../src/model/types.js';

export const MiB = 1 << 20;

export function rates(over: Partial<ScopeRates> = {}): ScopeRates {
  return {
    majfault: 0,
    refaultFile: 0,
    refaultAnon: 0,
    scan: 0,
    allocstall: 0,
    failcnt: 0,
    highEvents: 0,
    oomKills: 0,
    psiSome: null,
    psiFull: null,
    iowait: 0,
    system: 0,
    ...over,
  };
}

/** A point described by what differs from a calm 512 MiB cgroup. */
export type PointSpec = Partial<Omit<ScopePoint, 'rates'>> & { rates?: Partial<ScopeRates> };

export function point(t: number, over: PointSpec = {}): ScopePoint {
  const { rates: r, ...rest } = over;
  return {
    t,
    capacity: 512 * MiB,
    limit: 512 * MiB,
    usage: 100 * MiB,
    pinned: 50 * MiB,
    mappedFile: 20 * MiB,
    file: 50 * MiB,
    dirty: 0,
    workingSet: 80 * MiB,
    swapFree: 0,
    available: 400 * MiB,
    rates: rates(r),
    ...rest,
  };
}

/** A history sampled every `stepMs` for `seconds`, each point from `at(tSeconds)`. */
export function history(seconds: number, stepMs: number, at: (s: number) => PointSpec, id = '/test'): ScopeHistory {
  const points: ScopePoint[] = [];
  for (let t = 0; t <= seconds * 1000; t += stepMs) points.push(point(t, at(t / 1000)));
  return { id, kind: id === 'node' ? 'node' : 'cgroup', points, trend: points };
}
