// Builds the C workload programs and the data files the scenarios read.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isTmpfs } from './support.js';

const run = promisify(execFile);
const SOURCE_DIR = fileURLToPath(new URL('../workload/', import.meta.url));
export const WORKLOADS = ['probe', 'wset', 'churner', 'hog', 'static', 'datafile'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];
export type WorkloadBins = Record<WorkloadName, string>;

const MIB = 1024 * 1024;
const tempDirs: string[] = [];
let removalInstalled = false;

/** A temp dir on the same disk as os.tmpdir(), removed when the process exits. */
function processTempDir(prefix: string): string {
  if (isTmpfs(tmpdir())) throw new Error(`${tmpdir()} is tmpfs: live data must be disk-backed`);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  if (!removalInstalled) {
    removalInstalled = true;
    process.on('exit', removeTempDirs);
  }
  return dir;
}

/** Removes the binaries and data files this process created. */
export function removeTempDirs(): void {
  while (tempDirs.length) rmSync(tempDirs.pop()!, { recursive: true, force: true });
  binsPromise = null;
  dataDir = null;
}

let binsPromise: Promise<WorkloadBins> | null = null;

/** Compiles every workload with `cc -O2` into a temp dir, once per process. */
export function compileWorkloads(): Promise<WorkloadBins> {
  binsPromise ??= (async () => {
    const out = processTempDir('oomtop-live-bin-');
    const entries = await Promise.all(
      WORKLOADS.map(async (name) => {
        const bin = join(out, name);
        await run('cc', ['-O2', '-Wall', '-o', bin, join(SOURCE_DIR, `${name}.c`), '-lpthread']);
        return [name, bin] as const;
      }),
    );
    return Object.fromEntries(entries) as WorkloadBins;
  })();
  binsPromise.catch(() => (binsPromise = null));
  return binsPromise;
}

let dataDir: string | null = null;

/** One data dir per process, so repeated runs (benchmarks) reuse the files. */
export function sharedDataDir(): string {
  dataDir ??= processTempDir('oomtop-live-data-');
  return dataDir;
}

/**
 * fsync + posix_fadvise(DONTNEED) the files (data and copied binaries), so the
 * test cgroup is charged for their page cache when its processes touch them.
 */
export async function evictFromCache(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  const bins = await compileWorkloads();
  await run(bins.datafile, ['evict', ...paths]);
}

/**
 * Creates `<dir>/<name>.bin` of the given size in MiB from /dev/urandom for
 * each entry (kept if it already has that size), then evicts all of them from
 * the page cache. Returns name -> path.
 */
export async function prepareDataFiles(dir: string, sizesMiB: Record<string, number>): Promise<Record<string, string>> {
  const bins = await compileWorkloads();
  const paths: Record<string, string> = {};
  for (const [name, mib] of Object.entries(sizesMiB)) {
    if (!/^[\w.-]+$/.test(name) || !(Number.isInteger(mib) && mib > 0)) throw new Error(`bad data file ${name}=${mib}`);
    const path = join(dir, `${name}.bin`);
    paths[name] = path;
    if (!existsSync(path) || statSync(path).size !== mib * MIB) {
      // One at a time: parallel writers would only compete for the same disk.
      await run(bins.datafile, ['create', path, String(mib)], { timeout: 300_000 });
    }
  }
  await evictFromCache(Object.values(paths));
  return paths;
}
