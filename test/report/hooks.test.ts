import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HookRunner, hookArgv, hookEnv, sanitizeEnvValue } from '../../src/report/hooks.js';
import { event } from './fixtures.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-hooks-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/hook` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

/** Running, not a zombie: an orphan's zombie waits for init here, which may reap late. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

test('env values are sanitized: no NULs, newlines or escapes, and capped', () => {
  assert.equal(sanitizeEnvValue('a\0b\nc\r\x1b[31md\u009b'), 'a b c  [31md ');
  assert.equal(sanitizeEnvValue(null), '');
  assert.equal(sanitizeEnvValue('x'.repeat(10_000)).length, 4096);
  const env = hookEnv(event({ victim: { ...event().victim!, cmdline: 'evil\0--flag\nrm -rf /' } }), 'after', 'h1');
  assert.equal(env.OOMTOP_CMDLINE, 'evil --flag rm -rf /');
  assert.equal(env.OOMTOP_PID, '4242');
  assert.equal(env.OOMTOP_BYTES_FREED, String(290 * 1024 ** 2));
  assert.equal(env.OOMTOP_PROBABILITY, '0.87');
  assert.equal(env.OOMTOP_HOST, 'h1');
  for (const v of Object.values(env)) assert.doesNotMatch(v, /[\x00-\x1f]/);
});

test('exec hook gets the event as OOMTOP_* env and JSON on stdin', async (t) => {
  const dir = tempDir(t);
  const command = `env | grep '^OOMTOP_' | sort > "${dir}/env.$OOMTOP_PHASE"; cat > "${dir}/stdin.$OOMTOP_PHASE"`;
  const hooks = new HookRunner({ exec: { command, timeout: 5, before: true } }, { host: 'node-a' });
  const e = event({ victim: { ...event().victim!, cmdline: 'nr-hog\n--rate 50' } });
  const t0 = performance.now();
  hooks.emit(e, 'before');
  hooks.emit(e, 'after');
  assert.ok(performance.now() - t0 < 50, 'emit does not wait for the hook');
  await hooks.drain(5000);
  assert.deepEqual(hooks.stats().execStarted, 2);
  const env = Object.fromEntries(readFileSync(join(dir, 'env.after'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.equal(env.OOMTOP_TYPE, 'kill');
  assert.equal(env.OOMTOP_PHASE, 'after');
  assert.equal(env.OOMTOP_SCOPE, e.scope);
  assert.equal(env.OOMTOP_PID, '4242');
  assert.equal(env.OOMTOP_NAME, 'nr-hog');
  assert.equal(env.OOMTOP_CMDLINE, 'nr-hog --rate 50');
  assert.equal(env.OOMTOP_CGROUP, e.victim!.cgroup);
  assert.equal(env.OOMTOP_SIGNAL, 'SIGTERM');
  assert.equal(env.OOMTOP_OUTCOME, 'exited');
  assert.equal(env.OOMTOP_HOST, 'node-a');
  const json = JSON.parse(readFileSync(join(dir, 'stdin.after'), 'utf8'));
  assert.equal(json.victim.cmdline, 'nr-hog\n--rate 50', 'stdin carries the raw JSON');
  assert.equal(json.phase, 'after');
  assert.equal(JSON.parse(readFileSync(join(dir, 'stdin.before'), 'utf8')).phase, 'before');
  hooks.close();
});

test('hooks do not inherit a lower oom_score_adj than hookOomScoreAdj', async (t) => {
  assert.deepEqual(hookArgv('true', 0, 0), ['/bin/sh', '-c', 'true']);
  assert.equal(hookArgv('true', -1000, 0)[2], 'echo 0 > /proc/self/oom_score_adj 2>/dev/null; exec /bin/sh -c "$1"');
  // oomtop runs at -1000 in production; here we stay at our own value and ask for a higher one instead.
  const own = Number(readFileSync('/proc/self/oom_score_adj', 'utf8'));
  const dir = tempDir(t);
  const target = Math.min(1000, own + 300);
  const hooks = new HookRunner({ exec: { command: `cat /proc/self/oom_score_adj > '${dir}/adj'; echo "$0" > '${dir}/argv0'`, timeout: 5 } }, { hookOomScoreAdj: target });
  hooks.emit(event(), 'after');
  await hooks.drain(5000);
  assert.equal(Number(readFileSync(join(dir, 'adj'), 'utf8')), target);
  assert.equal(readFileSync(join(dir, 'argv0'), 'utf8').trim(), '/bin/sh', 'the command runs as plain sh -c');
  hooks.close();
});

test('exec hook runs only for kill-type events, and "before" only when asked', async (t) => {
  const dir = tempDir(t);
  const hooks = new HookRunner({ exec: { command: `echo "$OOMTOP_TYPE.$OOMTOP_PHASE" >> '${dir}/log'`, timeout: 5 } });
  for (const type of ['kill', 'would-kill', 'manual-kill', 'kernel-oom', 'decision', 'start', 'config'] as const) {
    hooks.emit(event({ type }), 'before');
    hooks.emit(event({ type }), 'after');
    await hooks.drain(5000); // one at a time so the log order is fixed
  }
  assert.deepEqual(readFileSync(join(dir, 'log'), 'utf8').trim().split('\n'), ['kill.after', 'would-kill.after', 'manual-kill.after', 'kernel-oom.after']);
  hooks.close();
});

test('a hanging exec hook is killed at its timeout, with what it started', async (t) => {
  const dir = tempDir(t);
  const errors: string[] = [];
  // Same process group as the shell; the hook timeout bounds its life.
  const command = `sleep 30 & echo $! > '${dir}/child'; wait`;
  const hooks = new HookRunner({ exec: { command, timeout: 0.3 } }, { onError: (m) => errors.push(m) });
  const t0 = Date.now();
  hooks.emit(event(), 'after');
  await hooks.drain(5000);
  const took = Date.now() - t0;
  assert.ok(took >= 250 && took < 3000, `drained after ${took} ms`);
  assert.equal(hooks.stats().execTimedOut, 1);
  assert.match(errors.join('\n'), /killed after its 0.3 s timeout/);
  const child = Number(readFileSync(join(dir, 'child'), 'utf8'));
  await sleep(50);
  assert.equal(alive(child), false, 'the background child of the hook is gone too');
});

test('a hook that leaves a process holding its stderr still finishes', async (t) => {
  const dir = tempDir(t);
  // timeout(1) moves itself to its own process group, out of the hook's group.
  const hooks = new HookRunner({ exec: { command: `timeout 5 sleep 5 & echo $! > '${dir}/child'`, timeout: 3 } });
  const t0 = Date.now();
  hooks.emit(event(), 'after');
  await hooks.drain(4000);
  const child = Number(readFileSync(join(dir, 'child'), 'utf8'));
  t.after(() => {
    if (alive(child)) process.kill(child, 'SIGKILL');
  });
  assert.ok(Date.now() - t0 < 1000, `finished after ${Date.now() - t0} ms`);
  assert.deepEqual([hooks.stats().execStarted, hooks.stats().execFailed, hooks.stats().execTimedOut], [1, 0, 0]);
  assert.equal(alive(child), true, 'the escaped process is not ours to kill');
});

test('exec hooks are bounded: beyond the concurrency they are dropped and counted', async (t) => {
  const dir = tempDir(t);
  const hooks = new HookRunner({ exec: { command: `sleep 10`, timeout: 1 } }, { execConcurrency: 2 });
  for (let i = 0; i < 5; i++) hooks.emit(event(), 'after');
  await sleep(200);
  assert.equal(hooks.stats().execStarted, 2);
  assert.equal(hooks.stats().execDropped, 3);
  hooks.close(); // the two sleeps still end at their own deadline
  await hooks.drain(3000);
  assert.equal(hooks.stats().execTimedOut, 2);
  assert.ok(existsSync(dir));
});

test('a failing exec hook is reported with its status and stderr', async () => {
  const errors: string[] = [];
  const hooks = new HookRunner({ exec: { command: 'echo broken >&2; exit 3', timeout: 5 } }, { onError: (m) => errors.push(m) });
  hooks.emit(event(), 'after');
  await hooks.drain(5000);
  assert.equal(hooks.stats().execFailed, 1);
  assert.deepEqual(errors, ['exec hook failed: exit status 3: broken']);
});

test('webhook retries with exponential backoff until the server accepts', async () => {
  const arrivals: number[] = [];
  const bodies: string[] = [];
  const { server, url } = await serve((req, res, body) => {
    arrivals.push(Date.now());
    bodies.push(body);
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/json');
    res.writeHead(arrivals.length <= 2 ? 503 : 204).end();
  });
  try {
    const hooks = new HookRunner({ webhook: { url, timeout: 2 } }, { host: 'node-b' });
    hooks.emit(event(), 'after');
    await hooks.drain(10_000);
    assert.equal(arrivals.length, 3);
    const gaps = [arrivals[1]! - arrivals[0]!, arrivals[2]! - arrivals[1]!];
    assert.ok(gaps[0]! >= 450 && gaps[0]! < 900, `first retry after ${gaps[0]} ms (0.5 s)`);
    assert.ok(gaps[1]! >= 950 && gaps[1]! < 1600, `second retry after ${gaps[1]} ms (1 s)`);
    const sent = JSON.parse(bodies[2]!);
    assert.equal(sent.type, 'kill');
    assert.equal(sent.host, 'node-b');
    assert.equal(sent.victim.pid, 4242);
    assert.deepEqual(hooks.stats(), { ...hooks.stats(), webhookDelivered: 1, webhookRetries: 2, webhookFailed: 0 });
    hooks.close();
  } finally {
    await stop(server);
  }
});

test('webhook to a hanging server: emit returns at once, delivery times out and gives up', async () => {
  let hits = 0;
  const { server, url } = await serve(() => {
    hits++; // never answers
  });
  try {
    const errors: string[] = [];
    const hooks = new HookRunner({ webhook: { url, timeout: 0.2 } }, { maxRetries: 1, backoffMs: 50, onError: (m) => errors.push(m) });
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) hooks.emit(event(), 'after');
    const emitMs = performance.now() - t0;
    assert.ok(emitMs < 20, `emit took ${emitMs} ms`);
    await hooks.drain(10_000);
    assert.equal(hits, 6, 'three events, two attempts each');
    assert.equal(hooks.stats().webhookFailed, 3);
    assert.match(errors[0]!, /gave up after 2 attempt\(s\): timed out after 200 ms/);
    hooks.close();
  } finally {
    await stop(server);
  }
});

test('webhook queue is bounded: the oldest is dropped and counted; close drops the rest', async () => {
  const { server, url } = await serve(() => {});
  try {
    const hooks = new HookRunner({ webhook: { url, timeout: 30 } }, { queueMax: 3 });
    for (let i = 0; i < 10; i++) hooks.emit(event({ t: i }), 'after');
    assert.equal(hooks.stats().webhookDropped, 7);
    hooks.close();
    assert.equal(hooks.stats().webhookDropped, 10);
    await hooks.drain(2000);
  } finally {
    await stop(server);
  }
});

test('webhook does not retry a permanent client error, and only gets action and decision events', async () => {
  const types: string[] = [];
  const { server, url } = await serve((_req, res, body) => {
    types.push(JSON.parse(body).type);
    res.writeHead(400).end();
  });
  try {
    const hooks = new HookRunner({ webhook: { url, timeout: 2 } }, { backoffMs: 10 });
    for (const type of ['start', 'decision', 'would-kill', 'config'] as const) hooks.emit(event({ type }), 'after');
    hooks.emit(event(), 'before');
    await hooks.drain(5000);
    assert.deepEqual(types, ['decision', 'would-kill']);
    assert.equal(hooks.stats().webhookFailed, 2);
    assert.equal(hooks.stats().webhookRetries, 0);
    hooks.close();
  } finally {
    await stop(server);
  }
});

test('no hooks configured: emit is a no-op', async () => {
  const hooks = new HookRunner(undefined);
  hooks.emit(event(), 'after');
  await hooks.drain(100);
  assert.equal(hooks.stats().execStarted + hooks.stats().webhookDelivered, 0);
});
