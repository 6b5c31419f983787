import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContainerIdentity } from '../../src/host/container.js';
import { parsePasswd, UserNames } from '../../src/host/users.js';
import { fileURLToPath } from 'node:url';

const ID = 'a1'.repeat(32);
const UID = '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const UID_ = UID.replace(/-/g, '_');

test('cgroupfs driver: burstable, besteffort, guaranteed (directly under /kubepods), pod-level group', () => {
  assert.deepEqual(parseContainerIdentity(`/kubepods/burstable/pod${UID}/${ID}`), {
    containerId: ID,
    runtime: null,
    podUid: UID,
    qos: 'burstable',
  });
  assert.equal(parseContainerIdentity(`/kubepods/besteffort/pod${UID}/${ID}`).qos, 'besteffort');
  assert.deepEqual(parseContainerIdentity(`/kubepods/pod${UID}/${ID}`), {
    containerId: ID,
    runtime: null,
    podUid: UID,
    qos: 'guaranteed',
  });
  assert.deepEqual(parseContainerIdentity(`/kubepods/burstable/pod${UID}`), {
    containerId: null,
    runtime: null,
    podUid: UID,
    qos: 'burstable',
  });
});

test('systemd driver: containerd, crio, docker scopes; guaranteed pods; dashes restored', () => {
  const base = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice`;
  assert.deepEqual(parseContainerIdentity(`${base}/cri-containerd-${ID}.scope`), {
    containerId: ID,
    runtime: 'containerd',
    podUid: UID,
    qos: 'burstable',
  });
  assert.equal(parseContainerIdentity(`${base}/crio-${ID}.scope`).runtime, 'crio');
  assert.equal(parseContainerIdentity(`${base}/docker-${ID}.scope`).runtime, 'docker');
  assert.deepEqual(parseContainerIdentity(`/kubepods.slice/kubepods-pod${UID_}.slice/crio-${ID}.scope`), {
    containerId: ID,
    runtime: 'crio',
    podUid: UID,
    qos: 'guaranteed',
  });
  assert.equal(parseContainerIdentity(`${base}`).podUid, UID);
  assert.equal(parseContainerIdentity(`${base}`).containerId, null);
});

test('plain docker and non-container paths', () => {
  assert.deepEqual(parseContainerIdentity(`/docker/${ID}`), { containerId: ID, runtime: 'docker', podUid: null, qos: null });
  assert.equal(parseContainerIdentity(`/system.slice/docker-${ID}.scope`).containerId, ID);
  const none = { containerId: null, runtime: null, podUid: null, qos: null };
  assert.deepEqual(parseContainerIdentity('/'), none);
  assert.deepEqual(parseContainerIdentity(''), none);
  assert.deepEqual(parseContainerIdentity('/user.slice/user-1000.slice/session-2.scope'), none);
  assert.deepEqual(parseContainerIdentity('/docker/not-an-id'), none);
  assert.deepEqual(parseContainerIdentity('/kubepods/burstable/podnot-a-uid/x'), none);
});

test('passwd: first entry per uid wins, comments skipped; UserNames falls back to the number', () => {
  const m = parsePasswd('root:x:0:0::/root:/bin/sh\n# x:y:5\nalice:x:1000:1000::/h:/bin/sh\nalias:x:1000:1000::/h:/bin/sh\nbroken\n');
  assert.equal(m.get(0), 'root');
  assert.equal(m.get(1000), 'alice');
  assert.equal(m.size, 2);
  const u = new UserNames(fileURLToPath(new URL('../fixtures/host/hostile/etc', import.meta.url)));
  assert.equal(u.name(1000), 'alice');
  assert.equal(u.name(4242), '4242');
  assert.equal(new UserNames('/nonexistent').name(0), '0');
});
