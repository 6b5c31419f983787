// The lab's own parts: cgroup creation and removal, spawning inside a cgroup,
// wait statuses relayed through timeout(1), the probe's crash-proof summary,
// non-sparse data files.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  compileWorkloads,
  createMemcg,
  liveSupport,
  MAX_LIMIT_BYTES,
  prepareDataFiles,
  readProbeSummary,
  sharedDataDir,
  spawnInCgroup,
} from './harness.js';

const MIB = 2 ** 20;
const support = liveSupport();
const skip = support.ok ? false : support.reason;
if (!support.ok) console.log(`# live harness tests skipped: ${support.reason}`);

test('createMemcg refuses limits over 1 GiB and odd names before touching cgroupfs', () => {
  assert.throws(() => createMemcg('x', MAX_LIMIT_BYTES + 1), /limit/);
  assert.throws(() => createMemcg('x', 0), /limit/);
  assert.throws(() => createMemcg('../escape', 64 * MIB), /name/);
});

test('a spawned workload joins the cgroup before it runs, and destroy() removes everything', { skip, timeout: 60_000 }, async () => {
  const bins = await compileWorkloads();
  const cg = createMemcg('harness', 256 * MIB);
  try {
    assert.equal(readFileSync(join(cg.dir, 'memory.limit_in_bytes'), 'utf8').trim(), String(256 * MIB));
    const p = await spawnInCgroup(cg, [bins.static, '32', 'nr-hx-static'], { name: 'static', timeoutSec: 30 });
    await p.ready;
    const pid = p.pid!;
    assert.match(readFileSync(`/proc/${pid}/cgroup`, 'utf8'), new RegExp(`^\\d+:memory:${cg.path}$`, 'm'));
    assert.equal(readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), 'nr-hx-static');
    assert.deepEqual(cg.pids(), [pid], 'only the workload is inside: timeout(1) stays outside');
    assert.ok((cg.stat().rss ?? 0) >= 32 * MIB, 'its anon memory is charged to the cgroup');
    p.stop('SIGTERM');
    const exit = await p.exited;
    assert.equal(exit.signal, 'SIGTERM', 'the workload wait status comes through timeout(1)');
    assert.equal(exit.stopRequested, true);
  } finally {
    await cg.destroy();
  }
  assert.equal(existsSync(cg.dir), false);
  if (cg.unifiedDir) assert.equal(existsSync(cg.unifiedDir), false);
});

test('destroy() stops processes that are still running', { skip, timeout: 60_000 }, async () => {
  const bins = await compileWorkloads();
  const cg = createMemcg('harness-kill', 128 * MIB);
  const p = await spawnInCgroup(cg, [bins.static, '1', 'nr-hx-left'], { name: 'left', timeoutSec: 30 });
  await p.ready;
  await cg.destroy();
  assert.equal(p.alive(), false);
  assert.equal(existsSync(cg.dir), false);
});

test('the probe summary survives a SIGKILL; data files are not sparse', { skip, timeout: 120_000 }, async () => {
  const bins = await compileWorkloads();
  const dir = sharedDataDir();
  const files = await prepareDataFiles(dir, { 'hx-probe': 16 });
  const st = statSync(files['hx-probe']!);
  assert.equal(st.size, 16 * MIB);
  assert.ok(st.blocks * 512 >= st.size, 'every block is allocated');
  const cg = createMemcg('harness-probe', 256 * MIB);
  const out = join(dir, 'hx-probe.json');
  try {
    const p = await spawnInCgroup(cg, [bins.probe, out, files['hx-probe']!, '60000'], { name: 'probe', timeoutSec: 30 });
    await p.ready;
    assert.ok((cg.stat().mapped_file ?? 0) >= 15 * MIB, 'its file mapping is charged to the cgroup');
    await sleep(2300);
    process.kill(p.pid!, 'SIGKILL'); // our own workload, still in our cgroup
    const exit = await p.exited;
    assert.equal(exit.signal, 'SIGKILL');
    const s = readProbeSummary(out);
    assert.ok(s, 'a periodic summary was on disk');
    assert.equal(s.final, false);
    assert.ok(s.ticks >= 100, `ticks ${s.ticks}`);
    assert.ok(s.timeline.length >= 2);
    assert.ok(s.elapsedMs >= 1000);
  } finally {
    await cg.destroy();
  }
});
