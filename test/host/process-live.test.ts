// PID reuse against the real /proc: a process the scan has cached exits and
// a new one gets its PID (forced through /proc/sys/kernel/ns_last_pid).
// The new process must be read fresh, with kept fds (the old fds now fail
// with ESRCH) and without (its start time differs), long before the cache's
// refresh bound. Both processes keep the same comm, so no exec hint helps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { ProcessReader } from '../../src/host/process.js';

const V1 = '/sys/fs/cgroup/memory';
const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';
const skip =
  process.getuid?.() !== 0
    ? 'needs root to create memory cgroups and set ns_last_pid'
    : !existsSync(V1)
      ? `no ${V1} (not a cgroup v1 memory host)`
      : !existsSync(NS_LAST_PID)
        ? `no ${NS_LAST_PID}`
        : false;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('live: a reused PID is read fresh, never with the old cmdline, cgroup or adj', { skip }, async (t) => {
  const name = `oomtop-test-procreuse-${process.pid}`;
  const dirs = [`${V1}/${name}-a`, `${V1}/${name}-b`] as const;
  const children: ChildProcess[] = [];
  const readers: ProcessReader[] = [];
  const killGroup = (c: ChildProcess) => {
    try {
      if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const cleanup = () => {
    for (const c of children) killGroup(c);
    for (const r of readers) r.close();
    for (const d of dirs) {
      for (let i = 0; i < 100 && existsSync(d); i++) {
        try {
          rmdirSync(d);
        } catch {
          const until = Date.now() + 20;
          while (Date.now() < until); // the killed tasks leave the group within milliseconds
        }
      }
    }
  };
  process.once('exit', cleanup);
  // The shell joins the group, sets adj (raising is always allowed), then
  // becomes `timeout`, which leads its own process group.
  const start = (dir: string, adj: string, secs: number) => {
    const c = spawn('sh', ['-c', `echo $$ > ${dir}/cgroup.procs && ${adj} exec timeout ${secs} sleep ${secs}`], {
      stdio: 'ignore',
      detached: true,
    });
    children.push(c);
    return c;
  };
  const execed = async (pid: number) => {
    for (let i = 0; i < 200; i++) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8') === 'timeout\n') return;
      } catch {
        // not there yet
      }
      await sleep(10);
    }
    throw new Error(`pid ${pid} did not exec timeout`);
  };
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r));
  try {
    for (const d of dirs) {
      mkdirSync(d);
      writeFileSync(`${d}/memory.limit_in_bytes`, String(64 * 1024 * 1024));
    }
    let clock = 0;
    const kept = new ProcessReader({ now: () => clock });
    const byPath = new ProcessReader({ fdBudget: 0, now: () => clock });
    readers.push(kept, byPath);

    const a = start(dirs[0], '', 30);
    await new Promise((r) => a.once('spawn', r));
    const pid = a.pid as number;
    await execed(pid);
    const old = new Map(readers.map((r) => [r, r.scan().find((p) => p.pid === pid)]));
    for (const p of old.values()) {
      assert.ok(p);
      assert.equal(p.cmdline, 'timeout 30 sleep 30');
      assert.equal(p.cgroup, `/${name}-a`);
    }
    const oldAdj = old.get(kept)?.oomScoreAdj;

    killGroup(a);
    await exited(a);
    // The number stays taken while any task still has it as its process
    // group or session (timeout's `sleep`, until its new parent reaps it).
    const probe = new ProcessReader({ fdBudget: 0 });
    const inUse = () =>
      probe.pids().some((q) => {
        const p = q === pid ? null : probe.read(q);
        return q === pid || (p !== null && (p.pgid === pid || p.sid === pid));
      });
    for (let i = 0; i < 200 && inUse(); i++) await sleep(10);
    let b: ChildProcess | null = null;
    for (let i = 0; i < 50 && b === null; i++) {
      // other processes on the host may take the number first: retry
      writeFileSync(NS_LAST_PID, String(pid - 1));
      const c = start(dirs[1], 'echo 1000 > /proc/self/oom_score_adj &&', 31);
      await new Promise((r) => c.once('spawn', r));
      if (c.pid === pid) b = c;
      else {
        killGroup(c);
        await exited(c);
      }
    }
    if (b === null) {
      t.skip(`PID ${pid} was not reused in 50 tries (busy host)`);
      return;
    }
    await execed(pid);

    clock = 1; // far inside the refresh bound: only a fresh read can show the new process
    for (const r of readers) {
      const p = r.scan().find((x) => x.pid === pid);
      assert.ok(p, 'the new process is listed');
      assert.notEqual(p.startTime, old.get(r)?.startTime);
      assert.equal(p.comm, 'timeout');
      assert.equal(p.cmdline, 'timeout 31 sleep 31');
      assert.equal(p.cgroup, `/${name}-b`);
      assert.equal(p.oomScoreAdj, 1000);
      if (oldAdj !== 1000) assert.notEqual(p.oomScoreAdj, oldAdj);
    }
  } finally {
    cleanup();
    process.removeListener('exit', cleanup);
  }
});
