// The two near-OOM scenarios of DESIGN.md §3, run in a 512 MiB test memcg:
// "stall" (a hog grows until the memcg OOM-kills it, while file working sets
// thrash) and "benign" (a writer fills the cgroup with cache and dirty pages),
// with the variants the decision corpus records (test/corpus): hog rate and
// cap, two hogs, a steady anon holder, periodic allocate-and-free, read-only
// cache fill.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMemcg, type Memcg } from './memcg.js';
import { readProbeSummary, type ProbeSummary } from './probe.js';
import { nowMs, spawnInCgroup, type Spawned } from './spawn.js';
import { liveSupport } from './support.js';
import { compileWorkloads, evictFromCache, prepareDataFiles, sharedDataDir, type WorkloadBins } from './workloads.js';

const MIB = 1024 * 1024;
/** Setup reads ~400 MiB from disk; a minute means something is wrong, not slow. */
const READY_DEADLINE_MS = 60_000;

async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export type Role = 'probe' | 'wset' | 'churner' | 'protected' | 'preferred' | 'steady' | 'hog';

export interface ScenarioProcess {
  /** Harness name, unique in the run: probe, wset-0.., churner, protected, preferred, hog. */
  name: string;
  role: Role;
  /** comm the workload sets with PR_SET_NAME (what a policy matches on). */
  comm: string;
  /** The workload's own PID (in the test cgroup). */
  pid: number;
  proc: Spawned;
}

export interface ScenarioContext {
  kind: 'stall' | 'benign';
  memcg: Memcg;
  /** As in /proc/PID/cgroup, e.g. "/oomtop-test-stall-1234" (same path in the cgroup2 tree). */
  cgroupPath: string;
  limitBytes: number;
  dataDir: string;
  bins: WorkloadBins;
  /** nowMs() when every steady process was ready: time zero of the run. */
  t0Ms: number;
  elapsedMs(): number;
  processes: Map<string, ScenarioProcess>;
  byComm(comm: string): ScenarioProcess | undefined;
  /** Set once the hog has started growing. */
  hog: ScenarioProcess | null;
  hogStartMs: number | null;
  log(msg: string): void;
}

export interface ScenarioHooks {
  /** Once the steady processes are ready (t0), in every kind of run: start observers (oomtop) here. */
  afterSteady?(ctx: ScenarioContext): Promise<void> | void;
  /** Awaited once the steady processes are ready; the hog starts when it resolves and not before hogAtMs. */
  beforeHog?(ctx: ScenarioContext): Promise<void> | void;
  /** Awaited when the run is over, before the harness stops any workload. */
  beforeStop?(ctx: ScenarioContext): Promise<void> | void;
  /** Awaited after the workloads stopped, before the cgroup is removed; the value lands in result.extra. */
  afterRun?(ctx: ScenarioContext, result: ScenarioResult): Promise<unknown> | unknown;
}

interface CommonOptions {
  /** Memcg name part: /oomtop-test-<name>-<pid>. */
  name?: string;
  limitMiB?: number;
  probeAnonMiB?: number;
  probeFileMiB?: number;
  wsetCount?: number;
  wsetMiB?: number;
  wsetPeriodMs?: number;
  protectedMiB?: number;
  preferredMiB?: number;
  /** An extra process (nr-steady) holding this much anon for the whole run; 0 = none. */
  steadyAnonMiB?: number;
  hooks?: ScenarioHooks;
  log?: (msg: string) => void;
}

