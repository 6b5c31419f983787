// Builds ProcessReading objects for policy tests: a plain user process
// unless the test says otherwise.
import type { ProcessReading } from '../../src/host/types.js';

export const MiB = 1024 * 1024;

export function proc(p: Partial<ProcessReading> & { pid: number }): ProcessReading {
  return {
    ppid: 1,
    pgid: p.pid,
    sid: p.pid,
    comm: 'worker',
    cmdline: 'worker --serve',
    state: 'S',
    uid: 1000,
    user: 'alice',
    startTime: 1000 + p.pid,
    rss: 10 * MiB,
    rssAnon: 8 * MiB,
    rssFile: 2 * MiB,
    rssShmem: 0,
    swap: 0,
    oomScore: 0,
    oomScoreAdj: 0,
    cgroup: '/user.slice',
    kernelThread: false,
    nspid: [p.pid],
    containerId: null,
    podUid: null,
    ...p,
  };
}
