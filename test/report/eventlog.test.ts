import { newEvent } from '../../src/report/event.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { appendFileSync, chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, followEvents, readEventLog, readEvents } from '../../src/report/eventlog.js';
import type { OomtopEvent } from '../../src/report/types.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'oomtop-eventlog-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function ev(i: number, over: Partial<OomtopEvent> = {}): OomtopEvent {
  return newEvent({
    time: new Date(Date.UTC(2026, 10, 28, 21, 40, i)).toISOString(),
    t: i * 1000,
    type: 'decision',
    scope: '/mybench',
    mode: 'armed',
    level: 'medium',
    probability: 0.5,
    message: `event ${i}`,
    ...over,
  });
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('append writes one JSON line per event, creates the directory 0750, reads back in order', () => {
  const path = join(tmp(), 'nested', 'log', 'events.jsonl');
  const log = new EventLog(path);
  assert.equal(log.path, path);
  assert.equal(log.note, null);
  assert.equal(statSync(join(path, '..')).mode & 0o777, 0o750);
  for (let i = 0; i < 5; i++) log.append(ev(i));
  log.close();
  const lines = readFileSync(path, 'utf8').split('\n');
  assert.equal(lines.length, 6);
  assert.equal(lines[5], '');
  assert.deepEqual(JSON.parse(lines[2]), ev(2));
  assert.deepEqual(readEvents(path), [0, 1, 2, 3, 4].map((i) => ev(i)));
  assert.deepEqual(readEvents(path, { limit: 2 }), [ev(3), ev(4)]);
  assert.deepEqual(readEvents(path, { since: new Date(ev(3).time) }), [ev(3), ev(4)]);
  assert.deepEqual(readEvents(join(tmp(), 'missing.jsonl')), []);
});

test('recent(n) is an in-memory ring of the last events', () => {
  const log = new EventLog(join(tmp(), 'e.jsonl'), { ringSize: 3 });
  for (let i = 0; i < 5; i++) log.append(ev(i));
  assert.deepEqual(log.recent(10), [ev(2), ev(3), ev(4)]);
  assert.deepEqual(log.recent(1), [ev(4)]);
  assert.deepEqual(log.recent(0), []);
});

test('rotates to .1 past maxBytes, and readEvents reads both files in order', () => {
  const path = join(tmp(), 'e.jsonl');
  const lineBytes = JSON.stringify(ev(1)).length + 1; // ev(0) is 3 bytes shorter ("t":0)
  const log = new EventLog(path, { maxBytes: lineBytes * 3 });
  for (let i = 0; i < 5; i++) log.append(ev(i));
  assert.ok(statSync(path).size <= lineBytes * 3);
  assert.deepEqual(readEvents(`${path}.1`, { rotated: false }), [ev(0), ev(1), ev(2)]);
  assert.deepEqual(readEvents(path, { rotated: false }), [ev(3), ev(4)]);
  assert.deepEqual(readEvents(path), [0, 1, 2, 3, 4].map((i) => ev(i)));
  for (let i = 5; i < 8; i++) log.append(ev(i)); // a second rotation replaces the old .1
  assert.deepEqual(readEvents(path), [3, 4, 5, 6, 7].map((i) => ev(i)));
});

test('a torn last line and garbage lines are skipped and counted', () => {
  const path = join(tmp(), 'e.jsonl');
  const good = JSON.stringify(ev(1));
  writeFileSync(path, `${good}\nnot json at all\n{"foreign":"object"}\n\n${JSON.stringify(ev(2))}\n${good.slice(0, 40)}`);
  const r = readEventLog(path);
  assert.deepEqual(r.events, [ev(1), ev(2)]);
  assert.equal(r.skipped, 2);
  assert.equal(r.tornTail, true);
  // the next writer appends after the torn tail: only that one line is lost
  const log = new EventLog(path);
  log.append(ev(3));
  const r2 = readEventLog(path);
  assert.deepEqual(r2.events, [ev(1), ev(2)]);
  assert.equal(r2.skipped, 3, 'torn fragment + the event glued to it');
  assert.equal(r2.tornTail, false);
});

test('falls back to $XDG_STATE_HOME/oomtop/events.jsonl when the path cannot be written', () => {
  const d = tmp();
  const blocker = join(d, 'not-a-dir');
  writeFileSync(blocker, 'a file where a directory should be');
  const saved = process.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = join(d, 'state');
  try {
    const log = new EventLog(join(blocker, 'events.jsonl'));
    assert.equal(log.path, join(d, 'state', 'oomtop', 'events.jsonl'));
    assert.match(log.note ?? '', /cannot write .*not-a-dir\/events\.jsonl \(ENOTDIR\); events go to .*state\/oomtop\/events\.jsonl/);
    log.append(ev(1));
    assert.deepEqual(readEvents(log.path), [ev(1)]);
  } finally {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
  }
});

test('append never throws: errors go to onError, events stay in memory and are retried', () => {
  const d = tmp();
  const blocker = join(d, 'blocker');
  writeFileSync(blocker, '');
  const saved = process.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = blocker; // the fallback is blocked too
  let nowhere: EventLog;
  try {
    nowhere = new EventLog(join(blocker, 'x', 'e.jsonl'));
  } finally {
    if (saved === undefined) delete process.env.XDG_STATE_HOME;
    else process.env.XDG_STATE_HOME = saved;
  }
  assert.match(nowhere.note ?? '', /kept in memory only/);
  const errors: Error[] = [];
  nowhere.onError = (err) => errors.push(err);
  nowhere.append(ev(1));
  nowhere.append(ev(2));
  assert.equal(errors.length, 2);
  assert.deepEqual(nowhere.recent(), [ev(1), ev(2)]);
  assert.deepEqual(nowhere.pending(), { unwritten: 2, dropped: 0 });

  // the file turns into a directory (operator mistake): appends fail, then the backlog goes out once it is fixed
  const path = join(d, 'e.jsonl');
  const log = new EventLog(path);
  const errs: Error[] = [];
  log.onError = (err) => errs.push(err);
  log.append(ev(1));
  rmSync(path);
  mkdirSync(path);
  log.append(ev(2));
  log.append(ev(3));
  assert.equal(errs.length, 2);
  assert.equal((errs[0] as NodeJS.ErrnoException).code, 'EISDIR');
  assert.deepEqual(log.pending(), { unwritten: 2, dropped: 0 });
  rmSync(path, { recursive: true });
  log.append(ev(4));
  assert.equal(errs.length, 2);
  assert.deepEqual(log.pending(), { unwritten: 0, dropped: 0 });
  assert.deepEqual(readEvents(path), [ev(2), ev(3), ev(4)]);
});

test('followEvents sees appended lines, a rotation and a truncation', async () => {
  const path = join(tmp(), 'e.jsonl');
  writeFileSync(path, JSON.stringify(ev(0)) + '\n'); // already there: not replayed
  const seen: OomtopEvent[] = [];
  const skipped: string[] = [];
  const ac = new AbortController();
  const done = followEvents(path, (e) => seen.push(e), { signal: ac.signal, pollMs: 50, onSkip: (l) => skipped.push(l) });
  const log = new EventLog(path, { maxBytes: (JSON.stringify(ev(0)).length + 1) * 3 });
  log.append(ev(1));
  await until(() => seen.length === 1);
  // a line written in two pieces is delivered once complete
  const line = JSON.stringify(ev(2)) + '\n';
  appendFileSync(path, line.slice(0, 30));
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(seen.length, 1);
  appendFileSync(path, line.slice(30) + 'garbage\n');
  await until(() => seen.length === 2 && skipped.length === 1);
  log.append(ev(3)); // this one rotates: e.jsonl -> e.jsonl.1
  log.append(ev(4));
  await until(() => seen.length === 4);
  writeFileSync(path, ''); // truncated in place
  await new Promise((r) => setTimeout(r, 150));
  appendFileSync(path, JSON.stringify(ev(5)) + '\n');
  await until(() => seen.length === 5);
  ac.abort();
  await done;
  assert.deepEqual(seen, [1, 2, 3, 4, 5].map((i) => ev(i)));
  assert.deepEqual(skipped, ['garbage']);
});

test('as a non-root user, a root-owned log directory falls back to the per-user state dir', { skip: process.getuid?.() === 0 ? false : 'needs root to run a child as nobody' }, () => {
  const d = tmp();
  chmodSync(d, 0o755);
  const rootOnly = join(d, 'var-log-oomtop');
  mkdirSync(rootOnly, { mode: 0o755 });
  const state = join(d, 'nobody-state');
  mkdirSync(state);
  chownSync(state, 65534, 65534);
  const script = `
    import { EventLog } from ${JSON.stringify(new URL('../../src/report/eventlog.ts', import.meta.url).href)};
    const log = new EventLog(${JSON.stringify(join(rootOnly, 'events.jsonl'))});
    log.append({ time: new Date().toISOString(), t: 0, type: 'start', scope: null, mode: 'monitor', level: null, probability: null, reasons: [], victim: null, rankReason: null, signal: null, bytesFreed: null, outcome: null, timings: {}, message: 'hi' });
    console.log(JSON.stringify({ path: log.path, note: log.note }));`;
  const r = spawnSync(
    'timeout',
    ['-s', 'KILL', '30', 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: state, HOME: '/nonexistent' }, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.equal(out.path, join(state, 'oomtop', 'events.jsonl'));
  assert.match(out.note, /\(EACCES\); events go to/);
  assert.equal(readEvents(out.path).length, 1);
});
