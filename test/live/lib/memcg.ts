// Test memory cgroups: created under the v1 memory controller (and, when the
// host has one, a twin group in the cgroup2 tree so per-cgroup memory.pressure
// exists for the same path), removed on every exit path.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_LIMIT_BYTES, MEMCG_ROOT, UNIFIED_ROOT } from './support.js';

/** What the harness knows about a process it started, enough to stop it safely. */
export interface OwnedProcess {
  /** The workload's PID (child of `timeout`); null until known. */
  readonly pid: number | null;
  /** True until its `timeout` parent has been reaped. */
  alive(): boolean;
  /** Signals the `timeout` parent, which forwards it (safe from PID reuse: it is our unreaped child). */
  stop(signal?: NodeJS.Signals): void;
  readonly exited: Promise<unknown>;
}

const live = new Set<Memcg>();
let handlersInstalled = false;

function readNumber(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryRmdir(dir: string | null): boolean {
  if (!dir || !existsSync(dir)) return true;
  try {
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

export class Memcg {
  /** Path as it appears in /proc/PID/cgroup, e.g. "/oomtop-test-stall-1234". */
  readonly path: string;
  readonly dir: string;
  readonly unifiedDir: string | null;
  readonly owned = new Set<OwnedProcess>();
  private destroyed = false;

  constructor(
    readonly name: string,
    readonly limitBytes: number,
  ) {
    this.path = `/oomtop-test-${name}-${process.pid}`;
    this.dir = join(MEMCG_ROOT, this.path);
    const unified = join(UNIFIED_ROOT, this.path);
    if (existsSync(this.dir)) tryRmdir(this.dir); // left by an earlier run with our PID
    mkdirSync(this.dir);
    live.add(this);
    installHandlers();
    writeFileSync(join(this.dir, 'memory.limit_in_bytes'), String(limitBytes));
    let unifiedDir: string | null = null;
    if (existsSync(join(UNIFIED_ROOT, 'cgroup.procs'))) {
      try {
        if (existsSync(unified)) tryRmdir(unified);
        mkdirSync(unified);
        unifiedDir = unified;
      } catch {
        unifiedDir = null; // PSI per cgroup is a bonus, not a requirement
      }
    }
    this.unifiedDir = unifiedDir;
  }

  /** cgroup.procs files a new process must join (v1 first). */
  procsFiles(): string[] {
    const files = [join(this.dir, 'cgroup.procs')];
    if (this.unifiedDir) files.push(join(this.unifiedDir, 'cgroup.procs'));
    return files;
  }

  pids(): number[] {
    if (!existsSync(this.dir)) return [];
    return readFileSync(join(this.dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  }

  /** Kernel memcg OOM kills so far (memory.oom_control "oom_kill"). */
  oomKills(): number {
    const m = /^oom_kill (\d+)$/m.exec(readFileSync(join(this.dir, 'memory.oom_control'), 'utf8'));
    return m ? Number(m[1]) : 0;
  }

  /** memory.stat as numbers (bytes for sizes, counts for events). */
  stat(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const line of readFileSync(join(this.dir, 'memory.stat'), 'utf8').split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0) out[line.slice(0, sp)] = Number(line.slice(sp + 1));
    }
    return out;
  }

  usage(): number {
    return readNumber(join(this.dir, 'memory.usage_in_bytes'));
  }

  maxUsage(): number {
    return readNumber(join(this.dir, 'memory.max_usage_in_bytes'));
  }

  failcnt(): number {
    return readNumber(join(this.dir, 'memory.failcnt'));
  }

  /** Unified-tree memory.pressure text, or null without a cgroup2 twin. */
  pressure(): string | null {
    if (!this.unifiedDir) return null;
    try {
      return readFileSync(join(this.unifiedDir, 'memory.pressure'), 'utf8');
    } catch {
      return null;
    }
  }

  private ownedPidsInside(): number[] {
    const inside = new Set(this.pids());
    const mine: number[] = [];
    for (const p of this.owned) if (p.pid !== null && inside.has(p.pid)) mine.push(p.pid);
    return mine;
  }

  private removeDirs(): boolean {
    try {
      // Uncharge leftover page cache instead of reparenting it to the root cgroup.
      writeFileSync(join(this.dir, 'memory.force_empty'), '0');
    } catch {
      // best effort: rmdir reparents the charges anyway
    }
    return tryRmdir(this.dir) && tryRmdir(this.unifiedDir);
  }

  /** Stops the processes the harness started here, waits for the cgroup to empty, removes it. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    for (const p of this.owned) if (p.alive()) p.stop('SIGTERM');
    const exits = Promise.all([...this.owned].map((p) => p.exited));
    await Promise.race([exits, sleep(6000)]);
    for (let i = 0; i < 50 && this.pids().length > 0; i++) {
      for (const pid of this.ownedPidsInside()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await sleep(100);
    }
    const left = this.pids();
    let removed = false;
    for (let i = 0; i < 20 && !removed; i++) {
      removed = this.removeDirs();
      if (!removed) await sleep(100);
    }
    this.destroyed = removed;
    if (removed) live.delete(this);
    else throw new Error(`could not remove ${this.dir}; processes left: ${left.join(' ') || 'none'}`);
  }

  /** For exit paths where nothing async can run: SIGKILL our processes, wait briefly, rmdir. */
  destroySync(): void {
    if (this.destroyed) return;
    for (let i = 0; i < 30; i++) {
      const mine = this.ownedPidsInside();
      if (this.pids().length === 0 || mine.length === 0) break;
      for (const pid of mine) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      sleepSync(100);
    }
    this.destroyed = this.removeDirs();
    if (this.destroyed) live.delete(this);
  }
}

function cleanupAllSync(): void {
  for (const cg of [...live]) cg.destroySync();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupAllSync);
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(sig, () => {
      cleanupAllSync();
      process.exit(code);
    });
  }
}

/** Creates /sys/fs/cgroup/memory/oomtop-test-<name>-<pid> with the given limit (<= 1 GiB). */
export function createMemcg(name: string, limitBytes: number): Memcg {
  if (!/^[a-z0-9-]{1,32}$/.test(name)) throw new Error(`bad memcg name ${JSON.stringify(name)}`);
  if (!(limitBytes > 0 && limitBytes <= MAX_LIMIT_BYTES)) {
    throw new Error(`test memcg limit must be in (0, ${MAX_LIMIT_BYTES}] bytes, got ${limitBytes}`);
  }
  return new Memcg(name, limitBytes);
}
