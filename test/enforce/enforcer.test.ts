import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Enforcer, groupKillSafe, type EnforcerDeps, type ScopeInput } from '../../src/enforce/enforcer.js';
import type { KillRequest, KillResult } from '../../src/kill/killer.js';
import type { ProcessReading } from '../../src/host/types.js';
import type { Candidate, Mode } from '../../src/policy/types.js';
import type { Assessment } from '../../src/predict/types.js';
import type { OomtopEvent } from '../../src/report/types.js';

const MiB = 1 << 20;

function proc(pid: number, over: Partial<ProcessReading> = {}): ProcessReading {
  return {
    pid, ppid: 1, pgid: pid, sid: pid, comm: `p${pid}`, cmdline: `p${pid}`, state: 'S', uid: 0, user: 'root', startTime: 1000 + pid,
    rss: 100 * MiB, rssAnon: 100 * MiB, rssFile: 0, rssShmem: 0, swap: 0, oomScore: 0, oomScoreAdj: 0, cgroup: '/t',
    kernelThread: false, nspid: [pid], containerId: null, podUid: null, ...over,
  };
}

function cand(p: ProcessReading, rank: number, eligible = true): Candidate {
  return { proc: p, rank, eligible, reason: eligible ? 'largest' : 'protected by protect[0]', preferRule: null, protectRule: null, priority: 0, bytes: p.rss, grace: 0 };
}

function assessment(t: number, p: number): Assessment {
  return { scope: '/t', t, level: 'medium', probability: p, timeToExhaustion: null, deficit: 0, danger: p >= 0.6, reasons: [{ signal: 'headroom', weight: p, text: 'x' }] };
}

