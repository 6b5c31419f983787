// Starting workload processes inside a test cgroup, under timeout(1).
//
// Shape: node -> timeout (outside the cgroup) -> sh, which writes its own PID
// to the cgroup's procs files and then execs the workload, so the workload is
// charged to the cgroup from its first page (its binary included) and the
// cgroup holds workloads only. timeout re-raises the signal that killed its
// child, so timeout's wait status is the workload's.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Memcg, OwnedProcess } from './memcg.js';

/** CLOCK_MONOTONIC in ms: the clock the probe stamps its summary with. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** nowMs() when the exit was seen. */
  atMs: number;
  /** The harness had asked it to stop before it exited. */
  stopRequested: boolean;
  /** timeout(1) ran out (exit 124) */
  timedOut: boolean;
}

export interface SpawnOptions {
  /** Harness-level name, unique within a scenario (e.g. "wset-1"). */
  name: string;
  /** Hard cap on the workload's life, enforced by timeout(1). */
  timeoutSec?: number;
  /** After a stop or the timeout, SIGKILL this many seconds later. */
  killAfterSec?: number;
  cwd?: string;
}

const JOIN_AND_EXEC = 'for f in $1 $2; do echo $$ > "$f" || exit 97; done; shift 2; exec "$@"';
const JOIN_FAILED = 97;

export class Spawned implements OwnedProcess {
  pid: number | null = null;
  exit: ExitInfo | null = null;
  stopRequestedAtMs: number | null = null;
  readonly ready: Promise<void>;
  readonly exited: Promise<ExitInfo>;
  private stderr = '';
  private lineListeners: Array<(line: string) => void> = [];

  constructor(
    readonly name: string,
    readonly argv: string[],
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = {
          code,
          signal,
          atMs: nowMs(),
          stopRequested: this.stopRequestedAtMs !== null,
          timedOut: code === 124,
        };
        resolve(this.exit);
      });
    });
    this.ready = new Promise((resolve, reject) => {
      this.onLine((line) => line === 'ready' && resolve());
      void this.exited.then((e) => reject(new Error(`${this.name} exited before ready: ${describeExit(e)} ${this.stderrTail()}`)));
    });
    this.ready.catch(() => undefined); // callers that never await ready must not see an unhandled rejection
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      partial += chunk;
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        for (const cb of this.lineListeners) cb(line);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4096);
    });
  }

  get timeoutPid(): number {
    return this.child.pid!;
  }

  /** Called for each line the workload prints ("ready", "capped"). */
  onLine(cb: (line: string) => void): void {
    this.lineListeners.push(cb);
  }

  stderrTail(): string {
    return this.stderr.trim();
  }

  alive(): boolean {
    return this.exit === null;
  }

  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.alive()) return;
    this.stopRequestedAtMs ??= nowMs();
    this.child.kill(signal);
  }
}

export function describeExit(e: ExitInfo): string {
  return e.signal ? `killed by ${e.signal}` : `exit ${e.code}`;
}

function memcgOf(pid: number): string | null {
  try {
    const m = /^\d+:memory:(.*)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

function firstChild(pid: number): number | null {
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : null;
  } catch {
    return null;
  }
}

/**
 * Starts argv inside memcg under timeout(1). Resolves once the workload's own
 * PID is known and it sits in the cgroup (before its program has loaded);
 * await `.ready` for the program's "ready" line.
 */
export async function spawnInCgroup(memcg: Memcg, argv: string[], opts: SpawnOptions): Promise<Spawned> {
  if (argv.length === 0) throw new Error('empty argv');
  const [v1, v2 = ''] = memcg.procsFiles();
  const timeoutArgs = [`--kill-after=${opts.killAfterSec ?? 3}`, String(opts.timeoutSec ?? 120)];
  const child = spawn('timeout', [...timeoutArgs, 'sh', '-c', JOIN_AND_EXEC, 'sh', v1!, v2, ...argv], {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = new Spawned(opts.name, argv, child);
  memcg.owned.add(proc);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const deadline = nowMs() + 5000;
  while (proc.alive() && nowMs() < deadline) {
    const pid = firstChild(proc.timeoutPid);
    if (pid !== null && memcgOf(pid) === memcg.path) {
      proc.pid = pid;
      return proc;
    }
    await sleep(2);
  }
  proc.stop('SIGKILL');
  const e = await proc.exited;
  const why = e.code === JOIN_FAILED ? `could not join ${memcg.path}` : describeExit(e);
  throw new Error(`${opts.name}: ${why} ${proc.stderrTail()}`);
}
