// Builders for AppState / OomtopEvent test fixtures used by the report tests.
// Values are plausible for a 24 GiB host; the tests assert on what they set.
import type { AppState, ScopeView } from '../../src/app/types.js';
import type { ScopePoint } from '../../src/model/types.js';
import type { Config } from '../../src/policy/types.js';
import type { OomtopEvent } from '../../src/report/types.js';
import type { CgroupReading, NodeReading } from '../../src/host/types.js';
import type { Sample } from '../../src/sample/types.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export function config(over: Partial<Config> = {}): Config {
  const scope = { level: 'medium' as const, kill: 'process' as const, protectPid1: true, grace: 5, protect: [], prefer: [] };
  return {
    mode: 'armed',
    events: '/tmp/oomtop-test-events.jsonl',
    node: scope,
    cgroups: [{ ...scope, level: 'high', match: { namespace: '^default$', pod: '^test-alinux' } }],
    interval: { min: 100, max: 1000 },
    podLogRoot: '/var/log/pods',
    metrics: null,
    ...over,
  };
}

export function point(over: Partial<ScopePoint> = {}): ScopePoint {
  return {
    t: 1000,
    capacity: 512 * MiB,
    limit: 512 * MiB,
    usage: 400 * MiB,
    pinned: 300 * MiB,
    mappedFile: 50 * MiB,
    file: 100 * MiB,
    dirty: 1 * MiB,
    workingSet: 380 * MiB,
    swapFree: 0,
    available: 130 * MiB,
    rates: {
      majfault: 12,
      refaultFile: 3400,
      refaultAnon: 0,
      scan: 0,
      allocstall: 0,
      failcnt: 10,
      highEvents: 0,
      oomKills: 0,
      psiSome: 25,
      psiFull: 10,
      iowait: 2,
      system: 5,
    },
    ...over,
  };
}

export function nodeReading(): NodeReading {
  const zero = { avg10: 0, avg60: 0, avg300: 0, total: 0 };
  return {
    meminfo: {
      memTotal: 24 * GiB, memFree: 10 * GiB, memAvailable: 20 * GiB, buffers: 0, cached: 8 * GiB,
      activeAnon: 0, inactiveAnon: 0, activeFile: 0, inactiveFile: 0, unevictable: 0, mlocked: 0,
      anonPages: 3 * GiB, mapped: 500 * MiB, shmem: 0, sReclaimable: 0, sUnreclaim: 0, kernelStack: 0,
      pageTables: 0, swapTotal: 0, swapFree: 0, dirty: 0, writeback: 0,
    },
    watermarks: { min: 67 * MiB, low: 84 * MiB, high: 101 * MiB },
    vmstat: {
      pgscanKswapd: 0, pgscanDirect: 0, pgstealKswapd: 0, pgstealDirect: 0, allocstall: 0,
      pgmajfault: 0, workingsetRefaultFile: 0, workingsetRefaultAnon: 0, oomKill: 0,
    },
    cpu: { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, total: 0 },
    psiMemory: { some: zero, full: zero },
    psiIo: null,
    pageSize: 4096,
  };
}

export function cgroupReading(path: string, limit: number): CgroupReading {
  return {
    path, version: 1, usage: 400 * MiB, limit, anon: 300 * MiB, file: 100 * MiB, shmem: 0, mappedFile: 50 * MiB,
    activeFile: 80 * MiB, inactiveFile: 20 * MiB, dirty: 0, writeback: 0, unevictable: 0, swap: 0,
    workingSet: 380 * MiB, pgmajfault: 0, workingsetRefaultFile: 0, workingsetRefaultAnon: 0, failcnt: 0,
    events: { high: 0, max: 0, oom: 0, oomKill: 0 }, psi: null, nprocs: 3,
  };
}

export function scopeView(id: string, over: Partial<ScopeView> = {}, p: Partial<ScopePoint> = {}): ScopeView {
  const kind = id === 'node' ? 'node' : 'cgroup';
  return {
    id,
    kind,
    label: id,
    pod: null,
    history: { id, kind, points: [point(p)], trend: [point(p)] },
    assessment: null,
    policyIndex: null,
    effectiveMode: null,
    level: null,
    candidates: [],
    ...over,
  };
}

export const POD_CGROUP = '/kubepods/burstable/pod0b5f3c7e-8d8a-4c1e-9f1e-2a8b3c4d5e6f';

export function appState(over: Partial<AppState> = {}, wallTime = Date.now()): AppState {
  const sample: Sample = {
    t: 5000,
    wallTime,
    node: nodeReading(),
    cgroups: [cgroupReading(POD_CGROUP, 512 * MiB), cgroupReading('/system.slice/unlimited.service', Infinity)],
    processes: null,
    cost: { fastMs: 0.31, processMs: null },
  };
  return {
    host: { hostname: 'testhost', kernel: '6.18.0', bootTime: 0, cgroupVersions: 'v1 memory + v2 (hybrid)', psi: true, root: true },
    mode: 'armed',
    modeNote: null,
    cpu: {},
    intervalMs: 500,
    sample,
    scopes: [
      scopeView('node', {
        policyIndex: -1, level: 'medium', effectiveMode: 'armed',
        assessment: { scope: 'node', t: 5000, level: 'medium', probability: 0.02, timeToExhaustion: null, deficit: 0, danger: false, reasons: [] },
      }, { capacity: 24 * GiB, limit: 24 * GiB, usage: 14 * GiB }),
      scopeView(POD_CGROUP, {
        label: 'default/test-alinux-1',
        pod: { uid: '0b5f3c7e-8d8a-4c1e-9f1e-2a8b3c4d5e6f', name: 'test-alinux-1', namespace: 'default', qos: 'burstable' },
        policyIndex: 0, level: 'high', effectiveMode: 'armed',
        assessment: { scope: POD_CGROUP, t: 5000, level: 'high', probability: 0.87, timeToExhaustion: 4.5, deficit: 64 * MiB, danger: true, reasons: [] },
      }),
      scopeView('/system.slice/unlimited.service', {}, { limit: Infinity, usage: 10 * MiB }),
    ],
    events: [],
    config: config(),
    configPath: '/etc/oomtop/oomtop.yaml',
    configError: null,
    self: { cpuPct: 1.5, rss: 60 * MiB },
    processesAt: null,
    counters: { samples: 42, kills: 0, wouldKills: 0 },
    ...over,
  };
}

export function event(over: Partial<OomtopEvent> = {}): OomtopEvent {
  return {
    time: '2025-01-01T00:00:10.000Z',
    t: 10000,
    type: 'kill',
    scope: POD_CGROUP,
    mode: 'armed',
    level: 'high',
    probability: 0.87,
    reasons: [{ signal: 'headroom', weight: 0.6, text: 'anon+mapped at 93% of limit' }],
    victim: {
      pid: 4242, name: 'nr-hog', cmdline: 'nr-hog --rate 50', user: 'root', cgroup: POD_CGROUP,
      podUid: '0b5f3c7e-8d8a-4c1e-9f1e-2a8b3c4d5e6f', startTime: 123456, rss: 300 * MiB, swap: 0, oomScoreAdj: 0,
    },
    rankReason: 'largest: 300 MiB rss+swap',
    signal: 'SIGTERM',
    bytesFreed: 290 * MiB,
    outcome: 'exited',
    timings: { decideMs: 1, signalMs: 0.2, exitMs: 30, totalMs: 31 },
    message: 'killed nr-hog',
    ...over,
  };
}
