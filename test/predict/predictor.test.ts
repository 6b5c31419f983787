import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assess, features } from '../../src/predict/predictor.js';
import { LEVELS } from '../../src/policy/types.js';
import { history, MiB } from './points.js';

test('a cgroup full of page cache with little anon is not danger at any level', () => {
  // Reading or writing big files fills the limit with cache: reclaimable, benign.
  const h = history(20, 100, () => ({ usage: 510 * MiB, pinned: 10 * MiB, mappedFile: 60 * MiB, file: 500 * MiB, dirty: 300 * MiB, rates: { refaultFile: 20000, iowait: 60, psiFull: 40 } }));
  for (const level of LEVELS) {
    const a = assess(h, level)!;
    assert.ok(a.probability < 0.05, `${level}: p=${a.probability}`);
    assert.equal(a.danger, false);
  }
});

test('anon growing toward the limit is danger before it is full, earlier at lower levels', () => {
  // 300 MiB needed at t=0, +50 MiB/s: full after ~4.2 s.
  const at = (s: number) => ({ pinned: (280 + 50 * s) * MiB, mappedFile: 20 * MiB });
  const firstDanger = (level: 'low' | 'medium' | 'high') => {
    for (let s = 1; s <= 5; s += 0.1) {
      const a = assess(history(s, 100, at), level)!;
      if (a.danger) return s;
    }
    return Infinity;
  };
  const low = firstDanger('low');
  const medium = firstDanger('medium');
  const high = firstDanger('high');
  assert.ok(low <= medium && medium <= high, `low ${low} medium ${medium} high ${high}`);
  assert.ok(medium < 3, `medium acts with time to spare: ${medium}`);
  assert.ok(high < 4.3, `high still acts before the limit: ${high}`);
  const a = assess(history(1.5, 100, at), 'medium')!;
  assert.ok(a.timeToExhaustion !== null && Math.abs(a.timeToExhaustion - (512 - 375) / 50) < 0.3, `tte ${a.timeToExhaustion}`);
  assert.equal(a.reasons[0]!.signal, 'fill-trend');
});

test('steady anon at 90% without thrash is not danger', () => {
  const h = history(30, 200, () => ({ pinned: 440 * MiB, mappedFile: 20 * MiB, rates: { majfault: 20 } }));
  for (const level of LEVELS) assert.equal(assess(h, level)!.danger, false, level);
});

test('a mapped working set being re-faulted near the limit is danger (sustained thrash)', () => {
  // 90% of the limit needed: low and medium end the thrash; high waits closer to the kernel.
  const h = history(10, 100, () => ({ pinned: 400 * MiB, mappedFile: 60 * MiB, rates: { majfault: 30000 } }));
  assert.ok(assess(h, 'low')!.danger);
  assert.ok(assess(h, 'medium')!.danger);
  assert.equal(assess(h, 'medium')!.reasons[0]!.signal, 'refault');
  assert.equal(assess(h, 'high')!.danger, false);
  const closer = history(10, 100, () => ({ pinned: 430 * MiB, mappedFile: 60 * MiB, rates: { majfault: 30000 } }));
  assert.ok(assess(closer, 'high')!.danger, `high at 96%: p=${assess(closer, 'high')!.probability}`);
});

test('re-faults and PSI with room left (a churner, writeback, a cold start) are not danger', () => {
  const h = history(10, 100, () => ({ pinned: 60 * MiB, mappedFile: 40 * MiB, rates: { majfault: 30000 } }));
  for (const level of LEVELS) assert.equal(assess(h, level)!.danger, false, level);
  // Measured here: a write-heavy run with 320 MiB of mapped working set in 512 MiB, PSI full ~40%.
  const writeback = history(10, 100, () => ({ pinned: 90 * MiB, mappedFile: 320 * MiB, rates: { majfault: 3000, psiFull: 40 } }));
  for (const level of LEVELS) assert.equal(assess(writeback, level)!.danger, false, `writeback at ${level}`);
});

test('mapped file that collapsed under eviction still counts as needed', () => {
  // Eviction drops the mapped count while the pages are still wanted.
  const h = history(10, 100, (s) => ({ pinned: 200 * MiB, mappedFile: (s < 5 ? 250 : 40) * MiB }));
  assert.equal(features(h)!.need, 450 * MiB);
});

test('evidence before `since` is ignored: a kill resets what the next decision rests on', () => {
  // The victim held 80 MiB of mapped file and was being re-faulted; it is gone at 9.5 s.
  const h = history(10, 100, (s) => ({ pinned: 400 * MiB, mappedFile: (s < 9.5 ? 120 : 40) * MiB, rates: { majfault: s < 9.5 ? 30000 : 0 } }));
  assert.equal(assess(h, 'medium')!.danger, true);
  const after = assess(h, 'medium', 9500)!;
  assert.equal(after.danger, false, `p=${after.probability}`);
});

test('an allocation burst shorter than half a second is not a trend', () => {
  const h = history(0.3, 100, (s) => ({ pinned: (300 + 400 * s) * MiB }));
  assert.equal(features(h)!.slope, 0);
});

test('one high sample never makes danger: the evidence must reach back a whole hold time', () => {
  // Sampled once a second (calm cadence): a single sample at 98% must not be danger at any level.
  const spike = history(10, 1000, (s) => ({ pinned: (s < 10 ? 100 : 500) * MiB, mappedFile: 2 * MiB }));
  for (const level of LEVELS) assert.equal(assess(spike, level)!.danger, false, level);
  // The first sample of a history has no hold either.
  assert.equal(assess(history(0, 1000, () => ({ pinned: 505 * MiB })), 'high')!.danger, false);
  // Two samples a second apart, both at 98%: held at medium (0.9 s) and high
  // (0.5 s), not over low's own 1.5 s; low is in danger anyway, because its
  // 10 s horizon contains medium's 5 s one (a level never acts later than a
  // level with a shorter horizon), and it says why.
  const held = history(10, 1000, (s) => ({ pinned: (s < 9 ? 100 : 500) * MiB, mappedFile: 2 * MiB }));
  assert.equal(assess(held, 'medium')!.danger, true);
  assert.equal(assess(held, 'high')!.danger, true);
  const low = assess(held, 'low')!;
  assert.equal(low.danger, true);
  assert.equal(low.reasons[0]!.signal, 'level');
  // After a kill (`since`), fresh evidence must hold again.
  assert.equal(assess(held, 'medium', 10_000)!.danger, false);
});
