import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { MetricsServer, parseListenSpec, selectScopes } from '../../src/report/metrics.js';
import type { AppState } from '../../src/app/types.js';
import { appState, event, POD_CGROUP, scopeView } from './fixtures.js';

async function withServer<T>(getState: () => AppState, fn: (base: string, m: MetricsServer) => Promise<T>, now?: () => number): Promise<T> {
  const m = new MetricsServer(getState, now ? { now } : {});
  const { address, port } = await m.listen('127.0.0.1:0');
  try {
    return await fn(`http://${address}:${port}`, m);
  } finally {
    await m.close();
  }
}

/** The sample line for a metric with exactly these labels (order-insensitive), or undefined. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const kv of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) got[kv[1]!] = kv[2]!;
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

test('parseListenSpec accepts ADDR:PORT, PORT, :PORT and [v6]:PORT', () => {
  assert.deepEqual(parseListenSpec('9749'), { host: '127.0.0.1', port: 9749 });
  assert.deepEqual(parseListenSpec('0.0.0.0:9749'), { host: '0.0.0.0', port: 9749 });
  assert.deepEqual(parseListenSpec(':9749'), { host: '0.0.0.0', port: 9749 });
  assert.deepEqual(parseListenSpec('[::1]:9749'), { host: '::1', port: 9749 });
  assert.deepEqual(parseListenSpec('localhost:0'), { host: 'localhost', port: 0 });
  assert.throws(() => parseListenSpec('::1:9749'), /bad listen address/);
  assert.throws(() => parseListenSpec('127.0.0.1:http'), /not a number/);
  assert.throws(() => parseListenSpec('70000'), /out of range/);
});

test('GET /metrics serves per-scope, node and build series from the state', async () => {
  const state = appState();
  await withServer(() => state, async (base) => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const pod = { scope: POD_CGROUP, namespace: 'default', pod: 'test-alinux-1' };
    assert.equal(valueOf(text, 'oomtop_scope_oom_probability', pod), 0.87);
    assert.equal(valueOf(text, 'oomtop_scope_time_to_exhaustion_seconds', pod), 4.5);
    assert.equal(valueOf(text, 'oomtop_scope_danger', pod), 1);
    assert.equal(valueOf(text, 'oomtop_scope_usage_bytes', pod), 400 * 1024 ** 2);
    assert.equal(valueOf(text, 'oomtop_scope_limit_bytes', pod), 512 * 1024 ** 2);
    assert.equal(valueOf(text, 'oomtop_scope_headroom_bytes', pod), (512 - 300 - 50) * 1024 ** 2);
    assert.equal(valueOf(text, 'oomtop_scope_refaults_per_second', { ...pod, type: 'file' }), 3400);
    assert.equal(valueOf(text, 'oomtop_scope_pressure_stalled_ratio', { ...pod, stall: 'some' }), 0.25);
    assert.equal(valueOf(text, 'oomtop_scope_level', { ...pod, level: 'high' }), 1);
    assert.equal(valueOf(text, 'oomtop_scope_level', { ...pod, level: 'low' }), 0);
    assert.equal(valueOf(text, 'oomtop_scope_info', { ...pod, qos: 'burstable', policy: 'cgroups[0]' }), 1);
    // The node: no time to exhaustion when not filling, so no series.
    assert.equal(valueOf(text, 'oomtop_scope_oom_probability', { scope: 'node' }), 0.02);
    assert.equal(valueOf(text, 'oomtop_scope_time_to_exhaustion_seconds', { scope: 'node' }), undefined);
    assert.equal(valueOf(text, 'oomtop_scope_limit_bytes', { scope: 'node' }), 24 * 1024 ** 3);
    // Unlimited cgroup: no limit series rather than +Inf; no assessment, so no probability.
    const unl = { scope: '/system.slice/unlimited.service' };
    assert.equal(valueOf(text, 'oomtop_scope_limit_bytes', unl), undefined);
    assert.equal(valueOf(text, 'oomtop_scope_oom_probability', unl), undefined);
    assert.equal(valueOf(text, 'oomtop_scope_usage_bytes', unl), 10 * 1024 ** 2);
    assert.equal(valueOf(text, 'oomtop_node_memory_available_bytes'), 20 * 1024 ** 3);
    assert.equal(valueOf(text, 'oomtop_node_watermark_bytes', { watermark: 'high' }), 101 * 1024 ** 2);
    assert.equal(valueOf(text, 'oomtop_mode', { mode: 'armed' }), 1);
    assert.equal(valueOf(text, 'oomtop_mode', { mode: 'dry-run' }), 0);
    assert.equal(valueOf(text, 'oomtop_sample_interval_seconds'), 0.5);
    assert.equal(valueOf(text, 'oomtop_sample_duration_seconds', { tier: 'fast' }), 0.00031);
    assert.equal(valueOf(text, 'oomtop_samples_total'), 42);
    assert.equal(valueOf(text, 'oomtop_build_info', { version: '0.1.0' }), 1);
    assert.doesNotMatch(text, /pid="/, 'no PID labels');
  });
});

test('series follow the state at scrape time: a vanished scope disappears', async () => {
  let state = appState();
  await withServer(() => state, async (base) => {
    const first = await (await fetch(`${base}/metrics`)).text();
    assert.notEqual(valueOf(first, 'oomtop_scope_usage_bytes', { scope: POD_CGROUP }), undefined);
    state = { ...state, scopes: state.scopes.filter((s) => s.id !== POD_CGROUP), mode: 'dry-run' };
    const second = await (await fetch(`${base}/metrics`)).text();
    assert.equal(valueOf(second, 'oomtop_scope_usage_bytes', { scope: POD_CGROUP }), undefined);
    assert.equal(valueOf(second, 'oomtop_mode', { mode: 'dry-run' }), 1);
  });
});

test('onEvent counts kills by scope, reason and outcome, and the last kill time', async () => {
  const state = appState();
  await withServer(() => state, async (base, m) => {
    m.onEvent(event());
    m.onEvent(event({ time: '2025-01-01T00:00:20.000Z' }));
    m.onEvent(event({ outcome: 'identity-changed' }));
    m.onEvent(event({ type: 'would-kill', outcome: null }));
    m.onEvent(event({ type: 'kernel-oom', scope: '/elsewhere' }));
    m.onEvent(event({ type: 'decision' }));
    const text = await (await fetch(`${base}/metrics`)).text();
    const pod = { scope: POD_CGROUP, namespace: 'default', pod: 'test-alinux-1', reason: 'headroom' };
    assert.equal(valueOf(text, 'oomtop_kills_total', { ...pod, outcome: 'exited' }), 2);
    assert.equal(valueOf(text, 'oomtop_kills_total', { ...pod, outcome: 'identity-changed' }), 1);
    assert.equal(valueOf(text, 'oomtop_would_kills_total', { ...pod, outcome: 'unknown' }), 1);
    assert.equal(valueOf(text, 'oomtop_kernel_oom_kills_total', { scope: '/elsewhere' }), 1);
    assert.equal(valueOf(text, 'oomtop_last_kill_timestamp_seconds', { scope: POD_CGROUP }), Date.parse('2025-01-01T00:00:20.000Z') / 1000);
  });
});

test('kill counters cap distinct scope labels so pod churn cannot grow series forever', async () => {
  const state = appState();
  const m = new MetricsServer(() => state, { maxEventScopes: 3 });
  for (let i = 0; i < 10; i++) m.onEvent(event({ scope: `/kubepods/pod${i}` }));
  const text = await m.render();
  const scopes = new Set([...text.matchAll(/^oomtop_kills_total\{scope="([^"]*)"/gm)].map((x) => x[1]));
  assert.deepEqual([...scopes].sort(), ['/kubepods/pod0', '/kubepods/pod1', '/kubepods/pod2', 'other']);
  assert.equal(valueOf(text, 'oomtop_kills_total', { scope: 'other' }), 7);
});

test('scope export is capped: node, policy-covered by probability, then the rest by usage', async () => {
  const many = Array.from({ length: 30 }, (_, i) => scopeView(`/c${i}`, {}, { usage: i * 1000 }));
  const covered = scopeView('/covered', { policyIndex: 0, assessment: { scope: '/covered', t: 0, level: 'low', probability: 0.1, timeToExhaustion: null, deficit: 0, danger: false, reasons: [] } }, { usage: 1 });
  const base = appState();
  const state: AppState = { ...base, scopes: [base.scopes[0]!, ...many, covered] };
  assert.deepEqual(selectScopes(state.scopes, 4).map((s) => s.id), ['node', '/covered', '/c29', '/c28']);
  const text = await new MetricsServer(() => state, { maxScopes: 5 }).render();
  const exported = new Set([...text.matchAll(/^oomtop_scope_usage_bytes\{scope="([^"]*)"/gm)].map((x) => x[1]));
  assert.equal(exported.size, 5);
  assert.ok(exported.has('/covered') && exported.has('node') && !exported.has('/c0'));
  assert.equal(valueOf(text, 'oomtop_exported_scopes'), 5);
  assert.equal(valueOf(text, 'oomtop_known_scopes'), 32);
});

test('GET /healthz: 200 while samples are fresh, 503 when older than 10 intervals', async () => {
  let now = 1_000_000;
  let state = appState({ sample: null }, now);
  const clock = () => now;
  await withServer(() => state, async (base) => {
    // intervalMs 500 but config.interval.max 1000: the limit is 10 x 1000 ms.
    let res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200, 'starting up, within the grace');
    assert.match(await res.text(), /ok/);
    now += 10_001;
    res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 503, 'never sampled');
    await res.text();
    state = appState({}, now - 9_000);
    res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok\n');
    now += 2_000;
    res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 503);
    assert.match(await res.text(), /stale: last sample 11\.0 s ago/);
    res = await fetch(`${base}/nope`);
    assert.equal(res.status, 404);
    await res.text();
    res = await fetch(`${base}/metrics`, { method: 'POST' });
    assert.equal(res.status, 405);
    await res.text();
  }, clock);
});

test('listen on [::1] and close frees the port', async (t) => {
  const m = new MetricsServer(() => appState());
  let addr;
  try {
    addr = await m.listen('[::1]:0');
  } catch (err) {
    t.skip(`no IPv6 loopback here: ${(err as Error).message}`);
    return;
  }
  assert.equal(addr.address, '::1');
  const res = await fetch(`http://[::1]:${addr.port}/healthz`);
  assert.equal(res.status, 200);
  await res.text();
  await m.close();
  await assert.rejects(fetch(`http://[::1]:${addr.port}/healthz`));
});

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
test('promtool check metrics accepts the exposition', { skip: promtool.error ? 'promtool not installed (apt-get install --no-install-recommends prometheus)' : false }, async () => {
  const state = appState();
  const m = new MetricsServer(() => state);
  m.onEvent(event());
  m.onEvent(event({ type: 'would-kill' }));
  m.onEvent(event({ type: 'kernel-oom' }));
  const text = await m.render();
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.status, 0, `promtool: ${r.stdout}${r.stderr}`);
  assert.equal((r.stdout + r.stderr).trim(), '', 'no lint warnings');
});
