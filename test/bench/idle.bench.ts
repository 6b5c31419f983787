// Headless idle cost: `oomtop run` with the shipped policy (events to a temp
// dir) for 60 s on this host, against bare node idling in the same run.
// Targets: <= 0.5 % of one core, RSS <= 70 MB.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResult } from '../live/lib/results.js';

const SECONDS = Number(process.env.IDLE_SECONDS ?? 60);
const WARMUP = 5;
const CLK_TCK = 100; // USER_HZ on Linux
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const shipped = fileURLToPath(new URL('../../config/oomtop.yaml', import.meta.url));

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m ? Number(m[1]) * 1024 : 0;
}

const dir = mkdtempSync(join(tmpdir(), 'oomtop-idle-'));
const config = join(dir, 'oomtop.yaml');
writeFileSync(config, readFileSync(shipped, 'utf8').replace(/^events: .*$/m, `events: ${join(dir, 'events.jsonl')}`));
const procs = {
  oomtop: spawn(process.execPath, [cli, 'run', '--config', config], { stdio: 'ignore' }),
  node: spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }),
};
const stopAll = () => Object.values(procs).forEach((p) => p.kill('SIGKILL'));
process.on('exit', () => {
  stopAll();
  rmSync(dir, { recursive: true, force: true });
});

await new Promise((r) => setTimeout(r, WARMUP * 1000));
const start = { oomtop: cpuTicks(procs.oomtop.pid!), node: cpuTicks(procs.node.pid!) };
const peak = { oomtop: 0, node: 0 };
for (let s = 0; s < SECONDS; s++) {
  await new Promise((r) => setTimeout(r, 1000));
  peak.oomtop = Math.max(peak.oomtop, rssBytes(procs.oomtop.pid!));
  peak.node = Math.max(peak.node, rssBytes(procs.node.pid!));
}
const cpuPct = (name: 'oomtop' | 'node') => ((cpuTicks(procs[name].pid!) - start[name]) / CLK_TCK / SECONDS) * 100;
const result = {
  seconds: SECONDS,
  oomtop: { cpuPctOfCore: cpuPct('oomtop'), peakRssMB: peak.oomtop / 1e6 },
  bareNode: { cpuPctOfCore: cpuPct('node'), peakRssMB: peak.node / 1e6 },
  ratio: { rss: peak.oomtop / peak.node },
  targets: { cpuPctOfCore: 0.5, rssMB: 70 },
  loadavg: readFileSync('/proc/loadavg', 'utf8').trim(),
};
stopAll();
console.log(
  `oomtop run idle over ${SECONDS} s: ${result.oomtop.cpuPctOfCore.toFixed(2)} % of a core (target <= 0.5), ` +
    `peak RSS ${result.oomtop.peakRssMB.toFixed(1)} MB (target <= 70); bare node: ${result.bareNode.cpuPctOfCore.toFixed(2)} %, ` +
    `${result.bareNode.peakRssMB.toFixed(1)} MB (RSS ratio ${result.ratio.rss.toFixed(2)}); load ${result.loadavg}`,
);
console.log(`written to ${writeResult('idle', result)}`);
