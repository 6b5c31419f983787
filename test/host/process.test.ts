import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  CMDLINE_MAX,
  openFileLimit,
  parseCmdline,
  parsePidCgroup,
  parsePidStat,
  parsePidStatus,
  ProcessReader,
} from '../../src/host/process.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/host/${name}`, import.meta.url));
const roots = (name: string) => ({ proc: `${fixture(name)}/proc`, sys: `${fixture(name)}/sys`, etc: `${fixture(name)}/etc` });

test('stat: comm between the first "(" and the last ")", fields after it', () => {
  const s = parsePidStat('42 (a) (b) c)) R 1 2 3 0 -1 2097152 0 0 0 0 0 0 0 0 20 0 1 0 777 100 5 0\n');
  assert.ok(s);
  assert.equal(s.comm, 'a) (b) c)');
  assert.equal(s.state, 'R');
  assert.equal(s.ppid, 1);
  assert.equal(s.pgid, 2);
  assert.equal(s.sid, 3);
  assert.equal(s.flags, 0x00200000);
  assert.equal(s.startTime, 777);
  assert.equal(s.rssPages, 5);
  assert.equal(parsePidStat('no parens here'), null);
  assert.equal(parsePidStat('1 (short) S 1 2'), null);
});

test('status: effective uid, NSpid chain, memory in bytes; absent lines are 0', () => {
  const s = parsePidStatus('Name:\tx\nUid:\t1000\t1001\t1000\t1000\nNSpid:\t4242\t7\t1\nVmRSS:\t 10 kB\nRssAnon:\t 4 kB\nRssFile:\t 5 kB\nRssShmem:\t 1 kB\nVmSwap:\t 2 kB\n');
  assert.deepEqual(s, { uid: 1001, nspid: [4242, 7, 1], rss: 10240, rssAnon: 4096, rssFile: 5120, rssShmem: 1024, swap: 2048 });
  assert.equal(parsePidStatus('Name:\tzombie\nUid:\t5\t5\t5\t5\n').rss, 0);
});

test('cgroup file: v1 memory line (also in a joint list), else the 0:: line', () => {
  assert.equal(parsePidCgroup('5:cpu,cpuacct:/a\n4:memory:/m/x\n0::/u\n'), '/m/x');
  assert.equal(parsePidCgroup('7:blkio,memory:/joint\n'), '/joint');
  assert.equal(parsePidCgroup('0::/system.slice/foo.service\n'), '/system.slice/foo.service');
  assert.equal(parsePidCgroup('1:name=systemd:/\n'), '');
});

test('cmdline: NULs to spaces, trailing NULs dropped, capped', () => {
  assert.equal(parseCmdline('a\0b c\0\0'), 'a b c');
  assert.equal(parseCmdline(''), '');
  assert.equal(parseCmdline('x'.repeat(5000)).length, CMDLINE_MAX);
});

test('hostile /proc: odd comms kept raw, vanished and garbage dropped, unreadable files give defaults', () => {
  const r = new ProcessReader({ roots: roots('hostile'), fdBudget: 64 });
  const scan = r.scan();
  const byPid = new Map(scan.map((p) => [p.pid, p]));
  assert.deepEqual([...byPid.keys()].sort((a, b) => a - b), [100, 101, 102, 103, 105, 106, 107, 108, 110, 111]);
  assert.equal(byPid.get(100)?.comm, 'a b) (c');
  assert.equal(byPid.get(101)?.comm, 'x\ny');
  assert.equal(byPid.get(102)?.comm, '{red-fg}x\x1b[41m');
  assert.equal(byPid.get(103)?.comm, 'csi\u009bJ');
  const p100 = byPid.get(100);
  assert.ok(p100);
  assert.equal(p100.cmdline, '/usr/bin/100 --flag value');
  assert.equal(p100.user, 'alice');
  assert.equal(p100.uid, 1000);
  assert.equal(p100.rss, 1624 * 1024);
  assert.equal(p100.rssShmem, 24 * 1024);
  assert.equal(p100.swap, 8 * 1024);
  assert.equal(p100.oomScore, 667);
  assert.equal(p100.startTime, 1100);
  assert.equal(p100.cgroup, '/user.slice');
  assert.equal(p100.kernelThread, false);
  // 105: oom_score and cgroup unreadable -> defaults, the rest still read
  const locked = byPid.get(105);
  assert.ok(locked);
  assert.equal(locked.oomScore, 0);
  assert.equal(locked.cgroup, '');
  assert.equal(locked.cmdline, '/usr/bin/105 --flag value');
  // 106: kernel thread from the PF_KTHREAD flag
  const kt = byPid.get(106);
  assert.ok(kt);
  assert.equal(kt.kernelThread, true);
  assert.equal(kt.cmdline, '');
  assert.equal(kt.rss, 0);
  // 107: container PID 1 in a systemd-driver pod
  const c = byPid.get(107);
  assert.ok(c);
  assert.deepEqual(c.nspid, [107, 1]);
  assert.equal(c.user, '101');
  assert.equal(c.containerId, 'cd'.repeat(32));
  assert.equal(c.podUid, '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d');
  // 108: v1 memory line of a guaranteed cgroupfs pod
  assert.equal(byPid.get(108)?.podUid, '11111111-2222-3333-4444-555555555555');
  assert.equal(byPid.get(108)?.containerId, 'ef'.repeat(32));
  assert.equal(byPid.get(110)?.state, 'Z');
  assert.equal(byPid.get(110)?.rss, 0);
  assert.equal(byPid.get(111)?.cmdline.length, CMDLINE_MAX);
  // the second scan re-reads through kept fds and agrees
  assert.deepEqual(r.scan(), scan);
  assert.ok(r.openFds > 0 && r.openFds <= 64);
  r.close();
  assert.equal(r.openFds, 0);
});

test('fd budget 0 reads everything with open/close and gives the same result', () => {
  const kept = new ProcessReader({ roots: roots('hostile') });
  const none = new ProcessReader({ roots: roots('hostile'), fdBudget: 0 });
  assert.deepEqual(none.scan(), kept.scan());
  assert.equal(none.openFds, 0);
  kept.close();
});

test('read(pid): one process fresh; missing and invalid pids are null', () => {
  const r = new ProcessReader({ roots: roots('basic') });
  const sleep = r.read(10611);
  assert.ok(sleep);
  assert.equal(sleep.comm, 'sleep');
  assert.equal(sleep.ppid, 10587);
  assert.equal(sleep.startTime, 56829);
  assert.equal(sleep.oomScore, 666);
  assert.equal(sleep.rss, 1796 * 1024);
  assert.equal(sleep.cgroup, '/process_api/1b2cfa99951ca544fc4d9ac765dd0b25');
  assert.equal(r.read(2)?.kernelThread, true);
  assert.equal(r.read(1)?.kernelThread, false);
  assert.equal(r.read(104), null);
  assert.equal(r.read(0), null);
  assert.equal(r.read(-1), null);
  assert.equal(r.read(1.5), null);
});

test('openFileLimit parses /proc/self/limits', () => {
  assert.ok(openFileLimit() >= 64);
  assert.equal(openFileLimit('/nonexistent'), 1024);
});
