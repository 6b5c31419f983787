// The config watch: outside edits are reported once each, however the file is
// replaced (in place, renamed over, a ConfigMap's symlink swap); oomtop's own
// writes are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigWatch } from '../../src/app/config-watch.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls of onChange, and a way to wait for the next one (or time out with what was seen). */
function recorder() {
  let calls = 0;
  return {
    onChange: () => {
      calls++;
    },
    get calls() {
      return calls;
    },
    async waitFor(n: number, ms = 3000) {
      for (let t = 0; t < ms && calls < n; t += 20) await sleep(20);
      return calls;
    },
  };
}

type Ctx = { after: (fn: () => void) => void };

function tempDir(t: Ctx): string {
  const dir = mkdtempSync(join(tmpdir(), 'oomtop-watch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A config file in a temp dir, watched, with its reports recorded (the watch is closed after the test). */
function watchedConfig(t: Ctx) {
  const dir = tempDir(t);
  const path = join(dir, 'oomtop.yaml');
  writeFileSync(path, 'mode: monitor\n');
  const r = recorder();
  const w = new ConfigWatch(path, r.onChange);
  t.after(() => w.close());
  return { dir, path, r, w };
}

test('an edit in place, a rename over the file and a delete-and-recreate are each reported once', async (t) => {
  const { dir, path, r, w } = watchedConfig(t);
  assert.equal(w.how, 'inotify');

  writeFileSync(path, 'mode: dry-run\n');
  assert.equal(await r.waitFor(1), 1);

  // An editor's save: a new file renamed over the old one (several events, one report).
  writeFileSync(join(dir, '.oomtop.yaml.swp'), 'mode: armed\n');
  renameSync(join(dir, '.oomtop.yaml.swp'), path);
  assert.equal(await r.waitFor(2), 2);
  await sleep(300);
  assert.equal(r.calls, 2, 'one save, one report');

  // Gone is not a config to load; back again is a change.
  unlinkSync(path);
  await sleep(300);
  assert.equal(r.calls, 2);
  writeFileSync(path, 'mode: monitor\n');
  assert.equal(await r.waitFor(3), 3);
});

test("oomtop's own write is not reported; other files in the directory are not either", async (t) => {
  const { dir, path, r, w } = watchedConfig(t);
  writeFileSync(path, 'mode: dry-run\n');
  w.ownWrite();
  writeFileSync(join(dir, 'events.jsonl'), '{}\n');
  await sleep(400);
  assert.equal(r.calls, 0);
});

test("a Kubernetes ConfigMap update (the ..data symlink swapped) is reported", async (t) => {
  const dir = tempDir(t);
  for (const [v, mode] of [['v1', 'monitor'], ['v2', 'armed']] as const) {
    mkdirSync(join(dir, v));
    writeFileSync(join(dir, v, 'oomtop.yaml'), `mode: ${mode}\n`);
  }
  symlinkSync('v1', join(dir, '..data'));
  symlinkSync('..data/oomtop.yaml', join(dir, 'oomtop.yaml'));
  const r = recorder();
  const w = new ConfigWatch(join(dir, 'oomtop.yaml'), r.onChange);
  t.after(() => w.close());
  // What the kubelet does: a new link, renamed over the old one.
  symlinkSync('v2', join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  assert.equal(await r.waitFor(1), 1);
});

test('closed, it reports nothing', async (t) => {
  const { path, r, w } = watchedConfig(t);
  w.close();
  writeFileSync(path, 'mode: armed\n');
  await sleep(300);
  assert.equal(r.calls, 0);
});

test('a directory that cannot be watched falls back to polling the path', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'missing-dir', 'oomtop.yaml');
  const r = recorder();
  const w = new ConfigWatch(path, r.onChange);
  t.after(() => w.close());
  assert.equal(w.how, 'poll');
  // The poll's first stat (on the thread pool) must see the path missing, or the file is its baseline.
  await sleep(300);
  mkdirSync(join(dir, 'missing-dir'));
  writeFileSync(path, 'mode: armed\n');
  // The poll looks once a second.
  assert.equal(await r.waitFor(1, 4000), 1);
});
