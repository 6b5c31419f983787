import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileScope } from '../../src/policy/rules.js';
import { exclusionOf, formatBytes, preferenceOf, rankCandidates, type RankContext } from '../../src/policy/rank.js';
import { defaultScope } from '../../src/policy/defaults.js';
import type { ScopeSpec } from '../../src/policy/types.js';
import { MiB, proc } from './procs.js';

const SELF = 5000;
const ctx: RankContext = { selfPid: SELF, protectedPids: new Set([4999, 4000]), podOf: () => null };

function scope(over: Partial<ScopeSpec> = {}): ReturnType<typeof compileScope> {
  return compileScope({ ...defaultScope(), ...over });
}

function order(cands: ReturnType<typeof rankCandidates>): string[] {
  return cands.map((c) => `${c.rank}:${c.proc.pid}`);
}

test('eligible order: prefer priority, then oom_score_adj, then rss+swap, then pid', () => {
  const s = scope({
    prefer: [
      { name: '^nr-pref$', priority: 5 },
      { name: '^low$', priority: -1 },
      { cmdline: 'batch', priority: 2, grace: 0 },
    ],
  });
  const procs = [
    proc({ pid: 100, comm: 'big', rss: 800 * MiB }),
    proc({ pid: 101, comm: 'nr-pref', rss: 16 * MiB }),
    proc({ pid: 102, comm: 'adj', rss: 5 * MiB, oomScoreAdj: 500 }),
    proc({ pid: 103, comm: 'swapper', rss: 300 * MiB, swap: 600 * MiB }),
    proc({ pid: 104, comm: 'low', rss: 4000 * MiB }),
    proc({ pid: 105, comm: 'twin', rss: 800 * MiB }),
    proc({ pid: 106, comm: 'job', cmdline: 'run batch 7', rss: 1 * MiB }),
    proc({ pid: 107, comm: 'neg', rss: 2000 * MiB, oomScoreAdj: -500 }),
  ];
  const ranked = rankCandidates(procs, s, ctx);
  assert.deepEqual(order(ranked), ['1:101', '2:106', '3:102', '4:103', '5:100', '6:105', '7:107', '8:104']);
  const by = new Map(ranked.map((c) => [c.proc.pid, c]));
  assert.equal(by.get(101)!.reason, 'preferred by node.prefer[0] name=^nr-pref$ (priority 5); 16 MiB rss+swap');
  assert.equal(by.get(101)!.preferRule, 0);
  assert.equal(by.get(101)!.priority, 5);
  assert.equal(by.get(101)!.grace, 5, 'scope grace when the rule has none');
  assert.equal(by.get(106)!.grace, 0, "the rule's own grace");
  assert.equal(by.get(102)!.reason, 'oom_score_adj 500; 5 MiB rss+swap');
  assert.equal(by.get(103)!.reason, 'largest: 900 MiB rss+swap');
  assert.equal(by.get(103)!.bytes, 900 * MiB);
  assert.equal(by.get(100)!.reason, '800 MiB rss+swap');
  assert.equal(by.get(107)!.reason, 'oom_score_adj -500; 2.0 GiB rss+swap');
  assert.equal(by.get(104)!.reason, 'preferred by node.prefer[1] name=^low$ (priority -1); 3.9 GiB rss+swap');
  assert.ok(ranked.every((c) => c.eligible && c.protectRule === null));
});

test('a process matched by several prefer rules takes the highest priority', () => {
  const s = scope({ prefer: [{ name: 'a', priority: 1 }, { name: 'ab', priority: 9 }, { name: 'abc', priority: 9 }] });
  const pref = preferenceOf(proc({ pid: 1, comm: 'abc' }), s, ctx);
  assert.equal(pref?.index, 1, 'highest priority, first listed on a tie');
  const [c] = rankCandidates([proc({ pid: 200, comm: 'abc' })], s, ctx);
  assert.equal(c!.priority, 9);
  assert.equal(c!.preferRule, 1);
});

