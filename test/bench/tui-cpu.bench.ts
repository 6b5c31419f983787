// CPU of the real oomtop TUI at its default refresh against htop at the same
// refresh (htop -d 10 = 1 s), both in a 120x40 pseudo-terminal, measured over
// the same 60 s so they share the machine's noise. Measured alongside, to split
// oomtop's CPU between the screen and the engine: a second oomtop TUI frozen
// with 'z' (the engine keeps sampling and scanning processes for the kill list,
// the screen is not redrawn), and the headless enforcer (`oomtop run`, no
// process scans while nothing is in danger), all on the same config; and the
// renderer's floor: a bare blessed screen of 40 rows that all change once a
// second (blessed-floor.mjs), no oomtop code at all.
// CPU = utime+stime from /proc/PID/stat after a warm-up. Targets: the TUI at
// most htop's CPU and at most 2 % of one core.
// Needs: dist/cli.js (npm run build), util-linux script, htop (apt-get install htop).
// Run: node --import tsx test/bench/tui-cpu.bench.ts   (BENCH_SECONDS=N to shorten)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportResult } from './results.js';
import { hasScript, startPty, type PtyRun } from '../e2e/pty.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP_MS = 8000;
const COLS = 120;
const ROWS = 40;
const TICK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime in seconds, and RSS in bytes, of one process. */
function usage(pid: number): { cpu: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the comm start at 3 (state): utime is 14, stime 15, rss 24 (pages).
  const cpu = (Number(f[14 - 3]) + Number(f[15 - 3])) / TICK;
  const rss = Number(f[24 - 3]) * 4096;
  return { cpu, rss };
}

function need(ok: boolean, why: string): void {
  if (!ok) {
    console.error(`tui-cpu bench: ${why}`);
    process.exit(2);
  }
}

