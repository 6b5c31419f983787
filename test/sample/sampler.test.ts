import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Sampler, nextIntervalMs } from '../../src/sample/sampler.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/host/${name}`, import.meta.url));
const basic = { proc: `${fixture('basic')}/proc`, sys: `${fixture('basic')}/sys`, etc: `${fixture('basic')}/etc` };
const OWN = '/process_api/1b2cfa99951ca544fc4d9ac765dd0b25';

test('fast tier: node + watched cgroups only; slow tier walks all; processes on request', () => {
  const s = new Sampler({ roots: basic });
  const full = s.sample({ allCgroups: true, processes: true, now: 1234 });
  assert.equal(full.t, 1234);
  assert.ok(Math.abs(full.wallTime - Date.now()) < 5000);
  assert.equal(full.cgroups.length, 7);
  assert.equal(full.processes?.length, 3);
  assert.ok(full.cost.fastMs >= 0 && full.cost.processMs !== null);
  assert.equal(full.node.meminfo.memTotal, 24683620 * 1024);

  const fast = s.sample({ allCgroups: false, watch: (p) => p === OWN || p === '/', processes: false });
  assert.deepEqual(fast.cgroups.map((c) => c.path).sort(), ['/', OWN]);
  assert.equal(fast.processes, null);
  assert.equal(fast.cost.processMs, null);
  assert.ok(fast.t > 0);
  assert.ok(s.knownCgroups().includes(OWN));

  const none = s.sample({ allCgroups: false, processes: false });
  assert.deepEqual(none.cgroups, []);
  assert.equal(s.readProcess(10611)?.comm, 'sleep');
  assert.equal(s.readProcess(999999), null);
  s.close();
});

test('watch works before any full walk (the walk happens once, lazily)', () => {
  const s = new Sampler({ roots: basic });
  const r = s.sample({ allCgroups: false, watch: (p) => p.startsWith('/kubepods/'), processes: false });
  assert.equal(r.cgroups.length, 3);
  assert.ok(r.cgroups.every((c) => c.version === 1));
  s.close();
});

test('missing node files fail the sample loudly instead of inventing numbers', () => {
  const h = fixture('hostile');
  const s = new Sampler({ roots: { proc: `${h}/proc`, sys: `${h}/sys`, etc: `${h}/etc` } });
  // hostile has no node files: the fast tier must fail loudly rather than invent numbers
  assert.throws(() => s.sample({ allCgroups: true, processes: false }), /ENOENT/);
  s.close();
});

test('nextIntervalMs: calm -> max; low headroom or short time-to-exhaustion -> min; monotone between', () => {
  const base = { min: 100, max: 1000 };
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.6, fillRateFractionPerSec: 0 }), 1000);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.6, fillRateFractionPerSec: -0.1 }), 1000);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.3, fillRateFractionPerSec: 0 }), 1000);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.2, fillRateFractionPerSec: 0 }), 550);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.1, fillRateFractionPerSec: 0 }), 100);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0, fillRateFractionPerSec: 0 }), 100);
  // 50 % headroom filling at 5 %/s: 10 s to exhaustion -> max; at 10 %/s: 5 s -> 500 ms; 50 %/s: 1 s -> min
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.5, fillRateFractionPerSec: 0.05 }), 1000);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.5, fillRateFractionPerSec: 0.1 }), 500);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: 0.5, fillRateFractionPerSec: 0.5 }), 100);
  assert.equal(nextIntervalMs({ ...base, headroomFraction: NaN, fillRateFractionPerSec: 0 }), 100);
  let prev = Infinity;
  for (let h = 0.4; h >= 0; h -= 0.01) {
    const v = nextIntervalMs({ ...base, headroomFraction: h, fillRateFractionPerSec: 0.01 });
    assert.ok(v <= prev && v >= 100 && v <= 1000);
    prev = v;
  }
});

test('SampleSource extras: fresh cgroup and node reads, hierarchy description', () => {
  const s = new Sampler({ roots: basic });
  assert.equal(s.readCgroup(OWN)?.usage, 8470528);
  assert.equal(s.readCgroup('/gone'), null);
  assert.equal(s.readNode().meminfo.memTotal, 24683620 * 1024);
  assert.equal(s.cgroupVersions(), 'v1 memory + v2 (hybrid)');
  s.close();
  const v2 = fileURLToPath(new URL('../fixtures/host/v2', import.meta.url));
  const s2 = new Sampler({ roots: { proc: `${v2}/proc`, sys: `${v2}/sys` } });
  assert.equal(s2.cgroupVersions(), 'v2');
  s2.close();
});
