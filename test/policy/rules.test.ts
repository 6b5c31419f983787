import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileConfig, compileRule, compileScope, effectiveMode, firstMatchingRule, matchRule, type MatchContext } from '../../src/policy/rules.js';
import { compileRegex } from '../../src/policy/regex.js';
import { parseConfig } from '../../src/policy/load.js';
import { defaultScope } from '../../src/policy/defaults.js';
import { proc } from './procs.js';

const noPods: MatchContext = { podOf: () => null };
const pods: MatchContext = {
  podOf: (p) => (p.podUid === 'u-1' ? { name: 'web-7f9', namespace: 'shop' } : null),
};

test('a rule matches when every field it gives matches (unanchored search)', () => {
  const r = compileRule({ name: 'ssh', user: '^root$' }, 'protect', 0);
  assert.ok(matchRule(r, proc({ pid: 10, comm: 'sshd', user: 'root' }), noPods));
  assert.ok(!matchRule(r, proc({ pid: 11, comm: 'sshd', user: 'alice' }), noPods));
  assert.ok(!matchRule(r, proc({ pid: 12, comm: 'bash', user: 'root' }), noPods));
  const anchored = compileRule({ name: '^sshd$' }, 'protect', 0);
  assert.ok(!matchRule(anchored, proc({ pid: 13, comm: 'sshd-session' }), noPods));
});

test('each field reads the right part of the process', () => {
  const p = proc({ pid: 20, comm: 'java', cmdline: 'java -jar app.jar', cgroup: '/kubepods/burstable/podu-1/abc', uid: 1001, user: '', podUid: 'u-1' });
  const m = (spec: Parameters<typeof compileRule>[0], ctx = pods): boolean => matchRule(compileRule(spec, 'prefer', 0), p, ctx);
  assert.ok(m({ cmdline: '-jar app' }));
  assert.ok(m({ cgroup: '^/kubepods/burstable/' }));
  assert.ok(m({ user: '^1001$' }), 'uid without a name matches by number');
  assert.ok(m({ pod: '^web-' }));
  assert.ok(m({ namespace: '^shop$' }));
  assert.ok(m({ pid: 20 }));
  assert.ok(!m({ pid: 21 }));
  assert.ok(m({ pod: '^u-1$' }, noPods), 'pod UID stands in when the name is unknown');
  assert.ok(!m({ namespace: '.*' }, noPods), 'no namespace outside a known pod');
  assert.ok(!matchRule(compileRule({ pod: '.*' }, 'protect', 0), proc({ pid: 22 }), pods), 'not in a pod');
});

test('a pid rule with a start time matches only that process lifetime; without one, any holder of the PID', () => {
  const pinned = compileRule({ pid: 40, startTime: 1040 }, 'prefer', 0);
  assert.ok(matchRule(pinned, proc({ pid: 40 }), noPods), 'same pid, same start time (procs.ts: 1000 + pid)');
  assert.ok(!matchRule(pinned, { ...proc({ pid: 40 }), startTime: 5000 }, noPods), 'PID reused by a later process');
  assert.ok(!matchRule(pinned, proc({ pid: 41 }), noPods));
  const bare = compileRule({ pid: 40 }, 'prefer', 0);
  assert.ok(matchRule(bare, { ...proc({ pid: 40 }), startTime: 5000 }, noPods), 'bare pid keeps its old meaning');
  assert.equal(compileRule({ pid: 40, startTime: 1040 }, 'protect', 2, 'cgroups[0]').label, 'cgroups[0].protect[2] pid=40 startTime=1040');
});

test('rule labels name the scope, list, index and fields', () => {
  const s = compileScope({ ...defaultScope(), protect: [{ name: '^sshd$' }], prefer: [{ name: '^nr-pref$', priority: 5, grace: 0 }, { pid: 7 }] }, 'cgroups[1]', 1);
  assert.equal(s.protect[0]!.label, 'cgroups[1].protect[0] name=^sshd$');
  assert.equal(s.prefer[0]!.label, 'cgroups[1].prefer[0] name=^nr-pref$');
  assert.equal(s.prefer[0]!.priority, 5);
  assert.equal(s.prefer[0]!.grace, 0);
  assert.equal(s.prefer[1]!.label, 'cgroups[1].prefer[1] pid=7');
  assert.equal(s.prefer[1]!.grace, null);
  assert.equal(compileScope(defaultScope()).label, 'node');
});