export interface ScenarioOptions extends CommonOptions {
  churnFileMiB?: number;
  churnRateMiBs?: number;
  /** The hog starts this long after t0 (or when beforeHog resolves, if later). */
  hogAtMs?: number;
  hogRateMiBs?: number;
  /** Growth cap; default twice the limit, i.e. never reached inside the cgroup. */
  hogCapMiB?: number;
  /** Hogs started together at hogAtMs, each at hogRateMiBs (default 1). */
  hogCount?: number;
  /**
   * Allocate and free: once the hog has reached its cap it holds it holdMs,
   * is stopped (SIGTERM, its memory freed), and a new hog starts periodMs
   * after the previous one did, until the run ends.
   */
  hogCycle?: { holdMs: number; periodMs: number };
  /** The churner reads a big file (default) or writes then reads one. */
  churnMode?: 'read' | 'write';
  /** Result kind (labels only); default 'stall'. */
  kind?: 'stall' | 'benign';
  /** Everything is stopped this long after t0 at the latest. */
  maxDurationMs?: number;
  /** After the hog dies, keep running this long (the probe sees the recovery). */
  settleAfterHogDeathMs?: number;
}

export interface BenignOptions extends CommonOptions {
  /** Size of the file the churner writes then reads back, in a loop. */
  churnWriteMiB?: number;
  /** 0 = as fast as the disk allows. */
  churnWriteRateMiBs?: number;
  /** 'read': the churner only reads a churnFileMiB file (read-only cache fill) at churnWriteRateMiBs. */
  churnMode?: 'read' | 'write';
  churnFileMiB?: number;
  durationMs?: number;
}

export interface ProcessOutcome {
  name: string;
  role: Role;
  comm: string;
  pid: number;
  /** It exited before the harness asked it to stop. */
  died: boolean;
  /** ms after t0 at which it died; null if it lived until the stop. */
  diedAtMs: number | null;
  diedAfterHogMs: number | null;
  /** From the wait status (relayed by timeout(1)). */
  signal: NodeJS.Signals | null;
  exitCode: number | null;
}

export interface MemcgSample {
  atMs: number;
  usage: number;
  rss: number;
  cache: number;
  mappedFile: number;
  dirty: number;
  writeback: number;
  oomKills: number;
}

export interface MemcgFigures {
  peakUsageBytes: number;
  /** memory.max_usage_in_bytes at the end. */
  maxUsageBytes: number;
  peakRssBytes: number;
  peakCacheBytes: number;
  peakMappedFileBytes: number;
  peakDirtyBytes: number;
  /** Lowest mapped_file seen after the hog started (the working set collapsing). */
  minMappedFileAfterHogBytes: number | null;
  failcnt: number;
  workingsetRefaultFile: number;
  pgmajfault: number;
}

export interface ScenarioResult {
  kind: 'stall' | 'benign';
  cgroupPath: string;
  limitBytes: number;
  startWallMs: number;
  /** t0 on CLOCK_MONOTONIC (nowMs()): every *Ms time above and below is relative to it. */
  t0MonoMs: number;
  /** Time spent starting the steady processes, before t0. */
  setupMs: number;
  durationMs: number;
  stopReason: 'hog-died' | 'max-duration' | 'duration';
  hogStartMs: number | null;
  kernelOomKills: number;
  /** First sample (100 ms polling of memory.oom_control) that saw a kernel OOM kill. */
  firstKernelOomMs: number | null;
  firstKernelOomAfterHogMs: number | null;
  probe: ProbeSummary | null;
  /** Start of the probe's first gap over 100 ms, ms after t0 (negative: during setup). */
  probeFirstGapMs: number | null;
  probeFirstGapAfterHogMs: number | null;
  /** Worst probe gap in the whole seconds before the hog started: the noise floor of this run. */
  probeWorstGapBeforeHogMs: number | null;
  /** Worst probe gap in the seconds from the hog's start on. */
  probeWorstGapAfterHogMs: number | null;
  processes: ProcessOutcome[];
  memcg: MemcgFigures;
  /** Every 500 ms. */
  samples: MemcgSample[];
  options: Record<string, unknown>;
  extra?: unknown;
}

interface HogPlan {
  atMs: number;
  rateMiBs: number;
  capMiB: number;
  settleMs: number;
  count: number;
  cycle: { holdMs: number; periodMs: number } | null;
}

