import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { listGroupMembers, parseStatIdentity, readStatIdentity } from '../../src/kill/procstat.js';

const procRoot = fileURLToPath(new URL('../fixtures/kill/proc', import.meta.url));

test('fields are counted after the last ")" so a hostile comm cannot shift them', () => {
  assert.deepEqual(readStatIdentity(procRoot, 4101), { startTime: 555007, state: 'R', pgid: 4100 });
  const spoof = '77 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1) S 9 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 4242 0';
  assert.deepEqual(parseStatIdentity(spoof), { startTime: 4242, state: 'S', pgid: 9 });
});

test('torn or foreign text gives null, not a wrong identity', () => {
  assert.equal(parseStatIdentity(''), null);
  assert.equal(parseStatIdentity('12 (sleep) S 1 12'), null);
  assert.equal(parseStatIdentity('no parenthesis at all'), null);
  assert.equal(readStatIdentity(procRoot, 999999), null);
});

test('group members: same pgid, zombies left out, non-numeric entries ignored', () => {
  assert.deepEqual(
    listGroupMembers(procRoot, 4100).sort((a, b) => a.pid - b.pid),
    [
      { pid: 4100, startTime: 555001 },
      { pid: 4101, startTime: 555007 },
    ],
  );
  assert.deepEqual(listGroupMembers(procRoot, 4200), [{ pid: 4200, startTime: 556000 }]);
  assert.deepEqual(listGroupMembers('/nonexistent-proc-root', 4100), []);
});
