// The scan's cache of the rarely-changing files (cmdline, cgroup, oom_score,
// oom_score_adj) and of status, on a fixture tree modified between scans.
// Files are rewritten in place, so fds the reader keeps see the new text as
// a kept fd on /proc does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ProcessReader, SLOW_REFRESH_MS } from '../../src/host/process.js';
import type { ProcessReading } from '../../src/host/types.js';

interface Proc {
  pid: number;
  comm?: string;
  start?: number;
  rssPages?: number;
  uid?: number;
  rssAnonKb?: number;
  swapKb?: number;
  cmdline?: string;
  cgroup?: string;
  adj?: number;
  score?: number;
}

/** A /proc-like tree in a temp dir; `write` (re)writes one process's files. */
function tree(swapTotalKb: number | null) {
  const root = mkdtempSync(`${tmpdir()}/oomtop-proc-cache-`);
  mkdirSync(`${root}/proc`);
  mkdirSync(`${root}/etc`);
  writeFileSync(`${root}/etc/passwd`, 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n');
  if (swapTotalKb !== null) writeFileSync(`${root}/proc/meminfo`, `MemTotal: 1000000 kB\nSwapTotal: ${swapTotalKb} kB\nSwapFree: 0 kB\n`);
  const write = (p: Proc) => {
    const d = `${root}/proc/${p.pid}`;
    mkdirSync(d, { recursive: true });
    const start = p.start ?? 1000;
    const rssPages = p.rssPages ?? 100;
    const uid = p.uid ?? 1000;
    const anon = p.rssAnonKb ?? rssPages * 4;
    const comm = p.comm ?? 'worker';
    writeFileSync(
      `${d}/stat`,
      `${p.pid} (${comm}) S 1 ${p.pid} ${p.pid} 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 ${start} 9000000 ${rssPages} 18446744073709551615 0 0 0\n`,
    );
    writeFileSync(
      `${d}/status`,
      `Name:\t${comm}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nNSpid:\t${p.pid}\nVmRSS:\t${rssPages * 4} kB\nRssAnon:\t${anon} kB\n` +
        `RssFile:\t${rssPages * 4 - anon} kB\nRssShmem:\t0 kB\nVmSwap:\t${p.swapKb ?? 0} kB\n`,
    );
    writeFileSync(`${d}/cmdline`, (p.cmdline ?? '/usr/bin/worker --a').replace(/ /g, '\0') + '\0');
    writeFileSync(`${d}/cgroup`, `4:memory:${p.cgroup ?? '/a.slice'}\n0::${p.cgroup ?? '/a.slice'}\n`);
    writeFileSync(`${d}/oom_score_adj`, `${p.adj ?? 0}\n`);
    writeFileSync(`${d}/oom_score`, `${p.score ?? 100}\n`);
  };
  const remove = (pid: number) => rmSync(`${root}/proc/${pid}`, { recursive: true });
  return { root, write, remove, roots: { proc: `${root}/proc`, sys: `${root}/sys`, etc: `${root}/etc` }, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const byPid = (scan: ProcessReading[], pid: number) => {
  const p = scan.find((x) => x.pid === pid);
  assert.ok(p, `pid ${pid} in scan`);
  return p;
};

for (const fdBudget of [undefined, 0]) {
  const mode = fdBudget === 0 ? 'read by path' : 'kept fds';

  test(`cache (${mode}): a changed cmdline, adj, cgroup, oom_score are seen within the refresh bound, not before`, () => {
    const t = tree(0);
    let clock = 0;
    const r = new ProcessReader({ roots: t.roots, now: () => clock, ...(fdBudget !== undefined ? { fdBudget } : {}) });
    try {
      t.write({ pid: 300 });
      let p = byPid(r.scan(), 300);
      assert.equal(p.cmdline, '/usr/bin/worker --a');
      assert.equal(p.oomScoreAdj, 0);
      t.write({ pid: 300, cmdline: 'worker: idle', adj: 500, cgroup: '/b.slice', score: 900 });
      // within the first half of the bound every process is still served from the cache
      clock = SLOW_REFRESH_MS * 0.49;
      p = byPid(r.scan(), 300);
      assert.equal(p.cmdline, '/usr/bin/worker --a');
      assert.equal(p.oomScoreAdj, 0);
      assert.equal(p.cgroup, '/a.slice');
      // ... and at the bound it has been re-read
      clock = SLOW_REFRESH_MS;
      p = byPid(r.scan(), 300);
      assert.equal(p.cmdline, 'worker: idle');
      assert.equal(p.oomScoreAdj, 500);
      assert.equal(p.cgroup, '/b.slice');
      assert.equal(p.oomScore, 900);
      // read(pid) is always fresh, whatever the scan cache holds
      t.write({ pid: 300, cmdline: 'worker: busy', adj: 600 });
      clock += 1;
      assert.equal(byPid(r.scan(), 300).cmdline, 'worker: idle');
      assert.equal(r.read(300)?.cmdline, 'worker: busy');
      assert.equal(r.read(300)?.oomScoreAdj, 600);
    } finally {
      r.close();
      t.cleanup();
    }
  });

  test(`cache (${mode}): a reused PID with a new start time never carries the old cmdline, cgroup, adj`, () => {
    const t = tree(0);
    let clock = 0;
    const r = new ProcessReader({ roots: t.roots, now: () => clock, ...(fdBudget !== undefined ? { fdBudget } : {}) });
    try {
      t.write({ pid: 301, start: 5000, cmdline: 'old --x', cgroup: '/old.slice', adj: 300 });
      assert.equal(byPid(r.scan(), 301).cmdline, 'old --x');
      // same PID, same comm, new start time: a different process
      t.write({ pid: 301, start: 7000, cmdline: 'new --y', cgroup: '/new.slice', adj: -500, uid: 0 });
      clock = 1;
      const p = byPid(r.scan(), 301);
      assert.equal(p.startTime, 7000);
      assert.equal(p.cmdline, 'new --y');
      assert.equal(p.cgroup, '/new.slice');
      assert.equal(p.oomScoreAdj, -500);
      assert.equal(p.user, 'root');
    } finally {
      r.close();
      t.cleanup();
    }
  });
}

test('cache: a new comm (exec) re-reads cmdline, adj and cgroup at once', () => {
  const t = tree(0);
  let clock = 0;
  const r = new ProcessReader({ roots: t.roots, now: () => clock });
  try {
    t.write({ pid: 302, comm: 'sh', cmdline: 'sh -c x' });
    assert.equal(byPid(r.scan(), 302).cmdline, 'sh -c x');
    t.write({ pid: 302, comm: 'x', cmdline: '/usr/bin/x', adj: 200 });
    clock = 1;
    const p = byPid(r.scan(), 302);
    assert.equal(p.comm, 'x');
    assert.equal(p.cmdline, '/usr/bin/x');
    assert.equal(p.oomScoreAdj, 200);
  } finally {
    r.close();
    t.cleanup();
  }
});

test('status: without swap it is re-read when stat rss moves; with swap every scan', () => {
  for (const swapTotal of [0, 1024]) {
    const t = tree(swapTotal);
    let clock = 0;
    const r = new ProcessReader({ roots: t.roots, now: () => clock });
    try {
      t.write({ pid: 303, rssPages: 100, rssAnonKb: 300 });
      assert.equal(byPid(r.scan(), 303).rssAnon, 300 * 1024);
      // the split and swap move while stat's rss does not
      t.write({ pid: 303, rssPages: 100, rssAnonKb: 350, swapKb: 64 });
      clock = 1;
      let p = byPid(r.scan(), 303);
      if (swapTotal > 0) {
        assert.equal(p.rssAnon, 350 * 1024);
        assert.equal(p.swap, 64 * 1024);
      } else {
        assert.equal(p.rssAnon, 300 * 1024, 'no swap and rss unchanged: status not re-read');
      }
      // rss moves: status is read whatever the swap
      t.write({ pid: 303, rssPages: 120, rssAnonKb: 400 });
      clock = 2;
      p = byPid(r.scan(), 303);
      assert.equal(p.rss, 480 * 1024);
      assert.equal(p.rssAnon, 400 * 1024);
      assert.equal(p.swap, 0);
      // and at the latest with the slow files
      t.write({ pid: 303, rssPages: 120, rssAnonKb: 410, uid: 0 });
      clock = SLOW_REFRESH_MS;
      p = byPid(r.scan(), 303);
      assert.equal(p.rssAnon, 410 * 1024);
      assert.equal(p.user, 'root');
    } finally {
      r.close();
      t.cleanup();
    }
  }
});

test('cache: a vanished process is dropped with its fds; refreshes spread over scans, every process within the bound', () => {
  const t = tree(0);
  let clock = 0;
  const r = new ProcessReader({ roots: t.roots, now: () => clock });
  try {
    const pids = Array.from({ length: 200 }, (_, i) => 1000 + i);
    for (const pid of pids) t.write({ pid, cmdline: 'v1' });
    r.scan();
    assert.equal(r.tracked, 200);
    assert.equal(r.openFds, 200 * 6);
    t.remove(1000);
    r.scan();
    assert.equal(r.tracked, 199);
    assert.equal(r.openFds, 199 * 6);
    for (const pid of pids.slice(1)) t.write({ pid, cmdline: 'v2' });
    // scans every 2 s (the engine's process interval): each sees a slice of the changes
    const newlySeen: number[] = [];
    let seen = 0;
    for (clock = 2000; clock <= SLOW_REFRESH_MS; clock += 2000) {
      const now = r.scan().filter((p) => p.cmdline === 'v2').length;
      newlySeen.push(now - seen);
      seen = now;
    }
    assert.equal(seen, 199, 'all re-read within the bound');
    assert.ok(Math.max(...newlySeen) < 199, `spread over scans, not all at once: ${newlySeen.join(',')}`);
  } finally {
    r.close();
    t.cleanup();
  }
});

test('fd budget: stat+status kept up to the budget, the slow files up to 80 % of it; same readings', () => {
  const t = tree(0);
  const clock = () => 0;
  try {
    for (let pid = 400; pid < 420; pid++) t.write({ pid });
    const wide = new ProcessReader({ roots: t.roots, now: clock });
    const tight = new ProcessReader({ roots: t.roots, now: clock, fdBudget: 50 });
    const hotOnly = new ProcessReader({ roots: t.roots, now: clock, keepSlowFds: false });
    const a = wide.scan();
    assert.deepEqual(tight.scan(), a);
    assert.deepEqual(hotOnly.scan(), a);
    assert.equal(wide.openFds, 20 * 6);
    assert.ok(tight.openFds <= 50, `tight keeps ${tight.openFds}`);
    assert.ok(tight.openFds >= 40);
    assert.equal(hotOnly.openFds, 20 * 2);
    for (const r of [wide, tight, hotOnly]) r.close();
  } finally {
    t.cleanup();
  }
});