class Harness {
  now = 0;
  usage = 500 * MiB;
  events: OomtopEvent[] = [];
  kills: KillRequest[] = [];
  ranked: Candidate[] = [cand(proc(10), 1), cand(proc(11), 2)];
  readonly enforcer: Enforcer;
  readonly deps: EnforcerDeps;
  constructor() {
    const deps: EnforcerDeps = {
      kill: async (req): Promise<KillResult> => {
        this.kills.push(req);
        this.usage -= 100 * MiB; // the victim's memory comes back
        this.ranked = this.ranked.filter((c) => c.proc.pid !== req.pid);
        return { outcome: 'exited', signals: 'SIGKILL', signalMs: 1, exitMs: 5, members: [req.pid], mreleased: true };
      },
      rankFresh: () => this.ranked,
      usageOf: () => this.usage,
      emit: (e) => this.events.push(e),
      groupSafe: (_id, victim) => groupKillSafe(victim, this.ranked.map((c) => c.proc), 99999, (p) => !this.ranked.find((c) => c.proc === p)!.eligible),
      now: () => this.now,
      sleep: async (ms) => {
        this.now += ms;
      },
    };
    this.deps = deps;
    // Through a wrapper so a test can swap deps.kill after construction.
    this.enforcer = new Enforcer({ ...deps, kill: (req) => this.deps.kill(req) });
  }
  step(p: number, mode: Mode = 'armed', kill: ScopeInput['kill'] = 'process'): void {
    this.enforcer.step([{ id: '/t', mode, level: 'medium', assessment: assessment(this.now, p), usage: this.usage, kill }]);
    this.now += 100;
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

const flush = () => new Promise((r) => setImmediate(r));

test('one noisy sample never kills; confirmed danger kills the top candidate once', async () => {
  const h = new Harness();
  h.step(0.9);
  h.step(0.1);
  h.step(0.9);
  h.step(0.9);
  assert.equal(h.kills.length, 0, 'three samples over 250 ms are needed');
  h.step(0.9);
  h.step(0.9);
  await flush();
  assert.equal(h.kills.length, 1);
  assert.equal(h.kills[0]!.pid, 10);
  assert.equal(h.kills[0]!.startTime, 1010);
  const kill = h.events.find((e) => e.type === 'kill')!;
  assert.equal(kill.victim!.pid, 10);
  assert.equal(kill.bytesFreed, 100 * MiB);
  assert.equal(kill.outcome, 'exited');
  assert.ok(kill.timings.decideMs! > 0);
});

test('after a kill the next victim needs danger confirmed again', async () => {
  const h = new Harness();
  for (let i = 0; i < 4; i++) h.step(0.9);
  await flush();
  assert.equal(h.kills.length, 1);
  assert.ok(h.enforcer.evidenceSince('/t') > 0, 'evidence window moved past the kill');
  h.step(0.9);
  h.step(0.9);
  assert.equal(h.kills.length, 1, 'not yet confirmed');
  h.step(0.9);
  h.step(0.9);
  await flush();
  assert.equal(h.kills.length, 2);
  assert.equal(h.kills[1]!.pid, 11);
  h.step(0.1);
  h.step(0.1);
  assert.doesNotMatch(h.events.at(-1)!.message, /back to calm/, 'two calm samples are not enough');
  h.step(0.1);
  assert.match(h.events.at(-1)!.message, /back to calm/);
});

test('a victim that would not die is passed over; the next candidate gets its turn', async () => {
  const h = new Harness();
  const kill = h.deps.kill;
  h.deps.kill = async (req) => (req.pid === 10 ? { outcome: 'eperm', signals: '', signalMs: 0, exitMs: null, members: [], mreleased: false } : kill(req));
  for (let i = 0; i < 3; i++) h.step(0.9);
  await flush();
  assert.equal(h.events.filter((e) => e.type === 'kill')[0]!.outcome, 'eperm');
  for (let i = 0; i < 3; i++) h.step(0.9);
  await flush();
  assert.deepEqual(h.kills.map((k) => k.pid), [11], 'pid 10 (EPERM) is not tried again; 11 is killed');
});

test('kills are serialised across scopes, and a scope no longer covered stops keeping the enforcer busy', async () => {
  const h = new Harness();
  let release!: () => void;
  const attempts: number[] = [];
  const kill = h.deps.kill;
  h.deps.kill = (req) => {
    attempts.push(req.pid);
    return new Promise((resolve) => (release = () => resolve(kill(req))));
  };
  const both = (p: number) => {
    h.enforcer.step(['/t', '/t/child'].map((id) => ({ id, mode: 'armed' as const, level: 'medium' as const, assessment: { ...assessment(h.now, p), scope: id }, usage: h.usage, kill: 'process' as const })));
    h.now += 100;
  };
  for (let i = 0; i < 4; i++) both(0.9);
  assert.equal(attempts.length, 1, 'the nested scope waits for the kill under way');
  release();
  await flush();
  await flush();
  assert.equal(h.enforcer.busy(), true);
  h.enforcer.step([]);
  assert.equal(h.enforcer.busy(), false, 'scopes missing from the inputs are forgotten');
});

test('a kernel OOM kill in a scope resets the evidence window like a kill of ours', () => {
  const h = new Harness();
  h.step(0.1);
  h.enforcer.noteExternalKill('/t', 12345);
  assert.equal(h.enforcer.evidenceSince('/t'), 12345);
});

test('dry-run records would-kill, sends nothing, and repeats only after a while', async () => {
  const h = new Harness();
  for (let i = 0; i < 20; i++) h.step(0.9, 'dry-run');
  await flush();
  assert.equal(h.kills.length, 0);
  const would = h.events.filter((e) => e.type === 'would-kill');
  assert.equal(would.length, 1);
  assert.equal(would[0]!.victim!.pid, 10);
  assert.equal(would[0]!.outcome, 'dry-run');
});

test('monitor mode only records decisions', async () => {
  const h = new Harness();
  for (let i = 0; i < 10; i++) h.step(0.9, 'monitor');
  await flush();
  assert.equal(h.kills.length, 0);
  assert.deepEqual([...new Set(h.types())], ['decision']);
});

test('no eligible victim is reported once per episode', async () => {
  const h = new Harness();
  h.ranked = [cand(proc(10), 0, false)];
  for (let i = 0; i < 10; i++) h.step(0.9);
  await flush();
  assert.equal(h.kills.length, 0);
  assert.equal(h.events.filter((e) => /no eligible victim/.test(e.message)).length, 1);
});

test('a process group is killed whole only when no member is protected and it is not ours', async () => {
  const a = proc(20, { pgid: 20 });
  const b = proc(21, { pgid: 20 });
  const protectedPids = new Set([21]);
  assert.equal(groupKillSafe(a, [a, b], 999, () => false), true);
  assert.equal(groupKillSafe(a, [a, b], 999, (p) => protectedPids.has(p.pid)), false);
  assert.equal(groupKillSafe(a, [a], 20, () => false), false, 'never our own group');
  assert.equal(groupKillSafe(proc(30, { pgid: 1 }), [], 999, () => false), false, 'never group 1');
  const h = new Harness();
  h.ranked = [cand(a, 1), cand(b, 0, false)];
  for (let i = 0; i < 4; i++) h.step(0.9, 'armed', 'process-group');
  await flush();
  assert.equal(h.kills[0]!.group, false);
  const h2 = new Harness();
  h2.ranked = [cand(a, 1), cand(b, 2)];
  for (let i = 0; i < 4; i++) h2.step(0.9, 'armed', 'process-group');
  await flush();
  assert.equal(h2.kills[0]!.group, true);
});
