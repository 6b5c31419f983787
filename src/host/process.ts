import { closeSync, openSync, readdirSync } from 'node:fs';
import type { ContainerIdentity, HostRoots, ProcessReading } from './types.js';
import { isVanished, readFdText, readText, readTextOrNull } from './fsread.js';
import { parseContainerIdentity } from './container.js';
import { UserNames } from './users.js';
import { DEFAULT_PAGE_SIZE } from './node.js';

/** PF_KTHREAD in the flags field of /proc/PID/stat. */
const PF_KTHREAD = 0x00200000;
/** Longest cmdline kept: enough for rules and display, bounded for hostile argv. */
export const CMDLINE_MAX = 4096;

export interface PidStat {
  comm: string;
  state: string;
  ppid: number;
  pgid: number;
  sid: number;
  flags: number;
  /** Field 22, clock ticks since boot. */
  startTime: number;
  /** Field 24, resident pages. */
  rssPages: number;
}

/**
 * Parses /proc/PID/stat. comm may contain spaces, parentheses and newlines,
 * so it is taken between the first '(' and the LAST ')'; the numeric fields
 * follow the last ')'. Returns null for text that is not a stat line.
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state): field n is f[n - 3].
  if (f.length < 22) return null;
  return {
    comm: text.slice(open + 1, close),
    state: f[0] as string,
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    sid: Number(f[3]),
    flags: Number(f[6]),
    startTime: Number(f[19]),
    rssPages: Number(f[21]),
  };
}

export interface PidStatus {
  uid: number;
  nspid: number[];
  rss: number;
  rssAnon: number;
  rssFile: number;
  rssShmem: number;
  swap: number;
}

/** Value after "\n<key>:" (or at the start) up to the end of its line; null when absent. */
function field(text: string, key: string): string | null {
  let at = text.startsWith(key + ':') ? 0 : text.indexOf('\n' + key + ':');
  if (at < 0) return null;
  if (at > 0) at++;
  const start = at + key.length + 1;
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

function kb(text: string, key: string): number {
  const v = field(text, key);
  if (v === null) return 0;
  const n = parseInt(v, 10);
  return Number.isFinite(n) ? n * 1024 : 0;
}

/**
 * Parses /proc/PID/status. uid is the effective uid (the owner ps and top
 * show). Memory lines are absent for kernel threads and zombies: 0.
 */
export function parsePidStatus(text: string): PidStatus {
  const uidLine = field(text, 'Uid');
  const uids = uidLine === null ? [] : uidLine.trim().split(/\s+/).map(Number);
  const nspidLine = field(text, 'NSpid');
  const nspid = nspidLine === null ? [] : nspidLine.trim().split(/\s+/).map(Number).filter(Number.isFinite);
  return {
    uid: uids[1] ?? uids[0] ?? -1,
    nspid,
    rss: kb(text, 'VmRSS'),
    rssAnon: kb(text, 'RssAnon'),
    rssFile: kb(text, 'RssFile'),
    rssShmem: kb(text, 'RssShmem'),
    swap: kb(text, 'VmSwap'),
  };
}

/**
 * The memory cgroup path from /proc/PID/cgroup: the v1 line whose controller
 * list contains "memory", else the cgroup2 "0::" line; "" when neither.
 */
export function parsePidCgroup(text: string): string {
  let unified = '';
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = line.indexOf(':', a + 1);
    if (a < 0 || b < 0) continue;
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (controllers === '') {
      if (line.slice(0, a) === '0') unified = path;
    } else if (controllers.split(',').includes('memory')) {
      return path;
    }
  }
  return unified;
}

/** NUL-separated argv -> one line: NULs become spaces, trailing ones dropped, capped. */
export function parseCmdline(text: string, max: number = CMDLINE_MAX): string {
  let s = text.length > max ? text.slice(0, max) : text;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  s = s.slice(0, end);
  return s.includes('\0') ? s.replace(/\0/g, ' ') : s;
}

/** Thrown internally when the process disappears mid-read. */
class Vanished extends Error {}

const PID_FILES = ['stat', 'status', 'oom_score', 'oom_score_adj', 'cgroup', 'cmdline'] as const;
type PidFile = (typeof PID_FILES)[number];

