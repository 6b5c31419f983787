import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PodDirectory, normalizePodUid, parsePodLogDir } from '../../src/host/podlogs.js';
import { parseContainerIdentity } from '../../src/host/container.js';

const FIXTURE = new URL('../fixtures/pods/var-log-pods', import.meta.url).pathname;
const POD_UID = '0b5f3c7e-8d8a-4c1e-9f1e-2a8b3c4d5e6f';

test('parsePodLogDir splits <namespace>_<pod>_<uid> and rejects anything else', () => {
  assert.deepEqual(parsePodLogDir(`default_test-alinux-1_${POD_UID}`), { namespace: 'default', name: 'test-alinux-1', uid: POD_UID });
  assert.deepEqual(parsePodLogDir('kube-system_kube-apiserver-node-1.example.com_9a1f0c0d4e3b2a19f8e7d6c5b4a39281'), {
    namespace: 'kube-system', name: 'kube-apiserver-node-1.example.com', uid: '9a1f0c0d4e3b2a19f8e7d6c5b4a39281',
  });
  assert.equal(parsePodLogDir('a_b_c_d'), null);
  assert.equal(parsePodLogDir('not-a-pod-dir'), null);
  assert.equal(parsePodLogDir(`Bad_Namespace_${POD_UID}`), null);
  assert.equal(parsePodLogDir('ns_pod_not-a-uid'), null);
  assert.equal(normalizePodUid('0B5F3C7E_8D8A_4C1E_9F1E_2A8B3C4D5E6F'), POD_UID);
});

test('lookup maps pod UIDs (either driver spelling) to namespace, name and containers', () => {
  const pods = new PodDirectory(FIXTURE);
  assert.deepEqual(pods.lookup(POD_UID), { namespace: 'default', name: 'test-alinux-1', uid: POD_UID, containers: ['app', 'log-shipper'] });
  assert.equal(pods.lookup(POD_UID.replace(/-/g, '_'))?.name, 'test-alinux-1', 'systemd driver spelling');
  assert.equal(pods.lookup('9a1f0c0d4e3b2a19f8e7d6c5b4a39281')?.namespace, 'kube-system', 'static pod hash UID');
  assert.deepEqual(pods.lookup('5c2d9e1f-3b4a-4f6e-8a7b-1c2d3e4f5a6b')?.containers, ['config-reloader', 'prometheus']);
  assert.equal(pods.lookup('11111111-2222-3333-4444-555555555555'), null, 'malformed dir is skipped');
  assert.equal(pods.list().length, 3);
  assert.equal(pods.lastError, null);
});

test('a missing root is normal: no pods, no error', () => {
  const pods = new PodDirectory('/nonexistent/var/log/pods');
  assert.equal(pods.lookup(POD_UID), null);
  assert.deepEqual(pods.list(), []);
  assert.equal(pods.lastError, null);
});

test('refresh re-lists at most every minIntervalMs, even when lookups miss', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'oomtop-pods-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  let now = 0;
  const pods = new PodDirectory(root, { minIntervalMs: 5000, now: () => now });
  assert.equal(pods.lookup(POD_UID), null);
  mkdirSync(join(root, `default_late-pod_${POD_UID}`, 'app'), { recursive: true });
  now = 4999;
  assert.equal(pods.lookup(POD_UID), null, 'listed too recently');
  now = 5000;
  assert.equal(pods.lookup(POD_UID)?.name, 'late-pod');
  rmSync(join(root, `default_late-pod_${POD_UID}`), { recursive: true });
  assert.equal(pods.lookup(POD_UID)?.name, 'late-pod', 'a hit does not re-list');
  pods.refresh(true);
  assert.equal(pods.lookup(POD_UID), null, 'forced refresh forgets the deleted pod');
});

const MEMCG = '/sys/fs/cgroup/memory';
const liveSkip =
  process.getuid?.() !== 0 ? 'needs root to create memory cgroups'
  : !existsSync(MEMCG) ? `no cgroup v1 memory controller at ${MEMCG}`
  : false;

test('live: a process in a kubelet-like memcg resolves to its pod name', { skip: liveSkip, timeout: 30_000 }, async (t) => {
  // Same layout as kubelet's cgroupfs driver, under a test root instead of /kubepods.
  const top = `oomtop-test-kubepods-${process.pid}`;
  const containerId = 'c0ffee'.padEnd(64, '0');
  const rel = [top, 'burstable', `pod${POD_UID}`, containerId];
  const dirs = rel.map((_, i) => join(MEMCG, ...rel.slice(0, i + 1)));
  const logRoot = mkdtempSync(join(tmpdir(), 'oomtop-pods-live-'));
  let child: ReturnType<typeof spawn> | null = null;
  const cleanup = () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // Everything in the test cgroup was started by this test (timeout's sleep child included).
    for (const d of dirs) {
      try {
        for (const p of readFileSync(join(d, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) process.kill(Number(p), 'SIGKILL');
      } catch {
        // not created or already gone
      }
    }
    for (const d of [...dirs].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // not created, or still busy right after the kill: retried below
      }
    }
    rmSync(logRoot, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  try {
    mkdirSync(dirs[0]!);
    writeFileSync(join(dirs[0]!, 'memory.limit_in_bytes'), String(64 * 1024 * 1024));
    for (const d of dirs.slice(1)) mkdirSync(d);
    mkdirSync(join(logRoot, `default_test-alinux-1_${POD_UID}`, 'app'), { recursive: true });

    // Join the leaf cgroup before exec, under timeout.
    const procs = join(dirs.at(-1)!, 'cgroup.procs');
    child = spawn('sh', ['-c', `echo $$ > ${procs} && exec timeout 20 sleep 20`], { stdio: 'ignore' });
    const pid = child.pid!;
    let cgroupPath = '';
    for (let i = 0; i < 50 && !cgroupPath.endsWith(containerId); i++) {
      await sleep(20);
      const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').find((l) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(l));
      cgroupPath = line?.slice(line.indexOf(':', line.indexOf(':') + 1) + 1) ?? '';
    }
    assert.equal(cgroupPath, '/' + rel.join('/'));

    // The parser knows the real root name; map the test root onto it.
    const id = parseContainerIdentity(cgroupPath.replace(`/${top}/`, '/kubepods/'));
    assert.equal(id.podUid, POD_UID);
    assert.equal(id.containerId, containerId);
    assert.equal(id.qos, 'burstable');
    const pod = new PodDirectory(logRoot).lookup(id.podUid!);
    assert.deepEqual(pod, { namespace: 'default', name: 'test-alinux-1', uid: POD_UID, containers: ['app'] });
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      // TERM lets timeout(1) pass the signal on to its sleep before it exits.
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    for (let i = 0; i < 20 && existsSync(dirs[0]!); i++) {
      cleanup();
      if (existsSync(dirs[0]!)) await sleep(50);
    }
    cleanup();
    process.off('exit', cleanup);
    t.diagnostic(`removed ${dirs[0]}: ${!existsSync(dirs[0]!)}`);
    assert.equal(existsSync(dirs[0]!), false, `test cgroup ${dirs[0]} left behind`);
  }
});

test('fixture tree is present (copied trees keep working)', (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'oomtop-pods-copy-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(FIXTURE, copy, { recursive: true });
  assert.equal(new PodDirectory(copy).lookup(POD_UID)?.name, 'test-alinux-1');
});
