import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeFd,
  errnoCode,
  pidfdExited,
  pidfdOpen,
  pidfdSendSignal,
  pidfdSupported,
  pidfdUnavailableReason,
  processMrelease,
} from '../../src/kill/syscalls.js';

const noPidfd = pidfdSupported() ? false : `pidfds unavailable: ${pidfdUnavailableReason()}`;

test('pidfd on ourselves: signal 0 delivered, not exited, mrelease refuses a live task', { skip: noPidfd }, () => {
  const fd = pidfdOpen(process.pid);
  assert.ok(fd.ok, JSON.stringify(fd));
  try {
    assert.deepEqual(pidfdSendSignal(fd.value, 0), { ok: true, value: 0 });
    assert.equal(pidfdExited(fd.value), false);
    const m = processMrelease(fd.value);
    assert.deepEqual(m, { ok: false, errno: 22, code: 'EINVAL' });
  } finally {
    closeFd(fd.value);
  }
});

test('errors come back as values with their errno name', { skip: noPidfd }, () => {
  const r = pidfdOpen(-5);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.code, 'EINVAL');
  assert.equal(errnoCode(3), 'ESRCH');
  assert.equal(errnoCode(100000), 'errno 100000');
});
