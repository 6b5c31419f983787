// End to end: a real Prometheus scrapes a MetricsServer on loopback and its
// query API returns oomtop's series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MetricsServer } from '../../src/report/metrics.js';
import { appState, event, POD_CGROUP } from './fixtures.js';

const probe = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
const skip = probe.error ? 'prometheus not installed (apt-get install --no-install-recommends prometheus)' : false;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

test('a real Prometheus scrapes /metrics and finds oomtop_scope_oom_probability', { skip, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-prom-'));
  let prom: ChildProcess | null = null;
  const cleanup = () => {
    if (prom?.pid && prom.exitCode === null) prom.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  const m = new MetricsServer(() => appState());
  m.onEvent(event());
  try {
    const target = await m.listen('127.0.0.1:0');
    const promPort = await freePort();
    const cfg = join(dir, 'prometheus.yml');
    writeFileSync(cfg, [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: oomtop',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${target.port}']`,
      '',
    ].join('\n'));
    let log = '';
    prom = spawn('timeout', ['50', 'prometheus', `--config.file=${cfg}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`, '--storage.tsdb.retention.time=1h'], { stdio: ['ignore', 'pipe', 'pipe'] });
    prom.stdout!.on('data', (d) => (log += d));
    prom.stderr!.on('data', (d) => (log += d));

    const url = `http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent('oomtop_scope_oom_probability')}`;
    let found: QueryResult['data']['result'] = [];
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline) {
      await sleep(1000);
      assert.equal(prom.exitCode, null, `prometheus exited early:\n${log}`);
      try {
        const body = (await (await fetch(url)).json()) as QueryResult;
        if (body.status === 'success' && body.data.result.length >= 2) {
          found = body.data.result;
          break;
        }
      } catch {
        // not listening yet
      }
    }
    assert.ok(found.length >= 2, `no series after 40 s; prometheus log:\n${log.slice(-3000)}`);
    const pod = found.find((r) => r.metric.scope === POD_CGROUP);
    assert.ok(pod, JSON.stringify(found));
    assert.equal(pod.metric.namespace, 'default');
    assert.equal(pod.metric.pod, 'test-alinux-1');
    assert.equal(pod.metric.job, 'oomtop');
    assert.equal(Number(pod.value[1]), 0.87);
    const kills = (await (await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=oomtop_kills_total`)).json()) as QueryResult;
    assert.equal(kills.data.result.length, 1);
    assert.equal(kills.data.result[0]!.metric.outcome, 'exited');
  } finally {
    await m.close();
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom!.once('exit', r));
      prom.kill('SIGTERM');
      await Promise.race([exited, sleep(5000, undefined, { ref: false })]);
    }
    cleanup();
    process.off('exit', cleanup);
  }
});
