// The engine wired end to end on fixture trees: sampling, scopes, ranking,
// policy edits persisted to YAML, and a bad config on disk rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/app/engine.js';
import { Sampler } from '../../src/sample/sampler.js';
import type { SampleSource } from '../../src/sample/types.js';
import type { OomtopEvent } from '../../src/report/types.js';

const fixtures = fileURLToPath(new URL('../fixtures/host/', import.meta.url));
const roots = (name: string) => ({ proc: join(fixtures, name, 'proc'), sys: join(fixtures, name, 'sys'), etc: join(fixtures, name, 'etc') });

const POLICY = `# test policy: comments must survive edits
mode: dry-run   # never armed in tests
events: /dev/null
node:
  level: medium
  kill: process
  protect:
    - name: '^systemd$'   # keep init
  prefer: []
cgroups:
  # the pod scope
  - match: { path: '^/kubepods(/|$)' }
    level: high
    kill: process
    protect: []
    prefer: [{ name: '^sleep$', priority: 5 }]
`;

function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-engine-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'oomtop.yaml');
  writeFileSync(configPath, POLICY);
  return { dir, configPath };
}

function engineOn(fixture: string, configPath: string): Engine {
  return new Engine({ configPath, roots: roots(fixture), eventLog: false, watchConfig: false, assumeRoot: true });
}

test('one tick on a fixture host: node and every memory cgroup are scopes; the pod scope is covered', (t) => {
  const { configPath } = setup(t);
  const engine = engineOn('basic', configPath);
  engine.wantProcesses(true);
  engine.tick(0);
  engine.tick(1000);
  const s = engine.getState();
  assert.equal(s.mode, 'dry-run');
  const ids = s.scopes.map((v) => v.id);
  assert.equal(ids[0], 'node');
  assert.ok(ids.includes('/kubepods'), ids.join(' '));
  const pod = s.scopes.find((v) => v.id === '/kubepods')!;
  assert.equal(pod.policyIndex, 0);
  assert.equal(pod.level, 'high');
  assert.equal(pod.effectiveMode, 'dry-run');
  const node = s.scopes[0]!;
  assert.ok(node.assessment && node.assessment.probability >= 0 && node.assessment.probability < 0.5);
  assert.ok(node.history.points.length === 2);
  const sleep = node.candidates.find((c) => c.proc.comm === 'sleep');
  assert.ok(sleep?.eligible, 'the sleep process is a node candidate');
  const init = node.candidates.find((c) => c.proc.pid === 1)!;
  assert.equal(init.eligible, false);
});

test('policy edits persist to the YAML with comments and apply at once', async (t) => {
  const { configPath } = setup(t);
  const engine = engineOn('basic', configPath);
  engine.wantProcesses(true);
  engine.tick(0);
  const events: OomtopEvent[] = [];
  engine.onEvent((e) => events.push(e));
  await engine.addRule(-1, 'protect', { name: '^sleep$' });
  const text = readFileSync(configPath, 'utf8');
  for (const comment of ['# test policy: comments must survive edits', '# never armed in tests', '# keep init', '# the pod scope']) {
    assert.ok(text.includes(comment), `comment kept: ${comment}`);
  }
  assert.match(text, /\^sleep\$/);
  engine.tick(1000);
  const sleep = engine.getState().scopes[0]!.candidates.find((c) => c.proc.comm === 'sleep')!;
  assert.equal(sleep.eligible, false);
  assert.match(sleep.reason, /protected by node\.protect\[1\]/);
  await engine.setLevel(0, 'low');
  assert.equal(engine.getState().config.cgroups[0]!.level, 'low');
  assert.match(readFileSync(configPath, 'utf8'), /level: low/);
  assert.ok(events.some((e) => e.type === 'config' && /add protect rule/.test(e.message)));
});

