import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cgroupDirectory,
  discoverCgroupLayout,
  layoutFromMounts,
  parseCgroupMounts,
} from '../../src/host/cgroup-mounts.js';
import {
  countLines,
  parseV1Limit,
  parseV1MemoryStat,
  parseV1OomKill,
  parseV2Events,
  parseV2Max,
  parseV2MemoryStat,
  workingSet,
} from '../../src/host/cgroup-parse.js';
import { CgroupReader } from '../../src/host/cgroups.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/host/${name}`, import.meta.url));
const rootsOf = (name: string) => ({ proc: `${fixture(name)}/proc`, sys: `${fixture(name)}/sys` });
const OWN = '/process_api/1b2cfa99951ca544fc4d9ac765dd0b25';
const K8S = '/kubepods/burstable/pod1f0e9c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b/' + 'ab'.repeat(32);
const CRIO =
  '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b2c3d_4e5f_6a7b_8c9d_0e1f2a3b4c5d.slice/crio-' +
  '12'.repeat(32) +
  '.scope';

test('mounts: cgroup and cgroup2 entries, octal escapes decoded', () => {
  const m = parseCgroupMounts(
    'proc /proc proc rw 0 0\ncgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\ncgroup2 /mnt/my\\040cg cgroup2 rw 0 0\n',
  );
  assert.deepEqual(m, [
    { type: 'cgroup', mountPoint: '/sys/fs/cgroup/memory', options: ['rw', 'relatime', 'memory'] },
    { type: 'cgroup2', mountPoint: '/mnt/my cg', options: ['rw'] },
  ]);
});

test('layout: hybrid picks v1 memory and keeps the unified tree for PSI; paths move under the fixture root', () => {
  const roots = rootsOf('basic');
  assert.deepEqual(discoverCgroupLayout(roots), {
    memoryVersion: 1,
    memoryRoot: `${roots.sys}/fs/cgroup/memory`,
    unifiedRoot: `${roots.sys}/fs/cgroup/unified`,
  });
  const v2 = rootsOf('v2');
  assert.deepEqual(discoverCgroupLayout(v2), {
    memoryVersion: 2,
    memoryRoot: `${v2.sys}/fs/cgroup`,
    unifiedRoot: `${v2.sys}/fs/cgroup`,
  });
  // cgroup2 without the memory controller (hostile fixture has no cgroup.controllers): no memory accounting
  assert.equal(layoutFromMounts(parseCgroupMounts('cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n'), rootsOf('hostile')).memoryVersion, null);
});

test('cgroupDirectory: maps /proc/PID/cgroup paths, refuses traversal', () => {
  assert.equal(cgroupDirectory('/r', '/'), '/r');
  assert.equal(cgroupDirectory('/r', '/a/b'), '/r/a/b');
  assert.equal(cgroupDirectory('/r', '/a/../../etc'), null);
  assert.equal(cgroupDirectory('/r', 'relative'), null);
});

test('v1 parsers: unlimited limit, hierarchical total_* fields, rss without rss_huge, oom_kill', () => {
  assert.equal(parseV1Limit('9223372036854771712\n'), Infinity);
  assert.equal(parseV1Limit('536870912\n'), 536870912);
  const s = parseV1MemoryStat('cache 1\nrss 2\nrss_huge 2\ntotal_cache 10\ntotal_rss 20\ntotal_rss_huge 8\ntotal_inactive_file 3\ntotal_mapped_file 4\n');
  assert.equal(s.file, 10);
  assert.equal(s.anon, 20);
  assert.equal(s.inactiveFile, 3);
  assert.equal(s.mappedFile, 4);
  assert.equal(parseV1OomKill('oom_kill_disable 0\nunder_oom 0\noom_kill 3\n'), 3);
  assert.equal(countLines('1\n2\n3\n'), 3);
  assert.equal(countLines(''), 0);
  assert.equal(countLines('7'), 1);
  assert.equal(workingSet(100, 150), 0);
});

test('v2 parsers: max, events, stat keys and the pre-5.9 refault key', () => {
  assert.equal(parseV2Max('max\n'), Infinity);
  assert.equal(parseV2Max('1073741824\n'), 1073741824);
  assert.deepEqual(parseV2Events('low 0\nhigh 3\nmax 17\noom 2\noom_kill 1\n'), { high: 3, max: 17, oom: 2, oomKill: 1 });
  const s = parseV2MemoryStat('anon 5\nfile 6\nfile_mapped 7\nfile_dirty 8\nfile_writeback 9\nworkingset_refault 11\n');
  assert.equal(s.mappedFile, 7);
  assert.equal(s.dirty, 8);
  assert.equal(s.writeback, 9);
  assert.equal(s.workingsetRefaultFile, 11);
});