/**
 * Reads one /proc/PID file. Vanished (ENOENT/ESRCH) -> throws Vanished, so
 * the caller drops the process; other errors (EACCES, EISDIR, ...) -> null,
 * so the caller keeps the process with a default for that file.
 */
type PidSource = (file: PidFile, encoding: BufferEncoding) => string | null;

function classify(err: unknown): null {
  if (isVanished(err)) throw new Vanished();
  return null;
}

function freshSource(dir: string): PidSource {
  return (file, encoding) => {
    try {
      return readText(`${dir}/${file}`, encoding);
    } catch (err) {
      return classify(err);
    }
  };
}

/**
 * The fds of one process's files, kept open across scans: open+close cost
 * 20-30 us per file on this host against 3-10 us for a re-read at position 0
 * (test/bench/sample.bench.ts). An fd on /proc/PID/x refers to that process,
 * not to the number: after the process exits, reads fail with ESRCH even if
 * the PID is reused, and the fd pins only the small struct pid, never the
 * process's memory.
 */
class KeptPid {
  readonly fds = new Map<PidFile, number>();
  constructor(private readonly dir: string) {}

  readonly source: PidSource = (file, encoding) => {
    let fd = this.fds.get(file);
    try {
      if (fd === undefined) {
        fd = openSync(`${this.dir}/${file}`, 'r');
        this.fds.set(file, fd);
      }
      return readFdText(fd, encoding);
    } catch (err) {
      return classify(err);
    }
  };

  close(): void {
    for (const fd of this.fds.values()) {
      try {
        closeSync(fd);
      } catch {
        // nothing left to release
      }
    }
    this.fds.clear();
  }
}

function intOr(text: string | null, fallback: number): number {
  if (text === null) return fallback;
  const n = parseInt(text, 10);
  return Number.isFinite(n) ? n : fallback;
}

/** Soft RLIMIT_NOFILE from /proc/self/limits (node raises the soft limit to the hard one at start). */
export function openFileLimit(proc: string = '/proc'): number {
  const text = readTextOrNull(`${proc}/self/limits`) ?? '';
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!m) return 1024;
  return m[1] === 'unlimited' ? 1 << 20 : Number(m[1]);
}

export interface ProcessReaderOptions {
  roots?: HostRoots;
  pageSize?: number;
  /**
   * Most fds scan() may keep open for re-reading; past it, processes are read
   * with open/read/close. Default: half the soft open-file limit, leaving the
   * rest to the rest of oomtop (pidfds, logs, cgroup files).
   */
  fdBudget?: number;
}

/** Reads processes from <proc>; caches uid->name, cgroup path->container identity and (in scan) fds. */
export class ProcessReader {
  private readonly proc: string;
  private readonly pageSize: number;
  private readonly users: UserNames;
  private readonly fdBudget: number;
  private containers = new Map<string, ContainerIdentity>();
  private kept = new Map<number, KeptPid>();
  private keptFds = 0;

  constructor(opts: ProcessReaderOptions = {}) {
    const roots = opts.roots ?? { proc: '/proc', sys: '/sys' };
    this.proc = roots.proc;
    this.pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    this.users = new UserNames(roots.etc ?? '/etc');
    this.fdBudget = opts.fdBudget ?? Math.floor(openFileLimit() / 2);
  }

  private container(path: string): ContainerIdentity {
    let id = this.containers.get(path);
    if (!id) {
      id = parseContainerIdentity(path);
      this.containers.set(path, id);
    }
    return id;
  }

  /** One process read fresh, no kept fds (e.g. right before a kill); null when it does not exist or vanished. */
  read(pid: number): ProcessReading | null {
    if (!Number.isInteger(pid) || pid <= 0) return null;
    try {
      return this.readFrom(pid, freshSource(`${this.proc}/${pid}`));
    } catch (err) {
      if (err instanceof Vanished) return null;
      throw err;
    }
  }

