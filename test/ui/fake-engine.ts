// Test support: an EngineControl over an in-memory AppState built from
// fixtures. It records every call, applies rule/level/mode edits to its config
// and re-ranks its processes with a simple rule matcher, so screen tests see
// the effect of each key. Test support only: not shipped in dist.
import { newEvent } from '../../src/report/event.js';
import { victimInfo } from '../../src/enforce/enforcer.js';
import { RE2JS } from 're2js';
import type { AppState, EngineControl, ScopeRef, ScopeView } from '../../src/app/types.js';
import type { ProcessReading } from '../../src/host/types.js';
import type { ScopePoint } from '../../src/model/types.js';
import type { Candidate, Config, Level, Mode, RuleSpec, ScopeSpec } from '../../src/policy/types.js';
import type { OomtopEvent } from '../../src/report/types.js';

export interface EngineCall {
  method: 'setMode' | 'setLevel' | 'addRule' | 'updateRule' | 'removeRule' | 'manualKill' | 'wantProcesses' | 'watchRows';
  args: unknown[];
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function ruleMatches(rule: RuleSpec, p: ProcessReading): boolean {
  const re = (pattern: string | undefined, value: string) => pattern === undefined || RE2JS.compile(pattern).matcher(value).find();
  return (
    (rule.pid === undefined || rule.pid === p.pid) &&
    (rule.pid === undefined || rule.startTime === undefined || rule.startTime === p.startTime) &&
    re(rule.name, p.comm) &&
    re(rule.cmdline, p.cmdline) &&
    re(rule.user, p.user) &&
    re(rule.cgroup, p.cgroup)
  );
}

function describe(rule: RuleSpec): string {
  return Object.entries(rule)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Ranks processes the way the policy explains them (enough for screen tests, not the real ranking). */
export function fakeRank(procs: ProcessReading[], spec: ScopeSpec): Candidate[] {
  const rows: Candidate[] = procs.map((proc) => {
    const protectRule = spec.protect.findIndex((r) => ruleMatches(r, proc));
    let preferRule: number | null = null;
    let priority = 0;
    spec.prefer.forEach((r, i) => {
      if (ruleMatches(r, proc) && (preferRule === null || (r.priority ?? 0) > priority)) {
        preferRule = i;
        priority = r.priority ?? 0;
      }
    });
    const pid1 = proc.pid === 1;
    const eligible = !pid1 && protectRule < 0 && proc.oomScoreAdj !== -1000;
    const reason = pid1
      ? 'PID 1'
      : protectRule >= 0
        ? `protected by protect[${protectRule}] ${describe(spec.protect[protectRule]!)}`
        : proc.oomScoreAdj === -1000
          ? 'oom_score_adj -1000'
          : preferRule !== null
            ? `preferred by prefer[${preferRule}] (priority ${priority})`
            : `largest: ${Math.round((proc.rss + proc.swap) / MiB)} MiB rss+swap`;
    return { proc, rank: 0, eligible, reason, preferRule, protectRule: protectRule >= 0 ? protectRule : null, priority, bytes: proc.rss + proc.swap, grace: spec.grace };
  });
  const eligible = rows
    .filter((c) => c.eligible)
    .sort((a, b) => b.priority - a.priority || b.proc.oomScoreAdj - a.proc.oomScoreAdj || b.bytes - a.bytes || a.proc.pid - b.proc.pid);
  eligible.forEach((c, i) => (c.rank = i + 1));
  return [...eligible, ...rows.filter((c) => !c.eligible)];
}

export function fakeProcess(pid: number, comm: string, rss: number, extra: Partial<ProcessReading> = {}): ProcessReading {
  return {
    pid,
    ppid: 1,
    pgid: pid,
    sid: pid,
    comm,
    cmdline: `/usr/bin/${comm} --serve`,
    state: 'S',
    uid: 1000,
    user: 'app',
    startTime: 1000 + pid,
    rss,
    rssAnon: Math.round(rss * 0.8),
    rssFile: Math.round(rss * 0.2),
    rssShmem: 0,
    swap: 0,
    oomScore: 100,
    oomScoreAdj: 0,
    cgroup: '/',
    kernelThread: false,
    nspid: [pid],
    containerId: null,
    podUid: null,
    ...extra,
  };
}

function point(i: number, n: number, capacity: number, usage: number, kind: 'node' | 'cgroup'): ScopePoint {
  // A scope filling up over the window: usage and refaults rise towards the end.
  const f = i / Math.max(1, n - 1);
  const u = usage * (0.7 + 0.3 * f);
  return {
    t: 1_000_000 + i * 1000,
    capacity,
    limit: capacity,
    usage: u,
    pinned: u * 0.6,
    mappedFile: u * 0.1,
    file: u * 0.3,
    dirty: 4 * MiB,
    workingSet: u * 0.8,
    swapFree: 0,
    available: capacity - u * 0.8,
    rates: {
      majfault: 10 * f,
      refaultFile: 2000 * f * f,
      refaultAnon: 0,
      scan: kind === 'node' ? 5000 * f : 0,
      allocstall: 0,
      failcnt: kind === 'cgroup' ? 300 * f : 0,
      highEvents: 0,
      oomKills: 0,
      psiSome: 20 * f,
      psiFull: 8 * f,
      iowait: 5 + 10 * f,
      system: 3 + 4 * f,
    },
  };
}

function scopeSpec(level: Level, extra: Partial<ScopeSpec> = {}): ScopeSpec {
  return { level, kill: 'process', protectPid1: true, grace: 5, protect: [], prefer: [], ...extra };
}

export interface FixtureOptions {
  /** Processes in the node scope (beyond the named fixture ones). */
  processes?: number;
  /** Trend points per scope (one a second; the last 60 are also the recent points). */
  points?: number;
  /** Override the name of the largest process (hostile-name tests). */
  hostileName?: string;
  mode?: Mode;
}

/** A realistic AppState: node + three cgroups (one a pod), ranked processes, events. */
export function fixtureState(o: FixtureOptions = {}): AppState {
  const n = o.points ?? 120;
  const config: Config = {
    mode: o.mode ?? 'dry-run',
    events: '/var/log/oomtop/events.jsonl',
    node: scopeSpec('medium', { protect: [{ name: '^sshd$' }], prefer: [{ name: '^logcollect$', priority: 10 }] }),
    cgroups: [
      { ...scopeSpec('low'), match: { path: '^/batch' } },
      { ...scopeSpec('high'), match: { namespace: 'default', pod: '^web-' } },
    ],
    interval: { min: 100, max: 1000 },
    podLogRoot: '/var/log/pods',
  };
  const named: ProcessReading[] = [
    fakeProcess(1, 'systemd', 12 * MiB, { user: 'root', uid: 0, cmdline: '/sbin/init' }),
    fakeProcess(812, 'sshd', 9 * MiB, { user: 'root', uid: 0 }),
    fakeProcess(4242, o.hostileName ?? 'java', 3.2 * GiB, { cgroup: '/batch/job1', cmdline: '/usr/bin/java -Xmx4g -jar job.jar' }),
    fakeProcess(5100, 'logcollect', 310 * MiB, { cgroup: '/system.slice/logcollect.service' }),
    fakeProcess(6001, 'postgres', 1.1 * GiB, { user: 'postgres', uid: 114, cgroup: '/system.slice/postgresql.service', oomScoreAdj: -900 }),
    fakeProcess(7007, 'nginx', 150 * MiB, { user: 'www-data', cgroup: '/kubepods/burstable/podab12/c0ffee', podUid: 'ab12', containerId: 'c0ffee' }),
  ];
  const extra = Array.from({ length: o.processes ?? 14 }, (_, i) => fakeProcess(10000 + i, `worker-${i}`, (40 + ((i * 37) % 400)) * MiB, { cgroup: '/batch/job2' }));
  const procs = [...named, ...extra];
  const hist = (id: string, kind: 'node' | 'cgroup', cap: number, use: number) => {
    const trend = Array.from({ length: n }, (_, i) => point(i, n, cap, use, kind));
    return { id, kind, points: trend.slice(-60), trend };
  };
  const node: ScopeView = {
    id: 'node',
    kind: 'node',
    label: 'node',
    pod: null,
    history: hist('node', 'node', 23.4 * GiB, 14 * GiB),
    assessment: {
      scope: 'node',
      t: 1_000_000 + n * 1000,
      level: 'medium',
      probability: 0.42,
      timeToExhaustion: 95,
      deficit: 0,
      danger: false,
      reasons: [
        { signal: 'fill-trend', weight: 0.2, text: 'anon growing 48 MiB/s' },
        { signal: 'refault', weight: 0.15, text: 'file refaults 2.0k/s' },
        { signal: 'headroom', weight: 0.07, text: 'anon+mapped at 61% of capacity' },
      ],
    },
    policyIndex: -1,
    effectiveMode: config.mode,
    level: 'medium',
    candidates: fakeRank(procs, config.node),
  };
  const batch: ScopeView = {
    id: '/batch/job1',
    kind: 'cgroup',
    label: '/batch/job1',
    pod: null,
    history: hist('/batch/job1', 'cgroup', 4 * GiB, 3.7 * GiB),
    assessment: {
      scope: '/batch/job1',
      t: 1_000_000 + n * 1000,
      level: 'low',
      probability: 0.91,
      timeToExhaustion: 6,
      deficit: 600 * MiB,
      danger: true,
      reasons: [{ signal: 'headroom', weight: 0.6, text: 'anon+mapped at 93% of limit' }],
    },
    policyIndex: 0,
    effectiveMode: config.mode,
    level: 'low',
    candidates: fakeRank(
      procs.filter((p) => p.cgroup === '/batch/job1'),
      config.cgroups[0]!,
    ),
  };
  const pod: ScopeView = {
    id: '/kubepods/burstable/podab12',
    kind: 'cgroup',
    label: 'default/web-7f9c',
    pod: { uid: 'ab12', name: 'web-7f9c', namespace: 'default', qos: 'burstable' },
    history: hist('/kubepods/burstable/podab12', 'cgroup', 512 * MiB, 160 * MiB),
    assessment: { scope: '/kubepods/burstable/podab12', t: 1_000_000 + n * 1000, level: 'high', probability: 0.05, timeToExhaustion: null, deficit: 0, danger: false, reasons: [] },
    policyIndex: 1,
    effectiveMode: config.mode,
    level: 'high',
    candidates: fakeRank(
      procs.filter((p) => p.podUid === 'ab12'),
      config.cgroups[1]!,
    ),
  };
  const unmanaged: ScopeView = {
    id: '/system.slice',
    kind: 'cgroup',
    label: '/system.slice',
    pod: null,
    history: hist('/system.slice', 'cgroup', Infinity, 1.5 * GiB),
    assessment: null,
    policyIndex: null,
    effectiveMode: null,
    level: null,
    candidates: [],
  };
  const wall = Date.UTC(2025, 0, 15, 12, 0, 0);
  const ev = (minutesAgo: number, e: Partial<OomtopEvent> & Pick<OomtopEvent, 'type' | 'message'>): OomtopEvent =>
    newEvent({ time: new Date(wall - minutesAgo * 60_000).toISOString(), t: 1_000_000 - minutesAgo * 60_000, mode: config.mode, ...e });
  const victim = victimInfo;
  return {
    host: { hostname: 'build-7', kernel: '6.18.0', bootTime: wall - (3 * 86400 + 4 * 3600) * 1000, cgroupVersions: 'v1 memory + v2 (hybrid)', psi: true, root: true },
    mode: config.mode,
    modeNote: null,
    cpu: { 5100: 12.5 },
    intervalMs: 500,
    sample: {
      t: 1_000_000 + n * 1000,
      wallTime: wall,
      node: {
        meminfo: {
          memTotal: 23.4 * GiB,
          memFree: 6 * GiB,
          memAvailable: 9.4 * GiB,
          buffers: 0.2 * GiB,
          cached: 3.0 * GiB,
          activeAnon: 9 * GiB,
          inactiveAnon: 2 * GiB,
          activeFile: 1.5 * GiB,
          inactiveFile: 1.5 * GiB,
          unevictable: 0,
          mlocked: 0,
          anonPages: 11 * GiB,
          mapped: 700 * MiB,
          shmem: 60 * MiB,
          sReclaimable: 0.4 * GiB,
          sUnreclaim: 0.2 * GiB,
          kernelStack: 20 * MiB,
          pageTables: 60 * MiB,
          swapTotal: 0,
          swapFree: 0,
          dirty: 12 * MiB,
          writeback: 0,
        },
        watermarks: { min: 67 * MiB, low: 84 * MiB, high: 101 * MiB },
        vmstat: { pgscanKswapd: 0, pgscanDirect: 0, pgstealKswapd: 0, pgstealDirect: 0, allocstall: 0, pgmajfault: 0, workingsetRefaultFile: 0, workingsetRefaultAnon: 0, oomKill: 0 },
        cpu: { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, total: 0 },
        psiMemory: null,
        psiIo: null,
        pageSize: 4096,
      },
      cgroups: [],
      processes: null,
      cost: { fastMs: 0.3, processMs: null },
    },
    scopes: [node, batch, pod, unmanaged],
    events: [
      ev(12, { type: 'start', message: 'enforcer started in dry-run' }),
      ev(5, { type: 'decision', scope: '/batch/job1', level: 'low', probability: 0.81, message: 'danger: anon+mapped at 90% of limit' }),
      ev(4, { type: 'would-kill', scope: '/batch/job1', victim: victim(named[2]!), signal: 'SIGTERM', rankReason: 'largest', outcome: 'dry-run', message: 'would kill java' }),
      ev(1, { type: 'kill', scope: 'node', victim: victim(extra[0] ?? named[3]!), signal: 'SIGTERM->SIGKILL', bytesFreed: 612 * MiB, outcome: 'killed', message: 'freed after 5.0 s grace' }),
    ],
    config,
    configPath: '/etc/oomtop/oomtop.yaml',
    configError: null,
    self: { cpuPct: 1.3, rss: 71 * MiB },
    processesAt: 1_000_000 + n * 1000,
    counters: { samples: n, kills: 1, wouldKills: 1 },
  };
}

export class FakeEngine implements EngineControl {
  readonly calls: EngineCall[] = [];
  private listeners = new Set<(s: AppState) => void>();
  /** Make the next mutating call reject with this message (error-path tests). */
  failNext: string | null = null;
  private manualKills = 1;

  constructor(public state: AppState = fixtureState()) {}

  getState(): AppState {
    return this.state;
  }

  subscribe(listener: (state: AppState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Publishes a new state (a tick) to subscribers. */
  emit(next: AppState = this.state): void {
    this.state = next;
    for (const l of this.listeners) l(next);
  }

  private record(method: EngineCall['method'], args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.failNext) {
      const msg = this.failNext;
      this.failNext = null;
      throw new Error(msg);
    }
  }

  private spec(scope: ScopeRef): ScopeSpec {
    const s = scope === -1 ? this.state.config.node : this.state.config.cgroups[scope];
    if (!s) throw new Error(`no policy ${scope}`);
    return s;
  }

  /** Copy-on-write edit of the config, then re-rank the scopes it governs. */
  private edit(scope: ScopeRef, change: (s: ScopeSpec) => ScopeSpec): void {
    const cfg = structuredClone(this.state.config);
    if (scope === -1) cfg.node = change(cfg.node);
    else cfg.cgroups[scope] = { ...cfg.cgroups[scope]!, ...change(cfg.cgroups[scope]!) };
    const scopes = this.state.scopes.map((v) => {
      if (v.policyIndex !== scope) return v;
      const spec = scope === -1 ? cfg.node : cfg.cgroups[scope]!;
      return { ...v, level: spec.level, candidates: fakeRank(v.candidates.map((c) => c.proc), spec) };
    });
    this.emit({ ...this.state, config: cfg, scopes });
  }

  async setMode(mode: Mode, scope?: ScopeRef): Promise<void> {
    this.record('setMode', scope === undefined ? [mode] : [mode, scope]);
    if (scope === undefined) {
      const scopes = this.state.scopes.map((v) => (v.policyIndex === null ? v : { ...v, effectiveMode: mode }));
      this.emit({ ...this.state, mode, scopes, config: { ...this.state.config, mode } });
    } else this.edit(scope, (s) => ({ ...s, mode }));
  }

  async setLevel(scope: ScopeRef, level: Level): Promise<void> {
    this.record('setLevel', [scope, level]);
    this.edit(scope, (s) => ({ ...s, level }));
  }

  async addRule(scope: ScopeRef, list: 'protect' | 'prefer', rule: RuleSpec): Promise<void> {
    this.record('addRule', [scope, list, rule]);
    this.spec(scope);
    this.edit(scope, (s) => ({ ...s, [list]: [...s[list], rule] }));
  }

  async updateRule(scope: ScopeRef, list: 'protect' | 'prefer', index: number, rule: RuleSpec): Promise<void> {
    this.record('updateRule', [scope, list, index, rule]);
    if (!this.spec(scope)[list][index]) throw new Error(`no ${list}[${index}]`);
    this.edit(scope, (s) => ({ ...s, [list]: s[list].map((r, i) => (i === index ? rule : r)) }));
  }

  async removeRule(scope: ScopeRef, list: 'protect' | 'prefer', index: number): Promise<void> {
    this.record('removeRule', [scope, list, index]);
    if (!this.spec(scope)[list][index]) throw new Error(`no ${list}[${index}]`);
    this.edit(scope, (s) => ({ ...s, [list]: s[list].filter((_, i) => i !== index) }));
  }

  async manualKill(pid: number, startTime: number, signal: 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP'): Promise<OomtopEvent> {
    this.record('manualKill', [pid, startTime, signal]);
    const proc = this.state.scopes.flatMap((s) => s.candidates).find((c) => c.proc.pid === pid)?.proc;
    const ev = newEvent({
      time: new Date((this.state.sample?.wallTime ?? 0) + this.manualKills++ * 1000).toISOString(),
      t: (this.state.sample?.t ?? 0) + 1,
      type: 'manual-kill',
      mode: this.state.mode,
      victim: proc ? victimInfo(proc) : null,
      rankReason: 'operator',
      signal,
      bytesFreed: proc ? proc.rss : null,
      outcome: proc ? 'exited' : 'gone-before-signal',
      message: 'manual kill from the TUI',
    });
    this.emit({ ...this.state, events: [...this.state.events, ev] });
    return ev;
  }

  wantProcesses(yes: boolean): void {
    this.calls.push({ method: 'wantProcesses', args: [yes] });
  }

  watchRows(scopeId: string, pids: number[]): void {
    this.calls.push({ method: 'watchRows', args: [scopeId, pids] });
  }
}