test('v1 reader on this machine\'s files: root and own group', () => {
  const r = new CgroupReader(rootsOf('basic'));
  const root = r.read('/');
  assert.ok(root);
  assert.equal(root.version, 1);
  assert.equal(root.usage, 566464512);
  assert.equal(root.limit, Infinity);
  assert.equal(root.anon, 55955456);
  assert.equal(root.file, 511946752);
  assert.equal(root.mappedFile, 56791040);
  assert.equal(root.workingSet, 566464512 - 244797440);
  assert.equal(root.workingsetRefaultFile, 83518);
  assert.equal(root.pgmajfault, 940);
  assert.equal(root.failcnt, 0);
  assert.equal(root.nprocs, 3);
  // hybrid: the unified root has memory.pressure
  assert.deepEqual(root.psi?.some, { avg10: 0, avg60: 0, avg300: 0, total: 0 });
  const own = r.read(OWN);
  assert.ok(own);
  assert.equal(own.usage, 8470528);
  assert.equal(own.anon, 2760704);
  assert.equal(own.workingSet, 8470528 - 1257472);
  assert.equal(own.nprocs, 5);
  assert.equal(own.psi, null); // no group of that path in the unified tree
  assert.equal(r.read('/nope'), null);
  r.close();
});

test('hybrid: PSI attached from the unified group of the same path', () => {
  const r = new CgroupReader(rootsOf('basic'));
  const g = r.read(K8S, { keepOpen: true });
  assert.ok(g);
  assert.equal(g.limit, 536870912);
  assert.deepEqual(g.psi, {
    some: { avg10: 1.5, avg60: 0.75, avg300: 0.2, total: 123456 },
    full: { avg10: 0.5, avg60: 0.25, avg300: 0.05, total: 65432 },
  });
  assert.deepEqual(r.read(K8S, { keepOpen: true }), g);
  assert.deepEqual(r.openPaths(), [K8S]);
  r.close();
  assert.deepEqual(r.openPaths(), []);
});

test('list: breadth-first, root first, bounded by depth and count', () => {
  const r = new CgroupReader(rootsOf('basic'));
  const all = r.list();
  assert.equal(all[0], '/');
  assert.ok(all.includes(OWN));
  assert.ok(all.includes(K8S));
  assert.deepEqual(r.list({ maxDepth: 1 }).sort(), ['/', '/kubepods', '/process_api']);
  assert.equal(r.list({ maxGroups: 2 }).length, 2);
  assert.equal(r.readAll().length, all.length);
});

test('v2 reader: root without memory.current, container group, legacy slice, group without memory controller', () => {
  const r = new CgroupReader(rootsOf('v2'));
  const root = r.read('/');
  assert.ok(root);
  assert.equal(root.version, 2);
  assert.equal(root.usage, 1073741824 + 2147483648 + 8388608 + 4096);
  assert.equal(root.limit, Infinity);
  const c = r.read(CRIO);
  assert.ok(c);
  assert.equal(c.usage, 536870912);
  assert.equal(c.limit, 1073741824);
  assert.equal(c.anon, 402653184);
  assert.equal(c.mappedFile, 52428800);
  assert.equal(c.dirty, 8192);
  assert.equal(c.writeback, 4096);
  assert.equal(c.workingSet, 536870912 - 52428800);
  assert.equal(c.workingsetRefaultFile, 1234);
  assert.equal(c.workingsetRefaultAnon, 5);
  assert.equal(c.failcnt, null);
  assert.deepEqual(c.events, { high: 3, max: 17, oom: 2, oomKill: 1 });
  assert.equal(c.psi?.full?.avg10, 6.25);
  assert.equal(c.nprocs, 3);
  const slice = r.read('/kubepods.slice');
  assert.equal(slice?.workingsetRefaultFile, 1234); // from "workingset_refault"
  assert.equal(slice?.limit, Infinity);
  assert.equal(r.read('/init.scope'), null);
  const listed = r.readAll().map((g) => g.path);
  assert.ok(listed.includes(CRIO));
  assert.ok(!listed.includes('/init.scope'));
});

test('a watched group removed between reads is dropped and its fds released', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-cg-'));
  try {
    cpSync(fixture('v2'), dir, { recursive: true });
    const r = new CgroupReader({ proc: `${dir}/proc`, sys: `${dir}/sys` });
    assert.ok(r.read(CRIO, { keepOpen: true }));
    rmSync(`${dir}/sys/fs/cgroup${CRIO}`, { recursive: true });
    // On a regular fs the unlinked files stay readable through the kept fds;
    // a new reader sees the group gone. On cgroupfs a kept fd reads ENODEV (live test).
    const fresh = new CgroupReader({ proc: `${dir}/proc`, sys: `${dir}/sys` });
    assert.equal(fresh.read(CRIO, { keepOpen: true }), null);
    assert.deepEqual(fresh.openPaths(), []);
    r.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