interface Plan {
  kind: 'stall' | 'benign';
  opts: CommonOptions;
  dataFiles: Record<string, number>;
  /** The churner's argv given the data file paths and the data dir. */
  churnArgv(bins: WorkloadBins, files: Record<string, string>, dataDir: string): string[];
  hog: HogPlan | null;
  maxDurationMs: number;
  options: Record<string, unknown>;
}

function defaults(o: CommonOptions) {
  return {
    limitMiB: o.limitMiB ?? 512,
    probeAnonMiB: o.probeAnonMiB ?? 8,
    probeFileMiB: o.probeFileMiB ?? 64,
    wsetCount: o.wsetCount ?? 5,
    wsetMiB: o.wsetMiB ?? 64,
    wsetPeriodMs: o.wsetPeriodMs ?? 2000,
    protectedMiB: o.protectedMiB ?? 64,
    preferredMiB: o.preferredMiB ?? 16,
    steadyAnonMiB: o.steadyAnonMiB ?? 0,
  };
}

/** Polls the memcg every 100 ms: OOM kills, peaks, a 500 ms series. */
class Sampler {
  readonly samples: MemcgSample[] = [];
  oomKills = 0;
  firstOomAtMs: number | null = null;
  peak = { usage: 0, rss: 0, cache: 0, mappedFile: 0, dirty: 0 };
  minMappedAfterHog: number | null = null;
  hogStarted = false;
  private n = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private memcg: Memcg,
    private t0: number,
  ) {
    this.timer = setInterval(() => this.sample(), 100);
    this.sample();
  }

  sample(): void {
    try {
      const at = nowMs() - this.t0;
      const kills = this.memcg.oomKills();
      if (kills > this.oomKills && this.firstOomAtMs === null) this.firstOomAtMs = at;
      this.oomKills = kills;
      const st = this.memcg.stat();
      const s: MemcgSample = {
        atMs: Math.round(at),
        usage: this.memcg.usage(),
        rss: (st.rss ?? 0) + (st.rss_huge ?? 0),
        cache: st.cache ?? 0,
        mappedFile: st.mapped_file ?? 0,
        dirty: st.dirty ?? 0,
        writeback: st.writeback ?? 0,
        oomKills: kills,
      };
      const p = this.peak;
      p.usage = Math.max(p.usage, s.usage);
      p.rss = Math.max(p.rss, s.rss);
      p.cache = Math.max(p.cache, s.cache);
      p.mappedFile = Math.max(p.mappedFile, s.mappedFile);
      p.dirty = Math.max(p.dirty, s.dirty + s.writeback);
      if (this.hogStarted) this.minMappedAfterHog = Math.min(this.minMappedAfterHog ?? Infinity, s.mappedFile);
      if (this.n++ % 5 === 0) this.samples.push(s);
    } catch {
      // the cgroup is being torn down
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function runLive(plan: Plan): Promise<ScenarioResult> {
  const support = liveSupport();
  if (!support.ok) throw new Error(`live scenario unsupported: ${support.reason}`);
  const o = defaults(plan.opts);
  const log = plan.opts.log ?? (() => undefined);
  const hooks = plan.opts.hooks ?? {};
  const bins = await compileWorkloads();
  const dataDir = sharedDataDir();
  log(`preparing data files in ${dataDir}`);
  const files = await prepareDataFiles(dataDir, plan.dataFiles);
  await evictFromCache(Object.values(bins));

  const memcg = createMemcg(plan.opts.name ?? plan.kind, o.limitMiB * MIB);
  const startWallMs = Date.now();
  const setupStart = nowMs();
  const timeoutSec = Math.ceil(plan.maxDurationMs / 1000) + 60;
  const processes = new Map<string, ScenarioProcess>();
  let sampler: Sampler | null = null;
  const start = async (name: string, role: Role, comm: string, argv: string[]): Promise<ScenarioProcess> => {
    const proc = await spawnInCgroup(memcg, argv, { name, timeoutSec });
    const p: ScenarioProcess = { name, role, comm, pid: proc.pid!, proc };
    processes.set(name, p);
    return p;
  };
  try {
    const probeOut = join(dataDir, `probe-${memcg.path.slice(1)}.json`);
    await start('protected', 'protected', 'nr-protected', [bins.static, String(o.protectedMiB), 'nr-protected']);
    await start('preferred', 'preferred', 'nr-pref', [bins.static, String(o.preferredMiB), 'nr-pref']);
    if (o.steadyAnonMiB > 0) await start('steady', 'steady', 'nr-steady', [bins.static, String(o.steadyAnonMiB), 'nr-steady']);
    const probeDurationMs = plan.maxDurationMs + 30_000;
    await start('probe', 'probe', 'nr-probe', [bins.probe, probeOut, files.probe!, String(probeDurationMs), String(o.probeAnonMiB)]);
    for (let i = 0; i < o.wsetCount; i++) {
      const comm = `nr-wset${i}`;
      await start(`wset-${i}`, 'wset', comm, [bins.wset, files[`wset-${i}`]!, String(o.wsetPeriodMs), 'shared', comm]);
    }
    const churnArgv = plan.churnArgv(bins, files, dataDir);
    await start('churner', 'churner', churnArgv[1] === 'write' ? 'nr-churn-write' : 'nr-churn-read', churnArgv);
    await withDeadline(Promise.all([...processes.values()].map((p) => p.proc.ready)), READY_DEADLINE_MS, 'steady processes ready');

    const t0Ms = nowMs();
    const setupMs = t0Ms - setupStart;
    sampler = new Sampler(memcg, t0Ms);
    const ctx: ScenarioContext = {
      kind: plan.kind,
      memcg,
      cgroupPath: memcg.path,
      limitBytes: memcg.limitBytes,
      dataDir,
      bins,
      t0Ms,
      elapsedMs: () => nowMs() - t0Ms,
      processes,
      byComm: (comm) => [...processes.values()].find((p) => p.comm === comm),
      hog: null,
      hogStartMs: null,
      log,
    };
    log(`steady after ${Math.round(setupMs)} ms in ${memcg.path}`);
    await hooks.afterSteady?.(ctx);

    let stopReason: ScenarioResult['stopReason'] = plan.hog ? 'max-duration' : 'duration';
    const hogs: ScenarioProcess[] = [];
    // Allocate-and-free: the current hog, when it reached its cap, when the next one starts.
    let cycle: { hog: ScenarioProcess; cappedAtMs: number | null; nextAtMs: number } | null = null;
    const startHog = async (name: string, h: HogPlan): Promise<ScenarioProcess> => {
      const hog = await start(name, 'hog', 'nr-hog', [bins.hog, String(h.rateMiBs), String(h.capMiB), '0', 'nr-hog']);
      await withDeadline(hog.proc.ready, READY_DEADLINE_MS, `${name} ready`); // growth starts right after "ready"
      hogs.push(hog);
      log(`${name} ${hog.pid} started at ${Math.round(ctx.elapsedMs())} ms`);
      return hog;
    };
    if (plan.hog) {
      const h = plan.hog;
      await hooks.beforeHog?.(ctx);
      const wait = h.atMs - ctx.elapsedMs();
      if (wait > 0) await sleep(wait);
      const hog = await startHog('hog', h);
      ctx.hog = hog;
      ctx.hogStartMs = ctx.elapsedMs();
      sampler.hogStarted = true;
      for (let i = 2; i <= h.count; i++) await startHog(`hog-${i}`, h);
      if (h.cycle) cycle = watchCycle(hog, ctx.hogStartMs + h.cycle.periodMs);
    }
    function watchCycle(hog: ScenarioProcess, nextAtMs: number) {
      const c = { hog, cappedAtMs: null as number | null, nextAtMs };
      hog.proc.onLine((line) => {
        if (line === 'capped') c.cappedAtMs = ctx.elapsedMs();
      });
      return c;
    }
    for (;;) {
      const elapsed = ctx.elapsedMs();
      if (elapsed >= plan.maxDurationMs) break;
      const h = plan.hog;
      if (h?.cycle && cycle) {
        if (cycle.cappedAtMs !== null && elapsed - cycle.cappedAtMs >= h.cycle.holdMs) cycle.hog.proc.stop('SIGTERM');
        if (elapsed >= cycle.nextAtMs && !cycle.hog.proc.alive()) {
          const next = await startHog(`hog-c${hogs.length + 1}`, h);
          cycle = watchCycle(next, cycle.nextAtMs + h.cycle.periodMs);
        }
      } else if (h && hogs.length > 0 && hogs.every((x) => x.proc.exit)) {
        const lastExit = Math.max(...hogs.map((x) => x.proc.exit!.atMs));
        if (nowMs() - lastExit >= h.settleMs) {
          stopReason = 'hog-died';
          break;
        }
      }
      await sleep(50);
    }
    await hooks.beforeStop?.(ctx);
    const stopAt = nowMs();
    for (const p of processes.values()) p.proc.stop('SIGTERM');
    await Promise.all([...processes.values()].map((p) => p.proc.exited));
    sampler.sample();
    sampler.stop();

    const probe = readProbeSummary(probeOut);
    const hogStart = ctx.hogStartMs;
    const sinceHog = (ms: number | null) => (ms === null || hogStart === null ? null : ms - hogStart);
    const probeFirstGapMs = probe?.firstGapOver100ms
      ? probe.startMonoMs - t0Ms + probe.firstGapOver100ms.atMs - probe.firstGapOver100ms.gapMs
      : null;
    const st = memcg.stat();
    const result: ScenarioResult = {
      kind: plan.kind,
      cgroupPath: memcg.path,
      limitBytes: memcg.limitBytes,
      startWallMs,
      t0MonoMs: t0Ms,
      setupMs: Math.round(setupMs),
      durationMs: Math.round(stopAt - t0Ms),
      stopReason,
      hogStartMs: hogStart === null ? null : Math.round(hogStart),
      kernelOomKills: sampler.oomKills,
      firstKernelOomMs: sampler.firstOomAtMs === null ? null : Math.round(sampler.firstOomAtMs),
      firstKernelOomAfterHogMs: roundOrNull(sinceHog(sampler.firstOomAtMs)),
      probe,
      probeFirstGapMs: roundOrNull(probeFirstGapMs),
      probeFirstGapAfterHogMs: roundOrNull(sinceHog(probeFirstGapMs)),
      ...probeGapsAroundHog(probe, t0Ms, hogStart),
      processes: [...processes.values()].map((p) => {
        const e = p.proc.exit!;
        const died = !e.stopRequested;
        const diedAtMs = died ? e.atMs - t0Ms : null;
        return {
          name: p.name,
          role: p.role,
          comm: p.comm,
          pid: p.pid,
          died,
          diedAtMs: roundOrNull(diedAtMs),
          diedAfterHogMs: roundOrNull(sinceHog(diedAtMs)),
          signal: e.signal,
          exitCode: e.code,
        };
      }),
      memcg: {
        peakUsageBytes: sampler.peak.usage,
        maxUsageBytes: memcg.maxUsage(),
        peakRssBytes: sampler.peak.rss,
        peakCacheBytes: sampler.peak.cache,
        peakMappedFileBytes: sampler.peak.mappedFile,
        peakDirtyBytes: sampler.peak.dirty,
        minMappedFileAfterHogBytes: sampler.minMappedAfterHog,
        failcnt: memcg.failcnt(),
        workingsetRefaultFile: st.workingset_refault_file ?? 0,
        pgmajfault: st.pgmajfault ?? 0,
      },
      samples: sampler.samples,
      options: plan.options,
    };
    if (hooks.afterRun) result.extra = await hooks.afterRun(ctx, result);
    return result;
  } finally {
    sampler?.stop();
    await memcg.destroy();
  }
}

function probeGapsAroundHog(probe: ProbeSummary | null, t0Ms: number, hogStartMs: number | null) {
  if (!probe || hogStartMs === null) return { probeWorstGapBeforeHogMs: null, probeWorstGapAfterHogMs: null };
  const hogInProbeMs = t0Ms + hogStartMs - probe.startMonoMs;
  let before = 0;
  let after = 0;
  for (const e of probe.timeline) {
    if ((e.s + 1) * 1000 <= hogInProbeMs) before = Math.max(before, e.worstGapMs);
    else after = Math.max(after, e.worstGapMs);
  }
  return { probeWorstGapBeforeHogMs: Math.round(before), probeWorstGapAfterHogMs: Math.round(after) };
}

function roundOrNull(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms);
}

function wsetFiles(o: ReturnType<typeof defaults>): Record<string, number> {
  const files: Record<string, number> = { probe: o.probeFileMiB };
  for (let i = 0; i < o.wsetCount; i++) files[`wset-${i}`] = o.wsetMiB;
  return files;
}

/**
 * The stall: steady processes (probe, wsets, a 200 MiB/s reader of a 2 GiB
 * file, nr-protected, nr-pref), then at hogAtMs a hog growing at 50 MiB/s
 * until something kills it. Ends settleAfterHogDeathMs after the hog died, or
 * at maxDurationMs.
 */
export function runScenario(opts: ScenarioOptions = {}): Promise<ScenarioResult> {
  const o = defaults(opts);
  const churnFileMiB = opts.churnFileMiB ?? 2048;
  const churnRateMiBs = opts.churnRateMiBs ?? 200;
  const churnMode = opts.churnMode ?? 'read';
  const hog: HogPlan = {
    atMs: opts.hogAtMs ?? 8000,
    rateMiBs: opts.hogRateMiBs ?? 50,
    capMiB: opts.hogCapMiB ?? 2 * o.limitMiB,
    settleMs: opts.settleAfterHogDeathMs ?? 3000,
    count: opts.hogCount ?? 1,
    cycle: opts.hogCycle ?? null,
  };
  const maxDurationMs = opts.maxDurationMs ?? 40_000;
  return runLive({
    kind: opts.kind ?? 'stall',
    opts,
    dataFiles: churnMode === 'read' ? { ...wsetFiles(o), churn: churnFileMiB } : wsetFiles(o),
    churnArgv: (bins, files, dataDir) =>
      churnMode === 'read'
        ? [bins.churner, 'read', files.churn!, String(churnRateMiBs)]
        : [bins.churner, 'write', join(dataDir, `churn-write-${process.pid}.bin`), String(churnFileMiB), String(churnRateMiBs)],
    hog,
    maxDurationMs,
    options: { ...o, churnFileMiB, churnRateMiBs, churnMode, hog, maxDurationMs },
  });
}

/**
 * The benign run: the same steady processes, but the churner writes a 2 GiB
 * file then reads it back, in a loop, at full speed: the cgroup fills with
 * cache and dirty pages while anon stays low. No hog.
 */
export function runBenign(opts: BenignOptions = {}): Promise<ScenarioResult> {
  const o = defaults(opts);
  const churnWriteMiB = opts.churnWriteMiB ?? 2048;
  const churnWriteRateMiBs = opts.churnWriteRateMiBs ?? 0;
  const churnMode = opts.churnMode ?? 'write';
  const churnFileMiB = opts.churnFileMiB ?? 2048;
  const durationMs = opts.durationMs ?? 30_000;
  return runLive({
    kind: 'benign',
    opts,
    dataFiles: churnMode === 'read' ? { ...wsetFiles(o), churn: churnFileMiB } : wsetFiles(o),
    churnArgv: (bins, files, dataDir) =>
      churnMode === 'read'
        ? [bins.churner, 'read', files.churn!, String(churnWriteRateMiBs)]
        : [bins.churner, 'write', join(dataDir, `churn-write-${process.pid}.bin`), String(churnWriteMiB), String(churnWriteRateMiBs)],
    hog: null,
    maxDurationMs: durationMs,
    options: { ...o, churnWriteMiB, churnWriteRateMiBs, churnMode, churnFileMiB, durationMs },
  });
}
