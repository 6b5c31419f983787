// Whether this host can run the live near-OOM tests, and why not when it cannot.
import { accessSync, constants, mkdirSync, readFileSync, rmdirSync, statfsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MEMCG_ROOT = '/sys/fs/cgroup/memory';
export const UNIFIED_ROOT = '/sys/fs/cgroup/unified';
/** The harness refuses bigger test cgroups: the project rule for live tests. */
export const MAX_LIMIT_BYTES = 1024 * 1024 * 1024;
/** Headroom the host must keep beyond a test cgroup's limit before a run starts. */
const MIN_HOST_AVAILABLE_BYTES = 2 * 1024 * 1024 * 1024;
const TMPFS_MAGIC = 0x01021994;

export type LiveSupport = { ok: true } | { ok: false; reason: string };

function hasCommand(cmd: string, arg: string): boolean {
  const r = spawnSync(cmd, [arg], { stdio: 'ignore' });
  return r.status === 0;
}

export function hostAvailableBytes(): number {
  const m = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Data files must be real disk-backed page cache: on tmpfs they would be unreclaimable shmem. */
export function isTmpfs(dir: string): boolean {
  return statfsSync(dir).type === TMPFS_MAGIC;
}

export function liveSupport(): LiveSupport {
  if (process.platform !== 'linux') return { ok: false, reason: 'live tests need Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'live tests need root (they create memory cgroups)' };
  try {
    accessSync(join(MEMCG_ROOT, 'memory.limit_in_bytes'), constants.R_OK);
  } catch {
    return { ok: false, reason: `no cgroup v1 memory controller at ${MEMCG_ROOT}` };
  }
  const probe = join(MEMCG_ROOT, `oomtop-test-support-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (err) {
    return { ok: false, reason: `cannot create memory cgroups under ${MEMCG_ROOT}: ${(err as Error).message}` };
  }
  if (!hasCommand('cc', '--version')) return { ok: false, reason: 'no C compiler (cc) to build the workload programs' };
  if (!hasCommand('timeout', '--version')) return { ok: false, reason: 'no timeout(1) (coreutils)' };
  if (isTmpfs(tmpdir())) return { ok: false, reason: `${tmpdir()} is tmpfs: data files must live on a disk` };
  const avail = hostAvailableBytes();
  if (avail < MIN_HOST_AVAILABLE_BYTES + MAX_LIMIT_BYTES) {
    return { ok: false, reason: `host MemAvailable ${Math.round(avail / 2 ** 20)} MiB is too low for a live test` };
  }
  return { ok: true };
}
