import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMeminfo, readMeminfo } from '../../src/host/meminfo.js';
import { parseZoneinfo, readZoneinfo } from '../../src/host/zoneinfo.js';
import { parseVmstat, readVmstat } from '../../src/host/vmstat.js';
import { parseCpuStat, readCpuStat } from '../../src/host/cpustat.js';
import { parsePressure, readPressure } from '../../src/host/pressure.js';
import { NodeReader, readNode } from '../../src/host/node.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/host/${name}`, import.meta.url));
const basic = { proc: `${fixture('basic')}/proc`, sys: `${fixture('basic')}/sys` };
const KiB = 1024;

test('meminfo: kB values become bytes, keys with parentheses map', () => {
  const m = parseMeminfo('MemTotal:       1000 kB\nMemAvailable:    400 kB\nActive(file):     30 kB\nInactive(file):   20 kB\nHugePages_Total:       7\n');
  assert.equal(m.memTotal, 1000 * KiB);
  assert.equal(m.memAvailable, 400 * KiB);
  assert.equal(m.activeFile, 30 * KiB);
  assert.equal(m.inactiveFile, 20 * KiB);
  assert.equal(m.swapTotal, 0);
});

test('meminfo: without MemAvailable (pre-3.14) falls back to free + cached + buffers', () => {
  const m = parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 1 kB\nCached: 5 kB\n');
  assert.equal(m.memAvailable, 16 * KiB);
});

test('meminfo: fixture from this machine', () => {
  const m = readMeminfo(basic);
  assert.equal(m.memTotal, 24683620 * KiB);
  assert.equal(m.memAvailable, 24312704 * KiB);
  assert.equal(m.dirty, 344 * KiB);
  assert.equal(m.anonPages, 18076 * KiB);
  assert.equal(m.swapTotal, 0);
});

test('zoneinfo: sums min/low/high over zones, ignores "pages free" and per-node stats', () => {
  const text = [
    'Node 0, zone      DMA',
    '  per-node stats',
    '      nr_inactive_anon 700',
    '  pages free     3840',
    '        boost    0',
    '        min      68',
    '        low      85',
    '        high     102',
    '        promo    119',
    '  protection: (0, 1, 2)',
    'Node 0, zone    Normal',
    '  pages free     100',
    '        min      1000',
    '        low      2000',
    '        high     3000',
  ].join('\n');
  assert.deepEqual(parseZoneinfo(text, 4096), { min: 1068 * 4096, low: 2085 * 4096, high: 3102 * 4096 });
});

test('zoneinfo: fixture from this machine', () => {
  assert.deepEqual(readZoneinfo(basic, 4096), { min: 16927 * 4096, low: 21150 * 4096, high: 25373 * 4096 });
});

test('vmstat: allocstall summed, kswapd/direct separate, modern keys', () => {
  const v = parseVmstat(
    'allocstall_dma 1\nallocstall_normal 2\nallocstall_movable 3\npgscan_kswapd 10\npgscan_direct 20\npgscan_direct_throttle 99\npgsteal_kswapd 5\npgsteal_direct 6\npgmajfault 7\nworkingset_refault_anon 8\nworkingset_refault_file 9\noom_kill 4\n',
  );
  assert.deepEqual(v, {
    pgscanKswapd: 10,
    pgscanDirect: 20,
    pgstealKswapd: 5,
    pgstealDirect: 6,
    allocstall: 6,
    pgmajfault: 7,
    workingsetRefaultFile: 9,
    workingsetRefaultAnon: 8,
    oomKill: 4,
  });
});

test('vmstat: pre-4.8 per-zone pgscan/pgsteal and pre-5.9 workingset_refault', () => {
  const v = parseVmstat('pgscan_kswapd_normal 3\npgscan_kswapd_dma32 4\npgscan_direct_normal 5\npgscan_direct_throttle 9\npgsteal_direct_normal 2\nworkingset_refault 11\n');
  assert.equal(v.pgscanKswapd, 7);
  assert.equal(v.pgscanDirect, 5);
  assert.equal(v.pgstealDirect, 2);
  assert.equal(v.workingsetRefaultFile, 11);
});

test('vmstat: fixture from this machine', () => {
  const v = readVmstat(basic);
  assert.equal(v.workingsetRefaultFile, 83390);
  assert.equal(v.pgmajfault, 938);
  assert.equal(v.allocstall, 0);
});

test('cpu stat: aggregate line only, total of the eight fields', () => {
  const c = parseCpuStat('cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 100 100 100 100 100 100 100 100 0 0\n');
  assert.deepEqual(c, { user: 1, nice: 2, system: 3, idle: 4, iowait: 5, irq: 6, softirq: 7, steal: 8, total: 36 });
  assert.equal(readCpuStat(basic).total, 20176 + 10905 + 81620 + 403 + 309);
  assert.throws(() => parseCpuStat('intr 1\n'));
});

test('pressure: some and full lines; cpu-style without full', () => {
  const p = parsePressure('some avg10=1.50 avg60=0.75 avg300=0.20 total=123\nfull avg10=0.50 avg60=0.25 avg300=0.05 total=45\n');
  assert.deepEqual(p, {
    some: { avg10: 1.5, avg60: 0.75, avg300: 0.2, total: 123 },
    full: { avg10: 0.5, avg60: 0.25, avg300: 0.05, total: 45 },
  });
  assert.equal(parsePressure('some avg10=2.00 avg60=0 avg300=0 total=9\n')?.full, null);
  assert.equal(parsePressure(''), null);
  assert.equal(readPressure(basic, 'io')?.some.total, 3680054);
  assert.equal(readPressure({ proc: '/nonexistent', sys: '/nonexistent' }, 'memory'), null);
});

test('node reader: fixture, kept fds give the same reading twice, PSI absent is null', () => {
  const r = new NodeReader(basic);
  const a = r.read();
  const b = r.read();
  r.close();
  assert.deepEqual(a, b);
  assert.equal(a.pageSize, 4096);
  assert.equal(a.psiIo?.full?.total, 3113813);
  // A kernel without PSI: same files, no pressure directory.
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-nopsi-'));
  try {
    for (const f of ['meminfo', 'zoneinfo', 'vmstat', 'stat']) copyFileSync(`${basic.proc}/${f}`, `${dir}/${f}`);
    const n = readNode({ proc: dir, sys: basic.sys });
    assert.equal(n.psiMemory, null);
    assert.equal(n.psiIo, null);
    assert.equal(n.meminfo.memTotal, 24683620 * KiB);
    rmSync(`${dir}/meminfo`);
    assert.throws(() => readNode({ proc: dir, sys: basic.sys }), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
