import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('../fixtures/kill/pid-reuse-child.ts', import.meta.url));

function support(): string | false {
  if (process.getuid?.() !== 0) return 'needs root: forcing PID reuse writes ns_last_pid in a new PID namespace';
  const probe = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true'], { timeout: 10_000 });
  if (probe.status !== 0) return `unshare --pid --fork --mount-proc does not work here: ${probe.stderr}`;
  return false;
}

test('a recycled PID is never signalled: pidfd and start-time checks (real reuse in a PID namespace)', { skip: support() }, () => {
  const r = spawnSync(
    'timeout',
    ['-s', 'KILL', '60', 'unshare', '--pid', '--fork', '--kill-child', '--mount-proc', process.execPath, '--import', 'tsx', child],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  console.log('pid reuse:', JSON.stringify(out));
  assert.equal(out.killA, 'killed');
  assert.equal(out.reused, true, 'ns_last_pid handed the old PID to the new process');
  assert.notEqual(out.startTimes[0], out.startTimes[1]);
  assert.equal(out.stalePidfd, 'ESRCH', 'a pidfd opened before the reuse cannot reach the new process');
  assert.equal(out.viaPidfd.outcome, 'identity-changed');
  assert.equal(out.viaPidfd.signals, '');
  assert.equal(out.viaKill.outcome, 'identity-changed');
  assert.equal(out.viaKill.signals, '');
  assert.equal(out.bAliveAfter, true);
  assert.equal(out.killB, 'exited');
});