test('a bad config written on disk is rejected and the running policy kept', (t) => {
  const { configPath } = setup(t);
  const engine = engineOn('basic', configPath);
  engine.tick(0);
  writeFileSync(configPath, POLICY.replace('level: medium', 'level: extreme'));
  engine.reloadFromDisk();
  const s = engine.getState();
  assert.equal(s.config.node.level, 'medium');
  assert.match(s.configError ?? '', /oomtop\.yaml:5:\d+: .*extreme/);
  writeFileSync(configPath, POLICY.replace('level: medium', 'level: low'));
  engine.reloadFromDisk();
  assert.equal(engine.getState().configError, null);
  assert.equal(engine.getState().config.node.level, 'low');
});

test('hostile /proc entries never break a tick', (t) => {
  const { dir, configPath } = setup(t);
  // The hostile tree has only process entries: borrow the node files from basic.
  const proc = join(dir, 'proc');
  mkdirSync(proc);
  for (const f of readdirSync(join(fixtures, 'hostile', 'proc'))) symlinkSync(join(fixtures, 'hostile', 'proc', f), join(proc, f));
  for (const f of ['meminfo', 'vmstat', 'stat', 'zoneinfo', 'pressure']) symlinkSync(join(fixtures, 'basic', 'proc', f), join(proc, f));
  const engine = new Engine({ configPath, roots: { ...roots('basic'), proc }, eventLog: false, watchConfig: false, assumeRoot: true });
  engine.wantProcesses(true);
  engine.tick(0);
  engine.tick(500);
  const node = engine.getState().scopes[0]!;
  assert.ok(node.candidates.length > 0);
});

test('a pod-level policy selects the pod cgroup by namespace and pod name from the kubelet log directory', (t) => {
  const { dir } = setup(t);
  const pods = join(dir, 'pods');
  mkdirSync(join(pods, 'default_test-alinux-7_1f0e9c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b', 'app'), { recursive: true });
  const configPath = join(dir, 'pod.yaml');
  writeFileSync(
    configPath,
    `mode: dry-run
events: /dev/null
node: { level: medium }
cgroups:
  - match: { namespace: '^default$', pod: '^test-alinux' }
    level: low
    protectPid1: true
`,
  );
  const engine = new Engine({ configPath, roots: roots('basic'), podLogRoot: pods, eventLog: false, watchConfig: false, assumeRoot: true });
  engine.tick(0);
  const pod = engine.getState().scopes.find((s) => s.policyIndex === 0);
  assert.ok(pod, 'the pod cgroup is a covered scope');
  assert.equal(pod.id, '/kubepods/burstable/pod1f0e9c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b');
  assert.equal(pod.label, 'default/test-alinux-7');
  assert.equal(pod.level, 'low');
  assert.deepEqual(pod.pod, { uid: '1f0e9c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b', name: 'test-alinux-7', namespace: 'default', qos: 'burstable' });
});

test('before a victim is chosen it is re-read fresh: one that became protected since the scan is passed over', (t) => {
  const { configPath } = setup(t);
  const sampler = new Sampler({ roots: roots('basic') });
  // The scan's cached oom_score_adj is stale: the process has since asked never to be killed.
  const source: SampleSource = {
    sample: (req) => sampler.sample(req),
    scanProcesses: () => sampler.scanProcesses(),
    readProcess: (pid) => {
      const p = sampler.readProcess(pid);
      return p && p.comm === 'sleep' ? { ...p, oomScoreAdj: -1000 } : p;
    },
    readCgroup: (path) => sampler.readCgroup(path),
    readNode: () => sampler.readNode(),
    cgroupVersions: () => sampler.cgroupVersions(),
    close: () => sampler.close(),
  };
  const engine = new Engine({ configPath, roots: roots('basic'), source, eventLog: false, watchConfig: false, assumeRoot: true });
  engine.tick(0);
  const ranked = engine.rankedNow('node');
  const sleep = ranked.find((c) => c.proc.comm === 'sleep')!;
  assert.equal(sleep.eligible, false);
  assert.match(sleep.reason, /oom_score_adj -1000.*\(re-checked\)/);
});
