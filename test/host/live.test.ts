import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { readNode } from '../../src/host/node.js';
import { CgroupReader } from '../../src/host/cgroups.js';
import { ProcessReader } from '../../src/host/process.js';

const roots = { proc: '/proc', sys: '/sys' };
const V1 = '/sys/fs/cgroup/memory';
const liveSkip =
  process.getuid?.() !== 0 ? 'needs root to create a memory cgroup' : !existsSync(V1) ? `no ${V1} (not a cgroup v1 memory host)` : false;

test('live node reading is sane', () => {
  const n = readNode(roots);
  assert.ok(n.meminfo.memTotal > 0);
  assert.ok(n.meminfo.memAvailable > 0 && n.meminfo.memAvailable <= n.meminfo.memTotal);
  assert.ok(n.watermarks.min > 0 && n.watermarks.min < n.watermarks.low && n.watermarks.low < n.watermarks.high);
  assert.ok(n.watermarks.high < n.meminfo.memTotal);
  assert.ok(n.cpu.total > 0);
  assert.ok(n.vmstat.pgmajfault >= 0);
});

test('live process scan contains this process with the right identity and cgroup', () => {
  const r = new ProcessReader();
  const scan = r.scan();
  r.close();
  const me = scan.find((p) => p.pid === process.pid);
  assert.ok(me, 'own pid in scan');
  assert.equal(me.ppid, process.ppid);
  assert.ok(me.rss > 0);
  assert.ok(me.cmdline.includes('node'));
  const memLine = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[1]?.split(',').includes('memory'));
  const expected = memLine ? memLine.split(':').slice(2).join(':') : readFileSync('/proc/self/cgroup', 'utf8').match(/^0::(.*)$/m)?.[1];
  assert.equal(me.cgroup, expected);
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  assert.equal(me.startTime, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]));
  assert.ok(scan.some((p) => p.kernelThread) || scan.every((p) => p.pid !== 2), 'kthreadd flagged when visible');
  const cg = new CgroupReader(roots);
  if (cg.available) {
    const mine = cg.read(me.cgroup);
    assert.ok(mine, 'own cgroup readable');
    assert.ok(mine.usage > 0 && mine.nprocs >= 1);
  }
  cg.close();
});

test('live: a watched cgroup removed while its fds are open is dropped, not thrown', { skip: liveSkip }, async () => {
  const name = `oomtop-test-host-${process.pid}`;
  const dir = `${V1}/${name}`;
  let child: ReturnType<typeof spawn> | null = null;
  const cleanup = () => {
    try {
      // The whole group: timeout and its sleep.
      if (child?.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    try {
      rmdirSync(dir);
    } catch {
      // not created or already removed
    }
  };
  process.once('exit', cleanup);
  try {
    mkdirSync(dir);
    writeFileSync(`${dir}/memory.limit_in_bytes`, String(64 * 1024 * 1024));
    // Join the cgroup before exec, so timeout and its sleep both live in it.
    child = spawn('sh', ['-c', `echo $$ > ${dir}/cgroup.procs && exec timeout 20 sleep 20`], { stdio: 'ignore', detached: true });
    await new Promise((r) => child!.once('spawn', r));
    for (let i = 0; i < 100 && readFileSync(`${dir}/cgroup.procs`, 'utf8').trim() === ''; i++) await new Promise((r) => setTimeout(r, 10));
    const r = new CgroupReader(roots);
    const g = r.read(`/${name}`, { keepOpen: true });
    assert.ok(g);
    assert.equal(g.limit, 64 * 1024 * 1024);
    assert.ok(g.nprocs >= 1 && g.nprocs <= 2, `timeout and its sleep: ${g.nprocs}`);
    const pr = new ProcessReader();
    assert.equal(pr.read(child.pid!)?.cgroup, `/${name}`);
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(dir);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    assert.equal(existsSync(dir), false);
    assert.equal(r.read(`/${name}`, { keepOpen: true }), null);
    assert.deepEqual(r.openPaths(), []);
    r.close();
  } finally {
    cleanup();
    process.removeListener('exit', cleanup);
  }
});