test('hostile command names cannot smuggle a match past anchors', () => {
  const r = compileRule({ name: '^sshd$' }, 'protect', 0);
  for (const comm of ['evil\nsshd', 'sshd\nevil', 'sshd\u0000', '\u009bsshd', 'ss\u200bhd', '{red-fg}sshd{/red-fg}', 'sshd ']) {
    assert.ok(!matchRule(r, proc({ pid: 30, comm }), noPods), JSON.stringify(comm));
  }
  // Control characters and invalid surrogates are just text to match.
  const any = compileRule({ cmdline: 'x\\x1b\\[2J' }, 'prefer', 0);
  assert.ok(matchRule(any, proc({ pid: 31, cmdline: 'x\u001b[2J\ud800' }), noPods));
});

test('catastrophic-backtracking patterns run in linear time on long hostile input', () => {
  // JavaScript's backtracking RegExp took ~145 ms for /(a+)+$/ on 24 a's and
  // a '!' here, doubling with each extra 'a'; re2js took ~2.5 ms on 100,000.
  const patterns = ['(a+)+$', '(a|a)*b', '(.*a){20}', '^(([a-z])+.)+[A-Z]([a-z])+$'];
  const inputs = ['a'.repeat(100_000) + '!', 'a'.repeat(100_000), 'ab'.repeat(50_000) + '!'];
  for (const pattern of patterns) {
    const r = compileRule({ cmdline: pattern }, 'prefer', 0);
    for (const cmdline of inputs) {
      const t0 = performance.now();
      matchRule(r, proc({ pid: 40, cmdline }), noPods);
      const ms = performance.now() - t0;
      // A generous ceiling for a noisy machine: exponential behaviour would
      // take longer than the universe, linear takes milliseconds.
      assert.ok(ms < 2000, `${pattern} on ${cmdline.length} chars took ${ms.toFixed(0)} ms`);
    }
  }
  assert.ok(matchRule(compileRule({ cmdline: '(a+)+$' }, 'prefer', 0), proc({ pid: 41, cmdline: 'a'.repeat(100_000) }), noPods));
});

test('patterns RE2 cannot run in linear time are rejected at compile time', () => {
  for (const p of ['(a)\\1', 'a(?=b)', '(?<!x)y']) {
    const r = compileRegex(p);
    assert.ok('problem' in r, p);
  }
  assert.throws(() => compileRule({ name: '(' }, 'protect', 3, 'node'), /node\.protect\[3\]\.name: invalid regex/);
});

test('firstMatchingRule takes rules in order', () => {
  const s = compileScope({ ...defaultScope(), protect: [{ user: 'nobody' }, { name: 'gres' }, { name: 'postgres' }] });
  assert.equal(firstMatchingRule(s.protect, proc({ pid: 50, comm: 'postgres' }), noPods)?.index, 1);
  assert.equal(firstMatchingRule(s.protect, proc({ pid: 51, comm: 'bash' }), noPods), null);
});

test('compileConfig labels each scope and effectiveMode applies overrides', () => {
  const { config } = parseConfig(
    "mode: armed\ncgroups:\n  - match: { path: ^/a }\n    mode: dry-run\n    protect: [{ name: x }]\n  - match: { path: ^/b }\n",
    'c.yaml',
  );
  const c = compileConfig(config);
  assert.equal(c.cgroups[0]!.label, 'cgroups[0]');
  assert.equal(c.cgroups[0]!.ref, 0);
  assert.equal(c.cgroups[0]!.protect[0]!.label, 'cgroups[0].protect[0] name=x');
  assert.equal(effectiveMode(config, 0), 'dry-run');
  assert.equal(effectiveMode(config, 1), 'armed');
  assert.equal(effectiveMode(config, -1), 'armed');
});
