import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/policy/load.js';
import { cgroupMatches, resolveCgroupScopes, scopeContains, scopeRootsOf, type PodRef } from '../../src/policy/scopes.js';

const POD_UID = '3f2a9c1e-0000-4000-8000-000000000001';
const podCg = `/kubepods/burstable/pod${POD_UID}`;
const ctrCg = `${podCg}/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`;
const ALL = ['/', '/user.slice', '/mybench', '/mybench/a', '/mybench/a/b', '/mybenchmark', '/kubepods', '/kubepods/burstable', podCg, ctrCg];

function podOf(path: string): PodRef | null {
  return path.startsWith(podCg) ? { uid: POD_UID, name: 'web-7f9', namespace: 'shop' } : null;
}

function config(cgroups: string): ReturnType<typeof parseConfig>['config'] {
  return parseConfig(`cgroups:\n${cgroups}`, 'scopes.yaml').config;
}

test('a path entry makes only the topmost matching cgroup a scope', () => {
  const c = config("  - match: { path: '^/mybench(/|$)' }\n");
  assert.deepEqual([...resolveCgroupScopes(c, ALL, podOf)], [['/mybench', 0]]);
});

test('a pod entry resolves to the pod cgroup, not each container cgroup', () => {
  const c = config('  - match: { pod: ^web-, namespace: ^shop$ }\n');
  assert.deepEqual([...resolveCgroupScopes(c, ALL, podOf)], [[podCg, 0]]);
  // Without the name yet, the pod regex sees the UID.
  const byUid = config(`  - match: { pod: '^${POD_UID}$' }\n`);
  const noNames = (p: string): PodRef | null => (p.startsWith(podCg) ? { uid: POD_UID, name: '', namespace: '' } : null);
  assert.deepEqual([...resolveCgroupScopes(byUid, ALL, noNames)], [[podCg, 0]]);
  const nullNames = (p: string): PodRef | null => (p.startsWith(podCg) ? { uid: POD_UID, name: null, namespace: null } : null);
  assert.deepEqual([...resolveCgroupScopes(byUid, ALL, nullNames)], [[podCg, 0]]);
  const byNs = config('  - match: { namespace: shop }\n');
  assert.deepEqual([...resolveCgroupScopes(byNs, ALL, noNames)], [], 'namespace unknown: no match');
});

test('the first matching entry wins a cgroup; different entries may nest', () => {
  const c = config("  - match: { path: '^/mybench/a$' }\n    level: low\n  - match: { path: '^/mybench' }\n");
  const m = resolveCgroupScopes(c, ALL, podOf);
  // /mybench/a is entry 0's; /mybench and /mybenchmark are entry 1's;
  // /mybench/a/b is under entry 1's /mybench, so it is not a root.
  assert.deepEqual([...m].sort(), [['/mybench', 1], ['/mybench/a', 0], ['/mybenchmark', 1]]);
});

test('the topmost match is found whatever order the paths come in', () => {
  const c = config("  - match: { path: '^/mybench(/|$)' }\n");
  assert.deepEqual([...resolveCgroupScopes(c, [...ALL].reverse(), podOf)], [['/mybench', 0]]);
  // When the ancestor is not listed (e.g. not a memory cgroup we saw), the descendants are the roots.
  assert.deepEqual([...resolveCgroupScopes(c, ['/mybench/a', '/mybench/a/b', '/mybench/c'], podOf)], [['/mybench/a', 0], ['/mybench/c', 0]]);
});

test('no cgroup entries, no scopes', () => {
  assert.equal(resolveCgroupScopes(config('  []\n'), ALL, podOf).size, 0);
});

test('cgroupMatches needs every given field', () => {
  assert.ok(cgroupMatches({ path: '^/kubepods', pod: '^web' }, podCg, podOf(podCg)));
  assert.ok(!cgroupMatches({ path: '^/other', pod: '^web' }, podCg, podOf(podCg)));
  assert.ok(!cgroupMatches({}, podCg, podOf(podCg)), 'an empty match matches nothing');
});

test('scopeContains: equal or below, "/" contains all, no prefix confusion', () => {
  assert.ok(scopeContains('/mybench', '/mybench'));
  assert.ok(scopeContains('/mybench', '/mybench/a/b'));
  assert.ok(scopeContains('/mybench/', '/mybench/a'));
  assert.ok(!scopeContains('/mybench', '/mybenchmark'));
  assert.ok(!scopeContains('/mybench/a', '/mybench'));
  assert.ok(scopeContains('/', '/anything'));
  assert.ok(scopeContains('/', '/'));
  assert.ok(!scopeContains('/mybench', ''), 'unknown cgroup belongs to no cgroup scope');
});

test('scopeRootsOf lists the containing roots outermost first', () => {
  const scopes = new Map([['/mybench/a', 0], ['/mybench', 1], ['/other', 2]]);
  assert.deepEqual(scopeRootsOf(scopes, '/mybench/a/b'), ['/mybench', '/mybench/a']);
  assert.deepEqual(scopeRootsOf(scopes, '/user.slice'), []);
});