test('every exclusion is returned after the eligible ones with its reason', () => {
  const s = scope({ protect: [{ name: '^sshd$' }, { pid: 321 }] });
  const procs = [
    proc({ pid: 1, comm: 'systemd', user: 'root', uid: 0, rss: 12 * MiB }),
    proc({ pid: 2, comm: 'kthreadd', kernelThread: true, rss: 0 }),
    proc({ pid: 77, comm: 'kworker/0:1', kernelThread: true, rss: 0 }),
    proc({ pid: SELF, comm: 'oomtop', rss: 60 * MiB }),
    proc({ pid: 4999, comm: 'bash', rss: 5 * MiB }),
    proc({ pid: 300, comm: 'defunct', state: 'Z', rss: 0 }),
    proc({ pid: 301, comm: 'critical', oomScoreAdj: -1000, rss: 900 * MiB }),
    proc({ pid: 302, comm: 'sshd', rss: 8 * MiB }),
    proc({ pid: 321, comm: 'pinned', rss: 3 * MiB }),
    proc({ pid: 303, comm: 'pause', nspid: [303, 1], containerId: '0123456789abcdef0123', rss: 1 * MiB }),
    proc({ pid: 304, comm: 'tini', nspid: [304, 1], rss: 1 * MiB }),
    proc({ pid: 305, comm: 'app', nspid: [305, 7], containerId: '0123456789abcdef0123', rss: 100 * MiB }),
    proc({ pid: 306, comm: 'victim', rss: 50 * MiB }),
  ];
  const ranked = rankCandidates(procs, s, ctx);
  assert.deepEqual(
    ranked.filter((c) => c.eligible).map((c) => c.proc.pid),
    [305, 306],
  );
  const reasons = Object.fromEntries(ranked.filter((c) => !c.eligible).map((c) => [c.proc.pid, c.reason]));
  assert.deepEqual(reasons, {
    1: 'PID 1 (init)',
    2: 'kernel thread',
    77: 'kernel thread',
    [SELF]: 'oomtop itself',
    4999: 'ancestor of oomtop',
    300: 'zombie: already exited',
    301: 'oom_score_adj -1000 (never kill)',
    302: 'protected by node.protect[0] name=^sshd$',
    321: 'protected by node.protect[1] pid=321',
    303: 'PID 1 of container 0123456789ab (protectPid1)',
    304: 'PID 1 of a PID namespace (protectPid1)',
  });
  const ineligible = ranked.filter((c) => !c.eligible);
  assert.ok(ineligible.every((c) => c.rank === 0));
  // Eligible first, then the shielded ones, largest first.
  assert.deepEqual(ranked.slice(0, 2).map((c) => c.rank), [1, 2]);
  assert.deepEqual(ineligible.map((c) => c.proc.pid).slice(0, 3), [301, SELF, 1]);
  assert.equal(ranked.find((c) => c.proc.pid === 302)!.protectRule, 0);
  assert.equal(ranked.find((c) => c.proc.pid === 321)!.protectRule, 1);
});

test('protectPid1: false lets a container init be chosen; a protect rule beats a prefer rule', () => {
  const s = scope({ protectPid1: false, protect: [{ name: 'both' }], prefer: [{ name: 'both', priority: 9 }] });
  const init = proc({ pid: 400, nspid: [400, 1], comm: 'tini' });
  assert.equal(exclusionOf(init, s, ctx), null);
  assert.deepEqual(exclusionOf(proc({ pid: 401, comm: 'both' }), s, ctx), { reason: 'protected by node.protect[0] name=both', protectRule: 0 });
  // Host PID 1 stays protected whatever protectPid1 says.
  assert.equal(exclusionOf(proc({ pid: 1 }), s, ctx)?.reason, 'PID 1 (init)');
});

test('ranking is deterministic: input order does not matter', () => {
  const s = scope({ prefer: [{ name: 'p', priority: 1 }] });
  const procs = Array.from({ length: 200 }, (_, i) =>
    proc({ pid: 1000 + i, comm: i % 7 === 0 ? 'p' : 'w', rss: ((i * 37) % 11) * MiB, oomScoreAdj: (i % 3) * 100 }),
  );
  const a = order(rankCandidates(procs, s, ctx));
  const b = order(rankCandidates([...procs].reverse(), s, ctx));
  assert.deepEqual(a, b);
});

test('formatBytes', () => {
  assert.equal(formatBytes(812 * MiB), '812 MiB');
  assert.equal(formatBytes(512 * 1024), '512 KiB');
  assert.equal(formatBytes(1.5 * 1024 * MiB), '1.5 GiB');
});
