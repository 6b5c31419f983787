import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuPercents, psiPercent, ratePerSec, cgroupPoint, nodePoint } from '../../src/model/derive.js';
import { Model } from '../../src/model/model.js';
import type { CgroupReading, NodeReading } from '../../src/host/types.js';
import type { Sample } from '../../src/sample/types.js';

const MiB = 1 << 20;

export function nodeReading(over: { anon?: number; majfault?: number; oomKill?: number; cpu?: Partial<NodeReading['cpu']> } = {}): NodeReading {
  const m = (x: number) => x * MiB;
  return {
    meminfo: {
      memTotal: m(1024), memFree: m(200), memAvailable: m(600), buffers: m(10), cached: m(400), activeAnon: m(100), inactiveAnon: m(50),
      activeFile: m(200), inactiveFile: m(200), unevictable: 0, mlocked: 0, anonPages: over.anon ?? m(150), mapped: m(60), shmem: m(5),
      sReclaimable: m(20), sUnreclaim: m(10), kernelStack: m(2), pageTables: m(3), swapTotal: 0, swapFree: 0, dirty: m(1), writeback: 0,
    },
    watermarks: { min: m(10), low: m(12), high: m(14) },
    vmstat: { pgscanKswapd: 0, pgscanDirect: 0, pgstealKswapd: 0, pgstealDirect: 0, allocstall: 0, pgmajfault: over.majfault ?? 0, workingsetRefaultFile: 0, workingsetRefaultAnon: 0, oomKill: over.oomKill ?? 0 },
    cpu: { user: 100, nice: 0, system: 50, idle: 800, iowait: 50, irq: 0, softirq: 0, steal: 0, total: 1000, ...over.cpu },
    psiMemory: null,
    psiIo: null,
    pageSize: 4096,
  };
}

function cgroup(path: string, usage: number, limit = 512 * MiB): CgroupReading {
  return {
    path, version: 1, usage, limit, anon: 100 * MiB, file: usage - 100 * MiB, shmem: 0, mappedFile: 30 * MiB, activeFile: 50 * MiB,
    inactiveFile: usage - 150 * MiB, dirty: 0, writeback: 0, unevictable: 0, swap: 0, workingSet: 150 * MiB, pgmajfault: 0,
    workingsetRefaultFile: 0, workingsetRefaultAnon: 0, failcnt: 0, events: { high: 0, max: 0, oom: 0, oomKill: 0 }, psi: null, nprocs: 3,
  };
}

function sample(t: number, node: NodeReading, cgroups: CgroupReading[]): Sample {
  return { t, wallTime: t, node, cgroups, processes: null, cost: { fastMs: 0, processMs: null } };
}

test('cpu percentages come from the interval, not since boot', () => {
  const prev = nodeReading().cpu;
  const cur = { ...prev, user: 150, system: 100, iowait: 150, idle: 1000, total: 1400 };
  const p = cpuPercents(cur, prev);
  assert.equal(p.system, 12.5);
  assert.equal(p.iowait, 25);
  assert.deepEqual(cpuPercents(cur, null), { user: 0, system: 0, iowait: 0, steal: 0 });
});

test('counter rates: per second, and a reset reads as zero', () => {
  assert.equal(ratePerSec(300, 100, 2), 100);
  assert.equal(ratePerSec(5, 100, 1), 0);
  assert.equal(ratePerSec(5, undefined, 1), 0);
});

test('PSI share of the interval comes from the cumulative totals', () => {
  const line = (total: number) => ({ avg10: 3, avg60: 0, avg300: 0, total });
  const prev = { some: line(1_000_000), full: line(0) };
  const cur = { some: line(1_500_000), full: line(250_000) };
  assert.equal(psiPercent(cur, prev, 'some', 1), 50);
  assert.equal(psiPercent(cur, prev, 'full', 1), 25);
  assert.equal(psiPercent(cur, null, 'some', 1), 3, 'first sample falls back to avg10');
  assert.equal(psiPercent(null, null, 'some', 1), null);
});

test('node point: capacity below the high watermark, pinned excludes reclaimable cache', () => {
  const p = nodePoint(nodeReading(), null, 0, 0);
  assert.equal(p.capacity, 1010 * MiB);
  assert.equal(p.pinned, (150 + 5 + 10 + 2 + 3) * MiB);
  assert.equal(p.mappedFile, 60 * MiB);
  assert.equal(p.usage, 824 * MiB);
});

test('an unlimited cgroup is bounded by the node', () => {
  const p = cgroupPoint(cgroup('/a', 200 * MiB, Infinity), null, 0, 0, { capacity: 900 * MiB, iowait: 1, system: 2 });
  assert.equal(p.capacity, 900 * MiB);
  assert.equal(p.pinned, 100 * MiB);
  assert.equal(p.rates.iowait, 1);
});

test('model keeps bounded histories, rates between samples, and forgets removed cgroups', () => {
  const m = new Model({ windowMs: 1000, trendMs: 5000, trendStepMs: 1000, forgetMs: 2000 });
  for (let i = 0; i <= 30; i++) {
    const cgs = i < 10 ? [cgroup('/a', 300 * MiB), cgroup('/gone', 10 * MiB)] : [cgroup('/a', 300 * MiB)];
    m.update(sample(i * 100, nodeReading({ majfault: i * 50, oomKill: i >= 25 ? 1 : 0 }), cgs));
  }
  assert.ok(m.node.points.length <= 11, `window bounded: ${m.node.points.length}`);
  assert.equal(m.node.points.at(-1)!.rates.majfault, 500);
  assert.equal(m.node.trend.length, 4);
  assert.ok(m.cgroups.has('/a'));
  assert.ok(!m.cgroups.has('/gone'), 'not read for 2 s: dropped');
  assert.equal(m.node.points.filter((p) => p.rates.oomKills > 0).length, 1, 'a kernel OOM kill counts once, when the counter rises');
});