  private readFrom(pid: number, src: PidSource): ProcessReading | null {
    const statText = src('stat', 'utf8');
    const stat = statText === null ? null : parsePidStat(statText);
    if (stat === null) return null; // without stat there is no identity (start time) to act on
    const kernelThread = (stat.flags & PF_KTHREAD) !== 0;
    // Kernel threads own no user memory, cannot be OOM-killed and live in the
    // root cgroup: skip their other files (most of the PIDs on many hosts).
    if (kernelThread) {
      return {
        pid,
        ppid: stat.ppid,
        pgid: stat.pgid,
        sid: stat.sid,
        comm: stat.comm,
        cmdline: '',
        state: stat.state,
        uid: 0,
        user: this.users.name(0),
        startTime: stat.startTime,
        rss: 0,
        rssAnon: 0,
        rssFile: 0,
        rssShmem: 0,
        swap: 0,
        oomScore: 0,
        oomScoreAdj: 0,
        cgroup: '/',
        kernelThread,
        nspid: [pid],
        containerId: null,
        podUid: null,
      };
    }
    const statusText = src('status', 'latin1');
    const status = statusText === null ? null : parsePidStatus(statusText);
    const oomScore = intOr(src('oom_score', 'latin1'), 0);
    const oomScoreAdj = intOr(src('oom_score_adj', 'latin1'), 0);
    const cgroupText = src('cgroup', 'utf8');
    const cmdlineText = src('cmdline', 'utf8');
    const cgroup = cgroupText === null ? '' : parsePidCgroup(cgroupText);
    const identity = this.container(cgroup);
    const uid = status?.uid ?? -1;
    return {
      pid,
      ppid: stat.ppid,
      pgid: stat.pgid,
      sid: stat.sid,
      comm: stat.comm,
      cmdline: cmdlineText === null ? '' : parseCmdline(cmdlineText),
      state: stat.state,
      uid,
      user: uid < 0 ? '?' : this.users.name(uid),
      startTime: stat.startTime,
      // status unreadable: stat's resident pages still give the total
      rss: status?.rss ?? stat.rssPages * this.pageSize,
      rssAnon: status?.rssAnon ?? 0,
      rssFile: status?.rssFile ?? 0,
      rssShmem: status?.rssShmem ?? 0,
      swap: status?.swap ?? 0,
      oomScore,
      oomScoreAdj,
      cgroup,
      kernelThread,
      nspid: status && status.nspid.length > 0 ? status.nspid : [pid],
      containerId: identity.containerId,
      podUid: identity.podUid,
    };
  }

  private dropKept(pid: number): void {
    const k = this.kept.get(pid);
    if (k) {
      this.keptFds -= k.fds.size;
      k.close();
      this.kept.delete(pid);
    }
  }

  /** Scan read: kept fds while within budget; a kept process that vanished is retried fresh once (PID reuse). */
  private readKept(pid: number): ProcessReading | null {
    let k = this.kept.get(pid);
    if (!k && this.keptFds + PID_FILES.length <= this.fdBudget) {
      k = new KeptPid(`${this.proc}/${pid}`);
      this.kept.set(pid, k);
    }
    if (!k) return this.read(pid);
    const before = k.fds.size;
    try {
      const r = this.readFrom(pid, k.source);
      this.keptFds += k.fds.size - before;
      return r;
    } catch (err) {
      this.keptFds += k.fds.size - before;
      this.dropKept(pid);
      if (!(err instanceof Vanished)) throw err;
      return this.read(pid);
    }
  }

  /** PIDs (thread-group leaders) currently listed in <proc>. */
  pids(): number[] {
    const out: number[] = [];
    for (const name of readdirSync(this.proc)) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(name);
      if (Number.isInteger(pid)) out.push(pid);
    }
    return out;
  }

  /** Every process; those vanishing mid-scan are dropped, unreadable files give defaults. */
  scan(): ProcessReading[] {
    this.users.refresh();
    // The container memo only needs the paths seen recently; rebuild it when it grows.
    if (this.containers.size > 4096) this.containers = new Map();
    const pids = this.pids();
    const seen = new Set(pids);
    for (const pid of this.kept.keys()) if (!seen.has(pid)) this.dropKept(pid);
    const out: ProcessReading[] = [];
    for (const pid of pids) {
      const p = this.readKept(pid);
      if (p !== null) out.push(p);
    }
    return out;
  }

  /** Number of fds scan() currently keeps open. */
  get openFds(): number {
    return this.keptFds;
  }

  close(): void {
    for (const k of this.kept.values()) k.close();
    this.kept.clear();
    this.keptFds = 0;
  }
}
