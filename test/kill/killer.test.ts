import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Killer } from '../../src/kill/killer.js';
import { pidfdSupported } from '../../src/kill/syscalls.js';
import { alive, cleanupVictims, sleep, spawnVictim } from './victims.js';
import { readStatIdentity } from '../../src/kill/procstat.js';

after(cleanupVictims);

const noPidfd = pidfdSupported() ? false : 'pidfds unavailable on this host (koffi/libc or arch)';

test('SIGTERM ends a plain sleep: exited, one signal, timings measured', { skip: noPidfd }, async () => {
  const v = await spawnVictim('echo $$; exec sleep 60');
  const r = await new Killer().kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 5 });
  console.log('TERM sleep:', JSON.stringify(r));
  assert.equal(r.outcome, 'exited');
  assert.equal(r.signals, 'SIGTERM');
  assert.equal(r.via, 'pidfd');
  assert.deepEqual(r.members, [v.pid]);
  assert.ok(r.exitMs !== null && r.exitMs < 5000, `exitMs ${r.exitMs}`);
  assert.ok(r.signalMs >= 0 && r.signalMs < 1000);
  assert.equal(r.mrelease, undefined, 'no process_mrelease without SIGKILL');
  assert.equal(alive(v.pid, v.startTime), false);
});

test('a process ignoring SIGTERM gets SIGKILL after the grace', async () => {
  const v = await spawnVictim('trap "" TERM; echo $$; exec sleep 60');
  const r = await new Killer().kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 0.4 });
  console.log('TERM-ignoring sleep:', JSON.stringify(r));
  assert.equal(r.outcome, 'killed');
  assert.equal(r.signals, 'SIGTERM->SIGKILL');
  assert.ok(r.exitMs !== null && r.exitMs >= 400, `exitMs ${r.exitMs} should include the 400 ms grace`);
  assert.equal(alive(v.pid, v.startTime), false);
  if (!noPidfd) assert.ok(['ok', 'ESRCH'].includes(r.mrelease ?? ''), `process_mrelease said ${r.mrelease}`);
});

