// Where the TUI's engine CPU goes: the engine alone (no screen) in each mode
// the TUI adds to headless (engine-mode.mjs), two processes of each, all at
// once for the same seconds, so they share the machine's noise. Each step is
// reported with its increment over the one before.
// CPU = utime+stime from /proc/PID/stat after a warm-up, percent of one core.
// Needs: dist/ (npm run build).
// Run: node --import tsx test/bench/engine-modes.bench.ts   (BENCH_SECONDS=N to shorten)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportResult } from './results.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 90);
const WARMUP_MS = 10_000;
const COPIES = 2;
const STEPS = ['headless', 'subscribed', 'scanning', 'rows'] as const;
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[14 - 3]) + Number(f[15 - 3])) / TICK;
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/app/runtime.js'))) throw new Error('dist/ missing: run npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-bench-'));
  const config = join(dir, 'oomtop.yaml');
  const shipped = readFileSync(join(ROOT, 'config/oomtop.yaml'), 'utf8');
  writeFileSync(config, shipped.replace(/^mode: armed$/m, 'mode: dry-run').replace(/^events: .*$/m, `events: ${join(dir, 'events.jsonl')}`));
  const runs: { step: (typeof STEPS)[number]; child: ChildProcess }[] = [];
  try {
    for (let c = 0; c < COPIES; c++) {
      for (const step of STEPS) {
        const child = spawn(process.execPath, [join(ROOT, 'test/bench/engine-mode.mjs'), config], { env: { ...process.env, STEP: step }, stdio: 'ignore', cwd: ROOT });
        runs.push({ step, child });
      }
    }
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const start = runs.map((r) => cpuSeconds(r.child.pid!));
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const end = runs.map((r) => cpuSeconds(r.child.pid!));
    const wall = (Date.now() - t0) / 1000;
    const pct = STEPS.map((step) => {
      const mine = runs.map((r, i) => (r.step === step ? (100 * (end[i]! - start[i]!)) / wall : null)).filter((x): x is number => x !== null);
      return +(mine.reduce((a, b) => a + b, 0) / mine.length).toFixed(2);
    });
    const result = {
      seconds: +wall.toFixed(1),
      copies: COPIES,
      cpuPct: Object.fromEntries(STEPS.map((s, i) => [s, pct[i]])),
      addedPct: Object.fromEntries(STEPS.map((s, i) => [s, +(pct[i]! - (i ? pct[i - 1]! : 0)).toFixed(2)])),
      note: 'mean CPU of the copies of each mode, percent of one core; headless = oomtop run; subscribed = + a state subscriber (cgroups walked every 2 s instead of 5 s); scanning = + process scan and ranking for the kill list every 2 s; rows = + pidusage for the CPU % of 14 kill-list rows every 2 s',
    };
    reportResult('engine-modes', result);
  } finally {
    const exits = runs.map((r) => new Promise((res) => (r.child.exitCode !== null ? res(null) : r.child.once('exit', res))));
    for (const r of runs) r.child.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 10_000))]);
    for (const r of runs) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