async function waitPid(run: PtyRun, what: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const pid = run.programPid();
    if (pid) return pid;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start:\n${run.text()}`);
}

async function main() {
  need(existsSync(CLI), 'dist/cli.js missing: run npm run build');
  need(hasScript, 'util-linux script is missing');
  need(spawnSync('htop', ['--version'], { stdio: 'ignore' }).status === 0, 'htop is missing: apt-get install -y htop');
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-bench-'));
  const config = join(dir, 'oomtop.yaml');
  // The shipped policy, dry-run so nothing can be killed, its log in the temp dir.
  const shipped = readFileSync(join(ROOT, 'config/oomtop.yaml'), 'utf8');
  writeFileSync(config, shipped.replace(/^mode: armed$/m, 'mode: dry-run').replace(/^events: .*$/m, `events: ${join(dir, 'events.jsonl')}`));
  const oomtop = startPty({ cols: COLS, rows: ROWS, command: `node '${CLI}' --config '${config}'`, comm: 'node', cwd: ROOT, timeoutSec: SECONDS + 60 });
  const frozen = startPty({ cols: COLS, rows: ROWS, command: `node '${CLI}' --config '${config}'`, comm: 'node', cwd: ROOT, timeoutSec: SECONDS + 60 });
  const htop = startPty({ cols: COLS, rows: ROWS, command: 'htop -d 10', comm: 'htop', timeoutSec: SECONDS + 60 });
  const floor = startPty({ cols: COLS, rows: ROWS, command: `'${process.execPath}' '${join(ROOT, 'test/bench/blessed-floor.mjs')}'`, comm: 'node', cwd: ROOT, timeoutSec: SECONDS + 60 });
  const headless = spawn('timeout', ['-k', '5', String(SECONDS + 60), process.execPath, CLI, 'run', '--config', config], { stdio: 'ignore', cwd: ROOT });
  try {
    const pids = { oomtop: await waitPid(oomtop, 'oomtop'), frozen: await waitPid(frozen, 'frozen oomtop'), htop: await waitPid(htop, 'htop'), floor: await waitPid(floor, 'blessed floor'), headless: 0 };
    // timeout(1) forks oomtop run: wait for the child to appear.
    for (let i = 0; i < 100 && pids.headless === 0; i++) {
      const kids = readFileSync(`/proc/${headless.pid}/task/${headless.pid}/children`, 'utf8').trim();
      if (kids) pids.headless = Number(kids.split(/\s+/)[0]);
      else await new Promise((r) => setTimeout(r, 100));
    }
    need(pids.headless > 0, 'oomtop run did not start');
    await oomtop.waitFor((l) => /^oomtop /.test(l[0] ?? '') && l.some((x) => /^ +RANK +PID/.test(x)), 30_000, 'the oomtop screen');
    await frozen.waitFor((l) => l.some((x) => /^ +RANK +PID/.test(x)), 30_000, 'the second oomtop screen');
    await frozen.press('z');
    await frozen.waitFor((l) => / FROZEN /.test(l[1] ?? ''), 5_000, 'the frozen header');
    await htop.waitFor((l) => l.some((x) => /Load average/.test(x)), 30_000, 'the htop screen');
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const start = { oomtop: usage(pids.oomtop), frozen: usage(pids.frozen), htop: usage(pids.htop), floor: usage(pids.floor), headless: usage(pids.headless) };
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const end = { oomtop: usage(pids.oomtop), frozen: usage(pids.frozen), htop: usage(pids.htop), floor: usage(pids.floor), headless: usage(pids.headless) };
    const wall = (Date.now() - t0) / 1000;
    const pct = (k: keyof typeof end) => +((100 * (end[k].cpu - start[k].cpu)) / wall).toFixed(2);
    const header = oomtop.lines()[1] ?? '';
    const result = {
      terminal: `${COLS}x${ROWS}`,
      seconds: +wall.toFixed(1),
      warmupSeconds: WARMUP_MS / 1000,
      clockTicksPerSecond: TICK,
      oomtopTuiCpuPct: pct('oomtop'),
      htopCpuPct: pct('htop'),
      oomtopFrozenTuiCpuPct: pct('frozen'),
      oomtopHeadlessCpuPct: pct('headless'),
      blessedFloorCpuPct: pct('floor'),
      screenShareCpuPct: +(pct('oomtop') - pct('frozen')).toFixed(2),
      engineShareCpuPct: pct('frozen'),
      ratioTuiToHtop: +(pct('oomtop') / Math.max(pct('htop'), 0.01)).toFixed(2),
      ratioTuiToHeadless: +(pct('oomtop') / Math.max(pct('headless'), 0.01)).toFixed(2),
      ratioFloorToHtop: +(pct('floor') / Math.max(pct('htop'), 0.01)).toFixed(2),
      rssMiB: { oomtopTui: +(end.oomtop.rss / 2 ** 20).toFixed(1), oomtopFrozenTui: +(end.frozen.rss / 2 ** 20).toFixed(1), htop: +(end.htop.rss / 2 ** 20).toFixed(1), oomtopHeadless: +(end.headless.rss / 2 ** 20).toFixed(1) },
      oomtopRefresh: /every (\d+ms)/.exec(header)?.[1] ?? null,
      targets: { tuiAtMostHtop: pct('oomtop') <= pct('htop'), tuiAtMost2PctOfACore: pct('oomtop') <= 2 },
      note: 'CPU = (utime+stime) delta / wall time, percent of one core; all five run at the same time; blessedFloor = a bare blessed screen (no oomtop code) whose 40 rows all change once a second; screenShare = live TUI - frozen TUI (rendering), engineShare = frozen TUI (sampling, process scans for the kill list, ranking); htop -d 10 (1 s) vs oomtop default refresh (interval max 1000 ms when memory is plentiful); oomtop run is the engine alone (same config, no screen)',
    };
    reportResult('tui-cpu', result);
  } finally {
    const headlessExit = new Promise((r) => headless.once('exit', r));
    oomtop.stop();
    frozen.stop();
    htop.stop();
    floor.stop();
    headless.kill('SIGTERM');
    // Everything gone (the enforcer logs its stop) before the temp dir goes.
    await Promise.race([Promise.all([oomtop.exited, frozen.exited, htop.exited, floor.exited, headlessExit]), new Promise((r) => setTimeout(r, 10_000))]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