test('grace 0 sends SIGKILL at once and process_mrelease reaps 200 MiB', async () => {
  const v = await spawnVictim(`echo $$; exec python3 -c 'import time; b = b"x" * (200 << 20); time.sleep(60)'`);
  // wait until the memory is really there, so mrelease has something to reap
  for (let i = 0; i < 100; i++) {
    const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${v.pid}/status`, 'utf8'));
    if (rss && Number(rss[1]) > 190 * 1024) break;
    await sleep(50);
  }
  const r = await new Killer().kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 0 });
  console.log('SIGKILL 200 MiB:', JSON.stringify(r));
  assert.equal(r.outcome, 'killed');
  assert.equal(r.signals, 'SIGKILL');
  assert.ok(r.exitMs !== null);
  if (!noPidfd) {
    assert.ok(['ok', 'ESRCH'].includes(r.mrelease ?? ''), `process_mrelease said ${r.mrelease}`);
    assert.equal(r.mreleased, r.mrelease === 'ok');
  }
});

test('group kill signals every member of a detached process group', async () => {
  const v = await spawnVictim('sleep 60 & a=$!; sleep 60 & b=$!; echo $$ $a $b; wait', { detached: true });
  const pgid = readStatIdentity('/proc', v.pid)!.pgid!;
  assert.equal(pgid, v.wrapper.pid, 'the detached wrapper leads the group');
  const members = [v.wrapper.pid!, v.pid];
  const r = await new Killer().kill({ pid: v.pid, startTime: v.startTime, group: true, grace: 2 });
  console.log('group kill:', JSON.stringify(r));
  assert.ok(r.outcome === 'exited' || r.outcome === 'killed', r.outcome);
  for (const pid of members) assert.ok(r.members.includes(pid), `member ${pid} signalled`);
  assert.ok(r.members.length >= 4, `timeout, bash and two sleeps: ${r.members}`);
  assert.equal(r.members[0], v.pid, 'the requested pid comes first');
  await sleep(50);
  for (const pid of r.members) {
    const id = readStatIdentity('/proc', pid); // zombies awaiting their reaper have freed their memory
    assert.equal(!!id && id.pgid === pgid && id.state !== 'Z' && id.state !== 'X', false, `${pid} still running`);
  }
});

test("group kill refuses oomtop's own process group and sends nothing", async () => {
  const v = await spawnVictim('echo $$; exec sleep 60', { sameGroup: true });
  assert.equal(readStatIdentity('/proc', v.pid)?.pgid, readStatIdentity('/proc', process.pid)?.pgid);
  const r = await new Killer().kill({ pid: v.pid, startTime: v.startTime, group: true, grace: 0 });
  assert.equal(r.outcome, 'error');
  assert.match(r.error ?? '', /own/);
  assert.equal(r.signals, '');
  assert.equal(alive(v.pid, v.startTime), true);
});

test('a wrong start time sends nothing and the process survives', async () => {
  const v = await spawnVictim('echo $$; exec sleep 60');
  const r = await new Killer().kill({ pid: v.pid, startTime: v.startTime - 1, group: false, grace: 0 });
  assert.equal(r.outcome, 'identity-changed');
  assert.equal(r.signals, '');
  assert.deepEqual(r.members, []);
  await sleep(100);
  assert.equal(alive(v.pid, v.startTime), true);
});

test('a process that already exited is reported without a signal', async () => {
  const v = await spawnVictim('echo $$; sleep 0.2; exit 0');
  await v.exited;
  const r = await new Killer().kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 0 });
  // the PID may have been recycled by the host in between: then the identity check catches it
  assert.ok(['gone-before-signal', 'identity-changed'].includes(r.outcome), r.outcome);
  assert.equal(r.signals, '');
});

test('refuses PID 1, PID 0, negative PIDs and itself', async () => {
  const k = new Killer();
  for (const pid of [1, 0, -1, process.pid]) {
    const r = await k.kill({ pid, startTime: 0, group: false, grace: 0 });
    assert.equal(r.outcome, 'error', `pid ${pid}`);
    assert.equal(r.signals, '');
  }
});

test('manual kills send exactly the chosen signal, without escalation', async () => {
  const v = await spawnVictim('trap "" TERM; trap "" HUP; echo $$; exec sleep 60');
  const k = new Killer();
  const hup = await k.kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 0.3, signal: 'SIGHUP' });
  assert.equal(hup.outcome, 'still-alive');
  assert.equal(hup.signals, 'SIGHUP');
  assert.equal(alive(v.pid, v.startTime), true);
  const int = await k.kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 2, signal: 'SIGINT' });
  assert.equal(int.outcome, 'exited');
  assert.equal(int.signals, 'SIGINT');
});

test('kill(2) fallback without pidfds: same identity check, TERM->KILL escalation', async () => {
  const k = new Killer({ pidfd: false });
  const v = await spawnVictim('trap "" TERM; echo $$; exec sleep 60');
  const wrong = await k.kill({ pid: v.pid, startTime: v.startTime + 1, group: false, grace: 0 });
  assert.equal(wrong.outcome, 'identity-changed');
  assert.equal(alive(v.pid, v.startTime), true);
  const r = await k.kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 0.2 });
  assert.equal(r.via, 'kill(2)');
  assert.equal(r.outcome, 'killed');
  assert.equal(r.signals, 'SIGTERM->SIGKILL');
  assert.equal(r.mrelease, undefined);
});

test('a process that outlives SIGKILL is reported still-alive', async () => {
  // SIGSTOP cannot make a process survive SIGKILL, so fake the reading instead:
  // the identity reader keeps answering "alive" after the real process died.
  const v = await spawnVictim('echo $$; exec sleep 60');
  const k = new Killer({
    pidfd: false,
    killWaitMs: 200,
    readIdentity: () => ({ startTime: v.startTime, state: 'D', pgid: v.pid }),
  });
  const r = await k.kill({ pid: v.pid, startTime: v.startTime, group: false, grace: 0 });
  assert.equal(r.outcome, 'still-alive');
  assert.equal(r.signals, 'SIGKILL');
  assert.equal(r.exitMs, null);
});
