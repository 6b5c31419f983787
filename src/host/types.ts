// Raw readings from /proc and /sys. Byte values are bytes, counters are
// cumulative as the kernel reports them; rates are derived later by the model.

/** Where the readers look; tests point these at fixture trees. */
export interface HostRoots {
  proc: string; // default /proc
  sys: string; // default /sys
  /** For /etc/passwd (uid -> user name); default /etc. */
  etc?: string;
}

export const DEFAULT_ROOTS: HostRoots = { proc: '/proc', sys: '/sys' };

export interface MemInfo {
  memTotal: number;
  memFree: number;
  memAvailable: number;
  buffers: number;
  cached: number;
  activeAnon: number;
  inactiveAnon: number;
  activeFile: number;
  inactiveFile: number;
  unevictable: number;
  mlocked: number;
  anonPages: number;
  mapped: number;
  shmem: number;
  sReclaimable: number;
  sUnreclaim: number;
  kernelStack: number;
  pageTables: number;
  swapTotal: number;
  swapFree: number;
  dirty: number;
  writeback: number;
}

/** Sum over all zones of the per-zone watermarks, in bytes. */
export interface Watermarks {
  min: number;
  low: number;
  high: number;
}

/** Cumulative /proc/vmstat counters oomtop uses (pages or events). */
export interface VmStat {
  pgscanKswapd: number;
  pgscanDirect: number;
  pgstealKswapd: number;
  pgstealDirect: number;
  allocstall: number; // sum of allocstall_* zones
  pgmajfault: number;
  workingsetRefaultFile: number;
  workingsetRefaultAnon: number;
  oomKill: number;
}

/** Cumulative CPU jiffies from the aggregate "cpu" line of /proc/stat. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  total: number;
}

export interface PsiLine {
  avg10: number; // percent
  avg60: number;
  avg300: number;
  total: number; // microseconds, cumulative
}

export interface Psi {
  some: PsiLine;
  full: PsiLine | null; // cpu.pressure has no "full" on old kernels
}

export interface NodeReading {
  meminfo: MemInfo;
  watermarks: Watermarks;
  vmstat: VmStat;
  cpu: CpuTimes;
  psiMemory: Psi | null; // null: kernel without PSI (normal)
  psiIo: Psi | null;
  pageSize: number;
}

export type CgroupVersion = 1 | 2;

/**
 * One memory cgroup. `path` is the path as it appears in /proc/PID/cgroup
 * (e.g. "/kubepods/burstable/pod…"), "/" for the root.
 */
export interface CgroupReading {
  path: string;
  version: CgroupVersion;
  usage: number;
  /** Infinity when unlimited. */
  limit: number;
  anon: number; // v1 rss (+rss_huge), v2 anon
  file: number; // v1 cache, v2 file
  shmem: number;
  mappedFile: number; // v1 mapped_file, v2 file_mapped
  activeFile: number;
  inactiveFile: number;
  dirty: number;
  writeback: number;
  unevictable: number;
  swap: number;
  /** Working set as kubelet computes it: usage minus inactive file. */
  workingSet: number;
  pgmajfault: number; // cumulative
  workingsetRefaultFile: number; // cumulative
  workingsetRefaultAnon: number; // cumulative
  failcnt: number | null; // v1 only
  /** v2 memory.events (high, max, oom, oom_kill); v1 gets oom_kill from memory.oom_control */
  events: { high: number; max: number; oom: number; oomKill: number };
  psi: Psi | null; // v2 memory.pressure (on hybrid hosts from the unified tree), when present
  nprocs: number;
}

export interface ProcessReading {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  comm: string; // raw, untrusted
  cmdline: string; // NUL separators turned into spaces, raw, untrusted
  state: string;
  uid: number;
  user: string;
  /** Field 22 of /proc/PID/stat in clock ticks since boot: the identity check. */
  startTime: number;
  rss: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  swap: number;
  oomScore: number;
  oomScoreAdj: number;
  /** Memory cgroup path as in /proc/PID/cgroup ("" when unknown). */
  cgroup: string;
  kernelThread: boolean;
  /** NSpid chain from /proc/PID/status; last is the innermost namespace's PID. */
  nspid: number[];
  containerId: string | null;
  podUid: string | null;
}

export interface ContainerIdentity {
  containerId: string | null;
  runtime: 'containerd' | 'crio' | 'docker' | null;
  podUid: string | null;
  qos: 'guaranteed' | 'burstable' | 'besteffort' | null;
}
